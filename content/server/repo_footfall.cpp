// Footfall: anonymous counts (date, hour, purpose, count) and the rest of a kiosk's anonymous
// upload (session registers, volunteer time, feedback faces, returning visitors), and the
// reads the reports make of them. Nothing personal reaches here.
#include "repository.h"
#include "requests.h"

#include "content/feed/types.h"

namespace coi::server {

Done Repository::record_footfall(const Screen& screen, const std::vector<FootfallCount>& counts)
{
    FootfallUpload upload;
    upload.counts = counts;
    return record_footfall(screen, upload);
}

Done Repository::record_footfall(const Screen& screen, const FootfallUpload& upload)
{
    if (auto checked = check_footfall_upload(upload); !checked)
        return checked;
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    // A kiosk sends its running total for each key; sending it again replaces, never adds,
    // so retries after a lost reply cannot double-count.
    auto counts = m_db->prepare("INSERT INTO footfall(site_id, screen_id, date, hour, purpose, count) VALUES(?, ?, ?, ?, ?, ?) "
                                "ON CONFLICT(site_id, screen_id, date, hour, purpose) DO UPDATE SET count = excluded.count");
    for (auto& row : upload.counts)
        counts.reset().bind(1, screen.site_id).bind(2, screen.id).bind(3, row.date).bind(4, row.hour).bind(5, row.purpose).bind(6, row.count).run();
    auto sessions = m_db->prepare("INSERT INTO footfall_sessions(site_id, screen_id, date, event, start, count) VALUES(?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT(site_id, screen_id, date, event, start) DO UPDATE SET count = excluded.count");
    for (auto& row : upload.sessions)
        sessions.reset().bind(1, screen.site_id).bind(2, screen.id).bind(3, row.date).bind(4, row.event).bind(5, row.start).bind(6, row.count).run();
    auto volunteers = m_db->prepare("INSERT INTO footfall_volunteers(site_id, screen_id, date, people, minutes, to_closing) VALUES(?, ?, ?, ?, ?, ?) "
                                    "ON CONFLICT(site_id, screen_id, date) DO UPDATE SET people = excluded.people, "
                                    "minutes = excluded.minutes, to_closing = excluded.to_closing");
    for (auto& row : upload.volunteers)
        volunteers.reset().bind(1, screen.site_id).bind(2, screen.id).bind(3, row.date).bind(4, row.people).bind(5, row.minutes).bind(6, row.to_closing).run();
    auto feedback = m_db->prepare("INSERT INTO footfall_feedback(site_id, screen_id, date, purpose, face, count) VALUES(?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT(site_id, screen_id, date, purpose, face) DO UPDATE SET count = excluded.count");
    for (auto& row : upload.feedback)
        feedback.reset().bind(1, screen.site_id).bind(2, screen.id).bind(3, row.date).bind(4, row.purpose).bind(5, row.face).bind(6, row.count).run();
    auto returning = m_db->prepare("INSERT INTO footfall_returning(site_id, screen_id, date, count) VALUES(?, ?, ?, ?) "
                                   "ON CONFLICT(site_id, screen_id, date) DO UPDATE SET count = excluded.count");
    for (auto& row : upload.returning)
        returning.reset().bind(1, screen.site_id).bind(2, screen.id).bind(3, row.date).bind(4, row.count).run();
    tx.commit();
    return done();
}

std::vector<FootfallCount> Repository::footfall(const std::string& site_id, const std::string& from_date)
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT date, hour, purpose, sum(count) FROM footfall WHERE site_id = ? AND date >= ? "
                              "GROUP BY date, hour, purpose ORDER BY date, hour, purpose");
    rows.bind(1, site_id).bind(2, from_date);
    std::vector<FootfallCount> result;
    while (rows.step())
        result.push_back({rows.text(0), static_cast<int>(rows.integer(1)), rows.text(2), rows.integer(3)});
    return result;
}

namespace {

// The first and last day of `date`'s month, as YYYY-MM-DD.
std::string first_of_month(const std::string& date) { return date.substr(0, 8) + "01"; }
std::string last_of_month(const std::string& date)
{
    auto first = *feed::parse_date(first_of_month(date));
    auto next = first.month == 12 ? feed::Date{first.year + 1, 1, 1} : feed::Date{first.year, first.month + 1, 1};
    return feed::format_date(feed::add_days(next, -1));
}
std::string day_before(const std::string& date) { return feed::format_date(feed::add_days(*feed::parse_date(date), -1)); }
std::string day_after(const std::string& date) { return feed::format_date(feed::add_days(*feed::parse_date(date), 1)); }

} // namespace

ReportData Repository::report_data(const std::vector<std::string>& site_ids, const std::string& from, const std::string& to, bool registers)
{
    std::lock_guard lock(m_mutex);
    ReportData data;
    // The whole months of the period come from footfall_hours; the days before the first
    // whole month and after the last from footfall itself (at most two months of rows).
    std::string whole_from = from == first_of_month(from) ? from : day_after(last_of_month(from));
    std::string whole_to = to == last_of_month(to) ? to : day_before(first_of_month(to));
    std::vector<std::pair<std::string, std::string>> edges; // raw date ranges
    if (whole_from > whole_to) {
        edges.push_back({from, to});
    } else {
        if (from < whole_from)
            edges.push_back({from, day_before(whole_from)});
        if (whole_to < to)
            edges.push_back({day_after(whole_to), to});
    }
    auto daily = m_db->prepare("SELECT date, purpose, count FROM footfall_days WHERE site_id = ? AND date BETWEEN ? AND ? AND count != 0");
    auto hours = m_db->prepare("SELECT hour, sum(count) FROM footfall_hours WHERE site_id = ? AND month BETWEEN ? AND ? GROUP BY hour");
    auto edge_hours = m_db->prepare("SELECT hour, sum(count) FROM footfall WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY hour");
    auto occurrences = m_db->prepare("SELECT date, event, start, sum(count) FROM footfall_sessions WHERE site_id = ? AND date BETWEEN ? AND ? "
                                     "GROUP BY date, event, start ORDER BY date, start, event");
    auto session_totals = m_db->prepare("SELECT event, count(DISTINCT date || start), sum(count) FROM footfall_sessions "
                                        "WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY event ORDER BY event");
    auto volunteers = m_db->prepare("SELECT substr(date, 1, 7), sum(people), sum(minutes), sum(to_closing) FROM footfall_volunteers "
                                    "WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY substr(date, 1, 7) ORDER BY 1");
    auto feedback = m_db->prepare("SELECT purpose, face, sum(count) FROM footfall_feedback WHERE site_id = ? AND date BETWEEN ? AND ? "
                                  "GROUP BY purpose, face ORDER BY purpose");
    auto returning = m_db->prepare("SELECT substr(date, 1, 7), sum(count) FROM footfall_returning WHERE site_id = ? AND date BETWEEN ? AND ? "
                                   "GROUP BY substr(date, 1, 7) ORDER BY 1");
    for (auto& site : site_ids) {
        daily.reset().bind(1, site).bind(2, from).bind(3, to);
        while (daily.step())
            data.daily.push_back({site, daily.text(0), daily.text(1), daily.integer(2)});
        if (whole_from <= whole_to) {
            hours.reset().bind(1, site).bind(2, whole_from.substr(0, 7)).bind(3, whole_to.substr(0, 7));
            while (hours.step())
                data.hourly.push_back({site, static_cast<int>(hours.integer(0)), hours.integer(1)});
        }
        for (auto& [edge_from, edge_to] : edges) {
            edge_hours.reset().bind(1, site).bind(2, edge_from).bind(3, edge_to);
            while (edge_hours.step())
                data.hourly.push_back({site, static_cast<int>(edge_hours.integer(0)), edge_hours.integer(1)});
        }
        if (registers) {
            occurrences.reset().bind(1, site).bind(2, from).bind(3, to);
            while (occurrences.step())
                data.sessions.push_back({site, occurrences.text(0), occurrences.text(1), occurrences.text(2), occurrences.integer(3)});
        }
        session_totals.reset().bind(1, site).bind(2, from).bind(3, to);
        while (session_totals.step())
            data.session_totals.push_back({site, session_totals.text(0), session_totals.integer(1), session_totals.integer(2)});
        volunteers.reset().bind(1, site).bind(2, from).bind(3, to);
        while (volunteers.step())
            data.volunteers.push_back({site, volunteers.text(0), volunteers.integer(1), volunteers.integer(2), volunteers.integer(3)});
        feedback.reset().bind(1, site).bind(2, from).bind(3, to);
        while (feedback.step())
            data.feedback.push_back({site, feedback.text(0), feedback.text(1), feedback.integer(2)});
        returning.reset().bind(1, site).bind(2, from).bind(3, to);
        while (returning.step())
            data.returning.push_back({site, returning.text(0), returning.integer(1)});
    }
    return data;
}

std::int64_t Repository::purge_counts_before(const std::string& before)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    std::int64_t removed = 0;
    for (auto* table : {"footfall", "footfall_sessions", "footfall_volunteers", "footfall_feedback", "footfall_returning"}) {
        m_db->prepare(std::string("DELETE FROM ") + table + " WHERE date < ?").bind(1, before).run();
        removed += m_db->changes();
    }
    // The triggers have taken the deleted counts out of the sums; what is left of those days is 0.
    m_db->prepare("DELETE FROM footfall_days WHERE date < ?").bind(1, before).run();
    m_db->prepare("DELETE FROM footfall_hours WHERE month < ? AND count = 0").bind(1, before.substr(0, 7)).run();
    tx.commit();
    return removed;
}

std::int64_t Repository::purge_expired_counts(int keep_years)
{
    std::lock_guard lock(m_mutex);
    if (!m_read_only_reason.empty())
        return 0; // nothing can be deleted from a full or read-only disk; the next start tries again
    auto today = feed::civil_from_days(now() / 86400);
    auto day = feed::format_date(today);
    if (day == m_counts_purged_on)
        return 0;
    m_counts_purged_on = day;
    feed::Date cutoff{today.year - keep_years, today.month, today.day};
    if (!feed::parse_date(feed::format_date(cutoff)))
        cutoff.day = 28; // 29 February, in a year without one
    return purge_counts_before(feed::format_date(cutoff));
}

} // namespace coi::server
