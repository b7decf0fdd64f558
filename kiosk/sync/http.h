#pragma once
// One HTTP(S) or file:// request over libcurl, with hard limits: connect and total
// time-outs, a low-speed limit against drips, a maximum body size, a maximum number of
// redirects and an expected content type. Never trust the network: every limit is on by
// default. Transport failures come back as an Error with a stable, plain message (no
// timings in it) so the worker can tell one distinct failure from the next.

#include "content/feed/result.h"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::sync {

struct FetchLimits {
    long connect_timeout_ms = 10'000;
    long total_timeout_ms = 120'000;
    long low_speed_bytes = 256;    // below this many bytes per second...
    long low_speed_seconds = 30;   // ...for this long, give up (a 1-byte-per-second drip)
    std::size_t max_bytes = 4 * 1024 * 1024;
    long max_redirects = 3;
};

enum class HttpPolicy { LoopbackOnly, Allowed }; // plain http:// beyond 127.0.0.1/::1/localhost

struct FetchRequest {
    std::string url;
    std::string method = "GET";                 // GET or POST
    std::vector<std::string> headers;           // "Name: value"
    std::string body;                           // for POST
    std::vector<std::string> accept_types;      // empty: any; "application/json" matches "application/json; charset=utf-8"
    FetchLimits limits;
    HttpPolicy http = HttpPolicy::LoopbackOnly;
};

struct FetchResponse {
    long status = 0;                            // 0 for file://
    std::string body;
    std::map<std::string, std::string> headers; // lower-case names, last value wins
    std::string content_type;
    long long wire_bytes = 0;                   // received header + body bytes
    long long request_bytes = 0;                // sent request bytes (request line and headers, and a POST body)
    std::string header(const std::string& lower_name) const;
};

// kiosk-content's own refusal: a body of type application/json that is an object with a
// string "code" and a string "error" (content/server/API.md), or nothing. A proxy, a captive
// portal or a web host in between answers with a page of its own; only this answer may make
// the kiosk forget something it cannot get back (its device token, a queued report).
std::optional<std::string> server_error_code(const FetchResponse&);

enum class Scheme { Https, Http, File, Other };
Scheme scheme_of(std::string_view url);
bool is_loopback_url(std::string_view url);                          // http(s)://127.x, [::1], localhost
Result<Ok> check_url(std::string_view url, HttpPolicy);              // refuses schemes and plain http beyond loopback

// Performs the request. Any HTTP status is a FetchResponse (the caller decides what 304,
// 429 or 503 mean); an Error is a transport failure, a limit hit or a wrong content type on a 2xx.
// A one-off: a new connection (and over https a full TLS handshake) every time.
Result<FetchResponse> fetch(const FetchRequest&);

// Requests made one after another on one thread (the sync thread), sharing what makes the
// next one cheap: the open connection, kept alive when the server allows it, and the TLS
// session, resumed when the server closed the connection in between (a ticket instead of
// a full handshake and certificate chain). An unchanged poll over a kept-alive https
// connection is one small request and a 304; a new one with a full handshake is several
// KB (docs/performance.md, "Sync"). Every request starts from the same options (nothing
// set for one request leaks into the next), and a request that failed takes its
// connections with it: the next one never inherits a half-read answer.
class HttpSession {
public:
    // ca_file: PEM certificate authorities to trust for https instead of the system's
    // (a building's own CA, the tests' and the benchmark's); empty: the system's.
    explicit HttpSession(std::string ca_file = {});
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    Result<FetchResponse> fetch(const FetchRequest&);

private:
    struct Handles;
    std::unique_ptr<Handles> m_handles;
};

void global_init(); // curl_global_init, once, before any thread fetches (idempotent)

} // namespace coi::sync
