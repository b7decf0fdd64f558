// Footfall: anonymous counts (date, hour, purpose, count) and the rest of a kiosk's anonymous
// upload (session registers, volunteer time, feedback faces, returning visitors), and the
// reads the reports make of them. Nothing personal reaches here.
#include "repository.h"
#include "requests.h"

#include "content/feed/types.h"

#include <map>

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
    // The whole months of the period come from the monthly sums; the days before the first
    // whole month and after the last from the daily sums or the counts (at most two months).
    std::string whole_from = from == first_of_month(from) ? from : day_after(last_of_month(from));
    std::string whole_to = to == last_of_month(to) ? to : day_before(first_of_month(to));
    bool whole = whole_from <= whole_to;
    std::vector<std::pair<std::string, std::string>> edges; // date ranges read day by day
    if (!whole) {
        edges.push_back({from, to});
    } else {
        if (from < whole_from)
            edges.push_back({from, day_before(whole_from)});
        if (whole_to < to)
            edges.push_back({day_after(whole_to), to});
    }
    std::string month_from = whole ? whole_from.substr(0, 7) : "", month_to = whole ? whole_to.substr(0, 7) : "";
    auto monthly = [&](const char* sql) { return m_db->prepare(sql); };
    auto m_purposes = monthly("SELECT purpose, sum(count) FROM footfall_months WHERE site_id = ? AND month BETWEEN ? AND ? GROUP BY purpose HAVING sum(count) != 0");
    auto m_months = monthly("SELECT month, sum(count) FROM footfall_months WHERE site_id = ? AND month BETWEEN ? AND ? GROUP BY month HAVING sum(count) != 0");
    auto m_weekdays = monthly("SELECT weekday, sum(count) FROM footfall_weekdays WHERE site_id = ? AND month BETWEEN ? AND ? GROUP BY weekday");
    auto m_hours = monthly("SELECT hour, sum(count) FROM footfall_hours WHERE site_id = ? AND month BETWEEN ? AND ? GROUP BY hour");
    auto m_sessions = monthly("SELECT event, sum(occurrences), sum(count) FROM session_months WHERE site_id = ? AND month BETWEEN ? AND ? GROUP BY event HAVING sum(occurrences) != 0");
    auto m_volunteers = monthly("SELECT month, people, minutes, to_closing FROM volunteer_months WHERE site_id = ? AND month BETWEEN ? AND ? AND people != 0");
    auto m_feedback = monthly("SELECT purpose, face, sum(count) FROM feedback_months WHERE site_id = ? AND month BETWEEN ? AND ? GROUP BY purpose, face HAVING sum(count) != 0");
    auto m_returning = monthly("SELECT month, count FROM returning_months WHERE site_id = ? AND month BETWEEN ? AND ? AND count != 0");
    auto d_purposes = monthly("SELECT purpose, sum(count) FROM footfall_days WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY purpose HAVING sum(count) != 0");
    auto d_months = monthly("SELECT substr(date, 1, 7), sum(count) FROM footfall_days WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY 1 HAVING sum(count) != 0");
    auto d_weekdays = monthly("SELECT CAST(strftime('%w', date) AS INTEGER), sum(count) FROM footfall_days WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY 1");
    auto d_hours = monthly("SELECT hour, sum(count) FROM footfall WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY hour");
    auto d_sessions = monthly("SELECT event, count(*), sum(count) FROM session_days WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY event");
    auto d_volunteers = monthly("SELECT substr(date, 1, 7), sum(people), sum(minutes), sum(to_closing) FROM footfall_volunteers "
                                "WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY 1");
    auto d_feedback = monthly("SELECT purpose, face, sum(count) FROM footfall_feedback WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY purpose, face");
    auto d_returning = monthly("SELECT substr(date, 1, 7), sum(count) FROM footfall_returning WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY 1");
    auto occurrences = monthly("SELECT date, event, start, count FROM session_days WHERE site_id = ? AND date BETWEEN ? AND ? ORDER BY date, start, event");

    // Sums a purge or a replacement has brought to 0 are left out, as if never counted.
    // Each query once over the whole months (monthly) and once over each end (daily).
    auto read = [&](const std::string& site, Statement& month_query, Statement& day_query, auto&& row) {
        if (whole) {
            month_query.reset().bind(1, site).bind(2, month_from).bind(3, month_to);
            while (month_query.step())
                row(month_query);
        }
        for (auto& [edge_from, edge_to] : edges) {
            day_query.reset().bind(1, site).bind(2, edge_from).bind(3, edge_to);
            while (day_query.step())
                row(day_query);
        }
    };
    for (auto& site : site_ids) {
        read(site, m_purposes, d_purposes, [&](Statement& r) { data.purposes.push_back({site, r.text(0), r.integer(1)}); });
        read(site, m_months, d_months, [&](Statement& r) { data.months.push_back({site, r.text(0), r.integer(1)}); });
        read(site, m_weekdays, d_weekdays, [&](Statement& r) { data.weekdays.push_back({site, static_cast<int>(r.integer(0)), r.integer(1)}); });
        read(site, m_hours, d_hours, [&](Statement& r) { data.hourly.push_back({site, static_cast<int>(r.integer(0)), r.integer(1)}); });
        std::map<std::string, ReportData::SessionTotal> totals; // one row a session, whole months and ends together
        read(site, m_sessions, d_sessions, [&](Statement& r) {
            auto& total = totals.try_emplace(r.text(0), ReportData::SessionTotal{site, r.text(0), 0, 0}).first->second;
            total.occurrences += r.integer(1);
            total.count += r.integer(2);
        });
        for (auto& [event, total] : totals)
            data.session_totals.push_back(total);
        read(site, m_volunteers, d_volunteers, [&](Statement& r) {
            data.volunteers.push_back({site, r.text(0), r.integer(1), r.integer(2), r.integer(3)});
        });
        read(site, m_feedback, d_feedback, [&](Statement& r) { data.feedback.push_back({site, r.text(0), r.text(1), r.integer(2)}); });
        read(site, m_returning, d_returning, [&](Statement& r) { data.returning.push_back({site, r.text(0), r.integer(1)}); });
        if (registers) {
            occurrences.reset().bind(1, site).bind(2, from).bind(3, to);
            while (occurrences.step())
                data.sessions.push_back({site, occurrences.text(0), occurrences.text(1), occurrences.text(2), occurrences.integer(3)});
        }
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
    // The triggers have taken the deleted counts out of the sums; what is left of those days
    // and whole months is 0, and goes (a register's row going takes its occurrence with it).
    m_db->prepare("DELETE FROM footfall_days WHERE date < ?").bind(1, before).run();
    m_db->prepare("DELETE FROM session_days WHERE date < ?").bind(1, before).run();
    for (auto* sums : {"footfall_months", "footfall_weekdays", "footfall_hours", "session_months", "volunteer_months", "feedback_months", "returning_months"})
        m_db->prepare(std::string("DELETE FROM ") + sums + " WHERE month < ?").bind(1, before.substr(0, 7)).run();
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
    // The audit list names people: it is kept a year whatever the counts' setting, and purged
    // on the same daily round.
    purge_expired_audit();
    feed::Date cutoff{today.year - keep_years, today.month, today.day};
    if (!feed::parse_date(feed::format_date(cutoff)))
        cutoff.day = 28; // 29 February, in a year without one
    return purge_counts_before(feed::format_date(cutoff));
}

} // namespace coi::server
