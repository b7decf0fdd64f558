#pragma once
// A time zone: instants <-> local wall-clock time. The feed carries instants (UTC
// with offsets); people read wall-clock time in the building's zone, so every "today",
// "18:30" and "opens at" goes through here. Backed by libical's zone data, which on Debian
// is the system tzdata in /usr/share/zoneinfo (libical is built without its own copy).

#include "content/feed/result.h"
#include "content/feed/types.h"

#include <string>
#include <utility>

// libical's zone type, declared here so this header needs no C library include.
struct _icaltimezone;

namespace coi::calendar {

struct LocalDateTime {
    feed::Date date;
    feed::ClockMinutes minutes = 0; // minutes after local midnight
    int second = 0;
    int utc_offset_seconds = 0; // e.g. 3600 in BST
    feed::Weekday weekday = feed::Weekday::Mon;
    bool operator==(const LocalDateTime&) const = default;
};

// A cheap, copyable handle to a zone; every call takes the libical lock (libical_lock.h). The zone data itself is owned by libical and lives
// for the whole process, so copies share it and never free it.
class TimeZone {
public:
    static Result<TimeZone> load(const std::string& iana_name); // "Europe/London"; an unknown or malformed name is an Error naming it
    static TimeZone utc();                                       // UTC, always available

    LocalDateTime to_local(feed::Instant) const; // wall-clock time and offset at that instant
    int utc_offset_at(feed::Instant) const;      // seconds east of UTC at that instant (3600 in BST)

    // Local wall time -> instant. minutes may be 1440 (24:00, the next midnight).
    // A time that does not exist (the spring-forward gap, 01:30 on the last Sunday of March
    // in London) maps to the first instant after the gap (02:00 BST): a session "at 01:30"
    // that day starts when the clocks say 02:00. A time that happens twice (01:30 on the
    // last Sunday of October) maps to the first of the two (01:30 BST), the earlier instant,
    // so nothing is shown late.
    feed::Instant from_local(feed::Date, feed::ClockMinutes) const; // see above for gaps and overlaps
    feed::Date local_date(feed::Instant) const;                      // the site's calendar date at that instant
    feed::Instant start_of_day(feed::Date) const;                    // local midnight (or the first instant of the day if midnight is skipped)

    const std::string& name() const { return m_name; } // the IANA name it was loaded with, "UTC" for utc()

private:
    TimeZone(_icaltimezone* zone, std::string name)
        : m_zone(zone)
        , m_name(std::move(name))
    {
    }

    _icaltimezone* m_zone = nullptr; // libical builtin zone, owned by libical for the process lifetime
    std::string m_name;
};

} // namespace coi::calendar
