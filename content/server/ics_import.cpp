#include "ics_import.h"

#include "content/feed/sign.h"
#include "recurrence.h"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace coi::server {

namespace {

struct ComponentDeleter {
    void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// LOCATION "Main Hall, Welfare Road" -> the site's room whose name or id it mentions;
// otherwise the first room, because every feed event needs one.
std::string room_for(const char* location, const feed::Site& site)
{
    if (location) {
        auto where = lower(location);
        for (auto& room : site.rooms)
            if (where.find(lower(room.name.get("en"))) != std::string::npos || where.find(room.id) != std::string::npos)
                return room.id;
    }
    return site.rooms.empty() ? std::string{} : site.rooms.front().id;
}

feed::Instant instant_of(icaltimetype t, const feed::Site& site)
{
    if (icaltime_is_utc(t))
        return icaltime_as_timet(t);
    if (t.zone)
        return icaltime_as_timet_with_zone(t, t.zone);
    // Floating times and all-day dates are the building's local time.
    return from_local({t.year, t.month, t.day}, t.is_date ? 0 : t.hour * 60 + t.minute, site.timezone);
}

} // namespace

Outcome<IcsImport> import_ics(const std::string& ics_text, const feed::Site& site)
{
    if (ics_text.size() > kMaxIcsBytes)
        return Failure{FailureKind::TooLarge, "the calendar is over 4 MB"};
    if (ics_text.find("BEGIN:VCALENDAR") == std::string::npos)
        return bad_input("this is not an iCalendar (.ics) file: no BEGIN:VCALENDAR");
    if (site.rooms.empty())
        return bad_input("add at least one room to the site before importing a calendar");

    struct Raw {
        std::string uid, summary, description, location, rrule;
        icaltimetype start{}, end{};
        bool has_end = false;
        int duration_seconds = -1;
        bool cancelled = false;
        std::vector<icaltimetype> exdates;
    };
    std::vector<Raw> raws;
    {
        static std::mutex parser_mutex; // libical's error state is process-wide
        std::lock_guard lock(parser_mutex);
        icalerror_set_errors_are_fatal(0);
        std::unique_ptr<icalcomponent, ComponentDeleter> root(icalparser_parse_string(ics_text.c_str()));
        if (!root)
            return bad_input("the calendar could not be read as iCalendar");
        icalcomponent* calendar = root.get();
        if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
            calendar = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
        if (!calendar)
            return bad_input("the calendar has no VCALENDAR");
        for (auto* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
             event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
            Raw raw;
            if (auto* uid = icalcomponent_get_uid(event))
                raw.uid = uid;
            if (auto* summary = icalcomponent_get_summary(event))
                raw.summary = summary;
            if (auto* description = icalcomponent_get_description(event))
                raw.description = description;
            if (auto* location = icalcomponent_get_location(event))
                raw.location = location;
            raw.start = icalcomponent_get_dtstart(event);
            if (auto* dtend = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY)) {
                raw.end = icalcomponent_get_dtend(event);
                raw.has_end = dtend != nullptr;
            } else if (icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY)) {
                raw.duration_seconds = icaldurationtype_as_int(icalcomponent_get_duration(event));
            }
            raw.cancelled = icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED;
            if (auto* rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY)) {
                auto rule = icalproperty_get_rrule(rrule);
                if (auto* text = icalrecurrencetype_as_string(&rule))
                    raw.rrule = text;
            }
            for (auto* ex = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); ex;
                 ex = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
                raw.exdates.push_back(icalproperty_get_exdate(ex));
            raws.push_back(std::move(raw));
        }
        icalerror_clear_errno();
    }

    IcsImport result;
    for (auto& raw : raws) {
        auto label = "\"" + (raw.summary.empty() ? raw.uid : raw.summary) + "\"";
        if (raw.uid.empty() || icaltime_is_null_time(raw.start)) {
            result.skipped.push_back("an event " + label + " has no UID or start time");
            continue;
        }
        auto start = instant_of(raw.start, site);
        feed::Instant end = start + 3600;
        if (raw.has_end)
            end = instant_of(raw.end, site);
        else if (raw.duration_seconds >= 0)
            end = start + raw.duration_seconds;
        else if (raw.start.is_date)
            end = start + 24 * 3600;
        if (end <= start || end - start > 24 * 3600) {
            result.skipped.push_back(label + " is longer than a day or ends before it starts");
            continue;
        }
        if (!raw.rrule.empty() && !check_rrule(raw.rrule)) {
            result.skipped.push_back(label + " has a repeat rule this server cannot read");
            continue;
        }
        nlohmann::json item{
            {"id", "ics-" + feed::sha256_hex(raw.uid).substr(0, 24)},
            {"title", raw.summary.empty() ? std::string("Event") : raw.summary.substr(0, 200)},
            {"room", room_for(raw.location.empty() ? nullptr : raw.location.c_str(), site)},
            {"start", feed::format_instant_utc(start)},
            {"end", feed::format_instant_utc(end)},
        };
        if (!raw.rrule.empty())
            item["rrule"] = raw.rrule;
        if (raw.cancelled)
            item["cancelled"] = true;
        if (!raw.description.empty())
            item["description"] = raw.description.substr(0, 300);
        if (!raw.exdates.empty()) {
            auto& list = item["exdates"] = nlohmann::json::array();
            for (auto& ex : raw.exdates)
                list.push_back(feed::format_instant_utc(instant_of(ex, site)));
        }
        if (std::any_of(result.events.begin(), result.events.end(),
                        [&](const nlohmann::json& e) { return e["id"] == item["id"]; })) {
            result.skipped.push_back(label + " repeats another event's UID (changed occurrences are not imported)");
            continue;
        }
        result.events.push_back(std::move(item));
    }
    return result;
}

} // namespace coi::server
