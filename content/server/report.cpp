#include "report.h"

#include "content/feed/types.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <set>

namespace coi::server {

namespace {

std::string english(const nlohmann::json& text)
{
    if (text.is_string())
        return text.get<std::string>();
    if (text.is_object() && text.contains("en") && text["en"].is_string())
        return text["en"].get<std::string>();
    return {};
}

// Purpose ids as the building names them; "session" and "private" are the kiosk's own.
std::string purpose_label(const std::vector<ReportSite>& sites, const std::string& id)
{
    for (auto& site : sites)
        if (auto it = site.purposes.find(id); it != site.purposes.end())
            return it->second;
    if (id == "session")
        return "Sessions";
    if (id == "private") {
        for (auto& site : sites)
            if (!site.private_label.empty())
                return site.private_label;
        return "Private appointments";
    }
    return id;
}

const ReportSite* site_of(const std::vector<ReportSite>& sites, const std::string& id)
{
    for (auto& site : sites)
        if (site.id == id)
            return &site;
    return nullptr;
}

std::string site_name(const std::vector<ReportSite>& sites, const std::string& id)
{
    auto* site = site_of(sites, id);
    return site && !site->name.empty() ? site->name : id;
}

double hours_of(std::int64_t minutes) { return std::round(static_cast<double>(minutes) / 6.0) / 10.0; } // one decimal

ReportColumn text(std::string key, std::string label) { return {std::move(key), std::move(label), ColumnKind::Text}; }
ReportColumn count(std::string key, std::string label) { return {std::move(key), std::move(label), ColumnKind::Count}; }

// A two-column table of visits by some key, in the keys' order, with an "All" total row.
ReportTable visits_by(std::string id, std::string title, ReportColumn key_column, const std::vector<std::pair<std::string, std::int64_t>>& rows,
                      const std::string& total_label)
{
    ReportTable table{std::move(id), std::move(title), {std::move(key_column), count("visits", "Visits")}, {}, true};
    std::int64_t total = 0;
    for (auto& [key, visits] : rows) {
        table.rows.push_back({key, visits});
        total += visits;
    }
    table.rows.push_back({total_label, total});
    return table;
}

ReportTable buildings_table(const ReportData& data, const std::vector<ReportSite>& sites)
{
    std::map<std::string, std::int64_t> visits;
    for (auto& row : data.purposes)
        visits[row.site_id] += row.count;
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (auto& site : sites)
        rows.push_back({site_name(sites, site.id), visits[site.id]});
    return visits_by("buildings", "Visits by building", text("building", "Building"), rows, "All buildings");
}

ReportTable purposes_table(const ReportData& data, const std::vector<ReportSite>& sites)
{
    std::map<std::string, std::int64_t> visits;
    for (auto& row : data.purposes)
        visits[row.purpose] += row.count;
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (auto& [purpose, total] : visits)
        rows.push_back({purpose_label(sites, purpose), total});
    std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    return visits_by("purposes", "Visits by purpose", text("purpose", "Purpose"), rows, "All visits");
}

ReportTable months_table(const ReportData& data)
{
    std::map<std::string, std::int64_t> visits;
    for (auto& row : data.months)
        visits[row.month] += row.count;
    return visits_by("months", "Visits by month", text("month", "Month"), {visits.begin(), visits.end()}, "All months");
}

ReportTable weekdays_table(const ReportData& data)
{
    static const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    std::int64_t visits[7] = {}; // Monday first
    for (auto& row : data.weekdays)
        if (row.weekday >= 0 && row.weekday < 7)
            visits[(row.weekday + 6) % 7] += row.count; // SQLite's %w: 0 is Sunday
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (int day = 0; day < 7; ++day)
        rows.push_back({kDays[day], visits[day]});
    return visits_by("weekdays", "Visits by day of the week", text("day", "Day"), rows, "All days");
}

ReportTable hours_table(const ReportData& data)
{
    std::int64_t visits[24] = {};
    for (auto& row : data.hourly)
        if (row.hour >= 0 && row.hour < 24)
            visits[row.hour] += row.count;
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (int hour = 0; hour < 24; ++hour) {
        char label[8];
        std::snprintf(label, sizeof label, "%02d:00", hour);
        rows.push_back({label, visits[hour]});
    }
    return visits_by("hours", "Visits by hour of the day", text("hour", "Hour"), rows, "All hours");
}

std::string session_title(const std::vector<ReportSite>& sites, const std::string& site_id, const std::string& event)
{
    if (auto* site = site_of(sites, site_id))
        if (auto it = site->events.find(event); it != site->events.end() && !it->second.empty())
            return it->second;
    return event;
}

ReportTable sessions_table(const ReportData& data, const std::vector<ReportSite>& sites)
{
    ReportTable table{"sessions", "Sessions: how often each met and how many came",
                      {text("building", "Building"), text("session", "Session"), {"occurrences", "Times it met", ColumnKind::Number},
                       count("attendance", "Attendance")}, {}, false};
    for (auto& site : sites)
        for (auto& row : data.session_totals)
            if (row.site_id == site.id)
                table.rows.push_back({site_name(sites, site.id), session_title(sites, site.id, row.event), row.occurrences, row.count});
    return table;
}

ReportTable registers_table(const ReportData& data, const std::vector<ReportSite>& sites)
{
    ReportTable table{"registers", "Session registers: attendance at each session",
                      {text("building", "Building"), text("date", "Date"), text("start", "Start"), text("session", "Session"),
                       count("attendance", "Attendance")}, {}, false};
    for (auto& row : data.sessions)
        table.rows.push_back({site_name(sites, row.site_id), row.date, row.start, session_title(sites, row.site_id, row.event), row.count});
    return table;
}

ReportTable volunteers_table(const ReportData& data, const std::vector<ReportSite>& sites)
{
    struct Month { std::int64_t people = 0, minutes = 0, to_closing = 0; };
    std::map<std::pair<std::string, std::string>, Month> months; // (site, month)
    for (auto& row : data.volunteers) {
        auto& month = months[{row.site_id, row.month}];
        month.people += row.people;
        month.minutes += row.minutes;
        month.to_closing += row.to_closing;
    }
    ReportTable table{"volunteers", "Volunteer hours by building and month",
                      {text("building", "Building"), text("month", "Month"), count("volunteer_visits", "Volunteer visits"),
                       {"hours", "Hours", ColumnKind::Hours}, count("signed_out_at_closing", "Of them, signed out at closing")}, {}, false};
    for (auto& site : sites)
        for (auto& [key, month] : months)
            if (key.first == site.id)
                table.rows.push_back({site_name(sites, site.id), key.second, month.people, hours_of(month.minutes), month.to_closing});
    return table;
}

ReportTable feedback_table(const ReportData& data, const std::vector<ReportSite>& sites)
{
    std::map<std::string, std::array<std::int64_t, 3>> faces; // label -> happy, okay, unhappy
    for (auto& row : data.feedback) {
        auto& counts = faces[purpose_label(sites, row.purpose)];
        counts[row.face == "happy" ? 0 : row.face == "okay" ? 1 : 2] += row.count;
    }
    ReportTable table{"feedback", "How did we do? Answers at check-out",
                      {text("purpose", "Purpose"), count("happy", "Happy"), count("okay", "Okay"), count("unhappy", "Unhappy")}, {}, true};
    std::array<std::int64_t, 3> total{};
    for (auto& [label, counts] : faces) {
        table.rows.push_back({label, counts[0], counts[1], counts[2]});
        for (int i = 0; i < 3; ++i)
            total[static_cast<std::size_t>(i)] += counts[static_cast<std::size_t>(i)];
    }
    table.rows.push_back({"All answers", total[0], total[1], total[2]});
    return table;
}

ReportTable returning_table(const ReportData& data)
{
    std::map<std::string, std::int64_t> visits;
    for (auto& row : data.returning)
        visits[row.month] += row.count;
    auto table = visits_by("returning", "Returning visitors by month", text("month", "Month"), {visits.begin(), visits.end()}, "All months");
    table.columns[1] = count("returning_visitors", "Returning visitors");
    return table;
}

} // namespace

ReportSite report_site(const SiteRow& site, const std::vector<StoredItem>& events)
{
    ReportSite labels{site.id, english(site.site.value("name", nlohmann::json(site.id))), {}, {}, {}};
    auto checkin = site.site.value("checkin", nlohmann::json::object());
    for (auto& purpose : checkin.value("purposes", nlohmann::json::array()))
        if (purpose.is_object() && purpose.value("kind", std::string()) != "discreet") // a discreet purpose's name never shows
            labels.purposes[purpose.value("id", std::string())] = english(purpose.value("label", nlohmann::json()));
    if (checkin.contains("private_label"))
        labels.private_label = english(checkin["private_label"]);
    for (auto& event : events)
        labels.events[event.id] = english(event.item.value("title", nlohmann::json()));
    return labels;
}

Report build_report(const ReportData& data, const std::vector<ReportSite>& sites, const std::string& from, const std::string& to)
{
    Report report{from, to, sites, sites.size() > 1, {}};
    report.tables = {buildings_table(data, sites), purposes_table(data, sites), months_table(data), weekdays_table(data),
                     hours_table(data), sessions_table(data, sites)};
    // Every occurrence's register is for the building's own report; across buildings it
    // would be a list of thousands, and the sessions table says what a funder asks.
    if (!report.crosses_buildings)
        report.tables.push_back(registers_table(data, sites));
    for (auto table : {volunteers_table(data, sites), feedback_table(data, sites), returning_table(data)})
        report.tables.push_back(std::move(table));
    return report;
}

nlohmann::json shown_count(std::int64_t count)
{
    if (count >= 1 && count <= 4)
        return kFewerThanFive;
    return (count + 2) / 5 * 5; // the nearest 5 (counts are never negative)
}

void apply_small_numbers_rule(Report& report)
{
    for (auto& table : report.tables)
        for (auto& row : table.rows) {
            bool hidden_group = false;
            for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
                if (table.columns[i].kind != ColumnKind::Count || !row[i].is_number_integer())
                    continue;
                auto value = row[i].get<std::int64_t>();
                // The first count of a row is the group's size (volunteer visits before the
                // hours they gave): a hidden group hides its hours too.
                if (table.columns[i].key == "volunteer_visits" && value >= 1 && value <= 4)
                    hidden_group = true;
                row[i] = shown_count(value);
            }
            for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i)
                if (table.columns[i].kind == ColumnKind::Hours && hidden_group)
                    row[i] = kNotShown;
        }
}

nlohmann::json report_json(const Report& report)
{
    nlohmann::json sites = nlohmann::json::array();
    for (auto& site : report.sites)
        sites.push_back({{"id", site.id}, {"name", site.name}});
    nlohmann::json tables = nlohmann::json::array();
    for (auto& table : report.tables) {
        nlohmann::json columns = nlohmann::json::array();
        for (auto& column : table.columns)
            columns.push_back({{"key", column.key}, {"label", column.label},
                               {"kind", column.kind == ColumnKind::Text ? "text" : column.kind == ColumnKind::Count ? "count"
                                      : column.kind == ColumnKind::Hours ? "hours" : "number"}});
        tables.push_back({{"id", table.id}, {"title", table.title}, {"columns", columns}, {"rows", table.rows}, {"total_row", table.total_row}});
    }
    return {{"from", report.from}, {"to", report.to}, {"sites", sites}, {"crosses_buildings", report.crosses_buildings},
            {"small_numbers", report.crosses_buildings ? "counts of 1 to 4 are shown as \"fewer than 5\" and the rest rounded to the nearest 5" : ""},
            {"tables", tables}};
}

const ReportTable* find_table(const Report& report, const std::string& id)
{
    for (auto& table : report.tables)
        if (table.id == id)
            return &table;
    return nullptr;
}

std::string csv_field(const std::string& text)
{
    std::string value = text;
    // A spreadsheet runs a cell starting with these as a formula (=HYPERLINK(...) from a
    // building's name); a leading ' makes it text.
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' || value[0] == '\t' || value[0] == '\r'))
        value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string table_csv(const ReportTable& table)
{
    std::string csv;
    auto line = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            csv += (i ? "," : "") + csv_field(fields[i]);
        csv += "\r\n";
    };
    std::vector<std::string> header;
    for (auto& column : table.columns)
        header.push_back(column.key);
    line(header);
    for (auto& row : table.rows) {
        std::vector<std::string> fields;
        for (auto& cell : row) {
            if (cell.is_string())
                fields.push_back(cell.get<std::string>());
            else if (cell.is_number_float()) {
                char number[32];
                std::snprintf(number, sizeof number, "%.1f", cell.get<double>());
                fields.push_back(number);
            } else
                fields.push_back(cell.dump());
        }
        line(fields);
    }
    return csv;
}

} // namespace coi::server
