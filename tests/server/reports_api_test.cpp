// The reporting half of the kiosk API and the reports for funders, over HTTP: every list of
// the upload stored as running totals, refused whole when a row is wrong, kept for the
// configured years; the reports and their CSV files for each role.
#include "content/feed/types.h"
#include "server_fixture.h"

using namespace coi::server;
using namespace coi::server::test;
using json = nlohmann::json;

namespace {

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

} // namespace

class ReportsApiTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        auto ashby = site_json("ashby");
        ashby["checkin"] = {{"share_counts", true},
                            {"purposes", {{{"id", "cafe"}, {"label", "Café"}, {"kind", "headcount"}},
                                          {{"id", "debt"}, {"label", "Debt advice"}, {"kind", "discreet"}}}}};
        ASSERT_TRUE(m_repository->create_site(ashby).ok());
        ASSERT_TRUE(m_repository->create_site(site_json("bolton", "Bolton Road")).ok());
        m_today = coi::feed::format_date(coi::feed::civil_from_days(m_repository->now() / 86400));
        m_token = pair_screen("ashby", "reception");
    }

    Reply upload(const json& body, const std::string& token = {})
    {
        return client().request("POST", "/api/v1/footfall", body.dump(), "application/json", bearer(token.empty() ? m_token : token));
    }

    json a_day() const
    {
        return {{"counts", {{{"date", m_today}, {"hour", 10}, {"purpose", "cafe"}, {"count", 12}},
                            {{"date", m_today}, {"hour", 14}, {"purpose", "session"}, {"count", 6}},
                            {{"date", m_today}, {"hour", 11}, {"purpose", "private"}, {"count", 2}}}},
                {"sessions", {{{"date", m_today}, {"event", "tea-dance"}, {"start", "14:00"}, {"count", 6}}}},
                {"volunteers", {{{"date", m_today}, {"people", 2}, {"minutes", 390}, {"to_closing", 1}}}},
                {"feedback", {{{"date", m_today}, {"purpose", "cafe"}, {"face", "happy"}, {"count", 4}},
                              {{"date", m_today}, {"purpose", "session"}, {"face", "unhappy"}, {"count", 1}}}},
                {"returning", {{{"date", m_today}, {"count", 3}}}}};
    }

    std::string period() const { return "from=" + m_today + "&to=" + m_today; }

    // The value in report table `id`'s row whose first cell is `key`.
    static json cell(const json& report, const std::string& id, const std::string& key, std::size_t column = 1)
    {
        for (auto& table : report["tables"])
            if (table["id"] == id)
                for (auto& row : table["rows"])
                    if (row[0] == key)
                        return row[column];
        return nullptr;
    }

    std::string m_today;
    std::string m_token;
};

TEST_F(ReportsApiTest, EveryListOfTheUploadReachesTheBuildingsReport)
{
    auto stored = upload(a_day());
    ASSERT_EQ(stored.status, 200) << stored.body;
    EXPECT_EQ(stored.json()["rows"], 8);
    auto reply = admin().get("/api/admin/reports?sites=ashby&" + period());
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto report = reply.json();
    EXPECT_FALSE(report["crosses_buildings"].get<bool>());
    EXPECT_EQ(cell(report, "purposes", "Café"), 12);
    EXPECT_EQ(cell(report, "purposes", "Sessions"), 6);
    EXPECT_EQ(cell(report, "purposes", "Private appointments"), 2);
    EXPECT_EQ(cell(report, "purposes", "All visits"), 20);
    EXPECT_EQ(cell(report, "hours", "14:00"), 6);
    EXPECT_EQ(cell(report, "registers", "Ashby Hill", 4), 6);
    EXPECT_EQ(cell(report, "sessions", "Ashby Hill", 3), 6);
    EXPECT_EQ(cell(report, "volunteers", "Ashby Hill", 3), 6.5);
    EXPECT_EQ(cell(report, "feedback", "Café", 1), 4);
    EXPECT_EQ(cell(report, "feedback", "Sessions", 3), 1);
    EXPECT_EQ(cell(report, "returning", m_today.substr(0, 7)), 3);
}

TEST_F(ReportsApiTest, ASecondSendReplacesTheRunningTotalsNeverAddsToThem)
{
    ASSERT_EQ(upload(a_day()).status, 200);
    auto later = a_day();
    later["counts"][0]["count"] = 15;
    later["volunteers"][0]["minutes"] = 420;
    ASSERT_EQ(upload(later).status, 200);
    ASSERT_EQ(upload(later).status, 200); // a retry after a lost reply
    auto report = admin().get("/api/admin/reports?sites=ashby&" + period()).json();
    EXPECT_EQ(cell(report, "purposes", "Café"), 15);
    EXPECT_EQ(cell(report, "purposes", "All visits"), 23);
    EXPECT_EQ(cell(report, "volunteers", "Ashby Hill", 2), 2);
    EXPECT_EQ(cell(report, "volunteers", "Ashby Hill", 3), 7.0);
    EXPECT_EQ(cell(report, "returning", m_today.substr(0, 7)), 3);
}

TEST_F(ReportsApiTest, OneBadRowRefusesTheWholeUploadSayingWhichAndWhy)
{
    struct Case { const char* list; const char* field; json value; };
    for (auto& bad : {Case{"sessions", "start", "2pm"}, Case{"sessions", "event", "Jan Kowalski"}, Case{"volunteers", "minutes", 3000},
                      Case{"volunteers", "to_closing", 3}, Case{"feedback", "face", "angry"}, Case{"feedback", "purpose", "Mrs Smith"},
                      Case{"returning", "count", -1}, Case{"returning", "date", "2026-02-30"}}) {
        auto body = a_day();
        body[bad.list][0][bad.field] = bad.value;
        auto reply = upload(body);
        EXPECT_EQ(reply.status, 400) << bad.list << "." << bad.field;
        EXPECT_NE(reply.json()["error"].get<std::string>().find(std::string(bad.list) + "[0]: field \"" + bad.field + "\""), std::string::npos)
            << reply.body;
    }
    auto unknown = a_day();
    unknown["volunteers"][0]["names"] = json::array({"Ann"});
    EXPECT_EQ(upload(unknown).status, 400);
    // Nothing of any of them was kept, the good rows beside the bad one included.
    auto report = admin().get("/api/admin/reports?sites=ashby&" + period()).json();
    EXPECT_EQ(cell(report, "purposes", "All visits"), 0);
    EXPECT_TRUE(m_repository->report_data({"ashby"}, m_today, m_today).sessions.empty());
}

TEST_F(ReportsApiTest, ADiscreetPurposeSentUnderItsOwnIdIsRefused)
{
    auto body = a_day();
    body["counts"][2]["purpose"] = "debt";
    auto reply = upload(body);
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(reply.body.find("\\\"private\\\""), std::string::npos) << reply.body;
    EXPECT_TRUE(m_repository->footfall("ashby", "0000-01-01").empty());
}

TEST_F(ReportsApiTest, AtMost5000RowsInAllTheListsTogether)
{
    json body{{"counts", json::array()}, {"returning", json::array()}};
    for (int i = 0; i < 2500; ++i)
        body["counts"].push_back({{"date", m_today}, {"hour", 10}, {"purpose", "cafe"}, {"count", 1}});
    for (int i = 0; i < 2501; ++i)
        body["returning"].push_back({{"date", m_today}, {"count", 1}});
    EXPECT_EQ(upload(body).status, 413);
}

TEST_F(ReportsApiTest, ASiteThatDoesNotShareCountsRefusesEveryList)
{
    auto bolton = pair_screen("bolton", "reception", "223456789");
    auto site = site_json("bolton", "Bolton Road");
    site["checkin"] = {{"share_counts", false}};
    ASSERT_TRUE(m_repository->update_site("bolton", site).ok());
    EXPECT_EQ(upload({{"returning", {{{"date", m_today}, {"count", 3}}}}}, bolton).status, 403);
}

TEST_F(ReportsApiTest, CountsOlderThanTheKeptYearsArePurged)
{
    ASSERT_EQ(upload(a_day()).status, 200);
    EXPECT_EQ(m_repository->purge_counts_before(m_today), 0); // today's counts are not before today
    auto tomorrow = coi::feed::format_date(coi::feed::add_days(*coi::feed::parse_date(m_today), 1));
    EXPECT_EQ(m_repository->purge_counts_before(tomorrow), 8);
    auto data = m_repository->report_data({"ashby"}, "2000-01-01", "2099-12-31");
    EXPECT_TRUE(data.purposes.empty() && data.session_totals.empty() && data.sessions.empty() && data.volunteers.empty() && data.feedback.empty() && data.returning.empty());
}

TEST_F(ReportsApiTest, TheRetentionPurgeRunsOnceADayAndKeepsTheYearsItIsTold)
{
    // Written straight to the repository, as a kiosk could not (uploads are at most 400 days old).
    Screen screen;
    screen.site_id = "ashby";
    screen.id = m_repository->screens().front().id;
    auto today = *coi::feed::parse_date(m_today);
    auto old = coi::feed::format_date({today.year - 7, today.month, today.day > 28 ? 28 : today.day});
    auto older = coi::feed::format_date(coi::feed::add_days(*coi::feed::parse_date(old), -1));
    ASSERT_TRUE(m_repository->record_footfall(screen, FootfallUpload{{{old, 10, "cafe", 1}, {older, 10, "cafe", 1}}, {}, {}, {}, {{older, 2}}}).ok());
    EXPECT_EQ(m_repository->purge_expired_counts(7), 2); // the day before seven years ago, and nothing younger
    EXPECT_EQ(m_repository->footfall("ashby", "0000-01-01").size(), 1u);
    ASSERT_TRUE(m_repository->record_footfall(screen, FootfallUpload{{{older, 10, "cafe", 1}}, {}, {}, {}, {}}).ok());
    EXPECT_EQ(m_repository->purge_expired_counts(7), 0); // already done today
    EXPECT_EQ(m_repository->footfall("ashby", "0000-01-01").size(), 2u);
}

TEST_F(ReportsApiTest, AReportAcrossBuildingsHidesSmallNumbers)
{
    ASSERT_EQ(upload(a_day()).status, 200);
    auto report = admin().get("/api/admin/reports?sites=ashby,bolton&" + period()).json();
    EXPECT_TRUE(report["crosses_buildings"].get<bool>());
    EXPECT_EQ(cell(report, "purposes", "Private appointments"), "fewer than 5");
    EXPECT_EQ(cell(report, "purposes", "Café"), 10);
    EXPECT_EQ(cell(report, "purposes", "All visits"), 20);
    EXPECT_EQ(cell(report, "buildings", "Bolton Road"), 0);
    // With no sites named, an admin's report is every building's.
    EXPECT_EQ(admin().get("/api/admin/reports?" + period()).json()["sites"].size(), 2u);
}

TEST_F(ReportsApiTest, EachRoleReportsOnlyOnItsBuildings)
{
    ASSERT_EQ(upload(a_day()).status, 200);
    auto coordinator = signed_in("coord", Role::Coordinator, {"ashby"});
    auto cafe = signed_in("cafe", Role::Cafe, {"ashby"});
    auto a = admin();
    for (auto* route : {"/api/admin/reports?", "/api/admin/reports/purposes.csv?"}) {
        std::string path = route;
        EXPECT_EQ(a.get(path + "sites=ashby,bolton&" + period()).status, 200) << path;
        EXPECT_EQ(coordinator.get(path + "sites=ashby&" + period()).status, 200) << path;
        EXPECT_EQ(coordinator.get(path + "sites=bolton&" + period()).status, 403) << path;
        EXPECT_EQ(coordinator.get(path + "sites=ashby,bolton&" + period()).status, 403) << path;
        EXPECT_EQ(cafe.get(path + "sites=ashby&" + period()).status, 403) << path;
        EXPECT_EQ(cafe.get(path + period()).status, 403) << path;
        EXPECT_EQ(client().get(path + "sites=ashby&" + period()).status, 401) << path;
        EXPECT_EQ(a.get(path + "sites=ashby&from=2026-12-01&to=2026-11-01").status, 400) << path;
        EXPECT_EQ(a.get(path + "sites=ashby&from=yesterday&to=" + m_today).status, 400) << path;
        EXPECT_EQ(a.get(path + "sites=nowhere&" + period()).status, 404) << path;
    }
    // A coordinator's report with no sites named is of their own buildings only.
    auto own = coordinator.get("/api/admin/reports?" + period()).json();
    ASSERT_EQ(own["sites"].size(), 1u);
    EXPECT_EQ(own["sites"][0]["id"], "ashby");
    EXPECT_EQ(a.get("/api/admin/reports/nothing.csv?sites=ashby&" + period()).status, 404);
}

TEST_F(ReportsApiTest, EveryTableDownloadsAsCsvWithItsDocumentedColumns)
{
    ASSERT_EQ(upload(a_day()).status, 200);
    auto a = admin();
    const std::map<std::string, std::string> headers{
        {"buildings", "building,visits"}, {"purposes", "purpose,visits"}, {"months", "month,visits"}, {"weekdays", "day,visits"},
        {"hours", "hour,visits"}, {"sessions", "building,session,occurrences,attendance"}, {"registers", "building,date,start,session,attendance"},
        {"volunteers", "building,month,volunteer_visits,hours,signed_out_at_closing"}, {"feedback", "purpose,happy,okay,unhappy"},
        {"returning", "month,returning_visitors"}};
    for (auto& [id, header] : headers) {
        auto csv = a.get("/api/admin/reports/" + id + ".csv?sites=ashby&" + period());
        ASSERT_EQ(csv.status, 200) << id;
        EXPECT_EQ(csv.header("content-type").rfind("text/csv", 0), 0u) << id;
        EXPECT_NE(csv.header("content-disposition").find(id + "-" + m_today), std::string::npos) << id;
        EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")), header) << id;
    }
    auto purposes = a.get("/api/admin/reports/purposes.csv?sites=ashby&" + period()).body;
    EXPECT_NE(purposes.find("\r\nCafé,12\r\n"), std::string::npos) << purposes;
}

TEST_F(ReportsApiTest, VisitsByHourAreTheSameWhetherThePeriodIsWholeMonthsOrNot)
{
    Screen screen;
    screen.site_id = "ashby";
    screen.id = m_repository->screens().front().id;
    // 31 October, all of November and 1 December 2025: whole months are read from the
    // monthly sums, the days either side from the counts themselves.
    FootfallUpload upload;
    for (auto* date : {"2025-10-30", "2025-10-31", "2025-11-01", "2025-11-15", "2025-11-30", "2025-12-01", "2025-12-02"})
        upload.counts.push_back({date, 10, "cafe", 1});
    upload.counts.push_back({"2025-11-15", 10, "cafe", 5}); // replaced: 5, not 1 + 5
    ASSERT_TRUE(m_repository->record_footfall(screen, upload).ok());
    auto tens = [&](const std::string& from, const std::string& to) {
        std::int64_t total = 0;
        for (auto& row : m_repository->report_data({"ashby"}, from, to).hourly)
            total += row.hour == 10 ? row.count : 0;
        return total;
    };
    EXPECT_EQ(tens("2025-10-31", "2025-12-01"), 9);  // an edge each side of November
    EXPECT_EQ(tens("2025-11-01", "2025-11-30"), 7);  // November alone
    EXPECT_EQ(tens("2025-11-02", "2025-11-29"), 5);  // inside one month
    EXPECT_EQ(tens("2025-10-01", "2025-12-31"), 11); // three whole months
    EXPECT_EQ(m_repository->purge_counts_before("2025-11-01"), 2);
    EXPECT_EQ(tens("2025-10-01", "2025-12-31"), 9);  // the sums lost what the purge deleted
}
