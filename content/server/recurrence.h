#pragma once
// Recurrence and local time for the server's own pages (What's on) and for checking an
// RRULE before it is stored. libical does the calendar work; the kiosk does its own
// expansion offline (kiosk/core), this is only what the server needs.

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

struct Occurrence {
    const feed::Event* event = nullptr;
    feed::Instant start = 0;
    feed::Instant end = 0;
    bool cancelled = false; // whole event or this date
};

// Occurrences that overlap [from, to), in start order; expansion stops after 2000 per event.
std::vector<Occurrence> occurrences_between(const std::vector<feed::Event>& events, const std::string& zone,
                                            feed::Instant from, feed::Instant to);

} // namespace coi::server
