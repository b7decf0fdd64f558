// Every role boundary, checked on the server: admin, coordinator (assigned sites), café
// (specials of one site).
#include "server_fixture.h"

using namespace coi::server;
using namespace coi::server::test;

namespace {

nlohmann::json notice_json(const std::string& id)
{
    return {{"id", id}, {"title", "Lift out of order"}, {"body", "Please use the ramp."}};
}

nlohmann::json special_json(const std::string& id, int price = 350)
{
    return {{"id", id}, {"name", "Leek and potato soup"}, {"price_pence", price}, {"allergens", {"celery", "milk"}}};
}

} // namespace

class RolesTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        ASSERT_TRUE(m_repository->create_site(site_json("bolton", "Bolton Road")).ok());
    }
};

TEST_F(RolesTest, CafeCanPostSpecialsForItsOwnSite)
{
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    auto reply = cafe.post("/api/admin/sites/ashby/specials", special_json("soup"));
    EXPECT_EQ(reply.status, 201) << reply.body;
    auto sold_out = special_json("soup");
    sold_out["sold_out"] = true;
    EXPECT_EQ(cafe.put("/api/admin/sites/ashby/specials/soup", sold_out).status, 200);
    EXPECT_EQ(cafe.get("/api/admin/sites/ashby/specials").json()["items"][0]["item"]["sold_out"], true);
}

TEST_F(RolesTest, CafeCannotTouchNoticesOrEvents)
{
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    EXPECT_EQ(cafe.post("/api/admin/sites/ashby/notices", notice_json("lift")).status, 403);
    EXPECT_EQ(cafe.get("/api/admin/sites/ashby/notices").status, 403);
    EXPECT_EQ(cafe.post("/api/admin/sites/ashby/events", event_json("bingo")).status, 403);
    EXPECT_EQ(cafe.put("/api/admin/sites/ashby", site_json("ashby", "Renamed")).status, 403);
    EXPECT_EQ(cafe.get("/api/admin/screens").json()["screens"].size(), 0u);
    EXPECT_EQ(cafe.get("/api/admin/users").status, 403);
    EXPECT_TRUE(m_repository->items(ItemKind::Notice, "ashby")->empty());
}

TEST_F(RolesTest, CafeCannotTouchAnotherSite)
{
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    EXPECT_EQ(cafe.post("/api/admin/sites/bolton/specials", special_json("soup")).status, 403);
    EXPECT_EQ(cafe.get("/api/admin/sites/bolton/specials").status, 403);
    EXPECT_EQ(cafe.get("/api/admin/sites/bolton").status, 403);
    auto sites = cafe.get("/api/admin/sites").json()["sites"];
    ASSERT_EQ(sites.size(), 1u);
    EXPECT_EQ(sites[0]["id"], "ashby");
}

TEST_F(RolesTest, CafeCannotUploadImages)
{
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    EXPECT_EQ(cafe.request("POST", "/api/admin/media", "\x89PNG\r\n\x1a\nxxxx", "image/png").status, 403);
}

TEST_F(RolesTest, CoordinatorEditsAssignedSitesOnly)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    EXPECT_EQ(coordinator.post("/api/admin/sites/ashby/notices", notice_json("lift")).status, 201);
    EXPECT_EQ(coordinator.post("/api/admin/sites/ashby/events", event_json("bingo")).status, 201);
    EXPECT_EQ(coordinator.put("/api/admin/sites/ashby", site_json("ashby", "Ashby Hill Centre")).status, 200);
    EXPECT_EQ(coordinator.post("/api/admin/sites/bolton/notices", notice_json("lift")).status, 403);
    EXPECT_EQ(coordinator.post("/api/admin/sites/bolton/events", event_json("bingo")).status, 403);
    EXPECT_EQ(coordinator.post("/api/admin/sites/bolton/specials", special_json("soup")).status, 403);
    EXPECT_EQ(coordinator.put("/api/admin/sites/bolton", site_json("bolton", "Mine now")).status, 403);
    EXPECT_EQ(coordinator.get("/api/admin/sites/bolton/footfall").status, 403);
    EXPECT_TRUE(m_repository->items(ItemKind::Notice, "bolton")->empty());
}

TEST_F(RolesTest, CoordinatorCannotManageAccountsOrAddSites)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    EXPECT_EQ(coordinator.get("/api/admin/users").status, 403);
    EXPECT_EQ(coordinator.post("/api/admin/users", {{"name", "x"}, {"password", "0123456789ab"}, {"role", "admin"}}).status, 403);
    EXPECT_EQ(coordinator.post("/api/admin/sites", site_json("carlton")).status, 403);
    EXPECT_EQ(coordinator.del("/api/admin/sites/ashby").status, 403);
}

TEST_F(RolesTest, CoordinatorCannotAdoptOrRevokeScreensOfAnotherSite)
{
    auto token = pair_screen("bolton", "reception");
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    EXPECT_EQ(coordinator.get("/api/admin/screens").json()["screens"].size(), 0u);
    auto screen_id = m_repository->screens().front().id;
    EXPECT_EQ(coordinator.post("/api/admin/screens/" + std::to_string(screen_id) + "/revoke", nlohmann::json::object()).status, 403);
    EXPECT_EQ(coordinator.get("/api/admin/screens/" + std::to_string(screen_id) + "/screenshot").status, 403);

    auto kiosk = client();
    nlohmann::json hello{{"code", "654321"}, {"secret", "another-kiosk-secret-123"}};
    EXPECT_EQ(kiosk.post("/api/v1/pair", hello).status, 202);
    EXPECT_EQ(coordinator.post("/api/admin/screens/adopt",
                               {{"code", "654321"}, {"site_id", "bolton"}, {"role", "reception"}, {"name", "x"}}).status, 403);
    EXPECT_EQ(kiosk.post("/api/v1/pair", hello).status, 202); // still waiting: nothing adopted
}

TEST_F(RolesTest, AdminManagesAccounts)
{
    auto a = admin();
    auto made = a.post("/api/admin/users", {{"name", "jo"}, {"password", "a fine long password"}, {"role", "cafe"}, {"sites", {"ashby"}}});
    ASSERT_EQ(made.status, 201) << made.body;
    auto cafe_without_site = a.post("/api/admin/users", {{"name", "al"}, {"password", "a fine long password"}, {"role", "cafe"}});
    EXPECT_EQ(cafe_without_site.status, 400);
    auto id = made.json()["user"]["id"].get<int>();
    EXPECT_EQ(a.put("/api/admin/users/" + std::to_string(id), {{"role", "coordinator"}, {"sites", {"ashby", "bolton"}}}).status, 200);
    EXPECT_EQ(a.get("/api/admin/users").json()["users"].size(), 2u);
    EXPECT_EQ(a.del("/api/admin/users/" + std::to_string(id)).status, 200);
    auto self = a.get("/api/admin/session").json()["user"]["id"].get<int>();
    EXPECT_EQ(a.del("/api/admin/users/" + std::to_string(self)).status, 409);
}

// [SECTION] Emergency mode: admin and the building's coordinators, nobody else.
TEST_F(RolesTest, CoordinatorStartsAndEndsTheEmergencyOfAssignedSitesOnly)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    EXPECT_EQ(coordinator.post("/api/admin/sites/bolton/emergency", {{"kind", "evacuate"}}).status, 403);
    EXPECT_FALSE(m_repository->emergency("bolton").has_value());
    EXPECT_EQ(coordinator.post("/api/admin/sites/ashby/emergency", {{"kind", "evacuate"}}).status, 201);
    ASSERT_EQ(admin().post("/api/admin/sites/bolton/emergency", {{"kind", "closed"}}).status, 201);
    EXPECT_EQ(coordinator.post("/api/admin/sites/bolton/emergency/end", nlohmann::json::object()).status, 403);
    EXPECT_TRUE(m_repository->emergency("bolton")->active());
    EXPECT_EQ(coordinator.post("/api/admin/sites/ashby/emergency/end", nlohmann::json::object()).status, 200);
}

TEST_F(RolesTest, CafeCannotStartOrEndAnEmergency)
{
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/emergency", {{"kind", "stay_inside"}}).status, 201);
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    EXPECT_EQ(cafe.post("/api/admin/sites/ashby/emergency", {{"kind", "evacuate"}}).status, 403);
    EXPECT_EQ(cafe.post("/api/admin/sites/ashby/emergency/end", nlohmann::json::object()).status, 403);
    EXPECT_TRUE(m_repository->emergency("ashby")->active());
    EXPECT_EQ(m_repository->emergency("ashby")->kind, coi::feed::EmergencyKind::StayInside);
    EXPECT_EQ(client().post("/api/admin/sites/ashby/emergency", {{"kind", "evacuate"}}).status, 401); // nobody signed in
}
