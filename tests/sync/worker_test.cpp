// The worker thread: one log line per distinct failure, recovery, and a change callback.
#include "fault_server.h"

#include "kiosk/store/content_store.h"
#include "kiosk/sync/worker.h"

#include <gtest/gtest.h>

#include <atomic>
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
    std::string dir = (std::filesystem::temp_directory_path() / ("coi-worker-" + std::to_string(::getpid()))).string();
    std::filesystem::remove_all(dir);
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
    std::filesystem::remove_all(dir);
}

TEST(SyncWorker, StopsPromptlyWhileWaiting)
{
    std::string dir = (std::filesystem::temp_directory_path() / ("coi-worker-stop-" + std::to_string(::getpid()))).string();
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
    std::filesystem::remove_all(dir);
}
