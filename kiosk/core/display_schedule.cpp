#include "kiosk/core/display_schedule.h"

#include <algorithm>

namespace coi::core {

namespace {

constexpr int kLookaheadDays = 9;        // a week of closed days and then some
constexpr feed::Instant kRecheck = 7 * 86400; // nothing opens or closes within a week: look again then

bool is_closed_date(const feed::Site& site, feed::Date date)
{
    return std::find(site.closed_dates.begin(), site.closed_dates.end(), date) != site.closed_dates.end();
}

} // namespace

DisplayState display_state(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, std::optional<feed::Instant> last_touch)
{
    DisplayState state;
    const feed::Site& site = feed.site;
    if (site.opening_hours.empty()) {
        state.next_change = now + kRecheck;
        return state;
    }
    // Every opening interval from yesterday (a row past midnight) to the lookahead; the
    // state changes only at one of their ends.
    bool open = false;
    feed::Instant next = now + kRecheck;
    feed::Date today = zone.local_date(now);
    for (int i = -1; i <= kLookaheadDays; ++i) {
        feed::Date date = feed::add_days(today, i);
        if (is_closed_date(site, date))
            continue;
        for (auto& row : site.opening_hours) {
            if (row.day != feed::weekday_of(date))
                continue;
            feed::Instant opens = zone.from_local(date, row.open);
            feed::Instant closes = row.close >= row.open ? zone.from_local(date, row.close) : zone.from_local(feed::add_days(date, 1), row.close);
            if (opens <= now && now < closes)
                open = true;
            for (feed::Instant edge : {opens, closes})
                if (edge > now)
                    next = std::min(next, edge);
        }
    }
    // Back-to-back rows (9-12, 12-17) leave no gap: while open, the change is the end of
    // the run of intervals, which the next call finds; an extra wake at 12:00 is harmless.
    state.power = open ? DisplayPower::On : DisplayPower::Blank;
    if (!open && last_touch && *last_touch <= now && now < *last_touch + kTouchWakeSeconds) {
        state.power = DisplayPower::On;
        state.woken = true;
        next = std::min(next, *last_touch + kTouchWakeSeconds);
    }
    state.next_change = next;
    return state;
}

} // namespace coi::core
