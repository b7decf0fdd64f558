// Sync benchmark, run by scripts/bench/sync (not a test). Three commands, each its own
// process so that the peak memory of the one applying a feed is its own:
//
//   sync_bench serve [EVENTS] [MEDIA] [MEDIA_KB]
//       makes a feed of EVENTS events with MEDIA images of MEDIA_KB each on top of the sample
//       building, signs it with a key made for the run, and serves it as a static export
//       (feed.json, feed.json.sig, media/<sha256>, ETag and 304) on 127.0.0.1; prints
//       "URL KEY FEED_BYTES" and serves until stdin closes.
//   sync_bench apply URL KEY
//       one poll of the real kiosk sync (kiosk/sync FeedClient over kiosk/store) into a fresh
//       database: download, verify, validate, fetch every image by sha256, install in one
//       transaction; prints one line of key=value numbers, peak RSS (VmHWM) included.
//   sync_bench poll SERVER TOKEN KEY
//       a kiosk paired with a real kiosk-content (token and pinned key given): one poll to
//       take the feed, then an unchanged poll; prints the bytes the 304 poll put on the wire.
//   sync_bench wire HOST:PORT TOKEN KEY CA_FILE IDLE_SECONDS RUNS
//       the same kiosk over https to a TLS endpoint at HOST:PORT (nginx in front of
//       kiosk-content, trusting CA_FILE), through a TCP relay in this process that counts
//       every byte each way, TLS records and handshakes included. Per run, three unchanged
//       polls: from a new sync session (new connection, full handshake), again at once (the
//       kept-alive connection), and again after IDLE_SECONDS (longer than the server's
//       keep-alive, so it closed the connection: a new one, resuming the TLS session). Prints
//       one line of numbers per run.
#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "content/sample/sample.h"
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"
#include "kiosk/store/settings_store.h"
#include "kiosk/sync/feed_client.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <vector>

using namespace coi;

namespace {

// [SECTION] The feed

// The sample building with many more sessions, the first `media` of them each with its own
// picture. Image bytes are random (as incompressible as a JPEG); nothing decodes them while
// a feed is applied, only their sha256 is checked.
struct BigFeed {
    std::string bytes;
    std::map<std::string, std::string> media; // sha256 -> bytes
};

BigFeed make_feed(int events, int media_count, int media_kb)
{
    auto feed = feed::parse_feed(sample::feed_json()).release();
    feed.version = 1000;
    std::mt19937 random(42);
    std::uniform_int_distribution<int> byte(0, 255);
    BigFeed out;
    feed.media.clear();
    for (int i = 0; i < media_count; ++i) {
        std::string bytes = "\xff\xd8\xff\xe0";
        bytes.resize(static_cast<std::size_t>(media_kb) * 1024);
        for (std::size_t b = 4; b < bytes.size(); ++b)
            bytes[b] = static_cast<char>(byte(random));
        auto sha = feed::sha256_hex(bytes);
        feed.media.push_back({sha, "image/jpeg", static_cast<std::int64_t>(bytes.size())});
        out.media[sha] = std::move(bytes);
    }
    for (auto& notice : feed.notices)
        notice.image.clear();
    auto templates = feed.events;
    feed.events.clear();
    feed::Instant monday = 1767600000; // 2026-01-05, 08:00 UTC
    for (int i = 0; i < events; ++i) {
        auto event = templates[static_cast<std::size_t>(i) % templates.size()];
        event.id = "session-" + std::to_string(i);
        event.title = feed::Text::plain("Session " + std::to_string(i) + ": " + std::string(64, 'x').substr(0, 20 + i % 40));
        event.description = feed::Text::plain("Everyone welcome. Ask at reception for the room; tea and biscuits after.");
        event.start = monday + (i % 200) * 86400 + (i % 10) * 3600;
        event.end = event.start + 5400;
        event.rrule = i % 4 == 0 ? "FREQ=WEEKLY" : "";
        event.exdates.clear();
        event.cancelled_dates.clear();
        event.image = i < media_count ? feed.media[static_cast<std::size_t>(i)].sha256 : std::string();
        feed.events.push_back(std::move(event));
    }
    out.bytes = feed::serialise_feed(feed);
    return out;
}

int serve(int events, int media_count, int media_kb)
{
    auto big = make_feed(events, media_count, media_kb);
    if (auto parsed = feed::parse_feed(big.bytes); !parsed) {
        std::fprintf(stderr, "the generated feed does not validate: %s\n", parsed.error().message.c_str());
        return 1;
    }
    auto keys = feed::generate_key_pair();
    std::string signature = feed::sign_bytes(big.bytes, keys.secret_key).release();
    std::string etag = "\"" + feed::sha256_hex(big.bytes) + "\"";
    httplib::Server server;
    server.Get("/feed.json", [&](const httplib::Request& req, httplib::Response& res) {
        res.set_header("ETag", etag);
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            return;
        }
        res.set_content(big.bytes, "application/json");
    });
    server.Get("/feed.json.sig", [&](const httplib::Request&, httplib::Response& res) { res.set_content(signature + "\n", "text/plain"); });
    server.Get("/media/([0-9a-f]{64})", [&](const httplib::Request& req, httplib::Response& res) {
        auto it = big.media.find(req.matches[1]);
        if (it == big.media.end()) {
            res.status = 404;
            return;
        }
        res.set_content(it->second, "image/jpeg");
    });
    int port = server.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { server.listen_after_bind(); });
    std::printf("http://127.0.0.1:%d/feed.json %s %zu\n", port, keys.public_key.c_str(), big.bytes.size());
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    server.stop();
    thread.join();
    return 0;
}

// [SECTION] The kiosk side

long peak_rss_kb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

std::filesystem::path fresh_dir(const char* name)
{
    auto dir = std::filesystem::temp_directory_path() / (std::string("coi-sync-bench-") + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

feed::Instant wall_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int apply(const std::string& url, const std::string& key)
{
    auto dir = fresh_dir("apply");
    int code = 0;
    {
        auto db = store::Database::open(dir / "kiosk.db");
        if (!db) {
            std::fprintf(stderr, "%s\n", db.error().message.c_str());
            return 1;
        }
        sync::SyncSettings settings;
        settings.feed_url = url;
        settings.feed_key = key;
        settings.limits.max_bytes = feed::kMaxFeedBytes;
        sync::FeedClient client(*db, settings);
        auto started = std::chrono::steady_clock::now();
        auto report = client.poll(wall_now());
        double total_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        if (report.outcome != sync::PollOutcome::Applied) {
            std::fprintf(stderr, "the feed was not applied: %s\n", report.error.c_str());
            code = 1;
        } else {
            auto again = client.poll(wall_now());
            std::printf("poll_ms=%.1f in_hand_to_committed_ms=%.1f apply_ms=%.1f media_ms=%.1f media=%lld feed_bytes=%lld "
                        "unchanged_outcome=%s unchanged_sent=%lld unchanged_received=%lld peak_rss_kb=%ld db_bytes=%lld\n",
                total_ms, report.apply_ms + report.media_ms, report.apply_ms, report.media_ms, report.media_fetched, report.wire_bytes,
                again.outcome == sync::PollOutcome::Unchanged ? "unchanged" : "changed", again.request_bytes, again.wire_bytes,
                peak_rss_kb(), static_cast<long long>(std::filesystem::file_size(dir / "kiosk.db")));
        }
    }
    std::filesystem::remove_all(dir);
    return code;
}

int poll(const std::string& server, const std::string& token, const std::string& key)
{
    auto dir = fresh_dir("poll");
    int code = 0;
    {
        auto db = store::Database::open(dir / "kiosk.db");
        if (!db) {
            std::fprintf(stderr, "%s\n", db.error().message.c_str());
            return 1;
        }
        // As pairing leaves it: the token, the pinned key, the server they belong to.
        store::SettingsStore content(*db);
        (void)content.set(store::Setting::SyncToken, token);
        (void)content.set(store::Setting::PinnedKey, key);
        (void)content.set(store::Setting::PairedServer, server);
        sync::SyncSettings settings;
        settings.server = server;
        sync::FeedClient client(*db, settings);
        auto first = client.poll(wall_now());
        auto again = client.poll(wall_now());
        if (first.outcome != sync::PollOutcome::Applied || again.outcome != sync::PollOutcome::Unchanged) {
            std::fprintf(stderr, "expected a full poll then an unchanged one: %s %s\n", first.error.c_str(), again.error.c_str());
            code = 1;
        } else {
            std::printf("full_sent=%lld full_received=%lld unchanged_sent=%lld unchanged_received=%lld\n", first.request_bytes,
                first.wire_bytes, again.request_bytes, again.wire_bytes);
        }
    }
    std::filesystem::remove_all(dir);
    return code;
}

// [SECTION] Bytes on the wire over https

// A TCP relay on 127.0.0.1 to a target port that counts the bytes it carries each way. When
// either side closes, it closes the other, so the kiosk sees the server hang up.
class CountingRelay {
public:
    explicit CountingRelay(int target_port)
        : m_target_port(target_port)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(m_listener, 16) != 0)
            throw std::runtime_error("relay: cannot listen");
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        port = ntohs(address.sin_port);
        m_acceptor = std::thread([this] { accept_loop(); });
    }
    ~CountingRelay()
    {
        m_stopping = true;
        ::shutdown(m_listener, SHUT_RDWR);
        ::close(m_listener);
        m_acceptor.join();
        std::lock_guard lock(m_mutex);
        for (auto& pipe : m_pipes)
            pipe.join();
    }

    struct Counts {
        long long up = 0;   // kiosk to server
        long long down = 0; // server to kiosk
        int connections = 0;
    };
    Counts counts() const { return {m_up.load(), m_down.load(), m_connections.load()}; }
    int port = 0;

private:
    void accept_loop()
    {
        for (;;) {
            int client = ::accept(m_listener, nullptr, nullptr);
            if (client < 0) {
                if (m_stopping)
                    return;
                continue;
            }
            int server = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in target{};
            target.sin_family = AF_INET;
            target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            target.sin_port = htons(static_cast<std::uint16_t>(m_target_port));
            if (::connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
                ::close(server);
                ::close(client);
                continue;
            }
            ++m_connections;
            std::lock_guard lock(m_mutex);
            m_pipes.emplace_back([this, client, server] { carry(client, server); });
        }
    }
    void carry(int client, int server)
    {
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        char buffer[16384];
        while (!m_stopping) {
            if (::poll(fds, 2, 100) < 0)
                break;
            bool closed = false;
            for (int i = 0; i < 2 && !closed; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
                if (n <= 0) {
                    closed = true;
                    break;
                }
                (i == 0 ? m_up : m_down) += n;
                for (ssize_t written = 0; written < n;) {
                    ssize_t w = ::write(fds[1 - i].fd, buffer + written, static_cast<std::size_t>(n - written));
                    if (w <= 0) {
                        closed = true;
                        break;
                    }
                    written += w;
                }
            }
            if (closed)
                break;
        }
        ::close(client);
        ::close(server);
    }

    int m_target_port;
    int m_listener = -1;
    std::atomic<bool> m_stopping{false};
    std::atomic<long long> m_up{0}, m_down{0};
    std::atomic<int> m_connections{0};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<std::thread> m_pipes;
};

int wire(const std::string& target, const std::string& token, const std::string& key, const std::string& ca_file, int idle_seconds, int runs)
{
    auto colon = target.rfind(':');
    CountingRelay relay(std::atoi(target.substr(colon + 1).c_str()));
    std::string server = "https://127.0.0.1:" + std::to_string(relay.port);
    auto dir = fresh_dir("wire");
    int code = 0;
    {
        auto db = store::Database::open(dir / "kiosk.db");
        if (!db) {
            std::fprintf(stderr, "%s\n", db.error().message.c_str());
            return 1;
        }
        store::SettingsStore content(*db);
        (void)content.set(store::Setting::SyncToken, token);
        (void)content.set(store::Setting::PinnedKey, key);
        (void)content.set(store::Setting::PairedServer, server);
        sync::SyncSettings settings;
        settings.server = server;
        settings.ca_file = ca_file;
        {
            sync::FeedClient first(*db, settings); // takes the feed: every poll below is unchanged
            auto taken = first.poll(wall_now());
            if (taken.outcome != sync::PollOutcome::Applied) {
                std::fprintf(stderr, "the first poll over https did not take the feed: %s\n", taken.error.c_str());
                return 1;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the relay sees that connection close
        for (int run = 0; run < runs && code == 0; ++run) {
            sync::FeedClient client(*db, settings); // a new sync thread's session: nothing to reuse
            std::string line;
            auto measure = [&](const char* name) {
                auto before = relay.counts();
                auto report = client.poll(wall_now());
                auto after = relay.counts();
                if (report.outcome != sync::PollOutcome::Unchanged) {
                    std::fprintf(stderr, "%s: expected an unchanged poll: %s\n", name, report.error.c_str());
                    code = 1;
                }
                char part[256];
                std::snprintf(part, sizeof part, "%s_up=%lld %s_down=%lld %s_connections=%d %s_http=%lld ", name, after.up - before.up, name,
                    after.down - before.down, name, after.connections - before.connections, name, report.request_bytes + report.wire_bytes);
                line += part;
            };
            measure("full");
            measure("kept");
            std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
            measure("resumed"); // counts what the server sent on closing the idle connection too
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
        }
    }
    std::filesystem::remove_all(dir);
    return code;
}

} // namespace

int main(int argc, char** argv)
{
    std::string command = argc > 1 ? argv[1] : "";
    if (command == "serve")
        return serve(argc > 2 ? std::atoi(argv[2]) : 2000, argc > 3 ? std::atoi(argv[3]) : 200, argc > 4 ? std::atoi(argv[4]) : 100);
    if (command == "apply" && argc == 4)
        return apply(argv[2], argv[3]);
    if (command == "poll" && argc == 5)
        return poll(argv[2], argv[3], argv[4]);
    if (command == "wire" && argc == 8)
        return wire(argv[2], argv[3], argv[4], argv[5], std::atoi(argv[6]), std::atoi(argv[7]));
    std::fprintf(stderr, "usage: sync_bench serve [EVENTS] [MEDIA] [MEDIA_KB] | apply URL KEY | poll SERVER TOKEN KEY\n"
                         "       | wire HOST:PORT TOKEN KEY CA_FILE IDLE_SECONDS RUNS\n");
    return 2;
}
