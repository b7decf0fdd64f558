#pragma once
// Day plans made ahead of the frame. Expanding every rule of a calendar through libical is the
// costliest work the kiosk does (a 5,000-event calendar takes a large part of a second), so it
// is done once per content and once per local date, away from the frame, and the frame only
// reads the result: what's on, the week page and check-in's "now and next" tiles.
// Pure like the rest of core: the caller says which day is today; threads are the app's.

#include "content/feed/types.h"
#include "kiosk/core/schedule.h"
#include "kiosk/core/time_zone.h"

#include <memory>
#include <vector>

namespace coi::core {

inline constexpr int kDaysShown = 7;   // the week page: today and the six days after it
inline constexpr int kDaysPlanned = 9; // two days more, so the plan still covers the week the morning after

struct Plans {
    std::shared_ptr<const feed::Feed> feed; // the content planned: every session points into its events, so it lives as long as they do
    std::vector<DayPlan> days;              // consecutive local days, the first one the day planned from

    const DayPlan* day(feed::Date) const;        // that day's plan, or nullptr when it is not planned
    bool covers(feed::Date first, int count) const; // every one of count days from first is planned
};

// kDaysPlanned days from `today` (plan_for_days: every rule expanded once for the whole window).
Plans plan_ahead(std::shared_ptr<const feed::Feed>, const TimeZone&, feed::Date today);

// Whether plans planned for some day can draw `today`: what's on and the whole week are in them.
bool can_draw(const Plans&, feed::Date today);
// Whether a new plan is due: the local date has moved on from the day planned from, so make
// the next one while the old one still covers today and the week.
bool replan_due(const Plans&, feed::Date today);

// The plan of one day from plans, or the day's opening hours alone (no sessions) when the
// plans do not reach it: a view drawn from this never expands a rule itself.
DayPlan planned_day(const Plans&, const feed::Site&, feed::Date);

} // namespace coi::core
