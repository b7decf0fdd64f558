// Calendar subscriptions: imported with libical, read-only in the admin, refreshed from a
// URL (served here by a second real server on 127.0.0.1).
#include "content/feed/parse.h"
#include "content/server/ics_import.h"
#include "content/server/recurrence.h"
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
    EXPECT_EQ(reply.json()["imported"], 3); // the three-day festival too, shown on each of its days
    auto items = a.get("/api/admin/sites/ashby/events").json()["items"];
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0]["read_only"], true);
    auto knit = *std::find_if(items.begin(), items.end(), [](auto& i) { return i["item"]["title"] == "Knit and natter"; });
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
    EXPECT_EQ(m_repository->items(ItemKind::Event, "ashby")->size(), 3u);
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

// [SECTION] Calendars as real programs write them

namespace {

coi::feed::Site london_site()
{
    coi::feed::Site site;
    site.id = "ashby";
    site.timezone = "Europe/London";
    site.rooms = {{"hall", coi::feed::Text::plain("Main Hall")}, {"meeting-room", coi::feed::Text::plain("Meeting Room")}};
    return site;
}

std::string calendar_of(const std::string& events)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + events + "END:VCALENDAR\r\n";
}

const std::string kWeeklyKnit = "BEGIN:VEVENT\r\nUID:knit@example.org\r\nSUMMARY:Knit and natter\r\n"
                                "DTSTART;TZID=Europe/London:20261103T140000\r\n"
                                "DTEND;TZID=Europe/London:20261103T160000\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nEND:VEVENT\r\n";

IcsImport imported(const std::string& text)
{
    auto result = import_ics(text, london_site());
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.failure().message);
    return result.ok() ? *result : IcsImport{};
}

// The feed events, parsed as a kiosk would, so the tests see what screens show.
std::vector<coi::feed::Event> events_of(const IcsImport& import)
{
    std::vector<coi::feed::Event> events;
    for (auto& item : import.events) {
        auto event = coi::feed::event_from_json(item, london_site());
        EXPECT_TRUE(event.ok()) << item.dump();
        if (event.ok())
            events.push_back(*event);
    }
    return events;
}

coi::feed::Instant at(const char* iso)
{
    return coi::feed::parse_instant(iso).value_or(0);
}

// "HH:MM title" of every occurrence on one London day, what the screen lists.
std::vector<std::string> day_of(const std::vector<coi::feed::Event>& events, coi::feed::Date date)
{
    std::vector<std::string> lines;
    auto from = from_local(date, 0, "Europe/London");
    auto to = from_local(coi::feed::add_days(date, 1), 0, "Europe/London");
    for (auto& o : occurrences_between(events, "Europe/London", from, to)) {
        auto local = to_local(o.start, "Europe/London");
        lines.push_back(coi::feed::format_clock(local.minutes) + " " + o.event->title.get("en") + (o.cancelled ? " (cancelled)" : ""));
    }
    return lines;
}

using Lines = std::vector<std::string>;

} // namespace

TEST(IcsImport, MovedOccurrenceAfterItsMasterReplacesThatOccurrence)
{
    auto events = events_of(imported(calendar_of(kWeeklyKnit
        + "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;TZID=Europe/London:20261110T140000\r\n"
          "SUMMARY:Knit and natter (in the café)\r\nLOCATION:Meeting Room\r\n"
          "DTSTART;TZID=Europe/London:20261111T100000\r\nDTEND;TZID=Europe/London:20261111T113000\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 11, 10}), Lines{}) << "the old time is gone";
    EXPECT_EQ(day_of(events, {2026, 11, 11}), Lines{"10:00 Knit and natter (in the café)"});
    EXPECT_EQ(day_of(events, {2026, 11, 17}), Lines{"14:00 Knit and natter"}) << "the rest of the series stays";
}

TEST(IcsImport, OverrideBeforeItsMasterDoesNotWipeOutTheSeries)
{
    auto override_first = "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;TZID=Europe/London:20261110T140000\r\n"
                          "DTSTART;TZID=Europe/London:20261110T150000\r\nDTEND;TZID=Europe/London:20261110T170000\r\nEND:VEVENT\r\n";
    auto import = imported(calendar_of(override_first + kWeeklyKnit));
    EXPECT_TRUE(import.skipped.empty()) << import.skipped.front();
    auto events = events_of(import);
    EXPECT_EQ(day_of(events, {2026, 11, 3}), Lines{"14:00 Knit and natter"});
    EXPECT_EQ(day_of(events, {2026, 11, 10}), Lines{"15:00 Knit and natter"}) << "the override takes the master's title";
}

TEST(IcsImport, CancelledOccurrenceIsShownCancelled)
{
    auto events = events_of(imported(calendar_of(kWeeklyKnit
        + "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;TZID=Europe/London:20261117T140000\r\n"
          "STATUS:CANCELLED\r\nDTSTART;TZID=Europe/London:20261117T140000\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 11, 17}), Lines{"14:00 Knit and natter (cancelled)"});
    EXPECT_EQ(day_of(events, {2026, 11, 24}), Lines{"14:00 Knit and natter"});
}

TEST(IcsImport, CancelledSeriesIsCancelled)
{
    auto text = kWeeklyKnit;
    text.insert(text.find("END:VEVENT"), "STATUS:CANCELLED\r\n");
    auto events = events_of(imported(calendar_of(text)));
    EXPECT_EQ(day_of(events, {2026, 11, 24}), Lines{"14:00 Knit and natter (cancelled)"});
}

TEST(IcsImport, ThisAndFutureSplitsTheSeries)
{
    auto events = events_of(imported(calendar_of(kWeeklyKnit
        + "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20261117T140000\r\n"
          "DTSTART;TZID=Europe/London:20261117T180000\r\nDTEND;TZID=Europe/London:20261117T200000\r\n"
          "SUMMARY:Evening knit\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 11, 10}), Lines{"14:00 Knit and natter"});
    EXPECT_EQ(day_of(events, {2026, 11, 17}), Lines{"18:00 Evening knit"});
    EXPECT_EQ(day_of(events, {2026, 12, 8}), Lines{"18:00 Evening knit"});
}

TEST(IcsImport, ThisAndFutureKeepsTheCountOfTheWholeSeries)
{
    auto counted = kWeeklyKnit;
    counted.replace(counted.find("FREQ=WEEKLY;BYDAY=TU"), 20, "FREQ=WEEKLY;BYDAY=TU;COUNT=4");
    auto events = events_of(imported(calendar_of(counted
        + "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20261117T140000\r\n"
          "DTSTART;TZID=Europe/London:20261117T180000\r\nDTEND;TZID=Europe/London:20261117T200000\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 11, 10}), Lines{"14:00 Knit and natter"});
    EXPECT_EQ(day_of(events, {2026, 11, 24}), Lines{"18:00 Knit and natter"}) << "the fourth of four";
    EXPECT_EQ(day_of(events, {2026, 12, 1}), Lines{}) << "no fifth";
}

// Cyrus (Fastmail) writes an event that repeats two ways as two RRULEs: it happens on the
// days of either rule, once each, and an EXDATE takes out a day of either.
TEST(IcsImport, EveryRruleOfAnEventIsExpanded)
{
    auto import = imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:club@example.org\r\nSUMMARY:Book club\r\n"
        "DTSTART;TZID=Europe/London:20261103T140000\r\nDTEND;TZID=Europe/London:20261103T160000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3\r\nRRULE:FREQ=MONTHLY;BYDAY=2FR;COUNT=2\r\n"
        "EXDATE;TZID=Europe/London:20261211T140000\r\nEND:VEVENT\r\n"));
    EXPECT_TRUE(import.skipped.empty()) << import.skipped.front();
    auto events = events_of(import);
    EXPECT_EQ(day_of(events, {2026, 11, 3}), Lines{"14:00 Book club"}) << "the first occurrence once, not once per rule";
    EXPECT_EQ(day_of(events, {2026, 11, 10}), Lines{"14:00 Book club"});
    EXPECT_EQ(day_of(events, {2026, 11, 13}), Lines{"14:00 Book club"}) << "the second Friday, from the second rule";
    EXPECT_EQ(day_of(events, {2026, 11, 24}), Lines{}) << "the first rule's COUNT is three";
    EXPECT_EQ(day_of(events, {2026, 12, 11}), Lines{}) << "the EXDATE holds for the second rule too";
}

// Two rules that give the same day, and an RDATE on a day the second rule gives: each day once
// (RFC 5545: the recurrence set is a set), where the screens showed such a day twice.
TEST(IcsImport, ADayTwoRulesOrARuleAndAnRdateShareIsShownOnce)
{
    auto import = imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:club@example.org\r\nSUMMARY:Book club\r\n"
        "DTSTART;TZID=Europe/London:20261103T140000\r\nDTEND;TZID=Europe/London:20261103T160000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4\r\nRRULE:FREQ=MONTHLY;BYDAY=2TU\r\n"
        "RDATE;TZID=Europe/London:20261208T140000\r\nEND:VEVENT\r\n"));
    EXPECT_TRUE(import.skipped.empty()) << import.skipped.front();
    auto events = events_of(import);
    EXPECT_EQ(day_of(events, {2026, 11, 10}), Lines{"14:00 Book club"}) << "the second Tuesday: both rules give it";
    EXPECT_EQ(day_of(events, {2026, 11, 17}), Lines{"14:00 Book club"});
    EXPECT_EQ(day_of(events, {2026, 12, 8}), Lines{"14:00 Book club"}) << "the second rule and the RDATE both give it";
    EXPECT_EQ(day_of(events, {2026, 12, 1}), Lines{}) << "the first rule's COUNT is four";
}

// A booking system edits a series "this and future" twice and moves one occurrence in
// between: each change holds until the next, the series' own occurrences (its RDATE too) move
// with the change that covers them, and the moved occurrence leaves its piece's time.
TEST(IcsImport, ThisAndFutureChangesHoldUntilTheNextOne)
{
    auto master = kWeeklyKnit;
    master.insert(master.find("END:VEVENT"), "RDATE;TZID=Europe/London:20261119T140000\r\n");
    auto import = imported(calendar_of(master
        + "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20261110T140000\r\n"
          "DTSTART;TZID=Europe/London:20261110T180000\r\nDTEND;TZID=Europe/London:20261110T200000\r\n"
          "SUMMARY:Evening knit\r\nEND:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;TZID=Europe/London:20261117T140000\r\n"
          "DTSTART;TZID=Europe/London:20261118T100000\r\nDTEND;TZID=Europe/London:20261118T120000\r\n"
          "SUMMARY:Morning knit\r\nEND:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:knit@example.org\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20261201T140000\r\n"
          "DTSTART;TZID=Europe/London:20261201T190000\r\nDTEND;TZID=Europe/London:20261201T210000\r\n"
          "SUMMARY:Late knit\r\nEND:VEVENT\r\n"));
    EXPECT_TRUE(import.skipped.empty()) << import.skipped.front();
    auto events = events_of(import);
    EXPECT_EQ(day_of(events, {2026, 11, 3}), Lines{"14:00 Knit and natter"});
    EXPECT_EQ(day_of(events, {2026, 11, 10}), Lines{"18:00 Evening knit"});
    EXPECT_EQ(day_of(events, {2026, 11, 17}), Lines{}) << "moved to the next morning";
    EXPECT_EQ(day_of(events, {2026, 11, 18}), Lines{"10:00 Morning knit"});
    EXPECT_EQ(day_of(events, {2026, 11, 19}), Lines{"18:00 Evening knit"}) << "the RDATE moves with its change";
    EXPECT_EQ(day_of(events, {2026, 11, 24}), Lines{"18:00 Evening knit"});
    EXPECT_EQ(day_of(events, {2026, 12, 1}), Lines{"19:00 Late knit"});
    EXPECT_EQ(day_of(events, {2026, 12, 8}), Lines{"19:00 Late knit"}) << "neither the series nor the first change comes back";
}

// Outlook starts a weekly series on the day it was created even when its rule names other
// days; Outlook itself shows it from the first day the rule names.
TEST(IcsImport, WeeklySeriesStartingOnADayItsRuleDoesNotNameBeginsOnTheFirstDayItNames)
{
    auto events = events_of(imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:yoga\r\nSUMMARY:Yoga\r\nDTSTART;TZID=Europe/London:20261102T140000\r\n"
        "DTEND;TZID=Europe/London:20261102T150000\r\nRRULE:FREQ=WEEKLY;BYDAY=TH,FR;COUNT=4\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 11, 2}), Lines{}) << "a Monday, which the rule does not name";
    EXPECT_EQ(day_of(events, {2026, 11, 5}), Lines{"14:00 Yoga"});
    EXPECT_EQ(day_of(events, {2026, 11, 6}), Lines{"14:00 Yoga"});
}

// Outlook Web Access writes the zone's display name as the TZID and no VTIMEZONE.
TEST(IcsImport, OutlookDisplayNameZoneIsTheZoneItDescribes)
{
    auto import = imported(calendar_of(
        "BEGIN:VEVENT\r\nSUMMARY:Board call\r\nDTSTART;TZID=\"(UTC-05:00) Eastern Time (US & Canada)\":20261103T133000\r\n"
        "DTEND;TZID=\"(UTC-05:00) Eastern Time (US & Canada)\":20261103T150000\r\nEND:VEVENT\r\n"));
    EXPECT_TRUE(import.skipped.empty()) << import.skipped.front();
    EXPECT_EQ(day_of(events_of(import), {2026, 11, 3}), Lines{"18:30 Board call"}) << "13:30 in New York";
}

TEST(IcsImport, MultiDayAndAllDayEventsAreKept)
{
    auto import = imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:refurb\r\nSUMMARY:Closed for refurbishment\r\nDTSTART;VALUE=DATE:20260810\r\n"
        "DTEND;VALUE=DATE:20260815\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:fair\r\nSUMMARY:Autumn fair\r\nDTSTART;VALUE=DATE:20261025\r\n"
        "DTEND;VALUE=DATE:20261026\r\nEND:VEVENT\r\n"));
    EXPECT_TRUE(import.skipped.empty()) << import.skipped.front();
    auto events = events_of(import);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(events[0].all_day);
    EXPECT_EQ(events[1].end - events[1].start, 25 * 3600) << "the clock-change day lasts 25 hours";
    for (int day = 10; day <= 14; ++day)
        EXPECT_EQ(day_of(events, {2026, 8, day}).size(), 1u) << day;
    EXPECT_TRUE(day_of(events, {2026, 8, 15}).empty());
}

TEST(IcsImport, EventsWithoutAnEndAreShownWithTheirStartOnly)
{
    auto events = events_of(imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:deadline\r\nSUMMARY:Grant deadline\r\nDTSTART:20261112T120000Z\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:reminder\r\nSUMMARY:Reminder\r\nDTSTART:20261112T090000Z\r\nDTEND:20261112T090000Z\r\nEND:VEVENT\r\n")));
    ASSERT_EQ(events.size(), 2u);
    for (auto& event : events) {
        EXPECT_TRUE(event.start_only) << event.id;
        EXPECT_EQ(event.end, event.start) << "not a made-up hour";
    }
}

TEST(IcsImport, EventsWithoutUidKeepAStableId)
{
    auto text = calendar_of("BEGIN:VEVENT\r\nSUMMARY:Coffee morning\r\nDTSTART:20261112T100000Z\r\nDTEND:20261112T110000Z\r\nEND:VEVENT\r\n"
                            "BEGIN:VEVENT\r\nSUMMARY:Coffee morning\r\nDTSTART:20261119T100000Z\r\nDTEND:20261119T110000Z\r\nEND:VEVENT\r\n");
    auto first = imported(text);
    ASSERT_EQ(first.events.size(), 2u);
    EXPECT_NE(first.events[0]["id"], first.events[1]["id"]);
    EXPECT_EQ(imported(text).events[0]["id"], first.events[0]["id"]) << "the same on every refresh";
}

TEST(IcsImport, RdatesAreHonoured)
{
    auto events = events_of(imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:talk\r\nSUMMARY:History talk\r\nDTSTART;TZID=Europe/London:20261105T190000\r\n"
        "DTEND;TZID=Europe/London:20261105T200000\r\nRDATE;TZID=Europe/London:20261203T190000,20270107T190000\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 12, 3}), Lines{"19:00 History talk"});
    EXPECT_EQ(day_of(events, {2027, 1, 7}), Lines{"19:00 History talk"});
}

TEST(IcsImport, SeriesAnchoredToUtcRepeatsInUtc)
{
    // 17:00 UTC every Monday: 17:00 on the screen in winter, 18:00 in summer.
    auto events = events_of(imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:call\r\nSUMMARY:Twinning call\r\nDTSTART:20260105T170000Z\r\nDTEND:20260105T180000Z\r\n"
        "RRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 1, 12}), Lines{"17:00 Twinning call"});
    EXPECT_EQ(day_of(events, {2026, 6, 1}), Lines{"18:00 Twinning call"});
}

TEST(IcsImport, SeriesInAnotherZoneRepeatsInThatZone)
{
    auto events = events_of(imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:ny\r\nSUMMARY:New York link-up\r\nDTSTART;TZID=America/New_York:20260302T100000\r\n"
        "DTEND;TZID=America/New_York:20260302T110000\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 3, 2}), Lines{"15:00 New York link-up"});
    EXPECT_EQ(day_of(events, {2026, 3, 16}), Lines{"14:00 New York link-up"}) << "New York has changed its clocks, London not yet";
    EXPECT_EQ(day_of(events, {2026, 4, 6}), Lines{"15:00 New York link-up"});
}

TEST(IcsImport, NamedZoneComesFromTheSystemNotTheFilesPartialDefinition)
{
    // An exporter's VTIMEZONE named Europe/London that only knows winter time.
    auto events = events_of(imported(calendar_of(
        "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\n"
        "TZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nUID:summer\r\nSUMMARY:Summer fete\r\nDTSTART;TZID=Europe/London:20260704T110000\r\n"
        "DTEND;TZID=Europe/London:20260704T150000\r\nEND:VEVENT\r\n")));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].start, at("2026-07-04T10:00:00Z")) << "11:00 BST";
}

TEST(IcsImport, WindowsAndMisquotedZoneNamesAreUnderstood)
{
    auto events = events_of(imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Berlin\r\nDTSTART;TZID=W. Europe Standard Time:20260704T110000\r\n"
        "DTEND;TZID=W. Europe Standard Time:20260704T120000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Quoted\r\nDTSTART;TZID=\"Europe/London\":20260704T110000\r\n"
        "DTEND;TZID=\"Europe/London\":20260704T120000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Mozilla\r\nDTSTART;TZID=/mozilla.org/20050126_1/Europe/London:20260704T110000\r\n"
        "DTEND;TZID=/mozilla.org/20050126_1/Europe/London:20260704T120000\r\nEND:VEVENT\r\n")));
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].start, at("2026-07-04T09:00:00Z"));
    EXPECT_EQ(events[1].start, at("2026-07-04T10:00:00Z"));
    EXPECT_EQ(events[2].start, at("2026-07-04T10:00:00Z"));
}

TEST(IcsImport, UnknownZoneIsSkippedWithAReasonACoordinatorCanRead)
{
    auto import = imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Somewhere\r\nDTSTART;TZID=Middle Earth Standard Time:20260704T110000\r\n"
        "DTEND;TZID=Middle Earth Standard Time:20260704T120000\r\nEND:VEVENT\r\n"));
    EXPECT_TRUE(import.events.empty());
    ASSERT_EQ(import.skipped.size(), 1u);
    EXPECT_EQ(import.skipped[0], "\"Somewhere\" is in the time zone \"Middle Earth Standard Time\", which this server does not know");
}

// The public page shows a calendar's multi-day event on every day it covers, as the screens
// do, and its cached week follows every change of content.
TEST_F(IcsTest, WhatsOnShowsAMultiDayEventOnEachDayAndFollowsEveryChange)
{
    std::string zone = m_repository->site("ashby")->site["timezone"];
    auto today = to_local(m_repository->now(), zone).date;
    auto ics_date = [](coi::feed::Date d) {
        char text[16];
        std::snprintf(text, sizeof text, "%04d%02d%02d", d.year, d.month, d.day);
        return std::string(text);
    };
    auto exhibition = [&](const std::string& title) {
        return calendar_of("BEGIN:VEVENT\r\nUID:exhibition\r\nSUMMARY:" + title + "\r\nDTSTART;VALUE=DATE:" + ics_date(today)
            + "\r\nDTEND;VALUE=DATE:" + ics_date(coi::feed::add_days(today, 3)) + "\r\nEND:VEVENT\r\n");
    };
    auto count = [](const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
            ++n;
        return n;
    };
    // Open every day: a day without opening hours is closed on the page, as on the screens.
    auto site = m_repository->site("ashby")->site;
    site["opening_hours"] = nlohmann::json::array();
    for (auto day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        site["opening_hours"].push_back({{"day", day}, {"open", "09:00"}, {"close", "17:00"}});
    ASSERT_TRUE(m_repository->update_site("ashby", site).ok());
    auto a = admin();
    ASSERT_EQ(a.request("POST", "/api/admin/sites/ashby/ics/import", exhibition("Quilt exhibition"), "text/calendar").status, 200);
    auto page = client().get("/whats-on/ashby");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(count(page.body, "Quilt exhibition"), 3u) << page.body;
    EXPECT_EQ(count(page.body, "All day"), 3u);
    EXPECT_EQ(count(page.body, "until "), 2u) << "the first two days say until when";
    ASSERT_EQ(a.request("POST", "/api/admin/sites/ashby/ics/import", exhibition("Lace exhibition"), "text/calendar").status, 200);
    page = client().get("/whats-on/ashby");
    EXPECT_EQ(count(page.body, "Quilt exhibition"), 0u) << "not the week cached before the change";
    EXPECT_EQ(count(page.body, "Lace exhibition"), 3u);
}

// Each import leaves a report a coordinator reads on the calendar panel: how many entries the
// calendar had, how many reached the screens, and why the others did not.
TEST_F(IcsTest, ImportReportSaysWhatWasTakenInAndWhatWasLeftOutAndWhy)
{
    auto a = admin();
    auto text = calendar_of(kWeeklyKnit
        + "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Somewhere\r\nDTSTART;TZID=Middle Earth Standard Time:20260704T110000\r\n"
          "DTEND;TZID=Middle Earth Standard Time:20260704T120000\r\nEND:VEVENT\r\n");
    ASSERT_EQ(a.request("POST", "/api/admin/sites/ashby/ics/import", text, "text/calendar").status, 200);
    auto sites = a.get("/api/admin/session").json()["sites"];
    ASSERT_EQ(sites.size(), 1u);
    auto report = sites[0]["ics_report"];
    EXPECT_EQ(report["in_calendar"], 2);
    EXPECT_EQ(report["imported"], 1);
    ASSERT_EQ(report["skipped"].size(), 1u);
    EXPECT_EQ(report["skipped"][0], "\"Somewhere\" is in the time zone \"Middle Earth Standard Time\", which this server does not know");
    EXPECT_GT(report["at"].get<std::int64_t>(), 0);
    EXPECT_LE(report["at"].get<std::int64_t>(), m_repository->now());
    // Unsubscribing forgets the report with the events.
    ASSERT_EQ(a.put("/api/admin/sites/ashby/ics", {{"url", ""}}).status, 200);
    EXPECT_TRUE(a.get("/api/admin/session").json()["sites"][0]["ics_report"].is_null());
}

// Exchange names a moved occurrence of an all-day series by midnight in its own zone; in a
// London building that midnight is 23:00 the day before, yet it is that day's occurrence.
TEST(IcsImport, AllDayOccurrenceMovedByExchangeLeavesItsOldDay)
{
    auto events = events_of(imported(calendar_of(
        "BEGIN:VEVENT\r\nUID:bins\r\nSUMMARY:Bin day\r\nDTSTART;VALUE=DATE:20260219\r\nDTEND;VALUE=DATE:20260220\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TH\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:bins\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20260226T000000\r\nSUMMARY:Bin day\r\n"
        "DTSTART;VALUE=DATE:20260227\r\nDTEND;VALUE=DATE:20260228\r\nEND:VEVENT\r\n")));
    EXPECT_EQ(day_of(events, {2026, 2, 26}), Lines{}) << "moved away";
    EXPECT_EQ(day_of(events, {2026, 2, 27}), Lines{"00:00 Bin day"});
    EXPECT_EQ(day_of(events, {2026, 3, 5}), Lines{"00:00 Bin day"});
}
