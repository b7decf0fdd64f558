// Every role boundary, checked on the server: admin, coordinator (assigned sites), café
// (specials of one site), organiser (its group's events and notices, in its group's rooms).
#include "server_fixture.h"

#include <algorithm>

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

// [SECTION] Organisers
// Every admin route, tried with an organiser's session: a group allowed the hall at ashby, with
// another group's session and the building's own session beside it.
class OrganiserRolesTest : public RolesTest {
protected:
    void SetUp() override
    {
        RolesTest::SetUp();
        m_group = m_repository->create_group("Ashby Choir", {{"ashby", {"hall"}}}, false)->id;
        m_other_group = m_repository->create_group("Knit and Natter", {{"ashby", {"hall", "cafe"}}}, false)->id;
        ASSERT_TRUE(m_repository->put_item(ItemKind::Event, "ashby", event_json("bingo"), WriteMode::Create).ok());
        ASSERT_TRUE(m_repository->put_group_item(ItemKind::Event, "ashby", event_json("knit"), WriteMode::Create, m_other_group).ok());
        ASSERT_TRUE(m_repository->put_group_item(ItemKind::Event, "ashby", event_json("choir"), WriteMode::Create, m_group).ok());
        auto invite = m_repository->create_invite(m_group);
        ASSERT_TRUE(m_repository->accept_invite(invite.token, "mary", "a long enough password").ok());
        m_screen = std::to_string((pair_screen("ashby", "reception"), m_repository->screens().front().id));
    }

    Client mary()
    {
        auto c = client();
        EXPECT_EQ(c.login("mary", "a long enough password").status, 200);
        return c;
    }

    struct Route {
        std::string method, path;
        nlohmann::json body = nlohmann::json::object();
    };

    // Every admin route that is not an organiser's to use.
    std::vector<Route> not_for_organisers() const
    {
        auto group = std::to_string(m_group);
        return {{"GET", "/api/admin/users"}, {"POST", "/api/admin/users", {{"name", "x"}, {"password", "0123456789ab"}, {"role", "admin"}}},
            {"PUT", "/api/admin/users/1", {{"role", "admin"}}}, {"DELETE", "/api/admin/users/1"}, {"POST", "/api/admin/sites", site_json("carlton")},
            {"GET", "/api/admin/sites/bolton"}, {"PUT", "/api/admin/sites/ashby", site_json("ashby", "Mine now")}, {"DELETE", "/api/admin/sites/ashby"},
            {"PUT", "/api/admin/sites/ashby/rotation", nlohmann::json::object()},
            {"POST", "/api/admin/screens/adopt", {{"code", "123456789"}, {"site_id", "ashby"}, {"role", "reception"}, {"name", "x"}}},
            {"PUT", "/api/admin/screens/" + m_screen, {{"site_id", "ashby"}, {"role", "reception"}, {"name", "x"}}},
            {"POST", "/api/admin/screens/" + m_screen + "/revoke"}, {"GET", "/api/admin/screens/" + m_screen + "/screenshot"},
            {"POST", "/api/admin/screens/" + m_screen + "/actions", {{"action", "restart"}}}, {"GET", "/api/admin/sites/ashby/specials"},
            {"POST", "/api/admin/sites/ashby/specials", special_json("soup")}, {"GET", "/api/admin/sites/ashby/footfall"},
            {"PUT", "/api/admin/sites/ashby/ics", {{"url", ""}}}, {"POST", "/api/admin/sites/ashby/ics/refresh"},
            {"GET", "/api/admin/reports?from=2026-01-01&to=2026-01-31"}, {"GET", "/api/admin/reports/visits.csv?from=2026-01-01&to=2026-01-31"},
            {"GET", "/api/admin/sites/ashby/preview"}, {"GET", "/api/admin/sites/ashby/audit"}, {"GET", "/api/admin/groups"},
            {"POST", "/api/admin/groups", {{"name", "Mine"}, {"sites", {{"ashby", {"hall"}}}}}},
            {"PUT", "/api/admin/groups/" + group, {{"name", "Ashby Choir"}, {"sites", {{"ashby", {"hall", "cafe"}}}}, {"trusted", true}}},
            {"POST", "/api/admin/groups/" + group + "/suspend", {{"suspended", false}}}, {"POST", "/api/admin/groups/" + group + "/invites"},
            {"POST", "/api/admin/organisers/1/suspend", {{"suspended", true}}}, {"POST", "/api/admin/sites/ashby/events/choir/restore"}};
    }

    Reply call(Client& c, const Route& route)
    {
        if (route.method == "GET")
            return c.get(route.path);
        if (route.method == "DELETE")
            return c.del(route.path);
        return c.request(route.method, route.path, route.body.dump());
    }

    std::int64_t m_group = 0, m_other_group = 0;
    std::string m_screen;
};

TEST_F(OrganiserRolesTest, EveryRouteNotAnOrganisersIsRefused)
{
    auto organiser = mary();
    for (auto& route : not_for_organisers()) {
        auto reply = call(organiser, route);
        EXPECT_TRUE(reply.status == 403 || reply.status == 404) << route.method << " " << route.path << ": " << reply.status << " " << reply.body;
    }
    EXPECT_EQ(organiser.get("/api/admin/screens").json()["screens"].size(), 0u);
    auto sites = organiser.get("/api/admin/sites").json()["sites"];
    ASSERT_EQ(sites.size(), 1u);
    EXPECT_EQ(sites[0]["id"], "ashby");
    EXPECT_FALSE(sites[0].contains("ics_url")); // a calendar's secret address is the building's
    EXPECT_EQ(m_repository->groups().size(), 2u);
    EXPECT_EQ(m_repository->screens().front().revoked, false);
}

TEST_F(OrganiserRolesTest, OwnGroupsSessionIsTheirs)
{
    auto organiser = mary();
    auto events = organiser.get("/api/admin/sites/ashby/events").json()["items"];
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["id"], "choir");
    EXPECT_EQ(organiser.post("/api/admin/sites/ashby/events/choir/cancel", {{"date", "2026-11-24"}}).status, 200);
    EXPECT_EQ(organiser.put("/api/admin/sites/ashby/events/choir", event_json("choir")).status, 202);
    EXPECT_EQ(organiser.get("/api/admin/sites/ashby/waiting").status, 200);
    EXPECT_EQ(organiser.del("/api/admin/sites/ashby/events/choir").status, 200);
}

TEST_F(OrganiserRolesTest, AnotherGroupsAndTheBuildingsSessionsAreNot)
{
    auto organiser = mary();
    for (std::string id : {"knit", "bingo"}) {
        EXPECT_EQ(organiser.put("/api/admin/sites/ashby/events/" + id, event_json(id)).status, 403) << id;
        EXPECT_EQ(organiser.del("/api/admin/sites/ashby/events/" + id).status, 403) << id;
        EXPECT_EQ(organiser.post("/api/admin/sites/ashby/events/" + id + "/cancel", {{"date", "2026-11-24"}}).status, 403) << id;
    }
    auto knit = m_repository->change(1);
    EXPECT_FALSE(knit.ok()); // nothing was even proposed
    EXPECT_EQ(m_repository->items(ItemKind::Event, "ashby")->size(), 3u);
}

TEST_F(OrganiserRolesTest, AnotherRoomIsNot)
{
    auto organiser = mary();
    auto in_cafe = event_json("quiz");
    in_cafe["room"] = "cafe";
    EXPECT_EQ(organiser.post("/api/admin/sites/ashby/events", in_cafe).status, 403);
    auto moved = event_json("choir");
    moved["room"] = "cafe";
    EXPECT_EQ(organiser.put("/api/admin/sites/ashby/events/choir", moved).status, 403);
    EXPECT_EQ(organiser.post("/api/admin/sites/ashby/events", event_json("quiz")).status, 202);
}

TEST_F(OrganiserRolesTest, AnotherBuildingIsNot)
{
    auto organiser = mary();
    EXPECT_EQ(organiser.get("/api/admin/sites/bolton/events").status, 403);
    EXPECT_EQ(organiser.get("/api/admin/sites/bolton/notices").status, 403);
    EXPECT_EQ(organiser.post("/api/admin/sites/bolton/events", event_json("quiz")).status, 403);
    EXPECT_EQ(organiser.post("/api/admin/sites/bolton/notices", notice_json("lift")).status, 403);
    EXPECT_EQ(organiser.get("/api/admin/sites/bolton/waiting").status, 403);
}

TEST_F(OrganiserRolesTest, ASuspendedOrganiserIsRefusedEverywhere)
{
    auto organiser = mary();
    auto users = m_repository->users();
    auto account = std::find_if(users.begin(), users.end(), [](const User& user) { return user.name == "mary"; });
    ASSERT_NE(account, users.end());
    ASSERT_TRUE(m_repository->set_organiser_suspended(account->id, true).ok());
    auto routes = not_for_organisers();
    routes.push_back({"GET", "/api/admin/sites/ashby/events"});
    routes.push_back({"POST", "/api/admin/sites/ashby/notices", notice_json("lift")});
    routes.push_back({"POST", "/api/admin/sites/ashby/events/choir/cancel", {{"date", "2026-11-24"}}});
    routes.push_back({"GET", "/api/admin/sites/ashby/waiting"});
    routes.push_back({"GET", "/api/admin/session"});
    for (auto& route : routes)
        EXPECT_EQ(call(organiser, route).status, 401) << route.method << " " << route.path;
    EXPECT_EQ(client().login("mary", "a long enough password").status, 403);
}
