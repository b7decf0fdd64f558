// Reports as tables: what each table sums, the small-numbers rule for reports that cross
// buildings, and CSV as spreadsheets read it.
#include "content/server/report.h"

#include <gtest/gtest.h>

using namespace coi::server;
using json = nlohmann::json;

namespace {

ReportSite ashby()
{
    return {"ashby", "Ashby Hill", {{"cafe", "Café"}, {"advice", "Advice"}}, "Private appointments", {{"tea-dance", "Tea dance"}}};
}

ReportSite bolton() { return {"bolton", "Bolton Road", {{"cafe", "Café"}}, "", {}}; }

const ReportTable& table(const Report& report, const std::string& id)
{
    auto* found = find_table(report, id);
    EXPECT_NE(found, nullptr) << id;
    static ReportTable none;
    return found ? *found : none;
}

// The value in the row whose first cell is `key`, column `column`.
json cell(const Report& report, const std::string& id, const std::string& key, std::size_t column = 1)
{
    for (auto& row : table(report, id).rows)
        if (row[0] == key)
            return row[column];
    return nullptr;
}

ReportData one_day()
{
    ReportData data;
    // Tuesday 3 November and Tuesday 1 December 2026; a key may come twice (whole months and the ends).
    data.purposes = {{"ashby", "cafe", 10}, {"ashby", "cafe", 2}, {"ashby", "session", 7}, {"ashby", "private", 2}, {"ashby", "advice", 3}};
    data.months = {{"ashby", "2026-11", 21}, {"ashby", "2026-12", 3}};
    data.weekdays = {{"ashby", 2, 21}, {"ashby", 2, 3}};
    data.hourly = {{"ashby", 10, 12}, {"ashby", 14, 7}, {"ashby", 11, 2}, {"ashby", 9, 3}};
    data.sessions = {{"ashby", "2026-11-03", "tea-dance", "14:00", 7}};
    data.session_totals = {{"ashby", "tea-dance", 1, 7}};
    data.volunteers = {{"ashby", "2026-11", 3, 390, 1}};
    data.feedback = {{"ashby", "cafe", "happy", 5}, {"ashby", "private", "okay", 1}};
    data.returning = {{"ashby", "2026-11", 3}};
    return data;
}

} // namespace

TEST(Report, EachTableSumsTheCountsOfOneBuilding)
{
    auto report = build_report(one_day(), {ashby()}, "2026-11-01", "2026-12-31");
    EXPECT_FALSE(report.crosses_buildings);
    EXPECT_EQ(cell(report, "purposes", "Café"), 12);
    EXPECT_EQ(cell(report, "purposes", "Sessions"), 7);
    EXPECT_EQ(cell(report, "purposes", "Private appointments"), 2); // the site's own words for discreet visits
    EXPECT_EQ(cell(report, "purposes", "All visits"), 24);
    EXPECT_EQ(cell(report, "months", "2026-11"), 21);
    EXPECT_EQ(cell(report, "months", "2026-12"), 3);
    EXPECT_EQ(cell(report, "weekdays", "Tuesday"), 24); // 3 Nov and 1 Dec 2026 are both Tuesdays
    EXPECT_EQ(cell(report, "weekdays", "Monday"), 0);
    EXPECT_EQ(cell(report, "hours", "14:00"), 7);
    EXPECT_EQ(cell(report, "hours", "All hours"), 24);
    auto& registers = table(report, "registers");
    ASSERT_EQ(registers.rows.size(), 1u);
    EXPECT_EQ(registers.rows[0], (std::vector<json>{"Ashby Hill", "2026-11-03", "14:00", "Tea dance", 7}));
    EXPECT_EQ(table(report, "sessions").rows[0], (std::vector<json>{"Ashby Hill", "Tea dance", 1, 7}));
    auto& volunteers = table(report, "volunteers");
    ASSERT_EQ(volunteers.rows.size(), 1u);
    EXPECT_EQ(volunteers.rows[0], (std::vector<json>{"Ashby Hill", "2026-11", 3, 6.5, 1})); // 390 minutes
    EXPECT_EQ(cell(report, "feedback", "Café", 1), 5);
    EXPECT_EQ(cell(report, "feedback", "Private appointments", 2), 1);
    EXPECT_EQ(cell(report, "returning", "2026-11"), 3);
}

TEST(Report, ADiscreetPurposeIsNeverNamed)
{
    coi::server::SiteRow site;
    site.id = "ashby";
    site.site = {{"name", "Ashby Hill"},
                 {"checkin", {{"private_label", "Private appointments"},
                              {"purposes", {{{"id", "debt"}, {"label", "Debt advice"}, {"kind", "discreet"}},
                                            {{"id", "cafe"}, {"label", {{"en", "Café"}, {"pl", "Kawiarnia"}}}, {"kind", "headcount"}}}}}}};
    auto labels = report_site(site, {{"tea-dance", {{"title", "Tea dance"}}}});
    EXPECT_EQ(labels.purposes.count("debt"), 0u);
    EXPECT_EQ(labels.purposes["cafe"], "Café");
    EXPECT_EQ(labels.private_label, "Private appointments");
    EXPECT_EQ(labels.events["tea-dance"], "Tea dance");
}

TEST(Report, AcrossBuildingsCountsOfOneToFourAreFewerThanFiveAndTheRestRoundedToFive)
{
    EXPECT_EQ(shown_count(0), 0);
    for (int n = 1; n <= 4; ++n)
        EXPECT_EQ(shown_count(n), kFewerThanFive) << n;
    EXPECT_EQ(shown_count(5), 5);
    EXPECT_EQ(shown_count(7), 5);
    EXPECT_EQ(shown_count(8), 10);
    EXPECT_EQ(shown_count(13), 15);
    EXPECT_EQ(shown_count(1002), 1000);
}

TEST(Report, AcrossBuildingsNoTotalGivesAHiddenCountBack)
{
    auto data = one_day();
    data.purposes.push_back({"bolton", "cafe", 10});
    data.months.push_back({"bolton", "2026-11", 10});
    data.weekdays.push_back({"bolton", 2, 10});
    auto report = build_report(data, {ashby(), bolton()}, "2026-11-01", "2026-12-31");
    ASSERT_TRUE(report.crosses_buildings);
    apply_small_numbers_rule(report);
    // Unrounded, All visits (34) minus the shown 22 café and 7 sessions would give the 2
    // private and 3 advice visits back; rounded, the difference is not them.
    EXPECT_EQ(cell(report, "purposes", "Private appointments"), kFewerThanFive);
    EXPECT_EQ(cell(report, "purposes", "Advice"), kFewerThanFive);
    EXPECT_EQ(cell(report, "purposes", "Café"), 20);
    EXPECT_EQ(cell(report, "purposes", "Sessions"), 5);
    EXPECT_EQ(cell(report, "purposes", "All visits"), 35);
    EXPECT_EQ(cell(report, "buildings", "Bolton Road"), 10);
    EXPECT_EQ(cell(report, "buildings", "All buildings"), 35);
    // Every count in every table follows the rule: none is 1 to 4, none off a multiple of 5.
    for (auto& t : report.tables)
        for (auto& row : t.rows)
            for (std::size_t i = 0; i < t.columns.size(); ++i)
                if (t.columns[i].kind == ColumnKind::Count && row[i].is_number()) {
                    EXPECT_EQ(row[i].get<std::int64_t>() % 5, 0) << t.id << " " << json(row).dump();
                }
    // A register of every occurrence is for one building's report only.
    EXPECT_EQ(find_table(report, "registers"), nullptr);
    EXPECT_EQ(table(report, "sessions").rows[0], (std::vector<json>{"Ashby Hill", "Tea dance", 1, 5}));
    // Three volunteer visits are a person or three: their hours go with them.
    EXPECT_EQ(table(report, "volunteers").rows[0], (std::vector<json>{"Ashby Hill", "2026-11", kFewerThanFive, kNotShown, kFewerThanFive}));
}

TEST(Report, CsvQuotesAsRfc4180AndDisarmsFormulas)
{
    EXPECT_EQ(csv_field("Café"), "Café");
    EXPECT_EQ(csv_field("Tea, dance"), "\"Tea, dance\"");
    EXPECT_EQ(csv_field("The \"big\" quiz"), "\"The \"\"big\"\" quiz\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    for (const char* formula : {"+1", "-1+2", "@SUM(A1)", "=1"})
        EXPECT_EQ(csv_field(formula)[0], '\'') << formula;
}

TEST(Report, EveryTableIsACsvFileHeadedByItsColumns)
{
    auto sites = std::vector<ReportSite>{ashby()};
    sites[0].events["tea-dance"] = "=Tea, \"dance\"";
    auto report = build_report(one_day(), sites, "2026-11-01", "2026-12-31");
    EXPECT_EQ(table_csv(table(report, "registers")),
              "building,date,start,session,attendance\r\nAshby Hill,2026-11-03,14:00,\"'=Tea, \"\"dance\"\"\",7\r\n");
    EXPECT_EQ(table_csv(table(report, "sessions")),
              "building,session,occurrences,attendance\r\nAshby Hill,\"'=Tea, \"\"dance\"\"\",1,7\r\n");
    EXPECT_EQ(table_csv(table(report, "volunteers")),
              "building,month,volunteer_visits,hours,signed_out_at_closing\r\nAshby Hill,2026-11,3,6.5,1\r\n");
    auto purposes = table_csv(table(report, "purposes"));
    EXPECT_EQ(purposes.substr(0, purposes.find("\r\n")), "purpose,visits");
    EXPECT_NE(purposes.find("All visits,24\r\n"), std::string::npos);
    for (auto* id : {"buildings", "purposes", "months", "weekdays", "hours", "sessions", "registers", "volunteers", "feedback", "returning"})
        EXPECT_NE(find_table(report, id), nullptr) << id;
}
