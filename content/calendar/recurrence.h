#pragma once
// Recurrence: which occurrences of the feed's events fall in a window. One implementation for
// the kiosk's screens, the admin and the public What's on page, so they agree on every
// occurrence. Pure functions of (events, zone, window): nothing here reads the clock.
//
// The rules (RFC 5545 as calendars write it):
// - the event's own start/end is always the first occurrence, even if the rule would skip it;
// - RRULE is expanded by libical in the event's own zone (Event::timezone), or the site's
//   when it has none, so a weekly 18:30 session stays 18:30 local across the clock changes
//   and a series anchored to UTC stays at its UTC time; an occurrence whose wall time falls
//   in the spring-forward gap starts at the end of the gap (TimeZone::from_local);
// - RDATEs add occurrences of the same length, EXDATEs (exact start instants) remove them;
// - cancelled dates (the site's local date an occurrence starts on) are kept, cancelled;
// - an all-day event lasts whole local days, so one on the October clock change lasts 25 h;
// - every expansion is bounded: kMaxIteratorSteps libical steps and kMaxOccurrencesPerEvent
//   occurrences per event, so a rule that never matches or a minutely rule cannot stall.

#include "content/calendar/time_zone.h"
#include "content/feed/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace coi::calendar {

inline constexpr int kMaxIteratorSteps = 200000;      // libical steps per event and window
inline constexpr int kMaxOccurrencesPerEvent = 5000;  // occurrences per event and window

struct Occurrence {
    const feed::Event* event = nullptr; // points into the events passed in; valid while they live
    feed::Instant start = 0;
    feed::Instant end = 0;
    bool cancelled = false; // event.cancelled, or this date is in cancelled_dates
    bool operator==(const Occurrence&) const = default;
};

// How far back recurrence expansion starts. SkipAhead jumps libical's iterator to the
// window (icalrecur_iterator_set_start), so a weekly session from 2025 costs the same in
// 2031; FromFirstOccurrence walks from DTSTART and exists so tests can prove both agree.
enum class Expansion { SkipAhead, FromFirstOccurrence };

// The start instants of one event's occurrences whose [start, end) overlaps [from, to)
// (a zero-length one counts if it starts inside), ascending, EXDATEs removed, cancellations
// ignored. site_zone is used when the event has no zone of its own, or one this machine
// does not know.
std::vector<feed::Instant> occurrence_starts(const feed::Event&, const TimeZone& site_zone, feed::Instant from,
    feed::Instant to, Expansion = Expansion::SkipAhead);

// When an occurrence starting at `start` ends: start + (end - start), except for an all-day
// event, which ends at the local midnight as many days later as the first one did.
feed::Instant occurrence_end(const feed::Event&, const TimeZone& site_zone, feed::Instant start);

// Every occurrence overlapping [from, to), sorted by start, then title("en"), then end,
// then event id.
std::vector<Occurrence> occurrences_between(const std::vector<feed::Event>&, const TimeZone& site_zone,
    feed::Instant from, feed::Instant to);

// How many events this thread has expanded (occurrence_starts calls) since it started. A
// count per thread, so a test can tell that the kiosk's frame expands nothing while another
// thread plans ahead (kiosk/core/plans.h).
std::uint64_t expansions_on_this_thread();

// nullopt when libical reads the rule; otherwise a sentence naming the problem.
std::optional<std::string> rrule_problem(const std::string& rrule);

// The zone an event repeats in: its own when it has one this machine knows, else the site's.
TimeZone zone_of(const feed::Event&, const TimeZone& site_zone);

} // namespace coi::calendar
