#include "kiosk/sync/footfall.h"

#include "kiosk/sync/outbox.h"

#include <nlohmann/json.hpp>

#include <map>

namespace coi::sync {

using store::Value;

bool may_share(const feed::Feed& feed, const std::string& purpose_id)
{
    // Exhaustive, with no default: a purpose kind added later must be decided here (the build
    // fails until it is), and a purpose the site does not list is never shared.
    for (auto& p : feed.site.checkin.purposes)
        if (p.id == purpose_id)
            switch (p.kind) {
            case feed::PurposeKind::HeadCount:
            case feed::PurposeKind::Named: return true;
            case feed::PurposeKind::Discreet: return false;
            }
    return false;
}

Result<int> enqueue_footfall(store::Database& db, const feed::Feed& feed, const core::TimeZone& zone, feed::Instant now)
{
    if (!feed.site.checkin.share_counts) {
        // The site stopped sharing (or never did): nothing waits to leave, and if it starts
        // again every count is sent afresh.
        auto cleared = db.transaction([&]() -> Result<Ok> {
            if (auto r = db.execute("DELETE FROM outbox WHERE kind = 'footfall'"); !r)
                return r;
            return db.execute("DELETE FROM setting WHERE key = ?", {Value::text(setting_key::kFootfallSent)});
        });
        if (!cleared)
            return Error{"cannot clear waiting footfall counts: " + cleared.error().message};
        return 0;
    }
    std::string from = feed::format_date(feed::add_days(zone.local_date(now), -(kFootfallDays - 1)));
    auto rows = db.query("SELECT day, hour, purpose_id, count FROM headcount WHERE day >= ? ORDER BY day, hour, purpose_id", {Value::text(from)});
    if (!rows)
        return rows.error();
    auto sent_row = db.query("SELECT value FROM setting WHERE key = ?", {Value::text(setting_key::kFootfallSent)});
    nlohmann::json sent = nlohmann::json::object();
    if (sent_row && !sent_row->empty()) {
        sent = nlohmann::json::parse((*sent_row)[0][0].bytes, nullptr, false);
        if (!sent.is_object())
            sent = nlohmann::json::object(); // unreadable: send everything again, the server replaces
    }
    nlohmann::json remembered = nlohmann::json::object();
    for (auto& [key, value] : sent.items())
        if (key.substr(0, 10) >= from) // older days are final: forget them
            remembered[key] = value;
    std::vector<FootfallRow> changed;
    for (auto& row : *rows) {
        FootfallRow r{row[0].bytes, static_cast<int>(row[1].integer), row[2].bytes, row[3].integer};
        if (!may_share(feed, r.purpose))
            continue;
        std::string key = r.date + " " + std::to_string(r.hour) + " " + r.purpose;
        if (remembered.contains(key) && remembered[key].is_number_integer() && remembered[key].get<std::int64_t>() == r.count)
            continue;
        remembered[key] = r.count;
        changed.push_back(std::move(r));
    }
    if (changed.empty())
        return 0;
    Outbox outbox(db);
    auto queued = db.transaction([&]() -> Result<Ok> {
        for (std::size_t at = 0; at < changed.size(); at += kFootfallBatch) {
            nlohmann::json counts = nlohmann::json::array();
            for (std::size_t i = at; i < std::min(changed.size(), at + kFootfallBatch); ++i)
                counts.push_back({{"date", changed[i].date}, {"hour", changed[i].hour}, {"purpose", changed[i].purpose}, {"count", changed[i].count}});
            if (auto r = outbox.enqueue("footfall", "/api/v1/footfall", nlohmann::json{{"counts", counts}}.dump(), now); !r)
                return r.error();
        }
        return db.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            {Value::text(setting_key::kFootfallSent), Value::text(remembered.dump())});
    });
    if (!queued)
        return Error{"cannot queue footfall counts: " + queued.error().message};
    return static_cast<int>(changed.size());
}

} // namespace coi::sync
