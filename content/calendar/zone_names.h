#pragma once
// A calendar's TZID, as real programs write it, -> an IANA zone name this machine knows.
// Outlook and Exchange write Windows names ("GMT Standard Time", "W. Europe Standard Time"),
// Thunderbird once wrote "/mozilla.org/20050126_1/Europe/London", some tools quote the value
// (TZID="Europe/London") and the odd one writes "UTC" or "GMT" for UTC. Outlook Web Access writes
// a zone's display name ("(UTC-05:00) Eastern Time (US & Canada)") with no VTIMEZONE: that is
// the place or Windows zone it names, when that zone's standard offset is the one written. The
// zone itself is then taken from the system's zone data, never from the file's own (often
// partial) VTIMEZONE.

#include <string>
#include <string_view>

namespace coi::calendar {

// The IANA name (or "UTC") for a TZID; empty when neither it nor any part of it is a zone
// this machine knows.
std::string iana_zone_for(std::string_view tzid);

// The IANA name CLDR maps a Windows zone name to ("GMT Standard Time" -> "Europe/London");
// empty for a name not in the table. Case-insensitive.
std::string iana_for_windows_zone(std::string_view windows_name);

} // namespace coi::calendar
