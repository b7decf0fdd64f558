// The screen's side of "version N is out": one held request at the place the server named,
// news only when the version is newer than the screen's, no spinning when the server will
// not hold it, and stop() ends even a request in flight.
#include "kiosk/sync/update_listener.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace coi::sync;

TEST(WaitAnswer, IsAVersionAndWhetherTheServerHeldTheRequest)
{
    auto answer = parse_wait_answer(R"({"version":12,"held":true})");
    EXPECT_EQ(answer.version, 12);
    EXPECT_TRUE(answer.held);
    EXPECT_FALSE(parse_wait_answer(R"({"version":12,"held":false})").held);
    EXPECT_EQ(parse_wait_answer(R"({"version":3})").version, 3); // nchan relays what was published
    EXPECT_FALSE(parse_wait_answer("").version);
    EXPECT_FALSE(parse_wait_answer("<html>captive portal</html>").version);
    EXPECT_FALSE(parse_wait_answer(R"({"version":"12"})").version);
    EXPECT_FALSE(parse_wait_answer(R"({"version":-1})").version);
}

TEST(WaitAnswer, CarriesTheRemoteActionsPendingForTheScreen)
{
    auto answer = parse_wait_answer(
        R"({"version":12,"held":true,"actions":[{"id":4,"action":"identify","asked_at":1,"done_at":null,"screen_name":"Hall TV"},{"id":"5","action":"restart"},{"id":6}]})");
    // Only well-formed ones: an id that is not a number, or no action, is left out.
    ASSERT_EQ(answer.actions.size(), 1u);
    EXPECT_EQ(answer.actions[0], (RemoteAction{4, "identify", "Hall TV"}));
    EXPECT_TRUE(parse_wait_answer(R"({"version":12})").actions.empty());
}

TEST(WaitAnswer, FromAScreensNchanChannelSaysOnlyThatAnActionIsWaiting)
{
    auto answer = parse_wait_answer(R"({"action_waiting":9})");
    EXPECT_EQ(answer.action_waiting, 9);
    EXPECT_FALSE(answer.version);
    EXPECT_TRUE(answer.actions.empty());
    EXPECT_FALSE(parse_wait_answer(R"({"action_waiting":0})").action_waiting);
    EXPECT_FALSE(parse_wait_answer(R"({"action_waiting":"9"})").action_waiting);
}

TEST(NotifyPath, OnlyAPlainPathOnTheSameServerIsFollowed)
{
    EXPECT_TRUE(usable_notify_path("/api/v1/wait"));
    EXPECT_TRUE(usable_notify_path("/notify/sub/ashby-hill"));
    EXPECT_FALSE(usable_notify_path(""));
    EXPECT_FALSE(usable_notify_path("http://elsewhere.example/wait"));
    EXPECT_FALSE(usable_notify_path("//elsewhere.example/wait"));
    EXPECT_FALSE(usable_notify_path("/wait?x=1"));
    EXPECT_FALSE(usable_notify_path("/wait\r\nX-Evil: 1"));
    EXPECT_FALSE(usable_notify_path("/" + std::string(300, 'a')));
}

namespace {

// A stand-in for kiosk-content's GET /api/v1/wait: records each request, and answers with
// whatever `answer` says once `release` is set (or at once when `hold` is false).
struct WaitServer {
    httplib::Server server;
    int port = 0;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable cv;
    bool release = false; // lets the one held request go
    bool closing = false; // lets every held request go
    bool hold = true;
    std::string answer = R"({"version":7,"held":true})";
    std::vector<httplib::Request> seen;
    std::string actions = R"({"actions":[]})";
    std::vector<httplib::Request> actions_seen;

    WaitServer()
    {
        auto wait = [this](const httplib::Request& req, httplib::Response& res) {
            std::unique_lock lock(mutex);
            seen.push_back(req);
            cv.notify_all();
            if (hold)
                cv.wait_for(lock, std::chrono::seconds(30), [this] { return release || closing; });
            release = false;
            res.set_header("Last-Modified", "Mon, 07 Dec 2026 10:00:00 GMT");
            res.set_header("Etag", "3");
            res.set_content(answer, "application/json");
        };
        server.Get("/api/v1/wait", wait);
        server.Get("/notify/sub/ashby/5", wait); // as nginx + nchan would hold it
        // kiosk-content's GET /api/v1/actions: at once, whatever `actions` says.
        server.Get("/api/v1/actions", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            actions_seen.push_back(req);
            res.set_content(actions, "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
    }
    ~WaitServer()
    {
        {
            std::lock_guard lock(mutex);
            closing = true;
        }
        cv.notify_all();
        server.stop();
        thread.join();
    }
    std::size_t requests_seen()
    {
        std::lock_guard lock(mutex);
        return seen.size();
    }
    bool until_requests(std::size_t n)
    {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen.size() >= n; });
    }
    void answer_now()
    {
        {
            std::lock_guard lock(mutex);
            release = true;
        }
        cv.notify_all();
    }
    ListenTarget target(std::int64_t version, int fallback = 60)
    {
        return ListenTarget{"http://127.0.0.1:" + std::to_string(port) + "/api/v1/wait", "tok", version, fallback, HttpPolicy::LoopbackOnly, {}, {}};
    }
};

} // namespace

TEST(UpdateListener, AsksWithTheScreensVersionAndTokenAndReportsANewerOne)
{
    WaitServer server;
    std::promise<std::int64_t> heard;
    std::atomic<int> calls = 0;
    UpdateListener listener([&](std::int64_t version) { if (calls++ == 0) heard.set_value(version); }, {});
    listener.start();
    listener.listen(server.target(5));
    ASSERT_TRUE(server.until_requests(1));
    EXPECT_EQ(server.seen[0].get_param_value("since"), "5");
    EXPECT_EQ(server.seen[0].get_header_value("Authorization"), "Bearer tok");
    server.answer_now();
    auto future = heard.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(future.get(), 7);
    // The next wait asks about what it heard, and carries nchan's place in the channel.
    ASSERT_TRUE(server.until_requests(2));
    EXPECT_EQ(server.seen[1].get_param_value("since"), "7");
    EXPECT_EQ(server.seen[1].get_header_value("If-Modified-Since"), "Mon, 07 Dec 2026 10:00:00 GMT");
    EXPECT_EQ(server.seen[1].get_header_value("If-None-Match"), "3");
    listener.stop();
}

TEST(UpdateListener, AVersionTheScreenHasAlreadyIsNoNews)
{
    WaitServer server;
    server.answer = R"({"version":7,"held":true})";
    std::atomic<int> calls = 0;
    UpdateListener listener([&](std::int64_t) { ++calls; }, {});
    listener.start();
    listener.listen(server.target(7));
    ASSERT_TRUE(server.until_requests(1));
    server.answer_now();
    ASSERT_TRUE(server.until_requests(2)); // it asked again: the answer was taken, and was no news
    listener.stop();
    EXPECT_EQ(calls, 0);
}

TEST(UpdateListener, ANewPairingForgetsTheVersionsHeardOfUnderTheOldOne)
{
    // A server rebuilt from scratch counts from 1 again: version 7 heard of before must not
    // make the screen deaf to versions 3, 4 ... of its new pairing.
    WaitServer server;
    UpdateListener listener([](std::int64_t) {}, {});
    listener.start();
    listener.listen(server.target(5));
    ASSERT_TRUE(server.until_requests(1));
    server.answer_now(); // version 7: news
    ASSERT_TRUE(server.until_requests(2));
    auto repaired = server.target(2);
    repaired.token = "new-token";
    listener.listen(repaired);
    ASSERT_TRUE(server.until_requests(3));
    {
        std::lock_guard lock(server.mutex);
        EXPECT_EQ(server.seen[2].get_param_value("since"), "2");
        EXPECT_EQ(server.seen[2].get_header_value("Authorization"), "Bearer new-token");
        EXPECT_EQ(server.seen[2].get_header_value("If-None-Match"), "");
    }
    listener.stop();
}

TEST(UpdateListener, StopEndsAWaitInFlight)
{
    WaitServer server; // holds every request for 30 s
    UpdateListener listener([](std::int64_t) {}, {});
    listener.start();
    listener.listen(server.target(1));
    ASSERT_TRUE(server.until_requests(1));
    auto stopped = std::async(std::launch::async, [&] { listener.stop(); });
    EXPECT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(UpdateListener, AServerThatWillNotHoldItIsAskedAgainOnlyAfterAPollInterval)
{
    WaitServer server;
    server.hold = false;
    server.answer = R"({"version":4,"held":false})";
    UpdateListener listener([](std::int64_t) {}, {});
    listener.start();
    listener.listen(server.target(4, 3600));
    ASSERT_TRUE(server.until_requests(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(server.requests_seen(), 1u) << "asked again at once: the refused screen would spin";
    listener.stop();
}

TEST(UpdateListener, TwoQuickAnswersWithNoNewsInARowMeanFallBackToPolling)
{
    WaitServer server;
    server.hold = false; // an answer at once, every time, that is no news (a misconfigured proxy)
    server.answer = R"({"version":4})";
    UpdateListener listener([](std::int64_t) {}, {});
    listener.start();
    listener.listen(server.target(4, 3600));
    ASSERT_TRUE(server.until_requests(2));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(server.requests_seen(), 2u);
    listener.stop();
}

TEST(UpdateListener, ListensNowhereUntilTold)
{
    WaitServer server;
    UpdateListener listener([](std::int64_t) {}, {});
    listener.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(server.requests_seen(), 0u);
    listener.stop();
}

TEST(UpdateListener, HandsOnEachRemoteActionOnceAndAsksOnlyForNewerOnes)
{
    WaitServer server;
    server.answer = R"({"version":5,"held":true,"actions":[{"id":9,"action":"identify"}]})";
    std::mutex mutex;
    std::vector<RemoteAction> heard;
    std::atomic<int> news = 0;
    UpdateListener listener([&](std::int64_t) { ++news; }, {});
    listener.on_actions([&](std::vector<RemoteAction> actions) {
        std::lock_guard lock(mutex);
        heard.insert(heard.end(), actions.begin(), actions.end());
    });
    listener.start();
    listener.listen(server.target(5));
    ASSERT_TRUE(server.until_requests(1));
    EXPECT_EQ(server.seen[0].get_param_value("actions_after"), "0");
    server.answer_now();
    // The next wait says it has action 9: kiosk-content then holds it until a newer one.
    ASSERT_TRUE(server.until_requests(2));
    EXPECT_EQ(server.seen[1].get_param_value("actions_after"), "9");
    server.answer_now(); // the same action again (still pending): not handed on twice
    ASSERT_TRUE(server.until_requests(3));
    listener.stop();
    std::lock_guard lock(mutex);
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0], (RemoteAction{9, "identify", ""}));
    EXPECT_EQ(news, 0); // version 5 is the screen's own: no news
}

TEST(UpdateListener, DoesNotAskForActionsWhenNobodyTakesThem)
{
    WaitServer server;
    UpdateListener listener([](std::int64_t) {}, {});
    listener.start();
    listener.listen(server.target(5));
    ASSERT_TRUE(server.until_requests(1));
    EXPECT_FALSE(server.seen[0].has_param("actions_after"));
    listener.stop();
}

TEST(UpdateListener, FetchesAnActionTheNchanChannelSaysIsWaitingWithItsToken)
{
    WaitServer server;
    server.hold = false;
    server.answer = R"({"action_waiting":9})"; // all nchan relays: something is waiting
    server.actions = R"({"actions":[{"id":9,"action":"identify","screen_name":"Hall TV"}]})";
    std::mutex mutex;
    std::condition_variable heard_cv;
    std::vector<RemoteAction> heard;
    UpdateListener listener([](std::int64_t) {}, {});
    listener.on_actions([&](std::vector<RemoteAction> actions) {
        std::lock_guard lock(mutex);
        heard.insert(heard.end(), actions.begin(), actions.end());
        heard_cv.notify_all();
    });
    listener.start();
    auto base = "http://127.0.0.1:" + std::to_string(server.port);
    listener.listen(ListenTarget{base + "/notify/sub/ashby/5", "tok", 5, 60, HttpPolicy::LoopbackOnly, {}, base + "/api/v1/actions"});
    {
        std::unique_lock lock(mutex);
        ASSERT_TRUE(heard_cv.wait_for(lock, std::chrono::seconds(10), [&] { return !heard.empty(); }));
    }
    // The same notice again (nchan's last message to a new subscriber) is not fetched again.
    ASSERT_TRUE(server.until_requests(2));
    listener.stop();
    std::lock_guard lock(mutex);
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0], (RemoteAction{9, "identify", "Hall TV"}));
    std::lock_guard server_lock(server.mutex);
    ASSERT_EQ(server.actions_seen.size(), 1u);
    EXPECT_EQ(server.actions_seen[0].get_header_value("Authorization"), "Bearer tok");
    EXPECT_EQ(server.actions_seen[0].get_param_value("after"), "0");
    EXPECT_FALSE(server.seen[0].has_param("actions_after")) << "nchan's channel is not asked for actions";
}
