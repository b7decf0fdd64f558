// Strangers' input against the real kiosk-content process (issue 22): bodies, connections,
// nesting, calendars and pairing, each bounded in time and memory, with the server's address
// space capped so a regression fails here instead of taking the machine down.
#include "server_fixture.h"
#include "server_process.h"

#include <gtest/gtest.h>
#include <zlib.h>

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
        auto body = gzip_of(R"({"code": "123456", "secret": "a secret long enough for pairing"})", 0);
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
        nlohmann::json hello{{"code", "123456"}, {"secret", "kiosk-secret-123456-abcdef"}};
        EXPECT_EQ(kiosk.post("/api/v1/pair", hello).status, 202);
        auto adopted = m_admin.post("/api/admin/screens/adopt",
                                    {{"code", "123456"}, {"site_id", "ashby"}, {"role", "reception"}, {"name", "Reception"}});
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
