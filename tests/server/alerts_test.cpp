// Screens that ask for help, through the real server: a building's limit and webhook set
// through the admin API, heartbeats and polls from a paired screen, and the checker
// (content/server/alerts.h) telling each problem once when it starts and once when it
// clears, to the right people, across a restart too.
#include "content/server/alerts.h"
#include "server_fixture.h"

#include <atomic>
#include <mutex>

using namespace coi::server;
using namespace coi::server::test;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kMonday9 = 1796634000; // Monday 7 December 2026, 09:00 in London; the test site opens Mondays 09-17
std::atomic<std::int64_t> g_now{kMonday9};
std::int64_t test_clock() { return g_now.load(); }

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

struct Sent {
    std::string to; // "mail:a,b" or the webhook's URL
    OutboundMessage message;
};

} // namespace

class AlertsTest : public ServerTest {
protected:
    void SetUp() override
    {
        g_now = kMonday9;
        ServerTest::SetUp();
        m_repository->set_clock(&test_clock);
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        ASSERT_TRUE(m_repository->create_site(site_json("bolton", "Bolton Road")).ok());
        m_token = pair_screen("ashby", "reception");
        m_screen = m_repository->screens().front().id;
        m_outbound = std::make_unique<Outbound>(MailSettings{"smtp://127.0.0.1:1", "screens@example.org", "", ""}, Outbound::Options{200, 1, 1ms},
            Outbound::Senders{[this](const MailSettings&, const OutboundMessage& m) { return keep("mail:" + join(m.to), m); },
                [this](const std::string& url, const OutboundMessage& m) { return keep(url, m); }});
    }
    void TearDown() override
    {
        m_outbound.reset();
        ServerTest::TearDown();
    }
    Done keep(const std::string& to, const OutboundMessage& message)
    {
        std::lock_guard lock(m_mutex);
        m_sent.push_back({to, message});
        return done();
    }
    static std::string join(const std::vector<std::string>& list)
    {
        std::string out;
        for (auto& item : list)
            out += (out.empty() ? "" : ",") + item;
        return out;
    }
    std::vector<Sent> sent()
    {
        EXPECT_TRUE(m_outbound->wait_until_idle(10s));
        std::lock_guard lock(m_mutex);
        return m_sent;
    }
    AlertChecker::Told check() { return AlertChecker(*m_repository, *m_outbound, "https://signs.example.org/admin/#/screens", 1h).check_now(); }
    void poll() { ASSERT_EQ(client().get("/api/v1/feed", bearer(m_token)).status, 200); }
    Reply heartbeat(const nlohmann::json& body) { return client().request("POST", "/api/v1/status", body.dump(), "application/json", bearer(m_token)); }
    nlohmann::json card_problems() { return admin().get("/api/admin/screens").json()["screens"][0]["problems"]; }

    std::string m_token;
    std::int64_t m_screen = 0;
    std::unique_ptr<Outbound> m_outbound;
    std::mutex m_mutex;
    std::vector<Sent> m_sent;
};

TEST_F(AlertsTest, ASilentScreenIsToldOnceWhenItStartsAndOnceWhenItClears)
{
    auto a = admin();
    ASSERT_EQ(a.put("/api/admin/sites/ashby/alerts", {{"silent_minutes", 10}, {"webhook_url", "http://127.0.0.1:9/ashby-screens"}}).status, 200);
    poll();
    g_now += 9 * 60;
    EXPECT_EQ(check().started, 0);
    g_now += 2 * 60; // 11 minutes of opening hours without a word
    EXPECT_EQ(check().started, 1);
    EXPECT_EQ(check().started, 0); // looked at again: not told again
    EXPECT_EQ(check().started, 0); // nor after a restart (a new checker over the same database)
    auto told = sent();
    ASSERT_EQ(told.size(), 1u); // no coordinator has an address yet: the webhook alone
    EXPECT_EQ(told[0].to, "http://127.0.0.1:9/ashby-screens");
    EXPECT_EQ(told[0].message.subject, "Ashby Hill: screen \"reception screen\" has gone silent") << told[0].message.subject;
    EXPECT_NE(told[0].message.body.find("silent for 11 minutes"), std::string::npos) << told[0].message.body;
    EXPECT_NE(told[0].message.body.find("https://signs.example.org/admin/#/screens"), std::string::npos);

    auto shown = card_problems();
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0]["kind"], "silent");
    EXPECT_EQ(shown[0]["since"], g_now.load());

    poll(); // it is back
    auto cleared = check();
    EXPECT_EQ(cleared.cleared, 1);
    EXPECT_EQ(check().cleared, 0);
    told = sent();
    ASSERT_EQ(told.size(), 2u);
    EXPECT_EQ(told[1].message.subject, "Ashby Hill: screen \"reception screen\" is back in touch");
    EXPECT_TRUE(card_problems().empty());
}

TEST_F(AlertsTest, EmailGoesToTheBuildingsCoordinatorsAndAdminsWithAnAddress)
{
    auto a = admin();
    auto users = a.get("/api/admin/users").json()["users"];
    auto admin_id = users[0]["id"].get<std::int64_t>();
    ASSERT_EQ(a.put("/api/admin/users/" + std::to_string(admin_id), {{"role", "admin"}, {"email", "admin@example.org"}}).status, 200);
    ASSERT_EQ(a.post("/api/admin/users",
                   {{"name", "ann"}, {"password", "a long enough password"}, {"role", "coordinator"}, {"sites", {"ashby"}}, {"email", "ann@example.org"}})
                  .status,
        201);
    ASSERT_EQ(a.post("/api/admin/users",
                   {{"name", "bob"}, {"password", "a long enough password"}, {"role", "coordinator"}, {"sites", {"bolton"}}, {"email", "bob@example.org"}})
                  .status,
        201);
    ASSERT_EQ(a.post("/api/admin/users",
                   {{"name", "cafe"}, {"password", "a long enough password"}, {"role", "cafe"}, {"sites", {"ashby"}}, {"email", "cafe@example.org"}})
                  .status,
        201);
    g_now += 20 * 60;
    EXPECT_EQ(check().started, 1);
    auto told = sent();
    ASSERT_EQ(told.size(), 1u); // one email to all, and no webhook (none set)
    EXPECT_EQ(told[0].to, "mail:admin@example.org,ann@example.org");
}

TEST_F(AlertsTest, TheSameErrorInThreeHeartbeatsIsToldAndClearsWhenItStops)
{
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(heartbeat({{"last_error", "the feed's signature does not match"}}).status, 200);
    EXPECT_EQ(check().started, 0);
    ASSERT_EQ(heartbeat({{"last_error", "the feed's signature does not match"}}).status, 200);
    EXPECT_EQ(check().started, 1);
    EXPECT_EQ(card_problems()[0]["kind"], "repeating_error");
    ASSERT_EQ(heartbeat({{"last_error", "something else"}}).status, 200); // a different error starts the count again
    EXPECT_EQ(check().cleared, 1);
    ASSERT_EQ(heartbeat({{"last_error", ""}}).status, 200);
    EXPECT_EQ(check().started, 0);
}

TEST_F(AlertsTest, LowDiskFromTheHeartbeatIsTold)
{
    ASSERT_EQ(heartbeat({{"free_disk_bytes", 20 * 1024 * 1024}}).status, 200);
    EXPECT_EQ(check().started, 1);
    auto shown = card_problems();
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0]["kind"], "low_disk");
    EXPECT_NE(shown[0]["words"].get<std::string>().find("20 MB free"), std::string::npos);
}

TEST_F(AlertsTest, ARemovedScreensProblemsEndWithoutAWord)
{
    g_now += 20 * 60;
    ASSERT_EQ(check().started, 1);
    ASSERT_EQ(admin().post("/api/admin/screens/" + std::to_string(m_screen) + "/revoke", nlohmann::json::object()).status, 200);
    EXPECT_EQ(check().cleared, 0);
    EXPECT_TRUE(m_repository->open_problems().empty());
}

TEST_F(AlertsTest, TheBuildingsSettingsAreCheckedAndKeptToItsPeople)
{
    auto a = admin();
    auto got = a.get("/api/admin/sites/ashby/alerts");
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.json()["alerts"]["silent_minutes"], kDefaultSilentMinutes);
    EXPECT_EQ(got.json()["alerts"]["webhook_url"], "");
    EXPECT_EQ(a.put("/api/admin/sites/ashby/alerts", {{"silent_minutes", 0}}).status, 400);
    EXPECT_EQ(a.put("/api/admin/sites/ashby/alerts", {{"silent_minutes", 15}, {"webhook_url", "file:///etc/passwd"}}).status, 400);
    EXPECT_EQ(a.put("/api/admin/sites/ashby/alerts", {{"silent_minutes", 15}, {"webhook", "https://ntfy.sh/x"}}).status, 400);
    EXPECT_EQ(a.put("/api/admin/sites/nowhere/alerts", {{"silent_minutes", 15}}).status, 404);
    auto bob = signed_in("bob", Role::Coordinator, {"bolton"});
    EXPECT_EQ(bob.get("/api/admin/sites/ashby/alerts").status, 403); // a webhook address is as good as a password
    EXPECT_EQ(bob.put("/api/admin/sites/ashby/alerts", {{"silent_minutes", 30}}).status, 403);
    auto ann = signed_in("ann", Role::Coordinator, {"ashby"});
    ASSERT_EQ(ann.put("/api/admin/sites/ashby/alerts", {{"silent_minutes", 30}, {"webhook_url", "https://ntfy.sh/ashby"}}).status, 200);
    EXPECT_EQ(a.get("/api/admin/sites/ashby/alerts").json()["alerts"]["silent_minutes"], 30);
}

TEST_F(AlertsTest, AnAccountsEmailIsCheckedAndCanBeRemoved)
{
    auto a = admin();
    auto bad = a.post("/api/admin/users",
        {{"name", "eve"}, {"password", "a long enough password"}, {"role", "coordinator"}, {"sites", {"ashby"}},
            {"email", "eve@example.org\r\nBcc: all@example.org"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("email"), std::string::npos) << bad.body;
    EXPECT_EQ(a.get("/api/admin/users").json()["users"].size(), 1u); // refused before the account was made
    auto made = a.post("/api/admin/users",
        {{"name", "ann"}, {"password", "a long enough password"}, {"role", "coordinator"}, {"sites", {"ashby"}}, {"email", "ann@example.org"}});
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(made.json()["user"]["email"], "ann@example.org");
    auto id = std::to_string(made.json()["user"]["id"].get<std::int64_t>());
    ASSERT_EQ(a.put("/api/admin/users/" + id, {{"role", "coordinator"}, {"sites", {"ashby"}}}).status, 200); // no "email": kept
    EXPECT_EQ(m_repository->alert_emails("ashby"), std::vector<std::string>{"ann@example.org"});
    ASSERT_EQ(a.put("/api/admin/users/" + id, {{"role", "coordinator"}, {"sites", {"ashby"}}, {"email", ""}}).status, 200);
    EXPECT_TRUE(m_repository->alert_emails("ashby").empty());
}
