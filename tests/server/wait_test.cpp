// "Version N is out": GET /api/v1/wait holds a screen until its site has a newer version,
// within a bounded share of the server's threads, and a save reaches nchan's publisher
// when nginx + nchan hold the screens instead (content/server/update_notifier.h).
#include "content/server/update_notifier.h"
#include "server_fixture.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <future>

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

nlohmann::json notice(const std::string& id) { return {{"id", id}, {"title", "Boiler fixed"}, {"body", "Warm again."}}; }

} // namespace

class WaitTest : public ServerTest {
protected:
    void SetUp() override
    {
        // Long enough that a wait which missed the save ends well after it, with no news.
        m_config.wait_seconds = 10;
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        m_token = pair_screen("ashby", "reception");
    }
    std::int64_t version() { return m_repository->content_version("ashby").value_or(0); }
    Reply wait_since(std::int64_t since) { return client().get("/api/v1/wait?since=" + std::to_string(since), bearer(m_token)); }
    std::string m_token;
};

TEST_F(WaitTest, TheFeedTellsTheScreenToWaitAtKioskContentItself)
{
    auto feed = client().get("/api/v1/feed", bearer(m_token));
    ASSERT_EQ(feed.status, 200);
    EXPECT_EQ(feed.header("x-notify"), "/api/v1/wait");
}

TEST_F(WaitTest, AScreenBehindTheSiteIsAnsweredAtOnceWithTheVersion)
{
    auto reply = wait_since(0);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["version"], version());
    EXPECT_EQ(reply.json()["held"], true);
}

TEST_F(WaitTest, AWaitingScreenHearsOfASaveToItsSite)
{
    auto before = version();
    auto waiting = std::async(std::launch::async, [&] { return wait_since(before); });
    // Saved once the wait is held (else the save would be "news already" and prove nothing).
    ASSERT_EQ(waiting.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout) << "answered with no news";
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/notices", notice("boiler")).status, 201);
    auto reply = waiting.get();
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_GT(reply.json()["version"].get<std::int64_t>(), before);
    EXPECT_EQ(reply.json()["version"], version());
}

TEST_F(WaitTest, ASaveToAnotherSiteLeavesTheScreenWaiting)
{
    ASSERT_TRUE(m_repository->create_site(site_json("brook", "Brook Hall")).ok());
    auto before = version();
    auto waiting = std::async(std::launch::async, [&] { return wait_since(before); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_EQ(admin().post("/api/admin/sites/brook/notices", notice("other")).status, 201);
    // Still held after the other site's save: answered only by its own site's news.
    EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/notices", notice("ours")).status, 201);
    auto reply = waiting.get();
    EXPECT_EQ(reply.json()["version"], version());
}

TEST_F(WaitTest, AWaitOverTheLimitIsAnsweredAtOnceNotHeldSoPollsKeepTheirThreads)
{
    // 4 threads: screens may have 3 requests under way, so 1 may be held.
    ASSERT_EQ(m_server->waiter_limit(), 1u);
    auto before = version();
    auto held = std::async(std::launch::async, [&] { return wait_since(before); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto over = wait_since(before);
    ASSERT_EQ(over.status, 200) << over.body;
    EXPECT_EQ(over.json()["held"], false);
    EXPECT_EQ(over.json()["version"], before);
    // And a poll still goes through while one is held.
    EXPECT_EQ(client().get("/api/v1/feed", bearer(m_token)).status, 200);
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/notices", notice("release")).status, 201);
    EXPECT_EQ(held.get().json()["held"], true);
}

TEST_F(WaitTest, OnlyAPairedScreenMayWaitAndSinceMustBeAVersion)
{
    EXPECT_EQ(client().get("/api/v1/wait?since=1").status, 401);
    EXPECT_EQ(client().get("/api/v1/wait?since=1", bearer(std::string(64, 'a'))).status, 401);
    EXPECT_EQ(wait_since(-1).status, 400);
    EXPECT_EQ(client().get("/api/v1/wait?since=12x", bearer(m_token)).status, 400);
    EXPECT_EQ(client().get("/api/v1/wait?since=99999999999999999999999", bearer(m_token)).status, 400);
}

TEST_F(WaitTest, StoppingTheServerLetsAHeldScreenGo)
{
    auto before = version();
    auto held = std::async(std::launch::async, [&] { return wait_since(before); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    m_server->stop(); // would otherwise wait for the held request's 10 s
    EXPECT_EQ(held.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

// With nginx + nchan in front: the feed says where to subscribe, and a save is posted to
// nchan's publisher location as {"version":N}, here a stand-in that records what it gets.
class NchanTest : public ServerTest {
protected:
    void SetUp() override
    {
        m_nchan.Post(R"(/notify/pub/([a-z0-9/-]+))", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(m_mutex);
            m_posts.push_back({req.matches[1], req.body});
            res.status = 202;
        });
        m_nchan_port = m_nchan.bind_to_any_port("127.0.0.1");
        m_nchan_thread = std::thread([this] { m_nchan.listen_after_bind(); });
        m_config.nchan_publish_url = "http://127.0.0.1:" + std::to_string(m_nchan_port) + "/notify/pub/";
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
    }
    void TearDown() override
    {
        ServerTest::TearDown();
        m_nchan.stop();
        if (m_nchan_thread.joinable())
            m_nchan_thread.join();
    }
    std::vector<std::pair<std::string, std::string>> posts()
    {
        std::lock_guard lock(m_mutex);
        return m_posts;
    }
    httplib::Server m_nchan;
    int m_nchan_port = 0;
    std::thread m_nchan_thread;
    std::mutex m_mutex;
    std::vector<std::pair<std::string, std::string>> m_posts;
};

TEST_F(NchanTest, TheFeedTellsTheScreenToSubscribeToItsSitesChannelAndItsOwn)
{
    auto token = pair_screen("ashby", "reception");
    auto screen = m_repository->screens().front().id;
    auto feed = client().get("/api/v1/feed", bearer(token));
    ASSERT_EQ(feed.status, 200);
    EXPECT_EQ(feed.header("x-notify"), "/notify/sub/ashby/" + std::to_string(screen));
}

TEST_F(NchanTest, AnActionIsPublishedToTheScreensChannelAsItsIdOnly)
{
    pair_screen("ashby", "reception");
    auto screen = m_repository->screens().front().id;
    m_server->start_background_jobs();
    auto asked = admin().post("/api/admin/screens/" + std::to_string(screen) + "/actions", {{"action", "identify"}});
    ASSERT_EQ(asked.status, 201) << asked.body;
    auto id = asked.json()["action"]["id"].get<std::int64_t>();
    auto channel = "screen/" + std::to_string(screen);
    auto expected = nlohmann::json{{"action_waiting", id}}.dump();
    auto told = [&] {
        auto got = posts();
        return std::count(got.begin(), got.end(), std::pair<std::string, std::string>{channel, expected});
    };
    for (int i = 0; i < 1000 && told() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(told(), 1) << "\"something is waiting for this screen\", once";
    // Told once: a later save does not tell the screen's channel again.
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/notices", notice("boiler")).status, 201);
    auto version = nlohmann::json{{"version", m_repository->content_version("ashby").value_or(0)}}.dump();
    for (int i = 0; i < 1000; ++i) {
        auto got = posts();
        if (std::count(got.begin(), got.end(), std::pair<std::string, std::string>{"ashby", version}) > 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(told(), 1);
    for (auto& [where, body] : posts())
        EXPECT_EQ(body.find("identify"), std::string::npos) << "a notification never says what was asked";
}

TEST_F(NchanTest, ASaveIsPublishedAsItsVersionOnlyNeverContent)
{
    m_server->start_background_jobs();
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/notices", notice("boiler")).status, 201);
    auto version = m_repository->content_version("ashby").value_or(0);
    auto expected = nlohmann::json{{"version", version}}.dump();
    for (int i = 0; i < 1000; ++i) {
        auto got = posts();
        if (std::any_of(got.begin(), got.end(), [&](auto& p) { return p.first == "ashby" && p.second == expected; }))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto got = posts();
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), (std::pair<std::string, std::string>{"ashby", expected}));
    for (auto& [site, body] : got)
        EXPECT_EQ(body.find("Boiler"), std::string::npos) << "a notification carries no content";
}

TEST(VersionWaiters, AreHeldUpToTheirLimitAndLetGoOnStop)
{
    VersionWaiters waiters(1);
    std::atomic<bool> news = false;
    auto first = std::async(std::launch::async, [&] { return waiters.wait([&] { return news.load(); }, std::chrono::seconds(30)); });
    while (waiters.held() == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(waiters.wait([] { return false; }, std::chrono::seconds(30)), VersionWaiters::Held::NotHeld);
    news = true;
    waiters.saved();
    EXPECT_EQ(first.get(), VersionWaiters::Held::News);
    auto second = std::async(std::launch::async, [&] { return waiters.wait([] { return false; }, std::chrono::seconds(30)); });
    while (waiters.held() == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    waiters.stop();
    EXPECT_EQ(second.get(), VersionWaiters::Held::TimedOut);
    EXPECT_EQ(waiters.wait([] { return true; }, std::chrono::seconds(30)), VersionWaiters::Held::NotHeld);
}

TEST(VersionWaiters, TakeHalfTheScreensShareOfThePool)
{
    EXPECT_EQ(waiter_limit_for(connection_limits_for(16, true).max_screen_requests), 6u);
    EXPECT_EQ(waiter_limit_for(connection_limits_for(4, true).max_screen_requests), 1u);
    EXPECT_EQ(waiter_limit_for(1), 1u);
}
