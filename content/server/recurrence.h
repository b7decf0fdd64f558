#pragma once
// Local time and recurrence for the server's own pages (What's on, the admin's "today") and
// for checking an RRULE before it is stored: thin callers of the shared calendar module
// (content/calendar), so the server shows the same occurrences at the same times as the
// kiosk's screens.

#include "content/calendar/recurrence.h"
#include "content/feed/types.h"
#include "outcome.h"

#include <string>
#include <vector>

namespace coi::server {

struct LocalTime {
    feed::Date date;
    int minutes = 0; // after local midnight
};

bool known_timezone(const std::string& zone);
LocalTime to_local(feed::Instant instant, const std::string& zone);
feed::Instant from_local(feed::Date date, int minutes, const std::string& zone);

Done check_rrule(const std::string& rrule); // BadInput naming the problem

using calendar::Occurrence;

// Occurrences that overlap [from, to) in the site's zone (calendar::occurrences_between).
std::vector<Occurrence> occurrences_between(const std::vector<feed::Event>& events, const std::string& zone,
                                            feed::Instant from, feed::Instant to);

} // namespace coi::server
