// The outbox: survives a reopen, sends in order, keeps what failed, idempotent UUIDs.
#include "kiosk/store/database.h"
#include "kiosk/sync/outbox.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace coi;
using namespace coi::sync;

namespace {

// A heartbeat from a kiosk showing this content version.
HeartbeatInfo showing(std::int64_t version)
{
    HeartbeatInfo info;
    info.content_version = version;
    info.app_version = "0.1.0";
    return info;
}

class Receiver {
public:
    Receiver()
    {
        auto record = [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            if (failing) {
                res.status = 503;
                return;
            }
            if (answer_status != 0) {
                res.status = answer_status;
                res.set_content(answer_body, answer_type);
                return;
            }
            received.push_back(req.path + " " + req.body);
            authorisation = req.get_header_value("Authorization");
            res.set_content(R"({"ok":true})", "application/json");
        };
        server.Post("/api/v1/status", record);
        server.Post("/api/v1/specials", record);
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~Receiver()
    {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    bool failing = false;
    int answer_status = 0;      // when set, every request gets this answer instead
    std::string answer_type, answer_body;
    std::vector<std::string> received;
    std::string authorisation;
};

FetchLimits quick()
{
    FetchLimits limits;
    limits.connect_timeout_ms = 500;
    limits.total_timeout_ms = 1500;
    return limits;
}

} // namespace

TEST(Outbox, SurvivesARestartAndSendsInOrderOnceTheServerIsBack)
{
    std::string file = (std::filesystem::temp_directory_path() / ("coi-outbox-" + std::to_string(::getpid()) + ".db")).string();
    Receiver receiver;
    std::string first, second;
    {
        auto db = store::Database::open(file).release();
        Outbox outbox(db);
        first = outbox.enqueue_special({{"name", "Leek and potato soup"}, {"price_pence", 350}}, 100).value();
        ASSERT_TRUE(outbox.enqueue_heartbeat(showing(7), 101));
        ASSERT_TRUE(outbox.enqueue_heartbeat(showing(8), 102)); // replaces the waiting one
        second = outbox.enqueue_special({{"name", "Jacket potato"}, {"price_pence", 420}}, 103).value();
        receiver.failing = true;
        auto report = outbox.send(receiver.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly);
        EXPECT_EQ(report.sent, 0);
        EXPECT_NE(report.error.find("503"), std::string::npos) << report.error;
        EXPECT_EQ(outbox.pending(), 3);
    }
    // "Reboot": a new connection to the same file.
    auto db = store::Database::open(file).release();
    Outbox outbox(db);
    EXPECT_EQ(outbox.pending(), 3);
    receiver.failing = false;
    auto report = outbox.send(receiver.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly);
    EXPECT_EQ(report.sent, 3) << report.error;
    EXPECT_EQ(outbox.pending(), 0);
    ASSERT_EQ(receiver.received.size(), 3u);
    EXPECT_NE(receiver.received[0].find(first), std::string::npos);
    EXPECT_NE(receiver.received[1].find("\"content_version\":8"), std::string::npos);
    EXPECT_NE(receiver.received[2].find(second), std::string::npos);
    EXPECT_EQ(receiver.authorisation, "Bearer " + std::string(64, 't'));
    std::filesystem::remove(file);
}

TEST(Outbox, UuidsAreVersionFour)
{
    auto a = new_uuid(), b = new_uuid();
    EXPECT_NE(a, b);
    ASSERT_EQ(a.size(), 36u);
    EXPECT_EQ(a[14], '4');
    EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
}

TEST(Outbox, AHeartbeatWithALongOrBrokenErrorIsStillValidJsonWithinTheServersLimits)
{
    auto dir = std::filesystem::temp_directory_path() / ("coi-outbox-utf8-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    {
        auto db = store::Database::open(dir / "kiosk.db").release();
        Outbox outbox(db);
        HeartbeatInfo info;
        info.content_version = 4;
        // 999 bytes then a two-byte "é": cutting at 1000 bytes would split it. And a byte
        // that is not UTF-8 at all, as a parser's error message may quote.
        info.last_error = std::string(999, 'x') + "\xc3\xa9" + " and \xff more";
        info.app_version = std::string(70, 'v');
        ASSERT_TRUE(outbox.enqueue_heartbeat(info, 1'795'000'000));
        auto rows = db.query("SELECT body FROM outbox WHERE kind = 'status'");
        ASSERT_TRUE(rows && rows->size() == 1u);
        auto body = nlohmann::json::parse((*rows)[0][0].bytes); // throws on invalid UTF-8
        EXPECT_EQ(body["last_error"], std::string(999, 'x'));
        EXPECT_EQ(body["app_version"].get<std::string>().size(), kMaxAppVersionBytes);
        EXPECT_FALSE(body.contains("free_disk_bytes")) << "unknown is left out, not sent as -1";

        info.last_error = "bad byte \xff here";
        ASSERT_TRUE(outbox.enqueue_heartbeat(info, 1'795'000'060));
        rows = db.query("SELECT body FROM outbox WHERE kind = 'status'");
        ASSERT_TRUE(rows && rows->size() == 1u) << "the newer heartbeat replaces the waiting one";
        EXPECT_EQ(nlohmann::json::parse((*rows)[0][0].bytes)["last_error"], "bad byte \xef\xbf\xbd here");
    }
    std::filesystem::remove_all(dir);
}

TEST(Outbox, AHeartbeatSaysHowOftenTheScreenPollsSoTheAdminCanSayHowSoonAChangeShows)
{
    HeartbeatInfo info;
    EXPECT_FALSE(heartbeat_json(info).contains("poll_seconds")) << "unknown is left out";
    info.poll_seconds = 60;
    EXPECT_EQ(heartbeat_json(info)["poll_seconds"], 60);
}

// A proxy's or a web host's page is not kiosk-content refusing the report: the special
// stays queued until the server itself answers.
TEST(Outbox, OnlyTheServersOwnJsonRefusalDropsAReport)
{
    auto db = store::Database::open_in_memory().release();
    Outbox outbox(db);
    Receiver receiver;
    ASSERT_TRUE(outbox.enqueue_special({{"name", "Leek and potato soup"}, {"price_pence", 350}}, 100));
    struct Answer {
        int status;
        const char* type;
        const char* body;
    };
    for (Answer answer : {Answer{404, "text/html", "<html>Not Found</html>"}, Answer{400, "text/html", "<html>Bad Request</html>"},
             Answer{403, "text/html", "<html>Blocked by the guest network</html>"}, Answer{413, "text/plain", "Request Entity Too Large"},
             Answer{404, "application/json", R"({"message":"no route"})"}, Answer{502, "text/html", "<html>Bad Gateway</html>"},
             Answer{401, "application/json", R"({"error":"unknown device token","code":"unauthorised"})"},
             Answer{403, "application/json", R"({"error":"this screen was removed","code":"revoked"})"}}) {
        {
            std::lock_guard lock(receiver.mutex);
            receiver.answer_status = answer.status;
            receiver.answer_type = answer.type;
            receiver.answer_body = answer.body;
        }
        auto report = outbox.send(receiver.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly);
        EXPECT_EQ(report.dropped, 0) << answer.status << " " << answer.type;
        EXPECT_NE(report.error.find(std::to_string(answer.status)), std::string::npos) << report.error;
        EXPECT_EQ(outbox.pending(), 1) << answer.status << " " << answer.type << ": kept for the next poll";
    }
    {
        std::lock_guard lock(receiver.mutex);
        receiver.answer_status = 400;
        receiver.answer_type = "application/json";
        receiver.answer_body = R"({"error":"price_pence must be a whole number","code":"bad_input"})";
    }
    auto report = outbox.send(receiver.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly);
    EXPECT_EQ(report.dropped, 1) << report.error;
    EXPECT_EQ(outbox.pending(), 0);
}
