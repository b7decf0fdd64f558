// Organiser groups: a coordinator makes a group and invites its organisers with a link that
// works once and expires; an organiser sees and changes only the group's own sessions and
// notices, in the rooms it was given; its changes wait for approval unless the group is
// trusted; suspension ends sessions at once; every change lands in the building's audit list,
// kept a year. The clock is the repository's, set by the test.
#include "server_fixture.h"

#include <chrono>

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::int64_t g_now = 0;
std::int64_t test_clock() { return g_now; }

constexpr const char* kOrganiserPassword = "choir practice every week";

nlohmann::json notice_json(const std::string& id, const std::string& title = "Choir concert")
{
    return {{"id", id}, {"title", title}, {"body", "Saturday at 3pm, all welcome."}};
}

nlohmann::json weekly_choir(const std::string& room = "hall", const std::string& start = "2026-11-24T19:00:00Z")
{
    auto end = start.substr(0, 11) + "21:00:00Z";
    return {{"id", "choir"}, {"title", "Choir"}, {"room", room}, {"start", start}, {"end", end}, {"rrule", "FREQ=WEEKLY"}};
}

std::string token_of(const Reply& invite)
{
    auto path = invite.json()["path"].get<std::string>();
    return path.substr(path.find('#') + 1);
}

} // namespace

class OrganisersTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        g_now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        m_repository->set_clock(&test_clock);
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        ASSERT_TRUE(m_repository->create_site(site_json("bolton", "Bolton Road")).ok());
    }

    // A group made by the coordinator of ashby, allowed the hall there; its id.
    std::int64_t make_group(Client& coordinator, const std::string& name, bool trusted = false)
    {
        auto made = coordinator.post("/api/admin/groups", {{"name", name}, {"sites", {{"ashby", {"hall"}}}}, {"trusted", trusted}});
        EXPECT_EQ(made.status, 201) << made.body;
        return made.json()["group"]["id"].get<std::int64_t>();
    }

    // Invited, accepted and signed in, as a phone would.
    Client organiser(Client& coordinator, std::int64_t group, const std::string& name)
    {
        auto invite = coordinator.post("/api/admin/groups/" + std::to_string(group) + "/invites", nlohmann::json::object());
        EXPECT_EQ(invite.status, 201) << invite.body;
        auto phone = client();
        auto accepted = phone.post("/api/invite/" + token_of(invite), {{"name", name}, {"password", kOrganiserPassword}});
        EXPECT_EQ(accepted.status, 201) << accepted.body;
        EXPECT_EQ(phone.login(name, kOrganiserPassword).status, 200);
        return phone;
    }

    std::vector<std::string> stored_ids(ItemKind kind, const std::string& site = "ashby")
    {
        std::vector<std::string> ids;
        auto items = m_repository->items(kind, site);
        for (auto& item : *items)
            ids.push_back(item.id);
        return ids;
    }

    std::vector<std::string> feed_notice_ids(const std::string& site = "ashby")
    {
        std::vector<std::string> ids;
        auto feed = m_repository->assemble_feed(site, std::nullopt);
        for (auto& notice : feed->notices)
            ids.push_back(notice.id);
        return ids;
    }
};

// [SECTION] Invites
TEST_F(OrganisersTest, AnInviteLinkMakesAnOrganiserOfTheGroupAndWorksOnce)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto group = make_group(coordinator, "Ashby Choir");
    auto invite = coordinator.post("/api/admin/groups/" + std::to_string(group) + "/invites", nlohmann::json::object());
    ASSERT_EQ(invite.status, 201) << invite.body;
    auto token = token_of(invite);
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(client().get("/api/invite/" + token).json()["group"], "Ashby Choir");

    auto phone = client();
    auto accepted = phone.post("/api/invite/" + token, {{"name", "Mary"}, {"password", kOrganiserPassword}});
    ASSERT_EQ(accepted.status, 201) << accepted.body;
    EXPECT_EQ(accepted.json()["user"]["role"], "organiser");
    EXPECT_EQ(accepted.json()["user"]["sites"], nlohmann::json({"ashby"}));
    EXPECT_EQ(client().post("/api/invite/" + token, {{"name", "Eve"}, {"password", kOrganiserPassword}}).status, 404);
    EXPECT_EQ(client().get("/api/invite/" + token).status, 404);
    ASSERT_EQ(phone.login("Mary", kOrganiserPassword).status, 200);
    EXPECT_EQ(phone.get("/api/admin/session").json()["user"]["role"], "organiser");
}

TEST_F(OrganisersTest, AnInviteLinkExpiresAfterAWeek)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto group = make_group(coordinator, "Ashby Choir");
    auto invite = coordinator.post("/api/admin/groups/" + std::to_string(group) + "/invites", nlohmann::json::object());
    g_now += kInviteSeconds + 1;
    EXPECT_EQ(client().post("/api/invite/" + token_of(invite), {{"name", "Mary"}, {"password", kOrganiserPassword}}).status, 404);
}

TEST_F(OrganisersTest, AnAdminCannotMakeAnOrganiserWithoutAGroup)
{
    auto made = admin().post("/api/admin/users", {{"name", "x"}, {"password", kOrganiserPassword}, {"role", "organiser"}, {"sites", {"ashby"}}});
    EXPECT_EQ(made.status, 400);
}

TEST_F(OrganisersTest, ACoordinatorMakesGroupsOnlyForTheirOwnBuildingsAndRealRooms)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    EXPECT_EQ(coordinator.post("/api/admin/groups", {{"name", "X"}, {"sites", {{"bolton", {"hall"}}}}}).status, 403);
    EXPECT_EQ(coordinator.post("/api/admin/groups", {{"name", "X"}, {"sites", {{"ashby", {"attic"}}}}}).status, 400);
    auto other = signed_in("coord2", Role::Coordinator, {"bolton"});
    make_group(coordinator, "Ashby Choir");
    EXPECT_EQ(other.get("/api/admin/groups").json()["groups"].size(), 0u);
    EXPECT_EQ(coordinator.get("/api/admin/groups").json()["groups"].size(), 1u);
}

// [SECTION] What an organiser may touch
TEST_F(OrganisersTest, ANewSessionWaitsUntilACoordinatorApprovesIt)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto group = make_group(coordinator, "Ashby Choir");
    auto mary = organiser(coordinator, group, "Mary");
    auto version = m_repository->content_version("ashby");

    auto posted = mary.post("/api/admin/sites/ashby/events", weekly_choir());
    ASSERT_EQ(posted.status, 202) << posted.body;
    EXPECT_TRUE(stored_ids(ItemKind::Event).empty());
    EXPECT_EQ(m_repository->content_version("ashby"), version); // no screen sees it

    auto waiting = coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"];
    ASSERT_EQ(waiting.size(), 1u);
    EXPECT_EQ(waiting[0]["description"], "New session: Choir, every Tuesday 19:00");
    EXPECT_EQ(waiting[0]["user"], "Mary");
    auto id = std::to_string(waiting[0]["id"].get<int>());
    EXPECT_EQ(mary.post("/api/admin/changes/" + id + "/approve", nlohmann::json::object()).status, 403);
    ASSERT_EQ(coordinator.post("/api/admin/changes/" + id + "/approve", nlohmann::json::object()).status, 200);
    EXPECT_EQ(stored_ids(ItemKind::Event), std::vector<std::string>{"choir"});
    EXPECT_EQ(coordinator.post("/api/admin/changes/" + id + "/approve", nlohmann::json::object()).status, 409);
    EXPECT_EQ(mary.get("/api/admin/sites/ashby/events").json()["items"].size(), 1u);
}

TEST_F(OrganisersTest, AWeeklySessionOnSeveralDaysIsSaidWithItsDays)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    auto twice = weekly_choir();
    twice["rrule"] = "FREQ=WEEKLY;BYDAY=TU,TH";
    ASSERT_EQ(mary.post("/api/admin/sites/ashby/events", twice).status, 202);
    EXPECT_EQ(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"][0]["description"], "New session: Choir, every Tuesday and Thursday 19:00");
}

TEST_F(OrganisersTest, ANoticeWaitsAndARejectedOneNeverShows)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    ASSERT_EQ(mary.post("/api/admin/sites/ashby/notices", notice_json("concert")).status, 202);
    EXPECT_TRUE(feed_notice_ids().empty());
    auto id = std::to_string(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"][0]["id"].get<int>());
    ASSERT_EQ(coordinator.post("/api/admin/changes/" + id + "/reject", nlohmann::json::object()).status, 200);
    EXPECT_TRUE(feed_notice_ids().empty());
    EXPECT_EQ(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"].size(), 0u);
}

TEST_F(OrganisersTest, AProposalIsCheckedLikeAnAdminSave)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    auto broken = notice_json("concert");
    broken["colour"] = "red"; // the feed has no such field
    EXPECT_EQ(mary.post("/api/admin/sites/ashby/notices", broken).status, 400);
    EXPECT_EQ(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"].size(), 0u);
}

TEST_F(OrganisersTest, AnOrganiserCannotUseARoomTheGroupWasNotGiven)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    EXPECT_EQ(mary.post("/api/admin/sites/ashby/events", weekly_choir("cafe")).status, 403);
    EXPECT_EQ(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"].size(), 0u);
}

TEST_F(OrganisersTest, AnOrganiserSeesAndTouchesOnlyTheGroupsOwnItems)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    ASSERT_EQ(coordinator.post("/api/admin/sites/ashby/events", event_json("bingo")).status, 201);
    ASSERT_EQ(coordinator.post("/api/admin/sites/ashby/notices", notice_json("lift", "Lift out of order")).status, 201);
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    EXPECT_EQ(mary.get("/api/admin/sites/ashby/events").json()["items"].size(), 0u);
    EXPECT_EQ(mary.get("/api/admin/sites/ashby/notices").json()["items"].size(), 0u);
    EXPECT_EQ(mary.put("/api/admin/sites/ashby/events/bingo", event_json("bingo")).status, 403);
    EXPECT_EQ(mary.put("/api/admin/sites/ashby/notices/lift", notice_json("lift", "Mine now")).status, 403);
    EXPECT_EQ(mary.del("/api/admin/sites/ashby/events/bingo").status, 403);
    EXPECT_EQ(mary.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-11-24"}}).status, 403);
    EXPECT_EQ(stored_ids(ItemKind::Event), std::vector<std::string>{"bingo"});
}

TEST_F(OrganisersTest, ATimeChangeWaitsAndIsSaidInWords)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    ASSERT_EQ(mary.post("/api/admin/sites/ashby/events", weekly_choir()).status, 202);
    auto first = std::to_string(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"][0]["id"].get<int>());
    ASSERT_EQ(coordinator.post("/api/admin/changes/" + first + "/approve", nlohmann::json::object()).status, 200);

    ASSERT_EQ(mary.put("/api/admin/sites/ashby/events/choir", weekly_choir("hall", "2026-11-25T19:00:00Z")).status, 202);
    auto waiting = coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"];
    ASSERT_EQ(waiting.size(), 1u);
    EXPECT_EQ(waiting[0]["description"], "Choir: every Tuesday 19:00 → every Wednesday 19:00");
    auto events = m_repository->items(ItemKind::Event, "ashby");
    EXPECT_EQ((*events)[0].item["start"], "2026-11-24T19:00:00Z");
}

TEST_F(OrganisersTest, CancellingTheirOwnOccurrenceNeverWaits)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    ASSERT_EQ(mary.post("/api/admin/sites/ashby/events", weekly_choir()).status, 202);
    auto id = std::to_string(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"][0]["id"].get<int>());
    ASSERT_EQ(coordinator.post("/api/admin/changes/" + id + "/approve", nlohmann::json::object()).status, 200);
    auto cancelled = mary.post("/api/admin/sites/ashby/events/choir/cancel", {{"date", "2026-12-01"}});
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    auto events = m_repository->items(ItemKind::Event, "ashby");
    EXPECT_EQ((*events)[0].item["cancelled_dates"], nlohmann::json({"2026-12-01"}));
}

TEST_F(OrganisersTest, ATrustedGroupsChangeIsLiveAtOnceAndCanBeUndone)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Repair Cafe", true), "Mary");
    auto posted = mary.post("/api/admin/sites/ashby/notices", notice_json("repair", "Repair café Saturday"));
    ASSERT_EQ(posted.status, 201) << posted.body;
    EXPECT_EQ(feed_notice_ids(), std::vector<std::string>{"repair"});

    auto recent = coordinator.get("/api/admin/sites/ashby/waiting").json()["recent"];
    ASSERT_EQ(recent.size(), 1u);
    EXPECT_EQ(recent[0]["description"], "New notice: Repair café Saturday");
    auto id = std::to_string(recent[0]["id"].get<int>());
    EXPECT_EQ(mary.post("/api/admin/changes/" + id + "/undo", nlohmann::json::object()).status, 403);
    ASSERT_EQ(coordinator.post("/api/admin/changes/" + id + "/undo", nlohmann::json::object()).status, 200);
    EXPECT_TRUE(feed_notice_ids().empty());
    EXPECT_EQ(coordinator.get("/api/admin/sites/ashby/waiting").json()["recent"].size(), 0u);
}

TEST_F(OrganisersTest, UndoingATrustedEditPutsBackWhatWasThere)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto mary = organiser(coordinator, make_group(coordinator, "Repair Cafe", true), "Mary");
    ASSERT_EQ(mary.post("/api/admin/sites/ashby/notices", notice_json("repair", "Repair café Saturday")).status, 201);
    ASSERT_EQ(mary.put("/api/admin/sites/ashby/notices/repair", notice_json("repair", "Repair café cancelled")).status, 200);
    auto recent = coordinator.get("/api/admin/sites/ashby/waiting").json()["recent"];
    ASSERT_EQ(recent.size(), 2u);
    auto edit = std::to_string(recent[0]["id"].get<int>()); // newest first
    ASSERT_EQ(coordinator.post("/api/admin/changes/" + edit + "/undo", nlohmann::json::object()).status, 200);
    auto notices = m_repository->items(ItemKind::Notice, "ashby");
    EXPECT_EQ((*notices)[0].item["title"], "Repair café Saturday");
}

// [SECTION] Suspension
TEST_F(OrganisersTest, SuspendingAGroupEndsItsSessionsAndRefusesItsSignIns)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto group = make_group(coordinator, "Ashby Choir");
    auto mary = organiser(coordinator, group, "Mary");
    ASSERT_EQ(coordinator.post("/api/admin/groups/" + std::to_string(group) + "/suspend", {{"suspended", true}}).status, 200);
    EXPECT_EQ(mary.get("/api/admin/session").status, 401);
    EXPECT_EQ(mary.post("/api/admin/sites/ashby/notices", notice_json("concert")).status, 401);
    EXPECT_EQ(client().login("Mary", kOrganiserPassword).status, 403);
    ASSERT_EQ(coordinator.post("/api/admin/groups/" + std::to_string(group) + "/suspend", {{"suspended", false}}).status, 200);
    EXPECT_EQ(client().login("Mary", kOrganiserPassword).status, 200);
}

TEST_F(OrganisersTest, SuspendingOneOrganiserLeavesTheRestOfTheGroup)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto group = make_group(coordinator, "Ashby Choir");
    auto mary = organiser(coordinator, group, "Mary");
    auto jo = organiser(coordinator, group, "Jo");
    auto members = coordinator.get("/api/admin/groups").json()["groups"][0]["organisers"];
    ASSERT_EQ(members.size(), 2u);
    auto jo_id = members[0]["name"] == "Jo" ? members[0]["id"].get<int>() : members[1]["id"].get<int>();
    auto stranger = signed_in("coord2", Role::Coordinator, {"bolton"});
    EXPECT_EQ(stranger.post("/api/admin/organisers/" + std::to_string(jo_id) + "/suspend", {{"suspended", true}}).status, 403);
    ASSERT_EQ(coordinator.post("/api/admin/organisers/" + std::to_string(jo_id) + "/suspend", {{"suspended", true}}).status, 200);
    EXPECT_EQ(jo.get("/api/admin/session").status, 401);
    EXPECT_EQ(mary.get("/api/admin/session").status, 200);
}

// [SECTION] Audit
TEST_F(OrganisersTest, TheAuditListSaysWhoChangedWhatAndKeepsAYear)
{
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    ASSERT_EQ(coordinator.post("/api/admin/sites/ashby/notices", notice_json("lift", "Lift out of order")).status, 201);
    auto mary = organiser(coordinator, make_group(coordinator, "Ashby Choir"), "Mary");
    ASSERT_EQ(mary.post("/api/admin/sites/ashby/notices", notice_json("concert")).status, 202);
    auto id = std::to_string(coordinator.get("/api/admin/sites/ashby/waiting").json()["waiting"][0]["id"].get<int>());
    ASSERT_EQ(coordinator.post("/api/admin/changes/" + id + "/approve", nlohmann::json::object()).status, 200);

    auto entries = coordinator.get("/api/admin/sites/ashby/audit").json()["entries"];
    std::vector<std::string> lines;
    for (auto& entry : entries)
        lines.push_back(entry["who"].get<std::string>() + ": " + entry["what"].get<std::string>());
    auto has = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
    EXPECT_TRUE(has("coord: Added notice \"Lift out of order\"")) << entries.dump(1);
    EXPECT_TRUE(has("Mary: Asked for approval: New notice: Choir concert")) << entries.dump(1);
    EXPECT_TRUE(has("coord: Approved Ashby Choir's change: New notice: Choir concert")) << entries.dump(1);
    EXPECT_EQ(mary.get("/api/admin/sites/ashby/audit").status, 403);
    EXPECT_EQ(signed_in("coord2", Role::Coordinator, {"bolton"}).get("/api/admin/sites/ashby/audit").status, 403);

    g_now += 300 * 24 * 3600; // kept within the year
    m_repository->purge_expired_counts(3);
    EXPECT_EQ(admin().get("/api/admin/sites/ashby/audit").json()["entries"].size(), entries.size());
    g_now += 70 * 24 * 3600; // gone after it
    m_repository->purge_expired_counts(3);
    EXPECT_EQ(admin().get("/api/admin/sites/ashby/audit").json()["entries"].size(), 0u);
}
