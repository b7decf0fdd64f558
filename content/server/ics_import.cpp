#include "ics_import.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "recurrence.h"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string_view>

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

// Calendar text -> one line of feed text: the feed refuses control characters in titles
// and event descriptions, while calendars are full of them (Outlook's DESCRIPTION is
// "\n" at the least). Line breaks and tabs become spaces, other controls go, bytes that are
// not UTF-8 become U+FFFD, and it is cut to max_bytes without splitting a character.
std::string one_line(std::string_view text, std::size_t max_bytes)
{
    std::string out;
    auto push = [&](std::string_view character) {
        if (out.size() + character.size() <= max_bytes)
            out += character;
        else
            max_bytes = out.size(); // full: nothing after this fits either
    };
    for (std::size_t i = 0; i < text.size() && out.size() < max_bytes;) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '\n' || c == '\r' || c == '\t') {
                if (!out.empty() && out.back() != ' ')
                    push(" ");
            } else if (c >= 0x20 && c != 0x7f) {
                push(text.substr(i, 1));
            }
            ++i;
            continue;
        }
        // A well-formed UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF).
        std::size_t length = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        bool ok = length > 0 && i + length <= text.size();
        for (std::size_t k = 1; ok && k < length; ++k)
            ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
        if (ok && length >= 3) {
            auto c1 = static_cast<unsigned char>(text[i + 1]);
            ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0) && !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
        }
        push(ok ? text.substr(i, length) : std::string_view("\xef\xbf\xbd"));
        i += ok ? length : 1;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
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
        // Times become instants while the parsed calendar is alive: an icaltimetype's zone
        // may be one of the calendar's own VTIMEZONEs, freed with it, and libical writes a
        // cache into the zone when it converts (found by tests/fuzz/ics_fuzzer).
        bool has_start = false, start_is_date = false, has_end = false;
        feed::Instant start = 0, end = 0;
        int duration_seconds = -1;
        bool cancelled = false;
        std::vector<feed::Instant> exdates;
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
            auto start = icalcomponent_get_dtstart(event);
            raw.has_start = !icaltime_is_null_time(start);
            raw.start_is_date = start.is_date;
            if (raw.has_start)
                raw.start = instant_of(start, site);
            if (icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY)) {
                raw.end = instant_of(icalcomponent_get_dtend(event), site);
                raw.has_end = true;
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
                raw.exdates.push_back(instant_of(icalproperty_get_exdate(ex), site));
            raws.push_back(std::move(raw));
        }
        icalerror_clear_errno();
    }

    IcsImport result;
    for (auto& raw : raws) {
        auto title = one_line(raw.summary, 200);
        auto label = "\"" + (title.empty() ? one_line(raw.uid, 200) : title) + "\"";
        if (raw.uid.empty() || !raw.has_start) {
            result.skipped.push_back("an event " + label + " has no UID or start time");
            continue;
        }
        auto start = raw.start;
        feed::Instant end = start + 3600;
        if (raw.has_end)
            end = raw.end;
        else if (raw.duration_seconds >= 0)
            end = start + raw.duration_seconds;
        else if (raw.start_is_date)
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
            {"title", title.empty() ? std::string("Event") : title},
            {"room", room_for(raw.location.empty() ? nullptr : raw.location.c_str(), site)},
            {"start", feed::format_instant_utc(start)},
            {"end", feed::format_instant_utc(end)},
        };
        if (!raw.rrule.empty())
            item["rrule"] = raw.rrule;
        if (raw.cancelled)
            item["cancelled"] = true;
        if (auto description = one_line(raw.description, 300); !description.empty())
            item["description"] = description;
        if (!raw.exdates.empty()) {
            auto& list = item["exdates"] = nlohmann::json::array();
            for (auto& ex : raw.exdates)
                list.push_back(feed::format_instant_utc(ex));
        }
        // The same checks the admin's events pass, so an event the feed cannot carry is skipped
        // with its reason instead of failing the whole import (replace_ics_events is all or nothing).
        if (auto valid = feed::event_from_json(item, site); !valid) {
            result.skipped.push_back(label + " cannot be shown: " + valid.error().message);
            continue;
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
