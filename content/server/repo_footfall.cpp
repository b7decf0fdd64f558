// Footfall: anonymous counts (date, hour, purpose, count). Nothing personal reaches here.
#include "repository.h"
#include "requests.h"

#include "content/feed/types.h"

namespace coi::server {

Done Repository::record_footfall(const Screen& screen, const std::vector<FootfallCount>& counts)
{
    if (auto checked = check_footfall_counts(counts); !checked)
        return checked;
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
