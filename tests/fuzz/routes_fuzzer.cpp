// The server's JSON routes as a client reaches them: the real HttpServer (every route, its
// body limit, the depth-limited parser, the heartbeat's multipart status part) on 127.0.0.1,
// signed in as an admin and holding a screen's token. The first byte picks the route, the
// second how the body travels (with a length, or chunked in pieces of its own size); the
// rest is the body. Every request must be answered (no crash, leak, undefined behaviour or
// hang), never with 500, every refusal with the JSON error reply ({"error", "code"}), and
// the server must go on answering /healthz.
//
// Routes that would change who may do what (users, revoking, deleting the building, signing
// out) or reach the network (a calendar address) are left out, so every input meets the same
// server: what one input stores, the next one reads.
#include "content/server/feed_cache.h"
#include "content/server/http_server.h"
#include "content/server/signing_key.h"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

using namespace coi::server;

namespace {

[[noreturn]] void broken(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "routes_fuzzer: %s: %s\n", what, detail.c_str());
    std::abort();
}

struct Answer {
    int status = 0;
    std::string head;
    std::string body;
};

// An interrupted connect goes on in the background: wait until it is done.
int finish_interrupted_connect(int fd)
{
    pollfd done{fd, POLLOUT, 0};
    int ready;
    while ((ready = ::poll(&done, 1, 20'000)) < 0 && errno == EINTR) {
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (ready != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
        return -1;
    return 0;
}

// One request on its own connection, every send and receive bounded (a hang is a finding).
Answer round_trip(int port, const std::string& request)
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{20, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // libFuzzer's -timeout watch is a SIGALRM every timeout/2 + 1 s, without SA_RESTART, to
    // whichever thread takes it; a socket call with a time-out is never restarted anyway
    // (signal(7)). So connect, send and recv here can fail with EINTR while the server is
    // doing nothing wrong: each is retried, as a real client's socket loop does. Taken as
    // the end of the exchange, it was "no answer" once every minute or two (finding 8).
    int connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    if (connected != 0 && errno == EINTR)
        connected = finish_interrupted_connect(fd);
    if (connected != 0)
        broken("cannot connect to the server", std::to_string(port));
    // The server may answer (413) before reading all of a large body: what it did not take
    // is of no interest, its answer is.
    for (std::size_t sent = 0; sent < request.size();) {
        auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        sent += static_cast<std::size_t>(n);
    }
    // No shutdown(SHUT_WR) here: cpp-httplib 0.11 does not answer a client it can no longer
    // read from. Connection: close ends the exchange instead.
    std::string response;
    std::array<char, 65536> buffer;
    for (ssize_t n; (n = ::recv(fd, buffer.data(), buffer.size(), 0)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        response.append(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    Answer answer;
    auto end_of_head = response.find("\r\n\r\n");
    if (response.rfind("HTTP/1.1 ", 0) != 0 || end_of_head == std::string::npos)
        return answer; // status 0: no answer
    answer.status = std::atoi(response.c_str() + 9);
    answer.head = response.substr(0, end_of_head);
    answer.body = response.substr(end_of_head + 4);
    return answer;
}

std::string header_value(const std::string& head, const std::string& name)
{
    auto at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos)
        return {};
    at += name.size() + 4;
    return head.substr(at, head.find("\r\n", at) - at);
}

// The server, its building, an admin signed in and a paired screen: made once.
class Server {
public:
    Server()
    {
        m_dir = std::filesystem::temp_directory_path() / ("routes-fuzzer-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
        m_config.data_dir = m_dir.string();
        // 8 threads: 4 connections per address. The fuzzer's requests follow each other at
        // once, and a connection the server has shut but not yet closed still counts for a
        // moment; with 2 per address (4 threads) the guard sometimes ended /healthz's.
        m_config.threads = 8;
        m_config.login_attempts_per_minute = 1000; // sign-in is fuzzed too; its limiter is tested apart
        auto repository = Repository::open((m_dir / "content.db").string());
        if (!repository)
            broken("cannot open the database", repository.failure().message);
        m_repository = repository.release();
        auto key = load_or_create_key(m_dir.string());
        if (!key)
            broken("no signing key", key.failure().message);
        m_feeds = std::make_unique<FeedCache>(*m_repository, *key);
        must(m_repository->create_user("admin", "a long enough password", Role::Admin, {}), "admin");
        must(m_repository->create_site(nlohmann::json{
                 {"id", "ashby"},
                 {"name", "Ashby Hill"},
                 {"timezone", "Europe/London"},
                 {"languages", {"en", "pl"}},
                 {"rooms", {{{"id", "hall"}, {"name", "Main Hall"}}, {{"id", "cafe"}, {"name", "Café"}}}},
                 {"checkin", {{"share_counts", true}}}}),
             "site");
        const std::string secret = "fuzzer-screen-secret-abcdef";
        must(m_repository->register_pairing("483920", secret), "pairing");
        must(m_repository->adopt_screen("483920", "ashby", "reception", "Fuzzed screen"), "adoption");
        auto collected = m_repository->register_pairing("483920", secret);
        if (!collected || collected->token.empty())
            broken("the screen got no token", "");
        m_token = collected->token;
        m_server = std::make_unique<HttpServer>(m_config, *m_repository, *m_feeds);
        auto port = m_server->bind("127.0.0.1", 0);
        if (!port)
            broken("cannot listen", port.failure().message);
        m_port = *port;
        m_thread = std::thread([this] { m_server->run(); });
        for (int i = 0; i < 500 && round_trip(m_port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status != 200; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        sign_in();
    }
    ~Server()
    {
        m_server->stop();
        m_thread.join();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    int port() const { return m_port; }
    const std::string& token() const { return m_token; }
    const std::string& cookie() const { return m_cookie; }
    const std::string& csrf() const { return m_csrf; }

private:
    template<typename T>
    static void must(const Outcome<T>& outcome, const char* what)
    {
        if (!outcome)
            broken(what, outcome.failure().message);
    }
    void sign_in()
    {
        std::string body = R"({"name": "admin", "password": "a long enough password"})";
        auto answer = round_trip(m_port, "POST /api/admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        if (answer.status != 200)
            broken("cannot sign in", std::to_string(answer.status) + " " + answer.head + answer.body);
        auto cookie = header_value(answer.head, "Set-Cookie");
        m_cookie = cookie.substr(0, cookie.find(';'));
        m_csrf = nlohmann::json::parse(answer.body).value("csrf", "");
        if (m_cookie.empty() || m_csrf.empty())
            broken("signing in gave no session", answer.head + "\n" + answer.body);
    }

    std::filesystem::path m_dir;
    Config m_config;
    std::unique_ptr<Repository> m_repository;
    std::unique_ptr<FeedCache> m_feeds;
    std::unique_ptr<HttpServer> m_server;
    std::thread m_thread;
    int m_port = 0;
    std::string m_token, m_cookie, m_csrf;
};

enum class Who { Screen, Admin, Nobody };

struct Route {
    const char* method;
    const char* path;
    Who who;
    bool multipart = false; // the heartbeat: the body is its "status" part
};

constexpr std::array kRoutes = {
    Route{"POST", "/api/v1/status", Who::Screen},
    Route{"POST", "/api/v1/status", Who::Screen, true},
    Route{"POST", "/api/v1/footfall", Who::Screen},
    Route{"POST", "/api/v1/specials", Who::Screen},
    Route{"POST", "/api/v1/pair", Who::Nobody},
    Route{"POST", "/api/admin/login", Who::Nobody},
    Route{"POST", "/api/admin/sites", Who::Admin},
    Route{"PUT", "/api/admin/sites/ashby", Who::Admin},
    Route{"PUT", "/api/admin/sites/ashby/rotation", Who::Admin},
    Route{"POST", "/api/admin/sites/ashby/events", Who::Admin},
    Route{"PUT", "/api/admin/sites/ashby/events/bingo", Who::Admin},
    Route{"POST", "/api/admin/sites/ashby/notices", Who::Admin},
    Route{"POST", "/api/admin/sites/ashby/specials", Who::Admin},
    Route{"POST", "/api/admin/sites/ashby/events/bingo/cancel", Who::Admin},
    Route{"POST", "/api/admin/screens/adopt", Who::Admin},
    Route{"PUT", "/api/admin/screens/1", Who::Admin},
};

std::string chunked(const std::string& body, std::size_t piece)
{
    std::string out;
    char size[32];
    for (std::size_t at = 0; at < body.size(); at += piece) {
        auto n = std::min(piece, body.size() - at);
        std::snprintf(size, sizeof size, "%zx\r\n", n);
        out += size;
        out.append(body, at, n);
        out += "\r\n";
    }
    return out + "0\r\n\r\n";
}

std::string request_for(const Server& server, const Route& route, unsigned char how, std::string body)
{
    std::string head = std::string(route.method) + " " + route.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (route.who == Who::Screen)
        head += "Authorization: Bearer " + server.token() + "\r\n";
    if (route.who == Who::Admin)
        head += "Cookie: " + server.cookie() + "\r\nX-CSRF-Token: " + server.csrf() + "\r\n";
    if (route.multipart) {
        const std::string boundary = "fuzzboundary7MA4YWxkTrZu0gW";
        body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"status\"\r\nContent-Type: application/json\r\n\r\n" +
               body + "\r\n--" + boundary + "--\r\n";
        head += "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n";
    } else {
        head += "Content-Type: application/json\r\n";
    }
    if (how == 0)
        return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return head + "Transfer-Encoding: chunked\r\n\r\n" + chunked(body, how);
}

void check_answer(const Route& route, const Answer& answer, std::size_t body_size)
{
    auto where = std::string(route.method) + " " + route.path + " (" + std::to_string(body_size) + " bytes)";
    if (answer.status == 0)
        broken("no answer", where);
    if (answer.status >= 500)
        broken(("answered " + std::to_string(answer.status)).c_str(), where + ": " + answer.body);
    if (answer.status < 400)
        return;
    auto reply = nlohmann::json::parse(answer.body, nullptr, false);
    if (!reply.is_object() || !reply.contains("error") || !reply["error"].is_string() || !reply.contains("code") ||
        !reply["code"].is_string() || reply["error"].get<std::string>().empty())
        broken("a refusal without the JSON error reply", where + ": " + std::to_string(answer.status) + " " + answer.body);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static Server server;
    if (size < 2)
        return 0;
    const auto& route = kRoutes[data[0] % kRoutes.size()];
    unsigned char how = data[1] % 4 == 0 ? 0 : data[1]; // a length, or chunks of 1..255 bytes
    std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
    check_answer(route, round_trip(server.port(), request_for(server, route, how, body)), body.size());
    if (round_trip(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status != 200)
        broken("/healthz stopped answering", route.path);
    return 0;
}
