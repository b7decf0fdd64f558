#include "content/calendar/time_zone.h"

#include "content/calendar/libical_lock.h"

#include <libical/ical.h>

#include <algorithm>

namespace coi::calendar {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// libical turns the name straight into a path under /usr/share/zoneinfo, so a name such as
// "../../etc/passwd" would make it open that file. Only IANA-shaped names get that far.
bool looks_like_iana_name(const std::string& name)
{
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/')
        return false;
    if (name.find("..") != std::string::npos || name.find("//") != std::string::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_'
            || c == '-' || c == '+';
    });
}

std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

} // namespace

Result<TimeZone> TimeZone::load(const std::string& iana_name)
{
    if (!looks_like_iana_name(iana_name))
        return Error{"\"" + iana_name + "\" is not a time zone name; expected an IANA name such as Europe/London"};
    // Builtin zones are loaded once and owned by libical until exit, which is what lets
    // TimeZone be a plain copyable pointer.
    auto lock = lock_libical();
    icaltimezone* zone = icaltimezone_get_builtin_timezone(iana_name.c_str());
    if (!zone)
        return Error{"unknown time zone \"" + iana_name + "\"; expected an IANA name such as Europe/London"};
    return TimeZone(zone, iana_name);
}

TimeZone TimeZone::utc()
{
    auto lock = lock_libical();
    return TimeZone(icaltimezone_get_utc_timezone(), "UTC");
}

int TimeZone::utc_offset_at(feed::Instant instant) const
{
    auto lock = lock_libical();
    if (m_zone == icaltimezone_get_utc_timezone())
        return 0;
    // libical expands a zone's changes up to the year it is asked about, but not past 2582,
    // and then expands them again on every call: 13 ms a call at the year 3000, seconds a
    // frame. A zone's rules ("the last Sunday of March") repeat with the Gregorian calendar,
    // every 400 years (146,097 days, a whole number of weeks), so a far instant is asked
    // whole cycles earlier, between 2000 and 2400, where the answer is the same.
    constexpr std::int64_t kSecondsPer400Years = 146097LL * kSecondsPerDay;
    static const feed::Instant far = feed::days_from_civil(feed::Date{2400, 1, 1}) * kSecondsPerDay;
    if (instant >= far)
        instant -= ((instant - far) / kSecondsPer400Years + 1) * kSecondsPer400Years;
    icaltimetype utc_time = icaltime_from_timet_with_zone(static_cast<time_t>(instant), 0, icaltimezone_get_utc_timezone());
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(m_zone, &utc_time, &is_daylight);
}

LocalDateTime TimeZone::to_local(feed::Instant instant) const
{
    LocalDateTime local;
    local.utc_offset_seconds = utc_offset_at(instant);
    std::int64_t wall = instant + local.utc_offset_seconds;
    std::int64_t days = floor_div(wall, kSecondsPerDay);
    auto second_of_day = static_cast<int>(wall - days * kSecondsPerDay);
    local.date = feed::civil_from_days(days);
    local.minutes = second_of_day / 60;
    local.second = second_of_day % 60;
    local.weekday = feed::weekday_of(local.date);
    return local;
}

feed::Instant TimeZone::from_local(feed::Date date, feed::ClockMinutes minutes) const
{
    // Treat the wall time as if it were UTC, then find the offsets in force a day either
    // side. No zone changes offset twice within two days, so the answer is wall - before
    // or wall - after; each candidate is real only if the zone agrees it has that offset.
    std::int64_t wall = feed::days_from_civil(date) * kSecondsPerDay + std::int64_t(minutes) * 60;
    int before = utc_offset_at(wall - kSecondsPerDay);
    int after = utc_offset_at(wall + kSecondsPerDay);
    feed::Instant with_before = wall - before;
    feed::Instant with_after = wall - after;
    bool before_valid = utc_offset_at(with_before) == before;
    bool after_valid = utc_offset_at(with_after) == after;
    if (before_valid && after_valid)
        return std::min(with_before, with_after); // happens twice: the first one
    if (before_valid)
        return with_before;
    if (after_valid)
        return with_after;

    // In the gap: the clocks jumped over this wall time. Answer the first instant with the
    // new offset, i.e. the moment the clocks changed, by bisecting between the two guesses.
    feed::Instant low = std::min(with_before, with_after);
    feed::Instant high = std::max(with_before, with_after);
    int low_offset = utc_offset_at(low);
    if (utc_offset_at(high) == low_offset)
        return high; // offsets disagree in a way bisection can't explain; stay monotonic
    while (high - low > 1) {
        feed::Instant middle = low + (high - low) / 2;
        if (utc_offset_at(middle) == low_offset)
            low = middle;
        else
            high = middle;
    }
    return high;
}

feed::Date TimeZone::local_date(feed::Instant instant) const
{
    return to_local(instant).date;
}

feed::Instant TimeZone::start_of_day(feed::Date date) const
{
    return from_local(date, 0);
}

} // namespace coi::calendar
