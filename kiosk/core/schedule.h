#pragma once
// What's on: recurrence expansion, today / now / next, opening hours and the week.
// Pure functions of (feed, zone, now); nothing here reads the clock, so the same feed and
// the same `now` always give the same screen.

#include "content/feed/types.h"
#include "kiosk/core/time_zone.h"

#include <optional>
#include <vector>

namespace coi::core {

struct Occurrence {
    const feed::Event* event = nullptr; // points into the Feed passed in; valid while it lives
    feed::Instant start = 0;
    feed::Instant end = 0;
    bool cancelled = false; // event.cancelled, or this date is in cancelled_dates
    bool operator==(const Occurrence&) const = default;
};

// Every occurrence overlapping the local day [00:00, next 00:00), sorted by start, then
// title("en"), then end, then event id. A session that starts the evening before and runs
// past midnight appears on both days. EXDATEs (exact start instants) are removed; cancelled
// dates (the local date an occurrence starts on) are kept with cancelled = true.
// Recurrence is expanded by libical in the site's zone, so a weekly 18:30 session stays
// 18:30 local across the BST/GMT changes; an occurrence whose wall time falls in the
// spring-forward gap starts at the end of the gap (see TimeZone::from_local). The event's
// own start/end is always the first occurrence (RFC 5545), even if the rule would skip it.
// An event whose rrule libical can't parse keeps just that first occurrence.
std::vector<Occurrence> occurrences_on(const feed::Feed&, const TimeZone&, feed::Date local_day); // see above

// Every occurrence overlapping [from, to), same order and rules as occurrences_on.
std::vector<Occurrence> occurrences_between(const feed::Feed&, const TimeZone&, feed::Instant from, feed::Instant to); // see above

// How far back recurrence expansion starts. SkipAhead jumps libical's iterator to the
// window (icalrecur_iterator_set_start), so a weekly session from 2025 costs the same in
// 2031; FromFirstOccurrence walks from DTSTART and exists so tests can prove both agree.
enum class Expansion { SkipAhead, FromFirstOccurrence };

// The start instants of one event's occurrences whose [start, start + duration) overlaps
// [from, to), ascending, EXDATEs removed, cancellations ignored.
std::vector<feed::Instant> occurrence_starts(const feed::Event&, const TimeZone&, feed::Instant from, feed::Instant to,
    Expansion = Expansion::SkipAhead); // the building block of occurrences_between

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
