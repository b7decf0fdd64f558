// The worker thread: one log line per distinct failure, recovery, and a change callback.
#include "tests/support/temp_dir.h"
#include "fault_server.h"

#include "kiosk/core/time_zone.h"
#include "kiosk/store/checkin_store.h"
#include "kiosk/store/content_store.h"
#include "kiosk/sync/worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <memory>
#include <mutex>
#include <unistd.h>

using namespace coi;
using namespace coi::sync;
using coi::sync::test::Fault;
using coi::sync::test::FaultServer;

namespace {

template<typename F>
bool eventually(F condition, std::chrono::milliseconds limit = std::chrono::seconds(15))
{
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

} // namespace

TEST(SyncWorker, LogsOneLinePerDistinctFailureAndRecovers)
{
    coi::test::TempDir folder("worker");
    std::string dir = folder.string();
    FaultServer server;
    server.fault = Fault::ServerError;
    SyncSettings settings;
    settings.feed_url = server.url("/static/feed.json");
    settings.feed_key = server.keys.public_key;
    settings.poll_seconds = 1;
    settings.limits.connect_timeout_ms = 500;
    settings.limits.total_timeout_ms = 1500;

    std::mutex mutex;
    std::vector<std::string> lines;
    std::atomic<int> changes{0};
    SyncWorker worker(dir + "/kiosk.db", settings,
        [&](std::string_view level, std::string_view message) {
            std::lock_guard lock(mutex);
            lines.push_back(std::string(level) + ": " + std::string(message));
        },
        [&] { ++changes; });
    worker.start();
    ASSERT_TRUE(eventually([&] { return server.feed_requests >= 3; }));
    EXPECT_GE(worker.status().failures, 2);
    EXPECT_NE(worker.status().last_error.find("answered 500"), std::string::npos);
    EXPECT_EQ(changes, 0);

    server.fault = Fault::None;
    worker.poll_now();
    ASSERT_TRUE(eventually([&] { return changes > 0; }));
    worker.stop();
    EXPECT_EQ(worker.status().failures, 0);
    EXPECT_EQ(worker.status().version, 2);
    EXPECT_EQ(worker.status().last_error, "");

    std::lock_guard lock(mutex);
    int failure_lines = 0, recovered = 0, applied = 0;
    for (auto& line : lines) {
        failure_lines += line.find("answered 500") != std::string::npos;
        recovered += line.find("working again") != std::string::npos;
        applied += line.find("now showing content version 2") != std::string::npos;
    }
    EXPECT_EQ(failure_lines, 1) << "one line per distinct failure, not one per retry";
    EXPECT_EQ(recovered, 1);
    EXPECT_EQ(applied, 1);
}

TEST(SyncWorker, StopsPromptlyWhileWaiting)
{
    coi::test::TempDir folder("worker-stop");
    std::string dir = folder.string();
    FaultServer server;
    SyncSettings settings;
    settings.feed_url = server.url("/static/feed.json");
    settings.feed_key = server.keys.public_key;
    settings.poll_seconds = 600;
    SyncWorker worker(dir + "/kiosk.db", settings, nullptr, nullptr);
    worker.start();
    ASSERT_TRUE(eventually([&] { return worker.status().polls >= 1; }));
    auto started = std::chrono::steady_clock::now();
    worker.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

// [SECTION] Reporting back

namespace {

struct PairedWorker {
    coi::test::TempDir folder;
    std::string dir = folder.string();
    FaultServer server;
    std::unique_ptr<SyncWorker> worker;

    explicit PairedWorker(const std::string& name)
        : folder("worker-" + name)
    {
        server.adopt = true;
    }
    ~PairedWorker()
    {
        worker.reset();
    }
    // Three café visitors counted at the kiosk this hour, before it was paired.
    void count_three_cafe_visitors()
    {
        auto db = store::Database::open(dir + "/kiosk.db").release();
        store::CheckinStore checkins(db);
        auto local = core::TimeZone::load("Europe/London")->to_local(feed::Instant(std::time(nullptr)));
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(checkins.count_head("cafe", feed::format_date(local.date), local.minutes / 60));
    }
    void start(const std::string& screenshot = {})
    {
        SyncSettings settings;
        settings.server = server.url();
        settings.poll_seconds = 1;
        settings.app_version = "9.8.7";
        worker = std::make_unique<SyncWorker>(dir + "/kiosk.db", settings, nullptr, nullptr);
        if (!screenshot.empty())
            worker->offer_screenshot(screenshot); // as the frame loop does before the screen is paired
        worker->start();
    }
    bool counted_three_cafe_visitors()
    {
        for (auto& post : server.posted("/api/v1/footfall")) {
            auto body = nlohmann::json::parse(post.body);
            for (auto& row : body["counts"])
                if (row["purpose"] == "cafe" && row["count"] == 3)
                    return true;
        }
        return false;
    }
};

} // namespace

TEST(SyncWorker, APairedScreenSendsItsHeartbeatAndTheSharedCountsAtOnce)
{
    PairedWorker kiosk("heartbeat");
    kiosk.count_three_cafe_visitors();
    kiosk.start();
    ASSERT_TRUE(eventually([&] { return !kiosk.server.posted("/api/v1/status").empty() && kiosk.counted_three_cafe_visitors(); }, std::chrono::seconds(10)))
        << "the first heartbeat and the counts did not arrive";
    auto beat = kiosk.server.posted("/api/v1/status").front();
    EXPECT_EQ(beat.authorization, "Bearer " + kiosk.server.token);
    auto status = nlohmann::json::parse(beat.body);
    // Everything the issue asks a heartbeat to carry, in the names the server takes.
    EXPECT_EQ(status["content_version"], 2);
    EXPECT_EQ(status["app_version"], "9.8.7");
    EXPECT_EQ(status["last_error"], "");
    EXPECT_GT(status["last_sync_at"].get<std::int64_t>(), 0);
    EXPECT_GE(status["uptime_seconds"].get<std::int64_t>(), 0);
    EXPECT_GT(status["free_disk_bytes"].get<std::int64_t>(), 0);
}

TEST(SyncWorker, AScreenshotDoesNotHoldBackTheCounts)
{
    PairedWorker kiosk("screenshot");
    kiosk.count_three_cafe_visitors();
    std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'x');
    kiosk.start(png);
    ASSERT_TRUE(eventually([&] { return !kiosk.server.posted("/api/v1/status").empty() && kiosk.counted_three_cafe_visitors(); }, std::chrono::seconds(10)))
        << "the counts must ride with a heartbeat that carries a screenshot too";
    auto beat = kiosk.server.posted("/api/v1/status").front();
    EXPECT_EQ(beat.parts["screenshot"], png);
    auto status = nlohmann::json::parse(beat.parts["status"]);
    EXPECT_EQ(status["content_version"], 2);
    EXPECT_TRUE(status.contains("uptime_seconds"));
}
