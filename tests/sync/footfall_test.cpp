// Footfall: anonymous head counts leave the building only when the site shares them, never
// for a discreet purpose, each changed count once, and a refused batch never blocks the rest.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/store/checkin_store.h"
#include "kiosk/store/database.h"
#include "kiosk/store/remember_store.h"
#include "kiosk/store/settings_store.h"
#include "kiosk/sync/footfall.h"
#include "kiosk/sync/outbox.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <thread>

using namespace coi;
using namespace coi::sync;

namespace {

// A heartbeat from a kiosk showing this content version.
HeartbeatInfo showing(std::int64_t version)
{
    HeartbeatInfo info;
    info.content_version = version;
    info.app_version = "0.1.0";
    return info;
}

feed::Feed sample_site(bool share)
{
    auto feed = feed::parse_feed(sample::feed_json()).release();
    feed.site.checkin.share_counts = share;
    return feed;
}

core::TimeZone london() { return core::TimeZone::load("Europe/London").release(); }

constexpr feed::Instant kNov25At11 = 1795604700; // 2026-11-25T11:05:00Z, 11:05 in London

std::vector<nlohmann::json> waiting_rows(store::Database& db, const char* list)
{
    std::vector<nlohmann::json> out;
    for (auto& row : db.query("SELECT body FROM outbox WHERE kind = 'footfall' ORDER BY id").release()) {
        auto body = nlohmann::json::parse(row[0].bytes);
        if (body.contains(list))
            for (auto& c : body[list])
                out.push_back(c);
    }
    return out;
}

std::vector<nlohmann::json> waiting_counts(store::Database& db) { return waiting_rows(db, "counts"); }

std::vector<std::string> waiting_bodies(store::Database& db)
{
    std::vector<std::string> out;
    for (auto& row : db.query("SELECT body FROM outbox WHERE kind = 'footfall' ORDER BY id").release())
        out.push_back(row[0].bytes);
    return out;
}

// Where each count below was made: Wednesday 25 November 2026 in London.
feed::Instant nov25(int hour, int minute = 0) { return london().from_local({2026, 11, 25}, hour * 60 + minute); }

std::function<std::string()> code(std::string c)
{
    return [c] { return c; };
}

// Keeps running totals per (date, hour, purpose) the way kiosk-content does: a resend replaces.
class FootfallServer {
public:
    FootfallServer()
    {
        server.Post("/api/v1/footfall", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            ++requests;
            if (!sharing) {
                res.status = 403;
                res.set_content(R"({"error":"this site does not share visitor counts","code":"forbidden"})", "application/json");
                return;
            }
            auto body = nlohmann::json::parse(req.body);
            for (auto& c : body["counts"])
                totals[c["date"].get<std::string>() + " " + std::to_string(c["hour"].get<int>()) + " " + c["purpose"].get<std::string>()] = c["count"];
            res.set_content(R"({"ok":true})", "application/json");
        });
        server.Post("/api/v1/status", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            statuses.push_back(req.has_file("status") ? req.get_file_value("status").content : req.body);
            if (req.has_file("screenshot"))
                screenshots.push_back(req.get_file_value("screenshot").content);
            res.set_content(R"({"ok":true})", "application/json");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~FootfallServer()
    {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    bool sharing = true;
    int requests = 0;
    std::map<std::string, int> totals;
    std::vector<std::string> statuses, screenshots;
};

FetchLimits quick()
{
    FetchLimits limits;
    limits.connect_timeout_ms = 500;
    limits.total_timeout_ms = 2000;
    return limits;
}

} // namespace

TEST(Footfall, NothingLeavesWhenTheSiteDoesNotShareCounts)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    auto queued = enqueue_footfall(db, sample_site(false), london(), kNov25At11);
    ASSERT_TRUE(queued) << queued.error().message;
    EXPECT_EQ(*queued, 0);
    EXPECT_TRUE(waiting_counts(db).empty());
}

TEST(Footfall, NeverSendsADiscreetPurposesIdOrAnUnknownPurpose)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    // The store never counts a discreet purpose as a head, but its id must not leak even if it
    // did: at most it is one of the site's "private" visits.
    ASSERT_TRUE(checkins.count_head("support-group", "2026-11-25", 10));
    ASSERT_TRUE(checkins.count_head("no-longer-in-the-feed", "2026-11-25", 10));
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), kNov25At11));
    auto counts = waiting_counts(db);
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts[0], (nlohmann::json{{"date", "2026-11-25"}, {"hour", 10}, {"purpose", "cafe"}, {"count", 1}}));
    EXPECT_EQ(counts[1], (nlohmann::json{{"date", "2026-11-25"}, {"hour", 10}, {"purpose", "private"}, {"count", 1}}));
    EXPECT_FALSE(may_share(sample_site(true), "support-group"));
    EXPECT_TRUE(may_share(sample_site(true), "something-else"));
}

TEST(Footfall, QueuesEachCountOnceAndAgainOnlyWhenItChanges)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    ASSERT_TRUE(checkins.count_head("something-else", "2026-11-25", 11));
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-01", 9)); // older than 14 days: final long ago
    EXPECT_EQ(enqueue_footfall(db, sample_site(true), london(), kNov25At11).value(), 2);
    EXPECT_EQ(enqueue_footfall(db, sample_site(true), london(), kNov25At11 + 300).value(), 0);
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    EXPECT_EQ(enqueue_footfall(db, sample_site(true), london(), kNov25At11 + 600).value(), 1);
    auto counts = waiting_counts(db);
    ASSERT_EQ(counts.size(), 3u);
    EXPECT_EQ(counts[2]["count"], 3); // the running total, not the difference: the server replaces
}

TEST(Footfall, AResendAfterALostAnswerNeverDoubleCounts)
{
    FootfallServer server;
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), kNov25At11));
    Outbox outbox(db);
    ASSERT_EQ(outbox.send(server.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly).sent, 1);
    // The answer was "lost": the same running total goes again, and is replaced, not added.
    ASSERT_TRUE(store::SettingsStore(db).forget({store::Setting::FootfallSent}));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), kNov25At11 + 300));
    ASSERT_EQ(outbox.send(server.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly).sent, 1);
    EXPECT_EQ(server.totals["2026-11-25 10 cafe"], 5);
    EXPECT_EQ(server.requests, 2);
}

TEST(Footfall, ASiteThatStoppedSharingDropsTheBatchInsteadOfBlockingTheOutbox)
{
    FootfallServer server;
    server.sharing = false;
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), kNov25At11));
    Outbox outbox(db);
    ASSERT_TRUE(outbox.enqueue_heartbeat(showing(9), kNov25At11));
    auto report = outbox.send(server.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly);
    EXPECT_EQ(report.dropped, 1);
    EXPECT_EQ(report.sent, 1); // the heartbeat behind it still went
    EXPECT_EQ(outbox.pending(), 0);
    // And the kiosk, once its feed says so too, keeps nothing waiting.
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), kNov25At11 + 300));
    EXPECT_EQ(outbox.pending(), 1);
    EXPECT_EQ(enqueue_footfall(db, sample_site(false), london(), kNov25At11 + 600).value(), 0);
    EXPECT_EQ(outbox.pending(), 0);
}

TEST(Outbox, AHeartbeatCarriesAScreenshotAsMultipart)
{
    FootfallServer server;
    auto db = store::Database::open_in_memory().release();
    Outbox outbox(db);
    std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\r\n--binary\0", 12) + std::string(1000, '\xff');
    EXPECT_FALSE(outbox.enqueue_heartbeat(showing(3), std::string("GIF89a"), 1));                  // not a PNG
    EXPECT_FALSE(outbox.enqueue_heartbeat(showing(3), png + std::string(kMaxScreenshotBytes, 'x'), 1)); // over 2 MB
    ASSERT_TRUE(outbox.enqueue_heartbeat(showing(3), png, 1));
    ASSERT_TRUE(outbox.enqueue_heartbeat(showing(4), 2)); // a plain one after it keeps the picture waiting
    EXPECT_EQ(outbox.pending(), 2);
    auto report = outbox.send(server.url(), std::string(64, 't'), quick(), HttpPolicy::LoopbackOnly);
    EXPECT_EQ(report.sent, 2) << report.error;
    ASSERT_EQ(server.screenshots.size(), 1u);
    EXPECT_EQ(server.screenshots[0], png);
    ASSERT_EQ(server.statuses.size(), 2u);
    EXPECT_EQ(nlohmann::json::parse(server.statuses[0])["content_version"], 3);
    EXPECT_EQ(nlohmann::json::parse(server.statuses[1])["content_version"], 4);
}

// [SECTION] Every check-in, counted

TEST(Footfall, EveryCheckInIsCountedNamedAndSessionsTooDiscreetOnlyAsPrivate)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    ASSERT_TRUE(checkins.count_head("cafe", "2026-11-25", 10));
    ASSERT_TRUE(checkins.check_in("visiting", "named", "", "Margaret", "H", code("AAAA"), nov25(10, 5)));
    ASSERT_TRUE(checkins.check_in("visiting", "named", "", "Olu", "", code("CCCC"), nov25(10, 50)));
    ASSERT_TRUE(checkins.check_in("session", "named", "bingo", "Sam", "K", code("DDDD"), nov25(10, 15), {nov25(10), false}));
    ASSERT_TRUE(checkins.check_in("support-group", "discreet", "", "Jo", "", code("EEEE"), nov25(11, 30)));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), nov25(12)));
    auto counts = waiting_counts(db);
    ASSERT_EQ(counts.size(), 4u) << nlohmann::json(counts).dump();
    EXPECT_EQ(counts[0], (nlohmann::json{{"date", "2026-11-25"}, {"hour", 10}, {"purpose", "cafe"}, {"count", 1}}));
    EXPECT_EQ(counts[1], (nlohmann::json{{"date", "2026-11-25"}, {"hour", 10}, {"purpose", "session"}, {"count", 1}}));
    EXPECT_EQ(counts[2], (nlohmann::json{{"date", "2026-11-25"}, {"hour", 10}, {"purpose", "visiting"}, {"count", 2}}));
    EXPECT_EQ(counts[3], (nlohmann::json{{"date", "2026-11-25"}, {"hour", 11}, {"purpose", "private"}, {"count", 1}}));
}

TEST(Footfall, ADiscreetVisitIsNotCountedWhereTheSiteDoesNotNameThatCategory)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    ASSERT_TRUE(checkins.check_in("support-group", "discreet", "", "Jo", "", code("EEEE"), nov25(11, 30)));
    ASSERT_TRUE(checkins.count_feedback("2026-11-25", "private", core::Face::Okay));
    auto site = sample_site(true);
    site.site.checkin.private_label = {};
    ASSERT_TRUE(enqueue_footfall(db, site, london(), nov25(12)));
    EXPECT_TRUE(waiting_bodies(db).empty());
}

TEST(Footfall, SessionAttendanceIsPerOccurrence)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    auto tuesday = london().from_local({2026, 11, 24}, 14 * 60);
    ASSERT_TRUE(checkins.check_in("session", "named", "tea-dance", "Ann", "", code("AAAA"), tuesday - 300, {tuesday, false}));
    ASSERT_TRUE(checkins.check_in("session", "named", "tea-dance", "Bob", "", code("CCCC"), tuesday + 600, {tuesday, false}));
    ASSERT_TRUE(checkins.check_in("session", "named", "tea-dance", "Cy", "", code("DDDD"), nov25(13, 55), {nov25(14), false}));
    ASSERT_TRUE(checkins.check_in("session", "named", "bingo", "Di", "", code("EEEE"), nov25(18, 20), {nov25(18, 30), false}));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), nov25(19)));
    auto sessions = waiting_rows(db, "sessions");
    ASSERT_EQ(sessions.size(), 3u);
    EXPECT_EQ(sessions[0], (nlohmann::json{{"date", "2026-11-24"}, {"event", "tea-dance"}, {"start", "14:00"}, {"count", 2}}));
    EXPECT_EQ(sessions[1], (nlohmann::json{{"date", "2026-11-25"}, {"event", "bingo"}, {"start", "18:30"}, {"count", 1}}));
    EXPECT_EQ(sessions[2], (nlohmann::json{{"date", "2026-11-25"}, {"event", "tea-dance"}, {"start", "14:00"}, {"count", 1}}));
}

TEST(Footfall, VolunteersFacesAndReturningVisitorsAreSentAsRunningTotals)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    auto feed = sample_site(true);
    ASSERT_TRUE(checkins.check_in("volunteering", "named", "", "Ann", "", code("AAAA"), nov25(9), {std::nullopt, true}));
    ASSERT_TRUE(checkins.check_out(1, store::CheckoutKind::Self, nov25(12, 30)));
    ASSERT_TRUE(checkins.tally_volunteer_hours(feed, london()));
    ASSERT_TRUE(checkins.count_feedback("2026-11-25", "cafe", core::Face::Happy));
    store::RememberStore remembered(db);
    ASSERT_TRUE(remembered.remember("k7mp", "2026-11-24", nov25(9) - 86400));
    ASSERT_TRUE(remembered.remember("k7mp", "2026-11-25", nov25(9)));
    ASSERT_TRUE(enqueue_footfall(db, feed, london(), nov25(13)));
    EXPECT_EQ(waiting_rows(db, "volunteers"), (std::vector<nlohmann::json>{{{"date", "2026-11-25"}, {"people", 1}, {"minutes", 210}, {"to_closing", 0}}}));
    EXPECT_EQ(waiting_rows(db, "feedback"), (std::vector<nlohmann::json>{{{"date", "2026-11-25"}, {"purpose", "cafe"}, {"face", "happy"}, {"count", 1}}}));
    EXPECT_EQ(waiting_rows(db, "returning"), (std::vector<nlohmann::json>{{{"date", "2026-11-25"}, {"count", 1}}}));
    // Nothing changed: nothing more; one more face: that row again, as its new total.
    EXPECT_EQ(enqueue_footfall(db, feed, london(), nov25(13, 5)).value(), 0);
    ASSERT_TRUE(checkins.count_feedback("2026-11-25", "cafe", core::Face::Happy));
    EXPECT_EQ(enqueue_footfall(db, feed, london(), nov25(13, 10)).value(), 1);
    EXPECT_EQ(waiting_rows(db, "feedback").back()["count"], 2);
}

TEST(Footfall, HourlyCountsTravelApartFromTheNewerLists)
{
    // A server that does not know "sessions" yet refuses that request, not the counts.
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    ASSERT_TRUE(checkins.check_in("session", "named", "bingo", "Di", "", code("EEEE"), nov25(18, 20), {nov25(18, 30), false}));
    ASSERT_TRUE(enqueue_footfall(db, sample_site(true), london(), nov25(19)));
    auto bodies = waiting_bodies(db);
    ASSERT_EQ(bodies.size(), 2u);
    EXPECT_EQ(nlohmann::json::parse(bodies[0]).size(), 1u);
    EXPECT_TRUE(nlohmann::json::parse(bodies[0]).contains("counts"));
    EXPECT_FALSE(nlohmann::json::parse(bodies[1]).contains("counts"));
}

TEST(Footfall, NothingSentNamesAPersonOrCarriesTheirCodeOrTimes)
{
    auto db = store::Database::open_in_memory().release();
    store::CheckinStore checkins(db);
    auto feed = sample_site(true);
    ASSERT_TRUE(checkins.check_in("visiting", "named", "", "Margaret", "H", code("QXWT"), nov25(10, 7)));
    ASSERT_TRUE(checkins.check_in("volunteering", "named", "", "Zbigniew", "K", code("RVNJ"), nov25(9, 13), {std::nullopt, true}));
    ASSERT_TRUE(checkins.check_in("support-group", "discreet", "", "Oleksandra", "", code("PHYD"), nov25(11, 41)));
    ASSERT_TRUE(checkins.check_out(2, store::CheckoutKind::Self, nov25(12, 47)));
    ASSERT_TRUE(checkins.tally_volunteer_hours(feed, london()));
    ASSERT_TRUE(store::RememberStore(db).remember("margaret h", "2026-11-25", nov25(10, 8)));
    ASSERT_TRUE(enqueue_footfall(db, feed, london(), nov25(13)));
    std::string sent;
    for (auto& body : waiting_bodies(db))
        sent += body;
    ASSERT_FALSE(sent.empty());
    for (const char* secret : {"Margaret", "margaret", "Zbigniew", "Oleksandra", "QXWT", "RVNJ", "PHYD", "support-group", "10:07", "09:13", "12:47", "11:41"})
        EXPECT_EQ(sent.find(secret), std::string::npos) << secret << " in " << sent;
}
