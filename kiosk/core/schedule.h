#pragma once
// What's on: recurrence expansion, today / now / next, opening hours and the week.
// Pure functions of (feed, zone, now); nothing here reads the clock, so the same feed and
// the same `now` always give the same screen.

#include "content/feed/types.h"
#include "content/calendar/recurrence.h"
#include "kiosk/core/time_zone.h"

#include <optional>
#include <vector>

namespace coi::core {

// One occurrence of an event; see content/calendar/recurrence.h for how they are expanded.
using calendar::Occurrence;

// Every occurrence overlapping the local day [00:00, next 00:00), sorted by start, then
// title("en"), then end, then event id. A session that starts the evening before and runs
// past midnight appears on both days. EXDATEs (exact start instants) are removed; cancelled
// dates (the local date an occurrence starts on) are kept with cancelled = true.
// Recurrence is expanded by the shared calendar module (content/calendar/recurrence.h): in
// the event's own zone or the site's, RDATEs added, all-day events lasting whole local days.
// An event whose rrule libical can't parse keeps just its first occurrence.
std::vector<Occurrence> occurrences_on(const feed::Feed&, const TimeZone&, feed::Date local_day); // see above

// Every occurrence overlapping [from, to), same order and rules as occurrences_on.
std::vector<Occurrence> occurrences_between(const feed::Feed&, const TimeZone&, feed::Instant from, feed::Instant to); // see above

using calendar::Expansion;

// The start instants of one event's occurrences in [from, to) (calendar::occurrence_starts),
// the building block of occurrences_between.
using calendar::occurrence_starts;

struct DayPlan {
    feed::Date date;
    bool open = false; // from opening_hours and closed_dates
    feed::ClockMinutes opens = 0, closes = 0;
    std::vector<Occurrence> sessions; // occurrences_on(date); empty when closed
};

// One day of the building. When a weekday has several opening_hours rows (a lunch
// closure), opens is the earliest opening and closes the latest closing.
DayPlan plan_for_day(const feed::Feed&, const TimeZone&, feed::Date); // see above
// The same day's open, opens and closes with no sessions: nothing is expanded, so it costs
// next to nothing where plan_for_day expands every rule through libical. For callers that
// want only the hours, such as the closing time the frame loop checks on every pass.
DayPlan hours_on(const feed::Site&, feed::Date);
std::vector<DayPlan> plan_for_days(const feed::Feed&, const TimeZone&, feed::Date first, int count); // the week page: count consecutive days

enum class SessionState { Finished, Now, Next, Later };

// Per session of a day at `now`: Finished (end <= now), Now (start <= now < end, not
// cancelled), Next (the earliest not-cancelled session starting after now; all sessions
// sharing that start time are Next), Later. Cancelled sessions are never Now or Next.
std::vector<SessionState> session_states(const std::vector<Occurrence>&, feed::Instant now); // one state per occurrence, same order

struct Opening {
    feed::Date date;
    feed::ClockMinutes opens = 0;
    bool operator==(const Opening&) const = default;
};

// The next time the doors open strictly after now, looking at most 60 days ahead; nullopt
// if the building has no opening in that time. Closed dates are skipped.
std::optional<Opening> next_opening(const feed::Feed&, const TimeZone&, feed::Instant now); // see above

// Whether now falls inside an opening_hours row of a day that isn't a closed date. A row
// whose close is earlier than its open runs past midnight into the next day.
bool is_open_at(const feed::Feed&, const TimeZone&, feed::Instant now); // see above

} // namespace coi::core
