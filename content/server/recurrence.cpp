#include "recurrence.h"

#include "content/calendar/time_zone.h"

namespace coi::server {

namespace {

// The site's zone; UTC for a name this machine does not know (the site form refuses those).
calendar::TimeZone zone_named(const std::string& zone)
{
    auto loaded = calendar::TimeZone::load(zone);
    return loaded.ok() ? *loaded : calendar::TimeZone::utc();
}

} // namespace

bool known_timezone(const std::string& zone)
{
    return zone == "UTC" || calendar::TimeZone::load(zone).ok();
}

LocalTime to_local(feed::Instant instant, const std::string& zone)
{
    auto local = zone_named(zone).to_local(instant);
    return {local.date, local.minutes};
}

feed::Instant from_local(feed::Date date, int minutes, const std::string& zone)
{
    // Minutes past a day's end roll into the next days, as callers adding hours expect.
    auto days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    return zone_named(zone).from_local(feed::add_days(date, days), minutes - days * 1440);
}

Done check_rrule(const std::string& rrule)
{
    if (auto problem = calendar::rrule_problem(rrule))
        return bad_input("field \"rrule\": " + *problem);
    return done();
}

std::vector<Occurrence> occurrences_between(const std::vector<feed::Event>& events, const std::string& zone,
                                            feed::Instant from, feed::Instant to)
{
    return calendar::occurrences_between(events, zone_named(zone), from, to);
}

} // namespace coi::server
