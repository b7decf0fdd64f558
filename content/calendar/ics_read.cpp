#include "content/calendar/ics_read.h"

#include "content/calendar/libical_lock.h"
#include "content/calendar/zone_names.h"

#include <libical/ical.h>

#include <algorithm>
#include <memory>

namespace coi::calendar {

namespace {

struct ComponentDeleter {
    void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

// A property's time -> an instant. A TZID is resolved to the system's zone of that name
// (Windows names, quoted and vendor-prefixed ones included), never the file's VTIMEZONE,
// which exporters often cut to a few years; only a TZID that names no zone at all falls back
// to the file's definition. Floating times and dates are the building's clock.
std::optional<IcsTime> when_of(icalproperty* property, icaltimetype t, const TimeZone& site_zone,
    std::optional<std::string>& unknown_zone)
{
    IcsTime when;
    when.is_date = t.is_date != 0;
    if (icaltime_is_null_time(t))
        return std::nullopt;
    if (icaltime_is_utc(t) && !t.is_date) {
        when.instant = icaltime_as_timet(t);
        when.zone = "UTC";
        return when;
    }
    TimeZone zone = site_zone;
    auto* tzid = property ? icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER) : nullptr;
    if (tzid && icalparameter_get_tzid(tzid) && !t.is_date) {
        std::string name = icalparameter_get_tzid(tzid);
        auto iana = iana_zone_for(name);
        if (iana.empty()) {
            // The file's own VTIMEZONE of that name: icalcomponent_get_dtstart does not always
            // attach it (Outlook's "(GMT +01:00)").
            const icaltimezone* own = t.zone;
            if (!own)
                if (auto* parent = icalproperty_get_parent(property))
                    if (auto* calendar = icalcomponent_get_parent(parent)) {
                        own = icalcomponent_get_timezone(calendar, name.c_str());
                        std::string unquoted = name; // TZID="(GMT +01:00)" names VTIMEZONE (GMT +01:00)
                        unquoted.erase(std::remove(unquoted.begin(), unquoted.end(), '"'), unquoted.end());
                        if (!own && unquoted != name)
                            own = icalcomponent_get_timezone(calendar, unquoted.c_str());
                    }
            if (!own) {
                unknown_zone = name;
                return std::nullopt;
            }
            when.instant = icaltime_as_timet_with_zone(t, own); // the file's own definition, the last resort
            return when;
        }
        auto loaded = TimeZone::load(iana);
        zone = loaded.ok() ? *loaded : TimeZone::utc();
        when.zone = iana;
    }
    int minutes = t.is_date ? 0 : t.hour * 60 + t.minute;
    when.instant = zone.from_local({t.year, t.month, t.day}, minutes) + (t.is_date ? 0 : t.second);
    return when;
}

// Times become instants while the parsed calendar is alive: an icaltimetype's zone may be one
// of the calendar's own VTIMEZONEs, freed with it, and libical writes a cache into the zone
// when it converts (found by tests/fuzz/ics_fuzzer).
std::vector<IcsEntry> read_events(icalcomponent* calendar, const TimeZone& site_zone)
{
    std::vector<IcsEntry> entries;
    for (auto* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        IcsEntry entry;
        if (auto* uid = icalcomponent_get_uid(event))
            entry.uid = uid;
        if (auto* summary = icalcomponent_get_summary(event))
            entry.summary = summary;
        if (auto* description = icalcomponent_get_description(event))
            entry.description = description;
        if (auto* location = icalcomponent_get_location(event))
            entry.location = location;
        if (auto* p = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY))
            entry.start = when_of(p, icalcomponent_get_dtstart(event), site_zone, entry.unknown_zone);
        if (auto* p = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY))
            entry.end = when_of(p, icalcomponent_get_dtend(event), site_zone, entry.unknown_zone);
        else if (icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY))
            entry.duration_seconds = icaldurationtype_as_int(icalcomponent_get_duration(event));
        entry.cancelled = icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED;
        for (auto* rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY); rrule;
             rrule = icalcomponent_get_next_property(event, ICAL_RRULE_PROPERTY)) {
            auto rule = icalproperty_get_rrule(rrule);
            auto* text = icalrecurrencetype_as_string(&rule);
            if (text && entry.rrule.empty())
                entry.rrule = text;
            else if (text)
                entry.more_rrules.push_back(text);
        }
        std::optional<std::string> ignored; // an unreadable EXDATE or RDATE is left out, not the event
        for (auto* ex = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); ex;
             ex = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
            if (auto when = when_of(ex, icalproperty_get_exdate(ex), site_zone, ignored))
                entry.exdates.push_back(when->instant);
        for (auto* rd = icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); rd;
             rd = icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
            auto value = icalproperty_get_rdate(rd);
            auto t = icaltime_is_null_time(value.time) ? value.period.start : value.time;
            if (auto when = when_of(rd, t, site_zone, ignored))
                entry.rdates.push_back(when->instant);
        }
        if (auto* rid = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY)) {
            if (auto when = when_of(rid, icalproperty_get_recurrenceid(rid), site_zone, ignored))
                entry.recurrence_id = when->instant;
            auto wall = icalproperty_get_recurrenceid(rid);
            entry.recurrence_date = feed::Date{wall.year, wall.month, wall.day};
            auto* range = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER);
            entry.this_and_future = range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE;
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

// IcsEntry -> a feed event object, or the reason it cannot be one. `fallback` is the master an
// override takes what it does not say from (title, place, length).
} // namespace

IcsRead read_ics(const std::string& ics_text, const TimeZone& site_zone)
{
    IcsRead read;
    auto lock = lock_libical(); // libical's parser and error state are process-wide
    std::unique_ptr<icalcomponent, ComponentDeleter> root(icalparser_parse_string(ics_text.c_str()));
    if (!root) {
        read.error = "the calendar could not be read as iCalendar";
        return read;
    }
    icalcomponent* calendar = root.get();
    if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
        calendar = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
    if (!calendar) {
        read.error = "the calendar has no VCALENDAR";
        return read;
    }
    read.entries = read_events(calendar, site_zone);
    icalerror_clear_errno();
    return read;
}

namespace {

// A rule changed in libical's form, written back as RRULE text; the text it came from when
// libical cannot write it. Frees what icalrecurrencetype_from_string allocated.
std::string written_rule(icalrecurrencetype& rule, const std::string& fallback)
{
    std::string text = fallback;
    if (auto* written = icalrecurrencetype_as_string(&rule))
        text = written;
    if (rule.rscale)
        icalmemory_free_buffer(rule.rscale);
    return text;
}

} // namespace

std::string rule_ending_before(const std::string& rrule, feed::Instant cut)
{
    auto lock = lock_libical();
    auto rule = icalrecurrencetype_from_string(rrule.c_str());
    if (rule.freq == ICAL_NO_RECURRENCE)
        return rrule;
    rule.count = 0;
    rule.until = icaltime_from_timet_with_zone(static_cast<time_t>(cut - 1), 0, icaltimezone_get_utc_timezone());
    return written_rule(rule, rrule);
}

std::string rule_with_count_less(const std::string& rrule, int used)
{
    auto lock = lock_libical();
    auto rule = icalrecurrencetype_from_string(rrule.c_str());
    if (rule.freq == ICAL_NO_RECURRENCE || rule.count <= 0)
        return rrule;
    rule.count = std::max(1, rule.count - used);
    return written_rule(rule, rrule);
}

} // namespace coi::calendar
