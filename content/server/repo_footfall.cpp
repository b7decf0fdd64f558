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

ReportData Repository::report_data(const std::vector<std::string>& site_ids, const std::string& from, const std::string& to)
{
    std::lock_guard lock(m_mutex);
    ReportData data;
    // One site at a time, so each query walks the (site_id, date, ...) index over its range
    // alone. Hours are summed over the days in SQL: years of hourly rows never reach C++.
    for (auto& site : site_ids) {
        auto daily = m_db->prepare("SELECT date, purpose, sum(count) FROM footfall WHERE site_id = ? AND date BETWEEN ? AND ? "
                                   "GROUP BY date, purpose");
        daily.bind(1, site).bind(2, from).bind(3, to);
        while (daily.step())
            data.daily.push_back({site, daily.text(0), daily.text(1), daily.integer(2)});
        auto hourly = m_db->prepare("SELECT hour, purpose, sum(count) FROM footfall WHERE site_id = ? AND date BETWEEN ? AND ? "
                                    "GROUP BY hour, purpose");
        hourly.bind(1, site).bind(2, from).bind(3, to);
        while (hourly.step())
            data.hourly.push_back({site, static_cast<int>(hourly.integer(0)), hourly.text(1), hourly.integer(2)});
        auto sessions = m_db->prepare("SELECT date, event, start, sum(count) FROM footfall_sessions WHERE site_id = ? AND date BETWEEN ? AND ? "
                                      "GROUP BY date, event, start ORDER BY date, start, event");
        sessions.bind(1, site).bind(2, from).bind(3, to);
        while (sessions.step())
            data.sessions.push_back({site, sessions.text(0), sessions.text(1), sessions.text(2), sessions.integer(3)});
        auto volunteers = m_db->prepare("SELECT date, sum(people), sum(minutes), sum(to_closing) FROM footfall_volunteers "
                                        "WHERE site_id = ? AND date BETWEEN ? AND ? GROUP BY date ORDER BY date");
        volunteers.bind(1, site).bind(2, from).bind(3, to);
        while (volunteers.step())
            data.volunteers.push_back({site, volunteers.text(0), volunteers.integer(1), volunteers.integer(2), volunteers.integer(3)});
        auto feedback = m_db->prepare("SELECT purpose, face, sum(count) FROM footfall_feedback WHERE site_id = ? AND date BETWEEN ? AND ? "
                                      "GROUP BY purpose, face ORDER BY purpose");
        feedback.bind(1, site).bind(2, from).bind(3, to);
        while (feedback.step())
            data.feedback.push_back({site, feedback.text(0), feedback.text(1), feedback.integer(2)});
        auto returning = m_db->prepare("SELECT date, sum(count) FROM footfall_returning WHERE site_id = ? AND date BETWEEN ? AND ? "
                                       "GROUP BY date ORDER BY date");
        returning.bind(1, site).bind(2, from).bind(3, to);
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
