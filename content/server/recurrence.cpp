#include "recurrence.h"

#include <libical/ical.h>

#include <algorithm>
#include <mutex>

namespace coi::server {

namespace {

// libical's built-in zone table loads lazily and its error state is global: one lock.
std::mutex& ical_mutex()
{
    static std::mutex mutex;
    return mutex;
}

icaltimezone* zone_of(const std::string& zone)
{
    icalerror_set_errors_are_fatal(0);
    auto* tz = icaltimezone_get_builtin_timezone(zone.c_str());
    return tz ? tz : icaltimezone_get_utc_timezone();
}

} // namespace

bool known_timezone(const std::string& zone)
{
    std::lock_guard lock(ical_mutex());
    return zone == "UTC" || icaltimezone_get_builtin_timezone(zone.c_str()) != nullptr;
}

LocalTime to_local(feed::Instant instant, const std::string& zone)
{
    std::lock_guard lock(ical_mutex());
    auto t = icaltime_from_timet_with_zone(static_cast<time_t>(instant), 0, zone_of(zone));
    return {{t.year, t.month, t.day}, t.hour * 60 + t.minute};
}

feed::Instant from_local(feed::Date date, int minutes, const std::string& zone)
{
    std::lock_guard lock(ical_mutex());
    auto* tz = zone_of(zone);
    icaltimetype t = icaltime_null_time();
    t.year = date.year;
    t.month = date.month;
    t.day = date.day;
    t.hour = minutes / 60;
    t.minute = minutes % 60;
    t = icaltime_normalize(t);
    return icaltime_as_timet_with_zone(t, tz);
}

Done check_rrule(const std::string& rrule)
{
    std::lock_guard lock(ical_mutex());
    icalerror_set_errors_are_fatal(0);
    icalerror_clear_errno();
    if (rrule.size() > 512)
        return bad_input("field \"rrule\": must be at most 512 characters");
    auto rule = icalrecurrencetype_from_string(rrule.c_str());
    bool broken = rule.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR;
    icalerror_clear_errno();
    if (broken)
        return bad_input("field \"rrule\": \"" + rrule + "\" is not an RFC 5545 rule (e.g. FREQ=WEEKLY;BYDAY=TU)");
    return done();
}

std::vector<Occurrence> occurrences_between(const std::vector<feed::Event>& events, const std::string& zone,
                                            feed::Instant from, feed::Instant to)
{
    std::vector<Occurrence> result;
    for (auto& event : events) {
        auto duration = event.end - event.start;
        auto add = [&](feed::Instant start) {
            if (start + duration <= from || start >= to)
                return;
            if (std::find(event.exdates.begin(), event.exdates.end(), start) != event.exdates.end())
                return;
            Occurrence occurrence{&event, start, start + duration, event.cancelled};
            auto local_date = to_local(start, zone).date;
            if (std::find(event.cancelled_dates.begin(), event.cancelled_dates.end(), local_date) != event.cancelled_dates.end())
                occurrence.cancelled = true;
            result.push_back(occurrence);
        };
        if (event.rrule.empty()) {
            add(event.start);
            continue;
        }
        std::vector<feed::Instant> starts;
        {
            std::lock_guard lock(ical_mutex());
            icalerror_set_errors_are_fatal(0);
            auto* tz = zone_of(zone);
            auto rule = icalrecurrencetype_from_string(event.rrule.c_str());
            if (rule.freq == ICAL_NO_RECURRENCE) {
                icalerror_clear_errno();
                continue;
            }
            // Expand in local time so 18:30 stays 18:30 across the clock change.
            auto dtstart = icaltime_from_timet_with_zone(static_cast<time_t>(event.start), 0, tz);
            auto* iterator = icalrecur_iterator_new(rule, dtstart);
            if (!iterator)
                continue;
            for (int i = 0; i < 2000; ++i) {
                auto next = icalrecur_iterator_next(iterator);
                if (icaltime_is_null_time(next))
                    break;
                next.zone = tz;
                auto start = static_cast<feed::Instant>(icaltime_as_timet_with_zone(next, tz));
                if (start >= to)
                    break;
                starts.push_back(start);
            }
            icalrecur_iterator_free(iterator);
        }
        for (auto start : starts)
            add(start);
    }
    std::sort(result.begin(), result.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.start != b.start ? a.start < b.start : a.event->id < b.event->id;
    });
    return result;
}

} // namespace coi::server
