#include "kiosk/sync/footfall.h"

#include "kiosk/core/reporting.h"
#include "kiosk/store/checkin_store.h"
#include "kiosk/store/outbox_store.h"
#include "kiosk/store/remember_store.h"
#include "kiosk/store/settings_store.h"
#include "kiosk/sync/outbox.h"

#include <map>
#include <tuple>

namespace coi::sync {

using nlohmann::json;
using store::Setting;

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

namespace {

// [SECTION] The lists, read from the store

json hourly_counts(store::CheckinStore& checkins, const feed::CheckinSettings& settings, const core::TimeZone& zone, const std::string& from_day,
    feed::Instant from)
{
    std::map<std::tuple<std::string, int, std::string>, std::int64_t> totals;
    for (auto& c : checkins.head_counts_from(from_day))
        if (auto purpose = core::reported_purpose(settings, c.purpose_id, feed::to_code(feed::PurposeKind::HeadCount)))
            totals[{c.day, c.hour, *purpose}] += c.count;
    for (auto& r : checkins.checked_in_since(from))
        if (auto purpose = core::reported_purpose(settings, r.purpose_id, r.kind)) {
            core::LocalDateTime local = zone.to_local(r.checked_in_at);
            totals[{feed::format_date(local.date), local.minutes / 60, *purpose}] += 1;
        }
    json rows = json::array();
    for (auto& [key, count] : totals)
        rows.push_back({{"date", std::get<0>(key)}, {"hour", std::get<1>(key)}, {"purpose", std::get<2>(key)}, {"count", count}});
    return rows;
}

json session_attendance(store::CheckinStore& checkins, const core::TimeZone& zone, feed::Instant from)
{
    std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> totals;
    for (auto& r : checkins.checked_in_since(from)) {
        // Only a session check-in made by this version knows its occurrence; and a discreet
        // visit is never tied to a session.
        if (r.purpose_id != core::kSessionPurpose || r.kind != feed::to_code(feed::PurposeKind::Named) || r.event_id.empty() || !r.occurrence_start)
            continue;
        core::LocalDateTime start = zone.to_local(*r.occurrence_start);
        totals[{feed::format_date(start.date), r.event_id, feed::format_clock(start.minutes)}] += 1;
    }
    json rows = json::array();
    for (auto& [key, count] : totals)
        rows.push_back({{"date", std::get<0>(key)}, {"event", std::get<1>(key)}, {"start", std::get<2>(key)}, {"count", count}});
    return rows;
}

json volunteer_hours(store::CheckinStore& checkins, const std::string& from_day)
{
    json rows = json::array();
    for (auto& d : checkins.volunteer_days(from_day))
        rows.push_back({{"date", d.date}, {"people", d.people}, {"minutes", d.minutes}, {"to_closing", d.to_closing}});
    return rows;
}

json feedback_faces(store::CheckinStore& checkins, const feed::CheckinSettings& settings, const std::string& from_day)
{
    json rows = json::array();
    for (auto& f : checkins.feedback_counts(from_day)) {
        // Taps were counted under the id they may be reported by; "private" only while the
        // site still names that category.
        if (f.purpose_id == core::kPrivatePurpose && !settings.counts_private())
            continue;
        rows.push_back({{"date", f.day}, {"purpose", f.purpose_id}, {"face", f.face}, {"count", f.count}});
    }
    return rows;
}

json returning_visitors(store::Database& db, const std::string& from_day)
{
    store::RememberStore remembered(db);
    json rows = json::array();
    for (auto& r : remembered.returning_days(from_day))
        rows.push_back({{"date", r.day}, {"count", r.count}});
    return rows;
}

// [SECTION] What changed since it was sent

// A row's identity within its list: everything but its running total.
std::string row_key(const std::string& list, const json& row)
{
    if (list == "counts")
        return row["date"].get<std::string>() + " " + std::to_string(row["hour"].get<int>()) + " " + row["purpose"].get<std::string>();
    std::string key = list + " " + row["date"].get<std::string>();
    if (list == "sessions")
        key += " " + row["event"].get<std::string>() + " " + row["start"].get<std::string>();
    else if (list == "feedback")
        key += " " + row["purpose"].get<std::string>() + " " + row["face"].get<std::string>();
    return key;
}

// The local date a remembered key is for: "2026-11-25 10 cafe" (an hourly count, as
// earlier versions kept them) or "sessions 2026-11-25 bingo 18:30".
std::string date_of_key(const std::string& key)
{
    if (!key.empty() && key[0] >= '0' && key[0] <= '9')
        return key.substr(0, 10);
    auto space = key.find(' ');
    return space == std::string::npos ? std::string() : key.substr(space + 1, 10);
}

json read_sent(store::Database& db, Setting setting)
{
    auto stored = store::SettingsStore(db).get(setting);
    json sent = json::object();
    if (stored) {
        sent = json::parse(*stored, nullptr, false);
        if (!sent.is_object())
            sent = json::object(); // unreadable: send everything again, the server replaces
    }
    return sent;
}

struct Changes {
    std::vector<std::pair<std::string, json>> rows; // (list, row)
    json remembered = json::object();
};

// The rows of these lists whose totals differ from what was last sent, and the new memory
// of what was sent (older days are final: forgotten).
Changes changed_rows(const json& report, const std::vector<std::string>& lists, const json& sent, const std::string& from_day)
{
    Changes out;
    for (auto& [key, value] : sent.items())
        if (date_of_key(key) >= from_day)
            out.remembered[key] = value;
    for (auto& list : lists)
        for (auto& row : report[list]) {
            std::string key = row_key(list, row);
            json total = list == "counts" ? row["count"] : row;
            if (out.remembered.contains(key) && out.remembered[key] == total)
                continue;
            out.remembered[key] = total;
            out.rows.emplace_back(list, row);
        }
    return out;
}

Result<Ok> queue_rows(Outbox& outbox, const std::vector<std::pair<std::string, json>>& rows, feed::Instant now)
{
    for (std::size_t at = 0; at < rows.size(); at += kFootfallBatch) {
        json body = json::object();
        for (std::size_t i = at; i < std::min(rows.size(), at + kFootfallBatch); ++i)
            body[rows[i].first].push_back(rows[i].second);
        if (auto r = outbox.enqueue("footfall", "/api/v1/footfall", body.dump(), now); !r)
            return r.error();
    }
    return Ok{};
}

Result<Ok> save_setting(store::Database& db, Setting setting, const json& value) { return store::SettingsStore(db).set(setting, value.dump()); }

} // namespace

json footfall_report(store::Database& db, const feed::Feed& feed, const core::TimeZone& zone, feed::Instant now)
{
    feed::Date first = feed::add_days(zone.local_date(now), -(kFootfallDays - 1));
    std::string from_day = feed::format_date(first);
    feed::Instant from = zone.from_local(first, 0);
    store::CheckinStore checkins(db);
    const feed::CheckinSettings& settings = feed.site.checkin;
    return json{{"counts", hourly_counts(checkins, settings, zone, from_day, from)}, {"sessions", session_attendance(checkins, zone, from)},
        {"volunteers", volunteer_hours(checkins, from_day)}, {"feedback", feedback_faces(checkins, settings, from_day)},
        {"returning", returning_visitors(db, from_day)}};
}

Result<int> enqueue_footfall(store::Database& db, const feed::Feed& feed, const core::TimeZone& zone, feed::Instant now)
{
    if (!feed.site.checkin.share_counts) {
        // The site stopped sharing (or never did): nothing waits to leave, and if it starts
        // again every count is sent afresh.
        auto cleared = db.transaction([&]() -> Result<Ok> {
            if (auto r = store::OutboxStore(db).remove_kinds({"footfall"}); !r)
                return r;
            return store::SettingsStore(db).forget({Setting::FootfallSent, Setting::FootfallReportsSent});
        });
        if (!cleared)
            return Error{"cannot clear waiting footfall counts: " + cleared.error().message};
        return 0;
    }
    std::string from_day = feed::format_date(feed::add_days(zone.local_date(now), -(kFootfallDays - 1)));
    json report = footfall_report(db, feed, zone, now);
    Changes counts = changed_rows(report, {"counts"}, read_sent(db, Setting::FootfallSent), from_day);
    Changes reports = changed_rows(report, {"sessions", "volunteers", "feedback", "returning"}, read_sent(db, Setting::FootfallReportsSent), from_day);
    if (counts.rows.empty() && reports.rows.empty())
        return 0;
    Outbox outbox(db);
    auto queued = db.transaction([&]() -> Result<Ok> {
        // The hourly counts first and on their own: they are what every server version takes.
        if (auto r = queue_rows(outbox, counts.rows, now); !r)
            return r;
        if (auto r = queue_rows(outbox, reports.rows, now); !r)
            return r;
        if (auto r = save_setting(db, Setting::FootfallSent, counts.remembered); !r)
            return r;
        return save_setting(db, Setting::FootfallReportsSent, reports.remembered);
    });
    if (!queued)
        return Error{"cannot queue footfall counts: " + queued.error().message};
    return static_cast<int>(counts.rows.size() + reports.rows.size());
}

} // namespace coi::sync
