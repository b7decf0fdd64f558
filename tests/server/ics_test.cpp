// Calendar subscriptions: imported with libical, read-only in the admin, refreshed from a
// URL (served here by a second real server on 127.0.0.1).
#include "content/feed/parse.h"
#include "content/server/ics_import.h"
#include "server_fixture.h"

#include <httplib.h>

using namespace coi::server;
using namespace coi::server::test;

namespace {

const std::string kCalendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                              "BEGIN:VEVENT\r\nUID:knit-1@example.org\r\nSUMMARY:Knit and natter\r\n"
                              "LOCATION:Main Hall\r\nDTSTART;TZID=Europe/London:20261103T140000\r\n"
                              "DTEND;TZID=Europe/London:20261103T160000\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nEND:VEVENT\r\n"
                              "BEGIN:VEVENT\r\nUID:quiz@example.org\r\nSUMMARY:Quiz night\r\n"
                              "DTSTART:20261127T190000Z\r\nDURATION:PT2H\r\nEND:VEVENT\r\n"
                              "BEGIN:VEVENT\r\nUID:festival@example.org\r\nSUMMARY:Three-day festival\r\n"
                              "DTSTART:20261201T090000Z\r\nDTEND:20261204T090000Z\r\nEND:VEVENT\r\n"
                              "END:VCALENDAR\r\n";

} // namespace

class IcsTest : public ServerTest {
protected:
    void SetUp() override
    {
        m_config.ics_allow_private_addresses = true; // the calendar host below is on 127.0.0.1
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
    }
};

TEST_F(IcsTest, UploadedCalendarBecomesReadOnlyEvents)
{
    auto a = admin();
    auto reply = a.request("POST", "/api/admin/sites/ashby/ics/import", kCalendar, "text/calendar");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["imported"], 2); // the three-day festival is skipped
    auto items = a.get("/api/admin/sites/ashby/events").json()["items"];
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0]["read_only"], true);
    auto knit = items[0]["item"]["title"] == "Knit and natter" ? items[0] : items[1];
    EXPECT_EQ(knit["item"]["room"], "hall");
    EXPECT_EQ(knit["item"]["rrule"], "FREQ=WEEKLY;BYDAY=TU");
    EXPECT_EQ(knit["item"]["start"], "2026-11-03T14:00:00Z");
    auto id = knit["id"].get<std::string>();
    auto edited = knit["item"];
    edited["title"] = "Changed";
    EXPECT_EQ(a.put("/api/admin/sites/ashby/events/" + id, edited).status, 409);
    EXPECT_EQ(a.del("/api/admin/sites/ashby/events/" + id).status, 409);
    EXPECT_EQ(a.post("/api/admin/sites/ashby/events/" + id + "/cancel", {{"date", "2026-11-10"}}).status, 409);
}

TEST_F(IcsTest, SomethingThatIsNotACalendarIsRefused)
{
    auto a = admin();
    auto version = m_repository->content_version("ashby");
    auto reply = a.request("POST", "/api/admin/sites/ashby/ics/import", "<html>not a calendar</html>", "text/calendar");
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(reply.json()["error"].get<std::string>().find("iCalendar"), std::string::npos);
    auto broken = a.request("POST", "/api/admin/sites/ashby/ics/import", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", "text/calendar");
    EXPECT_GE(broken.status, 200); // libical is lenient; whatever it makes must still be a valid feed
    EXPECT_TRUE(m_repository->assemble_feed("ashby", std::nullopt).ok());
    (void)version;
}

TEST_F(IcsTest, SubscriptionIsFetchedFromItsUrl)
{
    httplib::Server calendar_host;
    calendar_host.Get("/cal.ics", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(kCalendar, "text/calendar");
    });
    int port = calendar_host.bind_to_any_port("127.0.0.1");
    std::thread thread([&] { calendar_host.listen_after_bind(); });
    while (!calendar_host.is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));

    auto a = admin();
    ASSERT_EQ(a.put("/api/admin/sites/ashby/ics", {{"url", "http://127.0.0.1:" + std::to_string(port) + "/cal.ics"}}).status, 200);
    auto refreshed = a.post("/api/admin/sites/ashby/ics/refresh", nlohmann::json::object());
    EXPECT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(m_repository->items(ItemKind::Event, "ashby")->size(), 2u);
    EXPECT_EQ(m_repository->site("ashby")->ics_error, "");
    EXPECT_EQ(a.put("/api/admin/sites/ashby/ics", {{"url", "file:///etc/passwd"}}).status, 400);
    // Unsubscribing removes what the calendar brought in.
    ASSERT_EQ(a.put("/api/admin/sites/ashby/ics", {{"url", ""}}).status, 200);
    EXPECT_TRUE(m_repository->items(ItemKind::Event, "ashby")->empty());
    calendar_host.stop();
    thread.join();
}

TEST_F(ServerTest, RecurringEventCanHaveOneOccurrenceCancelled)
{
    ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
    auto a = admin();
    ASSERT_EQ(a.post("/api/admin/sites/ashby/events", event_json("bingo", "FREQ=WEEKLY;BYDAY=TU")).status, 201);
    auto reply = a.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-12-01"}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["item"]["cancelled_dates"][0], "2026-12-01");
    EXPECT_EQ(a.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-13-01"}}).status, 400);
    auto undo = a.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-12-01"}, {"cancelled", false}});
    EXPECT_FALSE(undo.json()["item"].contains("cancelled_dates"));
}

TEST_F(IcsTest, RefreshThatFindsNothingNewKeepsTheVersion)
{
    auto a = admin();
    ASSERT_EQ(a.request("POST", "/api/admin/sites/ashby/ics/import", kCalendar, "text/calendar").status, 200);
    auto version = m_repository->content_version("ashby");
    ASSERT_EQ(a.request("POST", "/api/admin/sites/ashby/ics/import", kCalendar, "text/calendar").status, 200);
    EXPECT_EQ(m_repository->content_version("ashby"), version); // kiosks keep getting 304
}

TEST_F(ServerTest, CalendarOnThisServersOwnNetworkIsRefused)
{
    ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
    auto a = admin();
    for (auto url : {"http://127.0.0.1:9/cal.ics", "http://[::1]/cal.ics", "http://10.0.0.8/cal.ics",
                     "http://user@192.168.1.1:8080/cal.ics", "http://localhost/cal.ics", "http://198.18.0.1/cal.ics",
                     "http://198.19.255.254/cal.ics", "http://240.0.0.1/cal.ics", "http://255.255.255.255/cal.ics",
                     "http://[::ffff:127.0.0.1]/cal.ics", "http://[64:ff9b::7f00:1]/cal.ics"}) {
        ASSERT_EQ(a.put("/api/admin/sites/ashby/ics", {{"url", url}}).status, 200);
        auto refreshed = a.post("/api/admin/sites/ashby/ics/refresh", nlohmann::json::object());
        EXPECT_EQ(refreshed.status, 403) << url << " " << refreshed.body;
    }
    EXPECT_NE(m_repository->site("ashby")->ics_error.find("allow_private_addresses"), std::string::npos);
}

// Found by tests/fuzz/ics_fuzzer. An Outlook calendar: its own VTIMEZONE, and a DESCRIPTION
// of "\n". The line break made the event invalid in the feed, so the whole import failed;
// and the times were converted after the parsed calendar (which owns that zone) was freed.
TEST(IcsImport, OutlookCalendarWithItsOwnZoneAndLineBreaksImports)
{
    coi::feed::Site site;
    site.timezone = "Europe/London";
    site.rooms = {{"meeting-room", coi::feed::Text::plain("Meeting Room")}, {"hall", coi::feed::Text::plain("Main Hall")}};
    const std::string outlook =
        "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:GMT Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0000\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
        "DTSTART:16010101T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\n"
        "END:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nDESCRIPTION:Bring proof of address.\\nNo appointment needed.\\n\r\nUID:advice-1\r\n"
        "SUMMARY:Benefits advice\\ndrop-in\r\nDTSTART;TZID=GMT Standard Time:20261203T093000\r\n"
        "DTEND;TZID=GMT Standard Time:20261203T123000\r\nLOCATION:Meeting Room\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n";
    auto imported = import_ics(outlook, site);
    ASSERT_TRUE(imported.ok()) << imported.failure().message;
    ASSERT_EQ(imported->events.size(), 1u);
    auto& event = imported->events[0];
    EXPECT_EQ(event["title"], "Benefits advice drop-in");
    EXPECT_EQ(event["description"], "Bring proof of address. No appointment needed.");
    EXPECT_EQ(event["start"], "2026-12-03T09:30:00Z");
    EXPECT_EQ(event["end"], "2026-12-03T12:30:00Z");
    EXPECT_EQ(event["room"], "meeting-room");
    EXPECT_TRUE(coi::feed::event_from_json(event, site).ok());
    EXPECT_TRUE(imported->skipped.empty());
}
