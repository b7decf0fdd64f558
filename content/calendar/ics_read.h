#pragma once
// Reading an iCalendar (.ics) file: libical's parser, under the calendar lock, turned into plain
// entries whose times are already instants. Everything that needs libical for a calendar import
// is here, so kiosk-content calls libical only through this module. Deciding what an entry
// becomes on the screens (overrides folded into their series, what is skipped and why) is the
// importer's (content/server/ics_import.h).

#include "content/calendar/time_zone.h"
#include "content/feed/types.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::calendar {

// One time of a calendar property, as an instant, and the zone its wall clock runs in.
struct IcsTime {
    feed::Instant instant = 0;
    bool is_date = false;
    std::string zone; // IANA name the property's wall time is in ("UTC" for Z times); empty: the site's
};

// One VEVENT. A TZID is resolved to the system's zone of that name (zone_names.h), never the
// file's own VTIMEZONE, which exporters often cut to a few years; only a TZID that names no
// zone at all falls back to the file's definition, and one the file does not define either is
// named in unknown_zone. Floating times and dates are the building's clock.
struct IcsEntry {
    std::string uid, summary, description, location, rrule;
    std::vector<std::string> more_rrules; // a second and further RRULE (Cyrus writes them; RFC 5545 allows them)
    std::optional<IcsTime> start, end;
    std::optional<std::string> unknown_zone; // a TZID of DTSTART/DTEND nobody defines
    int duration_seconds = -1;               // DURATION, when there is no DTEND
    bool cancelled = false;                  // STATUS:CANCELLED
    std::vector<feed::Instant> exdates, rdates;
    std::optional<feed::Instant> recurrence_id; // a changed occurrence of the series with this UID
    std::optional<feed::Date> recurrence_date;  // its wall-clock date, as written (for all-day series)
    bool this_and_future = false;              // RANGE=THISANDFUTURE on the RECURRENCE-ID
};

struct IcsRead {
    std::vector<IcsEntry> entries;
    std::string error; // not empty: the text is not an iCalendar at all
};

IcsRead read_ics(const std::string& ics_text, const TimeZone& site_zone);

// An RRULE with its end moved to just before `cut` (a THISANDFUTURE change starts a new series
// there); a COUNT becomes that UNTIL too. The rule itself when libical cannot read it.
std::string rule_ending_before(const std::string& rrule, feed::Instant cut);
// The same rule with its COUNT lowered by `used` occurrences (at least 1 left).
std::string rule_with_count_less(const std::string& rrule, int used);

} // namespace coi::calendar
