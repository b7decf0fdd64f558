// Strangers' input against the real kiosk-content process: bodies, connections,
// nesting, calendars and pairing, each bounded in time and memory, with the server's address
// space capped so a regression fails here instead of taking the machine down.
#include "server_fixture.h"
#include "server_process.h"

#include "content/server/database.h"
#include "content/server/ics_fetch.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include <string>
#include <vector>

using namespace coi::server::test;

namespace {

// `prefix` then `zeros` zero bytes, gzip-compressed: about 1 kB per MB of zeros.
std::string gzip_of(const std::string& prefix, std::size_t zeros)
{
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::string out;
    std::vector<unsigned char> buffer(1 << 16);
    const std::string block(1 << 20, '\0');
    auto feed = [&](const char* data, std::size_t size, int flush) {
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        stream.avail_in = static_cast<uInt>(size);
        do {
            stream.next_out = buffer.data();
            stream.avail_out = static_cast<uInt>(buffer.size());
            deflate(&stream, flush);
            out.append(reinterpret_cast<char*>(buffer.data()), buffer.size() - stream.avail_out);
        } while (stream.avail_out == 0);
    };
    feed(prefix.data(), prefix.size(), Z_NO_FLUSH);
    for (std::size_t left = zeros; left > 0;) {
        auto n = std::min(left, block.size());
        feed(block.data(), n, Z_NO_FLUSH);
        left -= n;
    }
    feed(nullptr, 0, Z_FINISH);
    deflateEnd(&stream);
    return out;
}

constexpr std::size_t kMB = 1024 * 1024;
// What a request may add to the server's peak memory in these tests. The bodies sent are
// 256 MB and more, so a server that buffers or inflates them cannot stay under it.
constexpr std::size_t kMemoryHeadroomKb = 64 * 1024;
// A body that "never ends": the server must have stopped taking it long before. (Not much
// before: on loopback the kernel goes on taking bytes until the socket is closed.)
constexpr std::size_t kEndless = 1024 * kMB;

class HostileBodies : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_server.started()) << m_server.output();
        ASSERT_EQ(Client(m_server.port()).get("/healthz").status, 200);
        m_baseline_kb = m_server.peak_rss_kb();
    }
    void expect_still_serving_within_memory()
    {
        EXPECT_TRUE(m_server.alive()) << m_server.how_it_ended() << "\n" << m_server.output();
        if (!m_server.alive())
            return;
        EXPECT_EQ(Client(m_server.port()).get("/healthz").status, 200);
        EXPECT_LT(m_server.peak_rss_kb(), m_baseline_kb + kMemoryHeadroomKb)
            << "peak memory went from " << m_baseline_kb << " kB to " << m_server.peak_rss_kb() << " kB";
    }
    // Sends a body that never ends (up to `limit` bytes): true if the server stopped taking it.
    bool server_cut_off(RawConnection& connection, const std::string& piece, std::size_t limit)
    {
        while (connection.sent() < limit)
            if (!connection.send(piece))
                return true;
        return false;
    }

    ServerProcess m_server;
    std::size_t m_baseline_kb = 0;
};

} // namespace

TEST_F(HostileBodies, GzipBombIsRefusedOnEveryRouteWithoutInflatingIt)
{
    // 256 MB of zeros in about 250 kB: the declared length is small, what it inflates to is not.
    const auto bomb = gzip_of("{\"code\": \"", 256 * kMB);
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"POST", "/api/v1/pair"},
        {"POST", "/api/v1/status"},
        {"POST", "/api/v1/footfall"},
        {"POST", "/api/v1/specials"},
        {"POST", "/api/admin/login"},
        {"POST", "/api/admin/logout"},
        {"POST", "/api/admin/users"},
        {"PUT", "/api/admin/users/1"},
        {"DELETE", "/api/admin/users/1"},
        {"POST", "/api/admin/sites"},
        {"PUT", "/api/admin/sites/ashby"},
        {"DELETE", "/api/admin/sites/ashby"},
        {"PUT", "/api/admin/sites/ashby/rotation"},
        {"POST", "/api/admin/screens/adopt"},
        {"PUT", "/api/admin/screens/1"},
        {"POST", "/api/admin/screens/1/revoke"},
        {"POST", "/api/admin/sites/ashby/events"},
        {"PUT", "/api/admin/sites/ashby/notices/n"},
        {"DELETE", "/api/admin/sites/ashby/specials/s"},
        {"POST", "/api/admin/sites/ashby/events/e/cancel"},
        {"PUT", "/api/admin/sites/ashby/ics"},
        {"POST", "/api/admin/sites/ashby/ics/refresh"},
        {"POST", "/api/admin/sites/ashby/ics/import"},
        {"POST", "/api/admin/media"},
    };
    for (auto& [method, path] : routes) {
        RawConnection connection(m_server.port());
        ASSERT_TRUE(connection.connected());
        connection.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n\r\n");
        connection.send(bomb);
        auto reply = connection.receive_head();
        EXPECT_EQ(status_of_response(reply), 413) << method << " " << path << ": " << reply;
        ASSERT_TRUE(m_server.alive()) << method << " " << path << ": " << m_server.how_it_ended();
    }
    expect_still_serving_within_memory();
}

TEST_F(HostileBodies, GzipBombInAMultipartHeartbeatIsRefused)
{
    const auto bomb = gzip_of("--b\r\nContent-Disposition: form-data; name=\"screenshot\"\r\n\r\n", 256 * kMB);
    RawConnection connection(m_server.port());
    connection.send("POST /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n\r\n");
    connection.send(bomb);
    EXPECT_EQ(status_of_response(connection.receive_head()), 413);
    expect_still_serving_within_memory();
}

TEST_F(HostileBodies, EndlessChunkedBodyIsCutOff)
{
    RawConnection connection(m_server.port());
    connection.send("POST /api/v1/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "10000\r\n" + std::string(0x10000, '\0') + "\r\n";
    EXPECT_TRUE(server_cut_off(connection, chunk, kEndless)) << "the server took 1 GB of a pairing request";
    expect_still_serving_within_memory();
}

TEST_F(HostileBodies, EndlessBodyWithoutALengthIsCutOff)
{
    RawConnection connection(m_server.port());
    connection.send("POST /api/admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n");
    EXPECT_TRUE(server_cut_off(connection, std::string(0x10000, 'a'), kEndless));
    expect_still_serving_within_memory();
}

TEST_F(HostileBodies, EndlessBodyToAnAddressNothingAnswersIsCutOff)
{
    RawConnection connection(m_server.port());
    connection.send("POST /nowhere HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "10000\r\n" + std::string(0x10000, '\0') + "\r\n";
    EXPECT_TRUE(server_cut_off(connection, chunk, kEndless));
    expect_still_serving_within_memory();
}

// Found by tests/fuzz/routes_fuzzer: a body the server refuses without reading it all got no
// answer at all, the connection simply closed (its reading side was shut before the answer,
// and cpp-httplib does not answer a socket it cannot read). Now the JSON error arrives, then
// the connection ends.
TEST_F(HostileBodies, ARefusedBodyIsAnsweredBeforeItsConnectionEnds)
{
    {
        // cpp-httplib 0.11 cannot read a chunked multipart body: a 400 that says so.
        const std::string part = "--b\r\nContent-Disposition: form-data; name=\"status\"\r\n"
                                 "Content-Type: application/json\r\n\r\n{\"uptime_seconds\": 5}\r\n--b--\r\n";
        std::string chunks;
        for (std::size_t at = 0; at < part.size(); at += 2) { // pieces that cut the delimiters
            auto piece = part.substr(at, 2);
            chunks += std::to_string(piece.size()) + "\r\n" + piece + "\r\n";
        }
        RawConnection connection(m_server.port(), std::chrono::seconds(5));
        connection.send("POST /api/v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
                        "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n" +
                        chunks + "0\r\n\r\n");
        auto reply = connection.receive_all();
        EXPECT_EQ(status_of_response(reply), 400) << reply;
        EXPECT_NE(reply.find(R"("code":"bad_request")"), std::string::npos) << reply;
    }
    {
        // A declared length past what is ever read: 413 before a byte of the body is taken.
        RawConnection connection(m_server.port(), std::chrono::seconds(5));
        connection.send("POST /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Content-Length: 999999999\r\n\r\n{");
        auto reply = connection.receive_all();
        EXPECT_EQ(status_of_response(reply), 413) << reply;
        EXPECT_NE(reply.find(R"("code":"too_large")"), std::string::npos) << reply;
    }
    expect_still_serving_within_memory();
}

TEST_F(HostileBodies, ChunkedBodyOverTheLimitIsAnsweredWith413AndAFittingOneIsRead)
{
    {
        RawConnection connection(m_server.port());
        connection.send("POST /api/v1/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n8000\r\n" + std::string(0x8000, ' ') + "\r\n0\r\n\r\n");
        EXPECT_EQ(status_of_response(connection.receive_head()), 413);
    }
    {
        // Under the limit, chunked and gzip-encoded are read as any body is: the pairing
        // request is understood (202: waiting for a coordinator).
        auto body = gzip_of(R"({"code": "123456789", "secret": "a secret long enough for pairing"})", 0);
        RawConnection connection(m_server.port());
        connection.send("POST /api/v1/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", body.size());
        connection.send(size + body + "\r\n0\r\n\r\n");
        auto reply = connection.receive_head();
        EXPECT_EQ(status_of_response(reply), 202) << reply;
    }
    expect_still_serving_within_memory();
}

namespace {

// `depth` arrays inside each other around `inner`: [[[...inner...]]]
std::string nested(std::size_t depth, const std::string& inner = "1")
{
    return std::string(depth, '[') + inner + std::string(depth, ']');
}

class HostileJson : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_server.started()) << m_server.output();
        ASSERT_EQ(m_admin.login("admin", ServerProcess::kAdminPassword).status, 200);
        nlohmann::json site{{"id", "ashby"}, {"name", "Ashby Hill"}, {"timezone", "Europe/London"},
                            {"rooms", {{{"id", "hall"}, {"name", "Main Hall"}}}}};
        ASSERT_EQ(m_admin.post("/api/admin/sites", site).status, 201);
    }
    std::string screen_token()
    {
        Client kiosk(m_server.port());
        nlohmann::json hello{{"code", "123456789"}, {"secret", "kiosk-secret-123456789-abcdef"}};
        EXPECT_EQ(kiosk.post("/api/v1/pair", hello).status, 202);
        auto adopted = m_admin.post("/api/admin/screens/adopt",
                                    {{"code", "123 456 789"}, {"site_id", "ashby"}, {"role", "reception"}, {"name", "Reception"}});
        EXPECT_EQ(adopted.status, 201) << adopted.body;
        return kiosk.post("/api/v1/pair", hello).json().value("token", "");
    }
    void expect_refused_and_alive(const Reply& reply, const std::string& what)
    {
        EXPECT_EQ(reply.status, 400) << what << ": " << reply.body;
        EXPECT_NE(reply.body.find("nested too deeply"), std::string::npos) << what << ": " << reply.body;
        ASSERT_TRUE(m_server.alive()) << what << ": " << m_server.how_it_ended();
    }

    ServerProcess m_server;
    Client m_admin{m_server.port()};
};

} // namespace

TEST_F(HostileJson, DeepHeartbeatIsRefusedWhileParsing)
{
    auto token = screen_token();
    ASSERT_FALSE(token.empty());
    Client kiosk(m_server.port());
    std::map<std::string, std::string> auth{{"Authorization", "Bearer " + token}};
    auto body = "{\"last_error\": " + nested(450000) + "}";
    expect_refused_and_alive(kiosk.request("POST", "/api/v1/status", body, "application/json", auth), "JSON heartbeat");
    auto multipart = "--b\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n" + body + "\r\n--b--\r\n";
    expect_refused_and_alive(kiosk.request("POST", "/api/v1/status", multipart, "multipart/form-data; boundary=b", auth),
                             "multipart heartbeat");
    // A heartbeat as deep as the schema allows is still taken.
    EXPECT_EQ(kiosk.request("POST", "/api/v1/status", R"({"uptime_seconds": 5})", "application/json", auth).status, 200);
}

TEST_F(HostileJson, DeepSiteAndRotationAreRefusedWhileParsing)
{
    expect_refused_and_alive(m_admin.request("PUT", "/api/admin/sites/ashby", "{\"name\": " + nested(100000) + "}"), "site");
    expect_refused_and_alive(m_admin.request("PUT", "/api/admin/sites/ashby/rotation", "{\"pages\": " + nested(100000) + "}"),
                             "rotation");
    expect_refused_and_alive(m_admin.request("POST", "/api/admin/sites/ashby/events", "{\"title\": " + nested(100000) + "}"),
                             "event");
    EXPECT_EQ(m_admin.get("/healthz").status, 200);
}

TEST_F(HostileJson, NestingUpToTheLimitIsReadAndJustBeyondItIsNot)
{
    // 32 levels: the object and 31 arrays; the field is then checked like any other.
    auto at_limit = m_admin.request("PUT", "/api/admin/sites/ashby", "{\"name\": " + nested(31) + "}");
    EXPECT_EQ(at_limit.status, 400);
    EXPECT_EQ(at_limit.body.find("nested too deeply"), std::string::npos) << at_limit.body;
    auto beyond = m_admin.request("PUT", "/api/admin/sites/ashby", "{\"name\": " + nested(32) + "}");
    expect_refused_and_alive(beyond, "33 levels");
}

namespace {

// A calendar host on 127.0.0.1 that answers every request with `answer(fd)`: whatever it
// writes, for as long as it likes, until the client goes away.
class HostileCalendarHost {
public:
    explicit HostileCalendarHost(std::function<void(int fd)> answer, const char* on = "127.0.0.1")
        : m_answer(std::move(answer)), m_address(on)
    {
        m_listener = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        inet_pton(AF_INET, on, &address.sin_addr);
        bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
        listen(m_listener, 8);
        socklen_t length = sizeof address;
        getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] {
            for (;;) {
                int fd = accept(m_listener, nullptr, nullptr);
                if (fd < 0)
                    return;
                // Never stuck for long on a client that stopped reading but did not go away.
                timeval tv{2, 0};
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
                char request[4096];
                (void)recv(fd, request, sizeof request, 0);
                m_answer(fd);
                close(fd);
            }
        });
    }
    ~HostileCalendarHost()
    {
        shutdown(m_listener, SHUT_RDWR);
        close(m_listener);
        m_thread.join();
    }
    std::string url() const { return "http://" + m_address + ":" + std::to_string(m_port) + "/cal.ics"; }
    int port() const { return m_port; }

private:
    std::function<void(int)> m_answer;
    std::string m_address;
    int m_listener = -1;
    int m_port = 0;
    std::thread m_thread;
};

bool send_all(int fd, const std::string& bytes)
{
    return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

constexpr const char* kCalendarSite = R"({"id": "ashby", "name": "Ashby Hill", "timezone": "Europe/London"})";

} // namespace

TEST(HostileCalendar, PortTooLargeForAnIntDoesNotEndTheServer)
{
    // Saved before this check existed (or written straight into the database): the refresher
    // meets it as soon as the server starts.
    ServerProcess::Options options;
    options.config_extra = "[ics]\nallow_private_addresses = true\n";
    options.prepare = [](const std::string& data_dir) {
        auto repository = coi::server::Repository::open(data_dir + "/content.db");
        ASSERT_TRUE(repository.ok());
        ASSERT_TRUE((*repository)->create_site(nlohmann::json::parse(kCalendarSite)).ok());
        ASSERT_TRUE((*repository)->set_ics_url("ashby", "http://127.0.0.1:99999999999/cal.ics").ok());
    };
    ServerProcess server(options);
    ASSERT_TRUE(server.started()) << server.output();
    Client admin(server.port());
    ASSERT_EQ(admin.login("admin", ServerProcess::kAdminPassword).status, 200);
    std::string error;
    for (int i = 0; i < 200 && error.empty() && server.alive(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        error = admin.get("/api/admin/sites/ashby").json().value("ics_error", nlohmann::json("")).get<std::string>();
    }
    ASSERT_TRUE(server.alive()) << server.how_it_ended() << "\n" << server.output();
    EXPECT_NE(error.find("port"), std::string::npos) << error;
    // And a coordinator cannot save such an address any more.
    EXPECT_EQ(admin.put("/api/admin/sites/ashby/ics", {{"url", "http://127.0.0.1:99999999999/cal.ics"}}).status, 400);
    EXPECT_EQ(admin.put("/api/admin/sites/ashby/ics", {{"url", "https://[::1/cal.ics"}}).status, 400);
}

TEST(HostileCalendar, EndlessHeadersAreCutOffAndMemoryStaysBounded)
{
    HostileCalendarHost host([](int fd) {
        std::string line = "X-Filler: " + std::string(8000, 'a') + "\r\n";
        std::string block;
        for (int i = 0; i < 8; ++i)
            block += line;
        if (!send_all(fd, "HTTP/1.1 200 OK\r\n"))
            return;
        for (std::size_t sent = 0; sent < 4096 * kMB && send_all(fd, block); sent += block.size()) {
        }
    });
    ServerProcess::Options options;
    options.config_extra = "[ics]\nallow_private_addresses = true\n";
    ServerProcess server(options);
    ASSERT_TRUE(server.started()) << server.output();
    Client admin(server.port());
    ASSERT_EQ(admin.login("admin", ServerProcess::kAdminPassword).status, 200);
    ASSERT_EQ(admin.post("/api/admin/sites", nlohmann::json::parse(kCalendarSite)).status, 201);
    ASSERT_EQ(admin.put("/api/admin/sites/ashby/ics", {{"url", host.url()}}).status, 200);
    auto baseline = server.peak_rss_kb(); // after signing in: checking a password takes 64 MB
    auto refreshed = admin.post("/api/admin/sites/ashby/ics/refresh", nlohmann::json::object());
    EXPECT_EQ(refreshed.status, 400) << refreshed.body;
    EXPECT_NE(refreshed.body.find("too large"), std::string::npos) << refreshed.body;
    ASSERT_TRUE(server.alive()) << server.how_it_ended();
    EXPECT_LT(server.peak_rss_kb(), baseline + kMemoryHeadroomKb);
}

TEST(HostileCalendar, SlowHostIsGivenUpAtTheDeadline)
{
    // One header byte every 100 ms: never idle long enough for a read time-out.
    std::atomic<bool> done{false};
    HostileCalendarHost host([&done](int fd) {
        send_all(fd, "HTTP/1.1 200 OK\r\nX-Slow: ");
        while (!done && send_all(fd, "a"))
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    });
    auto started = std::chrono::steady_clock::now();
    coi::server::FetchLimits limits;
    limits.deadline = std::chrono::milliseconds(1500);
    auto fetched = coi::server::fetch_url(host.url(), coi::server::PrivateAddresses::Allow, limits);
    auto took = std::chrono::steady_clock::now() - started;
    done = true;
    ASSERT_FALSE(fetched.ok());
    EXPECT_NE(fetched.failure().message.find("too long"), std::string::npos) << fetched.failure().message;
    EXPECT_LT(took, std::chrono::seconds(5));
}

namespace {

std::string answer_with(const std::string& status_and_headers, const std::string& body = {})
{
    return "HTTP/1.1 " + status_and_headers + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

// Names under the test's control: each lookup of a name gives its next answer (the last one
// again once they run out), and is counted. Of the loopback addresses only 127.0.0.1 may be
// fetched from: it stands for a calendar host on the internet, any other 127.x for a
// service on the server's own network.
using Answers = std::map<std::string, std::vector<std::string>>;

class FakeNames {
public:
    explicit FakeNames(Answers answers) : m_answers(std::move(answers)) {}
    coi::server::FetchNetwork network()
    {
        return {[this](const std::string& host) {
                    std::lock_guard lock(m_mutex);
                    auto n = m_lookups[host]++;
                    auto& answers = m_answers[host];
                    if (answers.empty()) // a numeric address answers itself
                        return std::vector<std::string>{host};
                    return std::vector<std::string>{answers[std::min<std::size_t>(n, answers.size() - 1)]};
                },
                [](const std::string& address) { return address == "127.0.0.1"; }};
    }
    int lookups(const std::string& host)
    {
        std::lock_guard lock(m_mutex);
        return m_lookups[host];
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::vector<std::string>> m_answers;
    std::map<std::string, int> m_lookups;
};

std::string port_of(const HostileCalendarHost& host) { return std::to_string(host.port()); }

} // namespace

TEST(HostileCalendar, NameThatAnswersDifferentlyTheSecondTimeIsConnectedToAsChecked)
{
    HostileCalendarHost calendar([](int fd) { send_all(fd, answer_with("200 OK", "BEGIN:VCALENDAR")); });
    // The second answer is on the server's own network (and nothing listens there): a
    // second lookup to connect would fail the fetch, and with a service there, read it.
    FakeNames names(Answers{{"calendar.test", {"127.0.0.1", "127.0.0.2"}}});
    auto fetched = coi::server::fetch_url("http://calendar.test:" + port_of(calendar) + "/cal.ics",
                                          coi::server::PrivateAddresses::Refuse, {}, names.network());
    ASSERT_TRUE(fetched.ok()) << fetched.failure().message;
    EXPECT_EQ(*fetched, "BEGIN:VCALENDAR");
    EXPECT_EQ(names.lookups("calendar.test"), 1);
}

TEST(HostileCalendar, RedirectIsFollowedToTheCalendar)
{
    HostileCalendarHost calendar([](int fd) { send_all(fd, answer_with("200 OK", "BEGIN:VCALENDAR")); });
    std::string onward = "http://moved.test:" + port_of(calendar) + "/new.ics";
    // First a path on the same host, then another host.
    std::atomic<int> requests{0};
    HostileCalendarHost old_place([&](int fd) {
        send_all(fd, requests++ == 0 ? answer_with("301 Moved Permanently\r\nLocation: /step")
                                     : answer_with("302 Found\r\nLocation: " + onward));
    });
    FakeNames names(Answers{{"calendar.test", {"127.0.0.1"}}, {"moved.test", {"127.0.0.1"}}});
    auto fetched = coi::server::fetch_url("http://calendar.test:" + port_of(old_place) + "/cal.ics",
                                          coi::server::PrivateAddresses::Refuse, {}, names.network());
    ASSERT_TRUE(fetched.ok()) << fetched.failure().message;
    EXPECT_EQ(*fetched, "BEGIN:VCALENDAR");
    EXPECT_EQ(requests, 2);
    EXPECT_EQ(names.lookups("moved.test"), 1); // the new host is looked up (and checked) itself
}

TEST(HostileCalendar, RedirectToTheServersOwnNetworkIsRefused)
{
    std::atomic<int> reached{0};
    HostileCalendarHost inside([&](int fd) {
        ++reached;
        send_all(fd, answer_with("200 OK", "BEGIN:VCALENDAR"));
    }, "127.0.0.2");
    std::string inside_url = inside.url();
    HostileCalendarHost outside([&](int fd) { send_all(fd, answer_with("302 Found\r\nLocation: " + inside_url)); });
    FakeNames names(Answers{{"calendar.test", {"127.0.0.1"}}});
    auto fetched = coi::server::fetch_url("http://calendar.test:" + port_of(outside) + "/cal.ics",
                                          coi::server::PrivateAddresses::Refuse, {}, names.network());
    ASSERT_FALSE(fetched.ok());
    EXPECT_EQ(fetched.failure().kind, coi::server::FailureKind::Forbidden) << fetched.failure().message;
    EXPECT_EQ(reached, 0);
}

TEST(HostileCalendar, RedirectsEndAfterFive)
{
    std::atomic<int> requests{0};
    HostileCalendarHost loop([&](int fd) {
        ++requests;
        send_all(fd, answer_with("307 Temporary Redirect\r\nLocation: /again"));
    });
    FakeNames names(Answers{{"calendar.test", {"127.0.0.1"}}});
    auto fetched = coi::server::fetch_url("http://calendar.test:" + port_of(loop) + "/cal.ics",
                                          coi::server::PrivateAddresses::Refuse, {}, names.network());
    ASSERT_FALSE(fetched.ok());
    EXPECT_NE(fetched.failure().message.find("redirected more than 5 times"), std::string::npos) << fetched.failure().message;
    EXPECT_EQ(requests, 1 + coi::server::kMaxRedirects);
}

TEST(HostileCalendar, FailingCalendarIsTriedLessOftenUpToALimit)
{
    using coi::server::refresh_interval_seconds;
    EXPECT_EQ(refresh_interval_seconds(15, 0), 15 * 60);
    EXPECT_EQ(refresh_interval_seconds(15, 1), 30 * 60);
    EXPECT_EQ(refresh_interval_seconds(15, 3), 120 * 60);
    EXPECT_EQ(refresh_interval_seconds(15, 6), 64 * 15 * 60);
    EXPECT_EQ(refresh_interval_seconds(15, 60), 64 * 15 * 60);
}

namespace {

// Requests that never finish their headers: a line every second, so no single read waits
// long enough to time out.
class SlowHeaders {
public:
    SlowHeaders(int port, int count, const char* from_address)
    {
        for (int i = 0; i < count; ++i) {
            m_connections.push_back(std::make_unique<RawConnection>(port, std::chrono::seconds(2), from_address));
            m_connections.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        }
        m_thread = std::thread([this] {
            while (!m_done) {
                for (auto& connection : m_connections)
                    connection->send("X-Slow: yes\r\n");
                for (int i = 0; i < 10 && !m_done; ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }
    ~SlowHeaders()
    {
        m_done = true;
        m_thread.join();
    }
    std::size_t still_open()
    {
        std::size_t open = 0;
        for (auto& connection : m_connections)
            open += connection->closed_by_server() ? 0 : 1;
        return open;
    }

private:
    std::vector<std::unique_ptr<RawConnection>> m_connections;
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

} // namespace

TEST(HostileConnections, SlowClientsFromOneAddressCannotStopOthers)
{
    ServerProcess::Options options;
    options.config_extra = "[server]\nthreads = 4\n";
    ServerProcess server(options);
    ASSERT_TRUE(server.started()) << server.output();
    // 127.0.0.2 is another client on this machine: 16 connections against a pool of 4.
    SlowHeaders attacker(server.port(), 16, "127.0.0.2");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (int i = 0; i < 5; ++i) {
        RawConnection visitor(server.port(), std::chrono::seconds(3));
        visitor.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(status_of_response(visitor.receive_head()), 200) << "request " << i;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    EXPECT_LE(attacker.still_open(), 2u); // max(2, threads / 2) per address
    EXPECT_TRUE(server.alive());
}

TEST(HostileConnections, HeadersThatNeverEndAreCutOffAtTheIdleDeadline)
{
    ServerProcess server;
    ASSERT_TRUE(server.started()) << server.output();
    SlowHeaders slow(server.port(), 1, nullptr);
    auto started = std::chrono::steady_clock::now();
    while (slow.still_open() > 0 && std::chrono::steady_clock::now() - started < std::chrono::seconds(20))
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(slow.still_open(), 0u);
    EXPECT_GE(took, std::chrono::seconds(9));  // a slow link gets its 10 s
    EXPECT_LT(took, std::chrono::seconds(13)); // and not much more
}

namespace {

// Requests whose bodies never finish: the headers at once, then a byte every half second
// (no read waits long enough to time out), from `addresses` clients of `per_address` each.
class SlowBodies {
public:
    SlowBodies(int port, const std::string& head, const std::vector<const char*>& addresses, int per_address)
    {
        for (auto* address : addresses)
            for (int i = 0; i < per_address; ++i) {
                m_connections.push_back(std::make_unique<RawConnection>(port, std::chrono::seconds(2), address));
                m_connections.back()->send(head);
            }
        m_thread = std::thread([this] {
            while (!m_done) {
                for (auto& connection : m_connections)
                    connection->send("x");
                for (int i = 0; i < 5 && !m_done; ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }
    ~SlowBodies()
    {
        m_done = true;
        m_thread.join();
    }

private:
    std::vector<std::unique_ptr<RawConnection>> m_connections;
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

const std::vector<const char*> kFourOtherClients = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};

// One request on its own connection from 127.0.0.1, given `seconds` for its answer: its status, 0 if none came.
long status_within(int port, const std::string& request, int seconds)
{
    RawConnection visitor(port, std::chrono::seconds(seconds));
    visitor.send(request);
    return status_of_response(visitor.receive_head());
}

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
const std::string kScreenPoll = "GET /api/v1/feed HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer not-a-token\r\n"
                                "Connection: close\r\n\r\n";
std::string sign_in_request()
{
    auto body = nlohmann::json{{"name", "admin"}, {"password", ServerProcess::kAdminPassword}}.dump();
    return "POST /api/admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

ServerProcess::Options pool_of(int threads)
{
    ServerProcess::Options options;
    options.config_extra = "[server]\nthreads = " + std::to_string(threads) + "\n";
    return options;
}

} // namespace

TEST(HostileConnections, SlowScreenUploadsLeaveThreadsForTheAdminAndHealthz)
{
    ServerProcess server(pool_of(8));
    ASSERT_TRUE(server.started()) << server.output();
    // 16 heartbeats that never finish, from four clients of four connections each (the
    // per-address limit is 4): twice the pool. Each would hold its thread for 2 minutes.
    SlowBodies screens(server.port(),
                       "POST /api/v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
                       "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
                       kFourOtherClients, 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(status_within(server.port(), kHealth, 3), 200) << "request " << i;
        EXPECT_EQ(status_within(server.port(), sign_in_request(), 5), 200) << "request " << i;
    }
    // A screen past the screens' share is told to come back, at once.
    EXPECT_EQ(status_within(server.port(), kScreenPoll, 3), 503);
    EXPECT_TRUE(server.alive());
}

TEST(HostileConnections, SlowAdminUploadsLeaveThreadsForTheScreens)
{
    ServerProcess server(pool_of(8));
    ASSERT_TRUE(server.started()) << server.output();
    SlowBodies people(server.port(),
                      "POST /api/admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Length: 10000\r\n\r\n",
                      kFourOtherClients, 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(status_within(server.port(), kHealth, 3), 200) << "request " << i;
        EXPECT_EQ(status_within(server.port(), kScreenPoll, 3), 401) << "request " << i; // served: the token is wrong
    }
    EXPECT_EQ(status_within(server.port(), sign_in_request(), 3), 503);
    EXPECT_TRUE(server.alive());
}

TEST(HostileConnections, SlowHeadersFromManyAddressesCannotHoldEveryThread)
{
    ServerProcess server(pool_of(4));
    ASSERT_TRUE(server.started()) << server.output();
    // Two per address (the limit for 4 threads) from four addresses: twice the pool, each
    // within every per-address and per-read limit, until the 10 s idle deadline.
    std::vector<std::unique_ptr<SlowHeaders>> attackers;
    for (auto* address : kFourOtherClients)
        attackers.push_back(std::make_unique<SlowHeaders>(server.port(), 2, address));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(status_within(server.port(), kHealth, 3), 200) << "request " << i;
    EXPECT_TRUE(server.alive());
}

TEST(HostileConnections, ListenBacklogTakesABurst)
{
    ServerProcess server;
    ASSERT_TRUE(server.started()) << server.output();
    // The kernel's own account: for a listening socket ss shows the backlog as Send-Q.
    auto command = "ss -Hltn 'sport = :" + std::to_string(server.port()) + "'";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char line[512] = {};
    ASSERT_NE(fgets(line, sizeof line, pipe), nullptr);
    pclose(pipe);
    std::istringstream fields(line);
    std::string state;
    long received = 0, backlog = 0;
    fields >> state >> received >> backlog;
    EXPECT_GE(backlog, 128) << line;
}

TEST(HostilePairing, NewCodesFromOneAddressAreLimitedButPollingIsNot)
{
    ServerProcess server;
    ASSERT_TRUE(server.started()) << server.output();
    Client kiosk(server.port());
    auto hello = [](int i) {
        return nlohmann::json{{"code", std::to_string(100000000 + i)}, {"secret", "squatter-secret-" + std::to_string(i) + "-abcdef"}};
    };
    for (int i = 0; i < 10; ++i)
        ASSERT_EQ(kiosk.post("/api/v1/pair", hello(i)).status, 202) << i;
    auto eleventh = kiosk.post("/api/v1/pair", hello(10));
    EXPECT_EQ(eleventh.status, 429) << eleventh.body;
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(kiosk.post("/api/v1/pair", hello(i % 10)).status, 202); // a screen polling its code
    // Another client on this machine is counted apart.
    RawConnection other(server.port(), std::chrono::seconds(5), "127.0.0.2");
    std::string body = hello(11).dump();
    other.send("POST /api/v1/pair HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    EXPECT_EQ(status_of_response(other.receive_head()), 202);
}

TEST(HostilePairing, ExpiredCodesAreFoundByIndex)
{
    ServerProcess server;
    ASSERT_TRUE(server.started()) << server.output();
    auto db = coi::server::Database::open(server.data_dir() + "/content.db");
    ASSERT_TRUE(db.ok());
    auto plan = (*db)->prepare("EXPLAIN QUERY PLAN DELETE FROM pairings WHERE created_at < 0");
    std::string steps;
    while (plan.step())
        steps += plan.text(3) + "\n";
    EXPECT_NE(steps.find("INDEX pairings_by_age"), std::string::npos) << steps;
}

TEST(HostileSignIn, SimultaneousWrongPasswordsAreCountedBeforeHashing)
{
    ServerProcess server;
    ASSERT_TRUE(server.started()) << server.output();
    auto baseline = server.peak_rss_kb();
    std::atomic<int> checked{0}, refused{0}, other{0};
    std::vector<std::thread> tries;
    for (int i = 0; i < 16; ++i)
        tries.emplace_back([&] {
            auto status = Client(server.port()).login("admin", "not the password at all").status;
            (status == 401 ? checked : status == 429 ? refused : other)++;
        });
    for (auto& attempt : tries)
        attempt.join();
    EXPECT_EQ(checked, 5); // [security] login_attempts_per_minute
    EXPECT_EQ(refused, 11);
    EXPECT_EQ(other, 0);
    // Two 64 MiB checks at a time at most, whatever the number of callers.
    EXPECT_LT(server.peak_rss_kb(), baseline + 2 * 64 * 1024 + kMemoryHeadroomKb);
    ASSERT_TRUE(server.alive());
}

namespace {

std::string big_endian_bytes(std::uint32_t value)
{
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8), static_cast<char>(value)};
}

std::string png_chunk_of(const std::string& type, const std::string& data)
{
    std::string typed = type + data;
    auto crc = crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
    return big_endian_bytes(static_cast<std::uint32_t>(data.size())) + typed + big_endian_bytes(static_cast<std::uint32_t>(crc));
}

// A whole, valid grey PNG of side x side black pixels: 400 MB of pixels for 20000, in a file
// of a few hundred kB. What a decoder that trusts the header would allocate and inflate.
std::string png_bomb(std::uint32_t side)
{
    z_stream stream{};
    deflateInit(&stream, Z_BEST_COMPRESSION);
    std::string idat;
    std::vector<unsigned char> buffer(1 << 16);
    const std::string row(side + 1, '\0'); // filter byte 0, then the row
    auto feed = [&](const std::string* data, int flush) {
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data ? data->data() : nullptr));
        stream.avail_in = data ? static_cast<uInt>(data->size()) : 0;
        do {
            stream.next_out = buffer.data();
            stream.avail_out = static_cast<uInt>(buffer.size());
            deflate(&stream, flush);
            idat.append(reinterpret_cast<char*>(buffer.data()), buffer.size() - stream.avail_out);
        } while (stream.avail_out == 0);
    };
    for (std::uint32_t y = 0; y < side; ++y)
        feed(&row, Z_NO_FLUSH);
    feed(nullptr, Z_FINISH);
    deflateEnd(&stream);
    std::string ihdr = big_endian_bytes(side) + big_endian_bytes(side) + std::string("\x08\x00\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk_of("IHDR", ihdr) + png_chunk_of("IDAT", idat) + png_chunk_of("IEND", "");
}

} // namespace

TEST(HostilePictures, APngBombIsRefusedFromItsHeaderWithoutDecodingIt)
{
    ServerProcess server;
    ASSERT_TRUE(server.started()) << server.output();
    Client admin(server.port());
    ASSERT_EQ(admin.login("admin", ServerProcess::kAdminPassword).status, 200);
    auto baseline = server.peak_rss_kb();
    auto bomb = png_bomb(20000);
    ASSERT_LT(bomb.size(), 2 * kMB);
    auto reply = admin.request("POST", "/api/admin/media", bomb, "image/png");
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_NE(reply.body.find("20000 x 20000 pixels"), std::string::npos) << reply.body;
    ASSERT_TRUE(server.alive()) << server.how_it_ended();
    EXPECT_EQ(Client(server.port()).get("/healthz").status, 200);
    EXPECT_LT(server.peak_rss_kb(), baseline + kMemoryHeadroomKb)
        << "peak memory went from " << baseline << " kB to " << server.peak_rss_kb() << " kB";
}
