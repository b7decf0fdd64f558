#pragma once
// Reports for funders: the stored anonymous counts of one or more buildings over a date
// range, as named tables (each a chart's data and a CSV file), with the small-numbers rule
// applied to reports that cross buildings. Pure: no HTTP, no database; the route reads a
// ReportData from the repository and the labels from the sites, and hands both here.

#include "repository.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace coi::server {

// What a building calls the ids its counts carry.
struct ReportSite {
    std::string id;
    std::string name;
    std::map<std::string, std::string> purposes; // purpose id -> English label
    std::string private_label;                   // "" when discreet visits are not counted
    std::map<std::string, std::string> events;   // event id -> English title
};
ReportSite report_site(const SiteRow& site, const std::vector<StoredItem>& events);

enum class ColumnKind { Text, Count, Hours, Number }; // Number: not of people (how many times a session met), never hidden

struct ReportColumn {
    std::string key;   // the CSV header
    std::string label; // the admin's table header
    ColumnKind kind = ColumnKind::Text;
};

// A cell is a string (text, or a hidden number's words) or a number.
struct ReportTable {
    std::string id;    // "purposes", "hours" ...: the CSV file's name and the API's ?table=
    std::string title;
    std::vector<ReportColumn> columns;
    std::vector<std::vector<nlohmann::json>> rows;
    bool total_row = false; // the last row is the total of the others
};

struct Report {
    std::string from, to; // inclusive dates
    std::vector<ReportSite> sites;
    bool crosses_buildings = false; // more than one building: the small-numbers rule applies
    std::vector<ReportTable> tables;
};

// The words a hidden count is shown as, and the hours of a hidden group of volunteers.
inline constexpr const char* kFewerThanFive = "fewer than 5";
inline constexpr const char* kNotShown = "not shown";

Report build_report(const ReportData& data, const std::vector<ReportSite>& sites, const std::string& from, const std::string& to);

// The small-numbers rule, for a report over more than one building (docs/privacy.md): every
// count from 1 to 4 is shown as "fewer than 5"; every other count, totals included, is
// rounded to the nearest 5, so that no total, and no difference between shown numbers,
// gives a hidden count back exactly. Volunteer hours are hidden with their group's count.
void apply_small_numbers_rule(Report& report);
nlohmann::json shown_count(std::int64_t count); // the rule for one count

nlohmann::json report_json(const Report& report);
const ReportTable* find_table(const Report& report, const std::string& id);

// One table as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break
// quoted, quotes doubled), headed by the columns' keys. A text cell that a spreadsheet would
// run as a formula (starting with =, +, -, @, a tab or a carriage return) is prefixed with '.
std::string table_csv(const ReportTable& table);
std::string csv_field(const std::string& text);

} // namespace coi::server
