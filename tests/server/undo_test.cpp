// Undoing a delete: for a minute after an event, notice or special is deleted it can be brought
// back exactly as it was, under its own id, and the screens' feed carries it again. The clock is
// the repository's, set by the test.
#include "server_fixture.h"

#include <chrono>

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::int64_t g_now = 0;
std::int64_t test_clock() { return g_now; }

} // namespace

class UndoTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        g_now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        m_repository->set_clock(&test_clock);
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
    }

    static nlohmann::json notice_json()
    {
        return {{"id", "lift"}, {"title", {{"en", "Lift out of order"}, {"pl", "Winda nie działa"}}}, {"body", "Please use the ramp."},
                {"screens", {"reception"}}, {"urgent", false}};
    }
};

TEST_F(UndoTest, ADeleteIsUndoneWithinTheMinuteExactlyAsItWas)
{
    auto admin = this->admin();
    auto created = admin.post("/api/admin/sites/ashby/notices", notice_json());
    ASSERT_EQ(created.status, 201) << created.body;
    auto stored = created.json()["item"];
    auto token = pair_screen("ashby", "reception");
    auto version = [&] { return std::stoll(client().get("/api/v1/feed", {{"Authorization", "Bearer " + token}}).header("x-feed-version")); };
    auto before = version();

    auto deleted = admin.del("/api/admin/sites/ashby/notices/lift");
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.json()["undo_seconds"], 60);
    g_now += 59;
    auto listed = admin.get("/api/admin/sites/ashby/notices").json();
    EXPECT_TRUE(listed["items"].empty());
    ASSERT_EQ(listed["deleted"].size(), 1u);
    EXPECT_EQ(listed["deleted"][0]["id"], "lift");
    EXPECT_EQ(listed["deleted"][0]["seconds_left"], 1);
    EXPECT_EQ(listed["deleted"][0]["item"], stored);

    auto restored = admin.post("/api/admin/sites/ashby/notices/lift/restore", nlohmann::json::object());
    ASSERT_EQ(restored.status, 200) << restored.body;
    EXPECT_EQ(restored.json()["item"], stored);
    auto feed = client().get("/api/v1/feed", {{"Authorization", "Bearer " + token}}).json();
    ASSERT_EQ(feed["notices"].size(), 1u);
    EXPECT_EQ(feed["notices"][0], stored) << "the screen's feed carries it again, the same id and every language";
    EXPECT_GT(version(), before + 1) << "a new content version, so screens fetch it";
    EXPECT_TRUE(admin.get("/api/admin/sites/ashby/notices").json()["deleted"].empty());
    EXPECT_EQ(admin.post("/api/admin/sites/ashby/notices/lift/restore", nlohmann::json::object()).status, 404)
        << "brought back once";
}

TEST_F(UndoTest, AfterTheMinuteTheDeleteStands)
{
    auto admin = this->admin();
    ASSERT_EQ(admin.post("/api/admin/sites/ashby/events", event_json("bingo", "FREQ=WEEKLY;BYDAY=TU")).status, 201);
    ASSERT_EQ(admin.del("/api/admin/sites/ashby/events/bingo").status, 200);
    g_now += 60;
    EXPECT_TRUE(admin.get("/api/admin/sites/ashby/events").json()["deleted"].empty());
    auto late = admin.post("/api/admin/sites/ashby/events/bingo/restore", nlohmann::json::object());
    EXPECT_EQ(late.status, 404);
    EXPECT_NE(late.json()["error"].get<std::string>().find("can be undone for 60 seconds"), std::string::npos) << late.body;
    EXPECT_TRUE(admin.get("/api/admin/sites/ashby/events").json()["items"].empty());
}

TEST_F(UndoTest, AnIdTakenAgainIsNotOverwrittenByAnUndo)
{
    auto admin = this->admin();
    ASSERT_EQ(admin.post("/api/admin/sites/ashby/events", event_json("bingo")).status, 201);
    ASSERT_EQ(admin.del("/api/admin/sites/ashby/events/bingo").status, 200);
    auto again = event_json("bingo");
    again["title"] = "Bingo night";
    ASSERT_EQ(admin.post("/api/admin/sites/ashby/events", again).status, 201);
    EXPECT_EQ(admin.post("/api/admin/sites/ashby/events/bingo/restore", nlohmann::json::object()).status, 409);
    EXPECT_EQ(admin.get("/api/admin/sites/ashby/events").json()["items"][0]["item"]["title"], "Bingo night");
}

TEST_F(UndoTest, UndoNeedsTheSameRightsAsTheDelete)
{
    auto admin = this->admin();
    ASSERT_EQ(admin.post("/api/admin/sites/ashby/notices", notice_json()).status, 201);
    ASSERT_EQ(admin.post("/api/admin/sites/ashby/specials", {{"id", "soup"}, {"name", "Soup"}, {"price_pence", 350}}).status, 201);
    ASSERT_EQ(admin.del("/api/admin/sites/ashby/notices/lift").status, 200);
    ASSERT_EQ(admin.del("/api/admin/sites/ashby/specials/soup").status, 200);
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    EXPECT_EQ(cafe.post("/api/admin/sites/ashby/notices/lift/restore", nlohmann::json::object()).status, 403);
    EXPECT_EQ(cafe.post("/api/admin/sites/ashby/specials/soup/restore", nlohmann::json::object()).status, 200);
}
