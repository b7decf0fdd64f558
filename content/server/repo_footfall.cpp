// Footfall: anonymous counts (date, hour, purpose, count). Nothing personal reaches here.
#include "repository.h"

#include "content/feed/types.h"

namespace coi::server {

Done Repository::record_footfall(const Screen& screen, const std::vector<FootfallCount>& counts)
{
    for (std::size_t i = 0; i < counts.size(); ++i) {
        auto& count = counts[i];
        auto where = "counts[" + std::to_string(i) + "]: ";
        if (!feed::parse_date(count.date))
            return bad_input(where + "field \"date\": must be a date like 2026-11-25");
        if (count.hour < 0 || count.hour > 23)
            return bad_input(where + "field \"hour\": must be 0 to 23");
        if (count.purpose.empty() || count.purpose.size() > 64)
            return bad_input(where + "field \"purpose\": must be 1 to 64 characters");
        if (count.count < 0 || count.count > 1000000)
            return bad_input(where + "field \"count\": must be 0 to 1000000");
    }
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    // A kiosk sends its running total for the hour; sending it again replaces, never adds,
    // so retries after a lost reply cannot double-count.
    for (auto& count : counts)
        m_db->prepare("INSERT INTO footfall(site_id, screen_id, date, hour, purpose, count) VALUES(?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT(site_id, screen_id, date, hour, purpose) DO UPDATE SET count = excluded.count")
            .bind(1, screen.site_id).bind(2, screen.id).bind(3, count.date).bind(4, count.hour)
            .bind(5, count.purpose).bind(6, count.count).run();
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

} // namespace coi::server
