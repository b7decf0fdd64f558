#pragma once
// A real cpp-httplib server on 127.0.0.1 (any free port) that serves a signed feed the way
// kiosk-content does, and misbehaves on purpose when asked: 5xx, 429, redirect loops,
// drips, truncation, wrong types, oversize bodies, bad signatures, rollbacks, revocation.
// Plain http, or https with a TlsIdentity. It notes which TCP connection each request came
// on, and over https whether that connection resumed a TLS session.

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "content/sample/sample.h"
#include "tls_identity.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace coi::sync::test {

enum class Fault {
    None, ServerError, TooMany, RedirectLoop, WrongType, Oversize, BadSignature,
    Truncated, Drip, Slow, Revoked, MediaMissing, MediaCorrupt,
    UnknownToken,      // kiosk-content's own 401 {"code":"unauthorised"}: its data was reset
    ProxyUnauthorised, // a proxy's 401 text/html page in front of the server
    PortalForbidden,   // a captive portal's 403 text/html page
    ProxyJsonForbidden, // a 403 with a JSON body that is not kiosk-content's error (no "code")
    CodeTaken,          // kiosk-content's own 409 {"code":"conflict"} to a pairing poll: the code is another screen's
    ProxyConflict       // a proxy's 409 text/html page to a pairing poll
};

// The sample building with the given version, serialised: real content, real media.
inline std::string sample_feed(std::int64_t version, const std::string& notice_title = {})
{
    auto feed = feed::parse_feed(sample::feed_json()).release();
    feed.version = version;
    if (!notice_title.empty()) {
        feed::Notice notice;
        notice.id = "test-notice";
        notice.title = feed::Text::plain(notice_title);
        notice.body = feed::Text::plain("From the test server.");
        feed.notices.push_back(notice);
    }
    return feed::serialise_feed(feed);
}

class FaultServer {
public:
    // keep_alive_requests: requests one connection may carry before the server closes it
    // (kiosk-content allows 1000; 1 closes every connection after its answer).
    explicit FaultServer(const TlsIdentity* tls = nullptr, std::size_t keep_alive_requests = 100)
        : m_scheme(tls ? "https" : "http")
    {
        if (tls)
            m_server = std::make_unique<httplib::SSLServer>(tls->certificate(), tls->key());
        else
            m_server = std::make_unique<httplib::Server>();
        keys = feed::generate_key_pair();
        set_feed(sample_feed(2));
        m_server->set_read_timeout(std::chrono::seconds(2));
        m_server->set_write_timeout(std::chrono::seconds(2));
        m_server->set_keep_alive_max_count(keep_alive_requests);
        // Before any handler, so a request is on record before its answer leaves.
        m_server->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
            std::lock_guard lock(m_mutex);
            bool resumed = req.ssl && SSL_session_reused(req.ssl) == 1;
            m_requests.push_back({req.remote_port, resumed, req.path});
            return httplib::Server::HandlerResponse::Unhandled;
        });
        m_server->Get("/api/v1/feed", [this](const httplib::Request& req, httplib::Response& res) { serve_feed(req, res, true); });
        m_server->Get("/static/feed.json", [this](const httplib::Request& req, httplib::Response& res) { serve_feed(req, res, false); });
        m_server->Get("/static/feed.json.sig", [this](const httplib::Request&, httplib::Response& res) {
            std::lock_guard lock(m_mutex);
            res.set_content(m_signature + "\n", "text/plain");
        });
        auto media = [this](const httplib::Request& req, httplib::Response& res) {
            ++media_requests;
            auto* m = sample::find_media(std::string(req.matches[1]));
            bool missing_one = false;
            {
                std::lock_guard lock(m_mutex);
                missing_one = req.matches[1] == missing_media;
            }
            if (!m || fault == Fault::MediaMissing || missing_one) {
                res.status = 404;
                return;
            }
            std::string bytes(m->bytes);
            if (fault == Fault::MediaCorrupt)
                bytes[bytes.size() / 2] ^= 1;
            res.set_content(bytes, std::string(m->type).c_str());
        };
        m_server->Get("/api/v1/media/([0-9a-f]{64})", media);
        m_server->Get("/static/media/([0-9a-f]{64})", media);
        m_server->Get("/loop", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop"); });
        m_server->Post("/api/v1/pair", [this](const httplib::Request& req, httplib::Response& res) {
            ++pair_requests;
            last_pair_body = req.body;
            if (fault == Fault::CodeTaken) {
                res.status = 409;
                res.set_content(R"({"error":"code is already waiting on another screen","code":"conflict"})", "application/json");
                return;
            }
            if (fault == Fault::ProxyConflict) {
                res.status = 409;
                res.set_content("<html><body>409 Conflict: request blocked by the proxy</body></html>", "text/html");
                return;
            }
            if (!adopt) {
                res.status = 202;
                res.set_content(R"({"state":"waiting","poll_seconds":5})", "application/json");
                return;
            }
            res.set_content(nlohmann::json{{"state", "adopted"}, {"token", token}, {"public_key", keys.public_key}}.dump(), "application/json");
        });
        // What the kiosk reports back, kept for the test to read: the JSON body, or the parts of
        // a multipart heartbeat.
        auto record = [this](const std::string& path) {
            return [this, path](const httplib::Request& req, httplib::Response& res) {
                Posted posted{path, req.get_header_value("Authorization"), req.body, {}};
                for (auto& [name, part] : req.files)
                    posted.parts[name] = part.content;
                {
                    std::lock_guard lock(m_mutex);
                    m_posted.push_back(std::move(posted));
                }
                res.set_content(R"({"ok":true})", "application/json");
            };
        };
        // GET /api/v1/key as kiosk-content answers it: the current key, and after a rotation
        // the endorsement (see rotate_key).
        m_server->Get("/api/v1/key", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(m_mutex);
            ++key_requests;
            last_key_authorization = req.get_header_value("Authorization");
            nlohmann::json body{{"public_key", keys.public_key}};
            if (!endorsement.is_null())
                body["endorsement"] = endorsement;
            res.set_content(body.dump(), "application/json");
        });
        m_server->Post("/api/v1/status", record("/api/v1/status"));
        m_server->Post("/api/v1/footfall", record("/api/v1/footfall"));
        port = m_server->bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
        while (!m_server->is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~FaultServer()
    {
        stopping = true;
        m_server->stop();
        m_thread.join();
    }

    void set_feed(std::string bytes)
    {
        std::lock_guard lock(m_mutex);
        m_bytes = std::move(bytes);
        m_signature = feed::sign_bytes(m_bytes, keys.secret_key).release();
        m_etag = "\"" + feed::sha256_hex(m_bytes) + "\"";
    }
    // What `kiosk-content rotate-key` does: a new key signs from now on, and the old one (or
    // `endorser`, to forge one) signs "coi-key-rotation:v1:<new key>".
    void rotate_key(const std::string& endorser_secret = {})
    {
        auto fresh = feed::generate_key_pair();
        std::string bytes;
        {
            std::lock_guard lock(m_mutex);
            auto signer = endorser_secret.empty() ? keys.secret_key : endorser_secret;
            endorsement = {{"public_key", fresh.public_key}, {"previous_public_key", keys.public_key},
                           {"signature", feed::sign_bytes("coi-key-rotation:v1:" + fresh.public_key, signer).release()}};
            keys = fresh;
            bytes = m_bytes;
        }
        set_feed(bytes);
    }
    std::string url(const std::string& path = {}) const { return m_scheme + "://127.0.0.1:" + std::to_string(port) + path; }

    // Each request as it arrived: the client's port names its TCP connection.
    struct Arrival {
        int remote_port = 0;
        bool tls_resumed = false; // the connection's handshake resumed an earlier TLS session
        std::string path;
    };
    std::vector<Arrival> arrivals()
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    int connections() // TCP connections requests came on so far
    {
        std::set<int> ports;
        for (auto& a : arrivals())
            ports.insert(a.remote_port);
        return static_cast<int>(ports.size());
    }

    struct Posted {
        std::string path;
        std::string authorization;
        std::string body;                          // a JSON body
        std::map<std::string, std::string> parts;  // or a multipart body's parts by name
    };
    std::vector<Posted> posted(const std::string& path)
    {
        std::lock_guard lock(m_mutex);
        std::vector<Posted> out;
        for (auto& p : m_posted)
            if (p.path == path)
                out.push_back(p);
        return out;
    }

    feed::KeyPair keys;
    int port = 0;
    std::atomic<Fault> fault{Fault::None};
    std::atomic<bool> stopping{false};
    std::atomic<int> feed_requests{0}, media_requests{0}, pair_requests{0};
    std::atomic<bool> adopt{false};
    std::string token = std::string(64, 'a');
    std::string last_pair_body;
    std::string last_if_none_match;
    std::string last_accept_encoding;
    std::string last_feed_level;           // the X-Feed-Level the last feed request said
    std::string missing_media;             // this one image answers 404 (set it before the poll)
    nlohmann::json endorsement;            // null until rotate_key
    std::atomic<int> key_requests{0};
    std::string last_key_authorization;

private:
    // Sleeps in small steps so a stopping server never waits on a handler.
    void nap(std::chrono::milliseconds total)
    {
        for (auto slept = std::chrono::milliseconds(0); slept < total && !stopping; slept += std::chrono::milliseconds(20))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    void serve_feed(const httplib::Request& req, httplib::Response& res, bool api)
    {
        ++feed_requests;
        std::string bytes, signature, etag;
        {
            std::lock_guard lock(m_mutex);
            bytes = m_bytes;
            signature = m_signature;
            etag = m_etag;
            last_if_none_match = req.get_header_value("If-None-Match");
            last_accept_encoding = req.get_header_value("Accept-Encoding");
            last_feed_level = req.get_header_value("X-Feed-Level");
        }
        switch (fault.load()) {
        case Fault::ServerError: res.status = 500; res.set_content(R"({"error":"boom"})", "application/json"); return;
        case Fault::TooMany:
            res.status = 429;
            res.set_header("Retry-After", "7");
            res.set_content(R"({"error":"slow down"})", "application/json");
            return;
        case Fault::RedirectLoop: res.set_redirect("/loop"); return;
        case Fault::WrongType: res.set_content("<html>captive portal</html>", "text/html"); return;
        case Fault::Oversize: res.set_content(std::string(5 * 1024 * 1024, ' '), "application/json"); return;
        case Fault::BadSignature: signature = feed::sign_bytes(bytes, feed::generate_key_pair().secret_key).release(); break;
        case Fault::Truncated:
            res.set_content_provider(bytes.size(), "application/json", [bytes](std::size_t, std::size_t, httplib::DataSink& sink) {
                sink.write(bytes.data(), bytes.size() / 2);
                return false; // and hang up
            });
            return;
        case Fault::Drip:
            res.set_chunked_content_provider("application/json", [this](std::size_t, httplib::DataSink& sink) {
                nap(std::chrono::milliseconds(1000));
                return !stopping && sink.write(" ", 1);
            });
            return;
        case Fault::Slow: nap(std::chrono::milliseconds(4000)); break;
        case Fault::UnknownToken:
            res.status = 401;
            res.set_content(R"({"error":"unknown device token","code":"unauthorised"})", "application/json");
            return;
        case Fault::ProxyUnauthorised:
            res.status = 401;
            res.set_header("WWW-Authenticate", "Basic realm=\"proxy\"");
            res.set_content("<html><body>Proxy authentication required</body></html>", "text/html");
            return;
        case Fault::PortalForbidden:
            res.status = 403;
            res.set_content("<html><body>Please accept the terms to use the guest Wi-Fi. code: revoked</body></html>", "text/html");
            return;
        case Fault::ProxyJsonForbidden:
            res.status = 403;
            res.set_content(R"({"message":"blocked by policy"})", "application/json");
            return;
        case Fault::Revoked:
            if (api) {
                res.status = 403;
                res.set_content(R"({"error":"this screen was removed","code":"revoked"})", "application/json");
                return;
            }
            break;
        default: break;
        }
        res.set_header("ETag", etag);
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            return;
        }
        if (api)
            res.set_header("X-Feed-Signature", signature);
        else if (fault == Fault::BadSignature) {
            std::lock_guard lock(m_mutex);
            m_signature = signature; // the .sig beside it is wrong too
        }
        res.set_content(bytes, "application/json");
    }

    std::string m_scheme;
    std::unique_ptr<httplib::Server> m_server;
    std::vector<Arrival> m_requests;
    std::thread m_thread;
    std::mutex m_mutex;
    std::string m_bytes, m_signature, m_etag;
    std::vector<Posted> m_posted;
};

} // namespace coi::sync::test
