// Emergency mode on the server: who may start and end a building's emergency, what the
// screens' feeds carry, and a kiosk reporting what its staff did.
#include "server_fixture.h"

#include "content/feed/levels.h"
#include "content/feed/parse.h"

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

nlohmann::json evacuate() { return {{"kind", "evacuate"}}; }

} // namespace

class EmergencyTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        ASSERT_TRUE(m_repository->create_site(site_json("bolton", "Bolton Road")).ok());
    }

    nlohmann::json screen_feed(const std::string& token)
    {
        auto headers = bearer(token);
        headers["X-Feed-Level"] = std::to_string(coi::feed::kFeedLevel); // a kiosk of this build
        auto reply = client().get("/api/v1/feed", headers);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return nlohmann::json::parse(reply.body);
    }
};

TEST_F(EmergencyTest, AdminStartsAndEndsOneBuildingsEmergency)
{
    auto a = admin();
    auto before = m_repository->content_version("ashby");
    auto started = a.post("/api/admin/sites/ashby/emergency", {{"kind", "message"}, {"message", "Boiler failed: please go home"}});
    ASSERT_EQ(started.status, 201) << started.body;
    EXPECT_EQ(started.json()["emergency"]["active"], true);
    EXPECT_EQ(started.json()["emergency"]["started_by"], "admin");
    EXPECT_GT(*m_repository->content_version("ashby"), *before); // the screens' notification path
    EXPECT_FALSE(m_repository->emergency("bolton").has_value());

    auto ended = a.post("/api/admin/sites/ashby/emergency/end", nlohmann::json::object());
    ASSERT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(ended.json()["emergency"]["active"], false);
    EXPECT_EQ(a.post("/api/admin/sites/ashby/emergency/end", nlohmann::json::object()).status, 404); // nothing on
}

TEST_F(EmergencyTest, RefusesAnUnknownKindOrAnEmptyMessage)
{
    auto a = admin();
    EXPECT_EQ(a.post("/api/admin/sites/ashby/emergency", {{"kind", "panic"}}).status, 400);
    EXPECT_EQ(a.post("/api/admin/sites/ashby/emergency", {{"kind", "message"}}).status, 400);
    EXPECT_EQ(a.post("/api/admin/sites/ashby/emergency", {{"kind", "message"}, {"message", std::string(501, 'x')}}).status, 400);
    EXPECT_EQ(a.post("/api/admin/sites/ashby/emergency", {{"kind", "closed"}, {"colour", "red"}}).status, 400);
    EXPECT_EQ(a.post("/api/admin/sites/nowhere/emergency", evacuate()).status, 404);
    EXPECT_FALSE(m_repository->emergency("ashby").has_value());
}

TEST_F(EmergencyTest, TheScreensFeedCarriesItAndTheBuildingsKey)
{
    auto token = pair_screen("ashby", "reception");
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/emergency", {{"kind", "stay_inside"}}).status, 201);
    auto feed = screen_feed(token);
    EXPECT_EQ(feed["emergency"]["kind"], "stay_inside");
    EXPECT_FALSE(feed["emergency"].contains("ended_at"));
    ASSERT_TRUE(feed.contains("lan_key"));
    auto parsed = coi::feed::feed_from_json(feed);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_TRUE(parsed->emergency->active());
    EXPECT_EQ(screen_feed(token)["lan_key"], feed["lan_key"]); // one key per building, kept
}

TEST_F(EmergencyTest, TheBuildingsKeyIsNeverOnAPublicRouteAndDiffersPerBuilding)
{
    auto ashby = pair_screen("ashby", "reception");
    auto bolton = pair_screen("bolton", "reception", "223456789");
    auto ashby_key = screen_feed(ashby)["lan_key"];
    EXPECT_NE(ashby_key, screen_feed(bolton)["lan_key"]);
    auto public_feed = client().get("/whats-on/ashby");
    EXPECT_EQ(public_feed.status, 200);
    EXPECT_EQ(public_feed.body.find(ashby_key.get<std::string>()), std::string::npos);
    auto signed_export = m_feeds->feed_for("ashby", std::nullopt);
    ASSERT_TRUE(signed_export.ok());
    EXPECT_EQ((*signed_export)->bytes.find("lan_key"), std::string::npos);
}

TEST_F(EmergencyTest, AnOlderKioskGetsTheFeedWithoutIt)
{
    auto token = pair_screen("ashby", "reception");
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/emergency", evacuate()).status, 201);
    auto headers = bearer(token);
    headers["X-Feed-Level"] = "2";
    auto reply = client().get("/api/v1/feed", headers);
    ASSERT_EQ(reply.status, 200);
    auto feed = nlohmann::json::parse(reply.body);
    EXPECT_FALSE(feed.contains("emergency"));
    EXPECT_FALSE(feed.contains("lan_key"));
}

TEST_F(EmergencyTest, KioskStartsAndEndsItWithItsToken)
{
    auto token = pair_screen("ashby", "reception");
    auto started = client().request("POST", "/api/v1/emergency", R"({"action":"start","kind":"evacuate"})", "application/json", bearer(token));
    ASSERT_EQ(started.status, 201) << started.body;
    auto stored = m_repository->emergency("ashby");
    ASSERT_TRUE(stored && stored->active());
    EXPECT_NE(stored->started_by.find("screen"), std::string::npos);
    auto ended = client().request("POST", "/api/v1/emergency", R"({"action":"end"})", "application/json", bearer(token));
    EXPECT_EQ(ended.status, 200) << ended.body;
    EXPECT_FALSE(m_repository->emergency("ashby")->active());
    EXPECT_EQ(client().request("POST", "/api/v1/emergency", R"({"action":"start","kind":"evacuate"})").status, 401);
    EXPECT_EQ(client().request("POST", "/api/v1/emergency", R"({"action":"start","kind":"evacuate"})", "application/json", bearer("not-a-token")).status, 401);
}

TEST_F(EmergencyTest, AKioskReportOlderThanTheServersStateIsRefused)
{
    auto token = pair_screen("ashby", "reception");
    auto a = admin();
    ASSERT_EQ(a.post("/api/admin/sites/ashby/emergency", evacuate()).status, 201);
    ASSERT_EQ(a.post("/api/admin/sites/ashby/emergency/end", nlohmann::json::object()).status, 200);
    // Staff started one offline an hour ago; the admin ended an emergency since: theirs stands.
    auto late = client().request("POST", "/api/v1/emergency", R"({"action":"start","kind":"closed","at":)" + std::to_string(m_repository->now() - 3600) + "}",
        "application/json", bearer(token));
    EXPECT_EQ(late.status, 409) << late.body;
    EXPECT_FALSE(m_repository->emergency("ashby")->active());
}
