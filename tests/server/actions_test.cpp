// Remote actions: a coordinator asks a screen to refresh, send a screenshot, show its name
// or restart; the screen's held wait answers at once with the action, and its next
// heartbeat confirms it done (content/server/API.md, "Remote actions").
#include "server_fixture.h"

#include <atomic>
#include <future>

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::atomic<std::int64_t> g_now{1'800'000'000};
std::int64_t test_clock() { return g_now.load(); }

} // namespace

class ActionsTest : public ServerTest {
protected:
    void SetUp() override
    {
        // Long enough that a wait which missed the action ends well after it.
        m_config.wait_seconds = 10;
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        ASSERT_TRUE(m_repository->create_site(site_json("bolton", "Bolton Road")).ok());
        m_token = pair_screen("ashby", "reception");
        m_screen = m_repository->screens().front().id;
    }
    std::string actions_path() const { return "/api/admin/screens/" + std::to_string(m_screen) + "/actions"; }
    Reply wait(std::int64_t actions_after)
    {
        auto version = m_repository->content_version("ashby").value_or(0);
        return client().get("/api/v1/wait?since=" + std::to_string(version) + "&actions_after=" + std::to_string(actions_after), bearer(m_token));
    }
    Reply heartbeat(const nlohmann::json& body) { return status_from(m_token, body); }
    Reply status_from(const std::string& token, const nlohmann::json& body)
    {
        return client().request("POST", "/api/v1/status", body.dump(), "application/json", bearer(token));
    }
    nlohmann::json card_actions() { return admin().get("/api/admin/screens").json()["screens"][0]["actions"]; }
    std::string m_token;
    std::int64_t m_screen = 0;
};

TEST_F(ActionsTest, EachActionIsStoredWithAnIdAndTheTimeItWasAsked)
{
    auto a = admin();
    for (const char* action : {"refresh", "screenshot", "identify", "restart"}) {
        auto reply = a.post(actions_path(), {{"action", action}});
        ASSERT_EQ(reply.status, 201) << reply.body;
        EXPECT_EQ(reply.json()["action"]["action"], action);
        EXPECT_GT(reply.json()["action"]["id"].get<std::int64_t>(), 0);
        EXPECT_TRUE(reply.json()["action"]["done_at"].is_null());
    }
    auto shown = card_actions();
    ASSERT_EQ(shown.size(), 4u);
    EXPECT_EQ(shown[0]["action"], "restart"); // newest first
}

TEST_F(ActionsTest, AnUnknownActionOrFieldIsRefused)
{
    auto a = admin();
    EXPECT_EQ(a.post(actions_path(), {{"action", "reboot"}}).status, 400);
    EXPECT_EQ(a.post(actions_path(), {{"action", "refresh"}, {"when", "now"}}).status, 400);
    EXPECT_EQ(a.post(actions_path(), nlohmann::json::object()).status, 400);
    EXPECT_EQ(a.post("/api/admin/screens/999/actions", {{"action", "refresh"}}).status, 404);
    EXPECT_TRUE(card_actions().empty());
}

TEST_F(ActionsTest, ARemovedScreenCannotBeAsked)
{
    auto a = admin();
    ASSERT_EQ(a.post("/api/admin/screens/" + std::to_string(m_screen) + "/revoke", nlohmann::json::object()).status, 200);
    EXPECT_EQ(a.post(actions_path(), {{"action", "identify"}}).status, 409);
}

TEST_F(ActionsTest, ACoordinatorOfTheSiteMayAskButNotOfAnotherSiteNorTheCafe)
{
    auto ours = signed_in("coord", Role::Coordinator, {"ashby"});
    EXPECT_EQ(ours.post(actions_path(), {{"action", "identify"}}).status, 201);
    auto theirs = signed_in("other", Role::Coordinator, {"bolton"});
    EXPECT_EQ(theirs.post(actions_path(), {{"action", "restart"}}).status, 403);
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    EXPECT_EQ(cafe.post(actions_path(), {{"action", "restart"}}).status, 403);
    EXPECT_EQ(client().post(actions_path(), {{"action", "restart"}}).status, 401);
    EXPECT_EQ(card_actions().size(), 1u); // only the coordinator's own
}

TEST_F(ActionsTest, AWaitingScreenIsAnsweredAtOnceWithTheAction)
{
    auto waiting = std::async(std::launch::async, [&] { return wait(0); });
    // Asked once the wait is held (else the action would be there already and prove nothing).
    ASSERT_EQ(waiting.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout) << "answered with no news";
    auto asked = admin().post(actions_path(), {{"action", "identify"}});
    ASSERT_EQ(asked.status, 201);
    // Well inside the 10 s the wait would otherwise be held for.
    ASSERT_EQ(waiting.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    auto reply = waiting.get();
    ASSERT_EQ(reply.status, 200) << reply.body;
    ASSERT_EQ(reply.json()["actions"].size(), 1u);
    EXPECT_EQ(reply.json()["actions"][0]["action"], "identify");
    EXPECT_EQ(reply.json()["actions"][0]["id"], asked.json()["action"]["id"]);
}

TEST_F(ActionsTest, AnActionAlreadySeenDoesNotAnswerTheNextWait)
{
    auto id = admin().post(actions_path(), {{"action", "refresh"}}).json()["action"]["id"].get<std::int64_t>();
    auto waiting = std::async(std::launch::async, [&] { return wait(id); });
    EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout) << "woken by an action it has";
    auto next = admin().post(actions_path(), {{"action", "screenshot"}}).json()["action"]["id"];
    auto reply = waiting.get();
    ASSERT_EQ(reply.json()["actions"].size(), 2u); // still pending: both, oldest first
    EXPECT_EQ(reply.json()["actions"][1]["id"], next);
}

TEST_F(ActionsTest, AnOlderScreenThatDoesNotAskForActionsIsNotWokenByThem)
{
    auto version = m_repository->content_version("ashby").value_or(0);
    auto waiting = std::async(std::launch::async, [&] { return client().get("/api/v1/wait?since=" + std::to_string(version), bearer(m_token)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_EQ(admin().post(actions_path(), {{"action", "restart"}}).status, 201);
    EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
    auto reply = waiting.get(); // at wait_seconds, with no news
    EXPECT_FALSE(reply.json().contains("actions"));
}

TEST_F(ActionsTest, AScreenFetchesItsPendingActionsAtOnceWithItsToken)
{
    auto first = admin().post(actions_path(), {{"action", "refresh"}}).json()["action"]["id"].get<std::int64_t>();
    auto second = admin().post(actions_path(), {{"action", "identify"}}).json()["action"]["id"].get<std::int64_t>();
    auto all = client().get("/api/v1/actions?after=0", bearer(m_token));
    ASSERT_EQ(all.status, 200) << all.body;
    ASSERT_EQ(all.json()["actions"].size(), 2u); // oldest first, each with the screen's name
    EXPECT_EQ(all.json()["actions"][0]["id"], first);
    EXPECT_EQ(all.json()["actions"][1]["action"], "identify");
    EXPECT_TRUE(all.json()["actions"][1].contains("screen_name"));
    auto newer = client().get("/api/v1/actions?after=" + std::to_string(first), bearer(m_token));
    ASSERT_EQ(newer.json()["actions"].size(), 1u);
    EXPECT_EQ(newer.json()["actions"][0]["id"], second);
}

TEST_F(ActionsTest, FetchingActionsNeedsTheScreensTokenAndAnActionId)
{
    auto other_token = pair_screen("ashby", "hall", "987654321");
    ASSERT_EQ(admin().post(actions_path(), {{"action", "restart"}}).status, 201);
    EXPECT_TRUE(client().get("/api/v1/actions", bearer(other_token)).json()["actions"].empty()) << "another screen's action";
    EXPECT_EQ(client().get("/api/v1/actions").status, 401);
    EXPECT_EQ(client().get("/api/v1/actions", bearer(std::string(64, 'a'))).status, 401);
    EXPECT_EQ(client().get("/api/v1/actions?after=-1", bearer(m_token)).status, 400);
    EXPECT_EQ(client().get("/api/v1/actions?after=1x", bearer(m_token)).status, 400);
}

TEST_F(ActionsTest, TheHeartbeatCarriesWhatIsPendingAndConfirmsWhatIsDone)
{
    auto id = admin().post(actions_path(), {{"action", "refresh"}}).json()["action"]["id"].get<std::int64_t>();
    auto first = heartbeat({{"content_version", 1}});
    ASSERT_EQ(first.status, 200) << first.body;
    ASSERT_EQ(first.json()["actions"].size(), 1u);
    EXPECT_EQ(first.json()["actions"][0]["id"], id);

    auto second = heartbeat({{"content_version", 1}, {"actions_done", {id}}});
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_TRUE(second.json()["actions"].empty());
    auto shown = card_actions();
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_FALSE(shown[0]["done_at"].is_null());
    EXPECT_GE(shown[0]["done_at"].get<std::int64_t>(), shown[0]["asked_at"].get<std::int64_t>());
}

TEST_F(ActionsTest, AScreenCannotConfirmAnotherScreensAction)
{
    auto other_token = pair_screen("ashby", "hall", "987654321");
    auto id = admin().post(actions_path(), {{"action", "restart"}}).json()["action"]["id"].get<std::int64_t>();
    auto reply = status_from(other_token, {{"actions_done", {id}}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_TRUE(card_actions()[0]["done_at"].is_null());
}

TEST_F(ActionsTest, ABadActionsDoneRefusesTheWholeHeartbeat)
{
    EXPECT_EQ(heartbeat({{"actions_done", "7"}}).status, 400);
    EXPECT_EQ(heartbeat({{"actions_done", {-1}}}).status, 400);
    EXPECT_EQ(heartbeat({{"actions_done", std::vector<int>(kMaxActionsDone + 1, 1)}}).status, 400);
    EXPECT_EQ(client().get("/api/v1/wait?since=0&actions_after=x", bearer(m_token)).status, 400);
}

TEST_F(ActionsTest, AnActionNotCollectedInTenMinutesLapses)
{
    m_repository->set_clock(&test_clock);
    ASSERT_EQ(admin().post(actions_path(), {{"action", "restart"}}).status, 201);
    ASSERT_EQ(heartbeat(nlohmann::json::object()).json()["actions"].size(), 1u);
    g_now += kActionLifetime + 1;
    // A screen switched off overnight must not restart the moment it is back.
    EXPECT_TRUE(heartbeat(nlohmann::json::object()).json()["actions"].empty());
}
