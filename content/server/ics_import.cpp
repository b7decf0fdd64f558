#include "ics_import.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "recurrence.h"

#include "content/calendar/libical_lock.h"
#include "content/calendar/recurrence.h"
#include "content/calendar/time_zone.h"
#include "content/calendar/zone_names.h"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <variant>

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

// One time of a calendar property, as an instant, and the zone its wall clock runs in.
struct When {
    feed::Instant instant = 0;
    bool is_date = false;
    std::string zone; // IANA name the property's wall time is in ("UTC" for Z times); empty: the site's
};

// Why a time could not be read, for the import report.
struct ZoneProblem {
    std::string tzid;
};

// A property's time -> an instant. A TZID is resolved to the system's zone of that name
// (Windows names, quoted and vendor-prefixed ones included), never the file's VTIMEZONE,
// which exporters often cut to a few years; only a TZID that names no zone at all falls back
// to the file's definition. Floating times and dates are the building's clock.
std::optional<When> when_of(icalproperty* property, icaltimetype t, const calendar::TimeZone& site_zone,
    std::optional<ZoneProblem>& problem)
{
    When when;
    when.is_date = t.is_date != 0;
    if (icaltime_is_null_time(t))
        return std::nullopt;
    if (icaltime_is_utc(t) && !t.is_date) {
        when.instant = icaltime_as_timet(t);
        when.zone = "UTC";
        return when;
    }
    calendar::TimeZone zone = site_zone;
    auto* tzid = property ? icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER) : nullptr;
    if (tzid && icalparameter_get_tzid(tzid) && !t.is_date) {
        std::string name = icalparameter_get_tzid(tzid);
        auto iana = calendar::iana_zone_for(name);
        if (iana.empty()) {
            if (!t.zone) {
                problem = ZoneProblem{name};
                return std::nullopt;
            }
            when.instant = icaltime_as_timet_with_zone(t, t.zone); // the file's own definition, the last resort
            return when;
        }
        auto loaded = calendar::TimeZone::load(iana);
        zone = loaded.ok() ? *loaded : calendar::TimeZone::utc();
        when.zone = iana;
    }
    int minutes = t.is_date ? 0 : t.hour * 60 + t.minute;
    when.instant = zone.from_local({t.year, t.month, t.day}, minutes) + (t.is_date ? 0 : t.second);
    return when;
}

// An RRULE with its end moved to just before `cut` (a THISANDFUTURE override starts a new
// series there); COUNT becomes that UNTIL too.
std::string rule_ending_before(const std::string& rrule, feed::Instant cut)
{
    auto lock = calendar::lock_libical();
    auto rule = icalrecurrencetype_from_string(rrule.c_str());
    if (rule.freq == ICAL_NO_RECURRENCE)
        return rrule;
    rule.count = 0;
    rule.until = icaltime_from_timet_with_zone(static_cast<time_t>(cut - 1), 0, icaltimezone_get_utc_timezone());
    std::string text = rrule;
    if (auto* written = icalrecurrencetype_as_string(&rule))
        text = written;
    if (rule.rscale)
        icalmemory_free_buffer(rule.rscale);
    return text;
}

// The same rule with COUNT lowered by `used` occurrences (the part before a split).
std::string rule_with_count_less(const std::string& rrule, int used)
{
    auto lock = calendar::lock_libical();
    auto rule = icalrecurrencetype_from_string(rrule.c_str());
    if (rule.freq == ICAL_NO_RECURRENCE || rule.count <= 0)
        return rrule;
    rule.count = std::max(1, rule.count - used);
    std::string text = rrule;
    if (auto* written = icalrecurrencetype_as_string(&rule))
        text = written;
    if (rule.rscale)
        icalmemory_free_buffer(rule.rscale);
    return text;
}

struct Raw {
    std::string uid, summary, description, location, rrule;
    // Times become instants while the parsed calendar is alive: an icaltimetype's zone
    // may be one of the calendar's own VTIMEZONEs, freed with it, and libical writes a
    // cache into the zone when it converts (found by tests/fuzz/ics_fuzzer).
    std::optional<When> start, end;
    std::optional<ZoneProblem> zone_problem;
    int duration_seconds = -1;
    bool cancelled = false;
    std::vector<feed::Instant> exdates, rdates;
    std::optional<feed::Instant> recurrence_id;
    bool this_and_future = false;
};

std::string label_of(const Raw& raw)
{
    auto title = one_line(raw.summary, 200);
    return "\"" + (title.empty() ? one_line(raw.uid.empty() ? std::string("untitled") : raw.uid, 200) : title) + "\"";
}

std::vector<Raw> read_events(icalcomponent* calendar, const calendar::TimeZone& site_zone)
{
    std::vector<Raw> raws;
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
        if (auto* p = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY))
            raw.start = when_of(p, icalcomponent_get_dtstart(event), site_zone, raw.zone_problem);
        if (auto* p = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY))
            raw.end = when_of(p, icalcomponent_get_dtend(event), site_zone, raw.zone_problem);
        else if (icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY))
            raw.duration_seconds = icaldurationtype_as_int(icalcomponent_get_duration(event));
        raw.cancelled = icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED;
        if (auto* rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY)) {
            auto rule = icalproperty_get_rrule(rrule);
            if (auto* text = icalrecurrencetype_as_string(&rule))
                raw.rrule = text;
        }
        std::optional<ZoneProblem> ignored; // an unreadable EXDATE or RDATE is left out, not the event
        for (auto* ex = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); ex;
             ex = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
            if (auto when = when_of(ex, icalproperty_get_exdate(ex), site_zone, ignored))
                raw.exdates.push_back(when->instant);
        for (auto* rd = icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); rd;
             rd = icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
            auto value = icalproperty_get_rdate(rd);
            auto t = icaltime_is_null_time(value.time) ? value.period.start : value.time;
            if (auto when = when_of(rd, t, site_zone, ignored))
                raw.rdates.push_back(when->instant);
        }
        if (auto* rid = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY)) {
            if (auto when = when_of(rid, icalproperty_get_recurrenceid(rid), site_zone, ignored))
                raw.recurrence_id = when->instant;
            auto* range = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER);
            raw.this_and_future = range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE;
        }
        raws.push_back(std::move(raw));
    }
    return raws;
}

// Raw -> a feed event object, or the reason it cannot be one. `fallback` is the master an
// override takes what it does not say from (title, place, length).
std::variant<nlohmann::json, std::string> feed_event(const Raw& raw, const Raw* fallback, const std::string& id,
    const feed::Site& site, const calendar::TimeZone& site_zone)
{
    auto label = label_of(raw);
    if (raw.zone_problem)
        return label + " is in the time zone \"" + one_line(raw.zone_problem->tzid, 80) + "\", which this server does not know";
    if (!raw.start)
        return label + " has no start time";
    const When& start = *raw.start;
    bool all_day = start.is_date;
    bool start_only = false;
    feed::Instant end = start.instant;
    if (raw.end) {
        end = raw.end->instant;
    } else if (raw.duration_seconds >= 0) {
        end = start.instant + raw.duration_seconds;
    } else if (fallback && fallback->start && fallback->end) {
        end = start.instant + (fallback->end->instant - fallback->start->instant);
    } else if (all_day) {
        // RFC 5545: a DATE start with no end lasts that one day (23 or 25 hours on a clock change).
        end = site_zone.start_of_day(feed::add_days(site_zone.local_date(start.instant), 1));
    }
    if (end < start.instant)
        return label + " ends before it starts";
    if (end == start.instant)
        start_only = true; // no end, or a zero-length entry: shown with its start time only
    if (end - start.instant > feed::kMaxEventSeconds)
        return label + " lasts more than a year";
    auto rrule = raw.rrule;
    if (!rrule.empty() && !check_rrule(rrule))
        return label + " has a repeat rule this server cannot read";
    auto summary = raw.summary.empty() && fallback ? fallback->summary : raw.summary;
    auto location = raw.location.empty() && fallback ? fallback->location : raw.location;
    auto description = raw.description.empty() && fallback ? fallback->description : raw.description;
    auto title = one_line(summary, 200);
    nlohmann::json item{
        {"id", id},
        {"title", title.empty() ? std::string("Event") : title},
        {"room", room_for(location.empty() ? nullptr : location.c_str(), site)},
        {"start", feed::format_instant_utc(start.instant)},
        {"end", feed::format_instant_utc(end)},
    };
    if (!rrule.empty())
        item["rrule"] = rrule;
    if (raw.cancelled)
        item["cancelled"] = true;
    if (all_day)
        item["all_day"] = true;
    if (start_only)
        item["start_only"] = true;
    // A rule repeats in its own clock; the feed says so only when that is not the building's.
    if (!rrule.empty() && !start.zone.empty() && start.zone != site.timezone)
        item["timezone"] = start.zone;
    if (auto text = one_line(description, 300); !text.empty())
        item["description"] = text;
    auto instants = [](const std::vector<feed::Instant>& list) {
        auto out = nlohmann::json::array();
        for (auto instant : list)
            out.push_back(feed::format_instant_utc(instant));
        return out;
    };
    if (!raw.exdates.empty())
        item["exdates"] = instants(raw.exdates);
    if (!raw.rdates.empty())
        item["rdates"] = instants(raw.rdates);
    // The same checks the admin's events pass, so an event the feed cannot carry is skipped
    // with its reason instead of failing the whole import (replace_ics_events is all or nothing).
    if (auto valid = feed::event_from_json(item, site); !valid)
        return label + " cannot be shown: " + valid.error().message;
    return item;
}

std::string id_for(const std::string& key)
{
    return "ics-" + feed::sha256_hex(key).substr(0, 24);
}

// An event without a UID still needs an id that stays the same from one refresh to the
// next: one made from what it says (title, times, place).
std::string key_of(const Raw& raw)
{
    if (!raw.uid.empty())
        return raw.uid;
    std::string key = "no-uid\n" + raw.summary + "\n" + raw.location;
    if (raw.start)
        key += "\n" + std::to_string(raw.start->instant);
    if (raw.end)
        key += "\n" + std::to_string(raw.end->instant);
    return key;
}

} // namespace

nlohmann::json import_report(const IcsImport& import, feed::Instant at)
{
    constexpr std::size_t kMaxReasons = 50; // a panel, not a log: the rest are counted
    auto skipped = nlohmann::json::array();
    for (std::size_t i = 0; i < import.skipped.size() && i < kMaxReasons; ++i)
        skipped.push_back(import.skipped[i]);
    return {{"at", at}, {"in_calendar", import.in_calendar}, {"imported", import.events.size()}, {"skipped", skipped},
        {"more_skipped", import.skipped.size() > kMaxReasons ? import.skipped.size() - kMaxReasons : 0}};
}

Outcome<IcsImport> import_ics(const std::string& ics_text, const feed::Site& site)
{
    if (ics_text.size() > kMaxIcsBytes)
        return Failure{FailureKind::TooLarge, "the calendar is over 4 MB"};
    if (ics_text.find("BEGIN:VCALENDAR") == std::string::npos)
        return bad_input("this is not an iCalendar (.ics) file: no BEGIN:VCALENDAR");
    if (site.rooms.empty())
        return bad_input("add at least one room to the site before importing a calendar");
    auto loaded_zone = calendar::TimeZone::load(site.timezone);
    const calendar::TimeZone site_zone = loaded_zone.ok() ? *loaded_zone : calendar::TimeZone::utc();

    std::vector<Raw> raws;
    std::size_t result_in_calendar = 0;
    {
        auto lock = calendar::lock_libical(); // libical's parser and error state are process-wide
        std::unique_ptr<icalcomponent, ComponentDeleter> root(icalparser_parse_string(ics_text.c_str()));
        if (!root)
            return bad_input("the calendar could not be read as iCalendar");
        icalcomponent* calendar = root.get();
        if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
            calendar = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT);
        if (!calendar)
            return bad_input("the calendar has no VCALENDAR");
        raws = read_events(calendar, site_zone);
        result_in_calendar = raws.size();
        icalerror_clear_errno();
    }

    // A series and its changed occurrences share a UID, in any order in the file: gather them
    // first, so an override before its master changes that master rather than replacing it.
    std::map<std::string, std::vector<const Raw*>> by_key;
    std::vector<std::string> order;
    for (auto& raw : raws) {
        auto key = key_of(raw);
        if (by_key.find(key) == by_key.end())
            order.push_back(key);
        by_key[key].push_back(&raw);
    }

    IcsImport result;
    result.in_calendar = result_in_calendar;
    std::unordered_set<std::string> ids;
    auto add = [&](std::variant<nlohmann::json, std::string> made) {
        if (auto* reason = std::get_if<std::string>(&made)) {
            result.skipped.push_back(*reason);
            return;
        }
        auto& item = std::get<nlohmann::json>(made);
        if (!ids.insert(item["id"].get<std::string>()).second) {
            result.skipped.push_back("\"" + item["title"].get<std::string>() + "\" is in the calendar twice (the same UID)");
            return;
        }
        result.events.push_back(std::move(item));
    };

    for (auto& key : order) {
        auto& group = by_key[key];
        const Raw* master = nullptr;
        std::vector<const Raw*> overrides;
        for (auto* raw : group) {
            if (raw->recurrence_id)
                overrides.push_back(raw);
            else if (!master)
                master = raw;
            else
                result.skipped.push_back(label_of(*raw) + " is in the calendar twice (the same UID)");
        }
        std::sort(overrides.begin(), overrides.end(), [](auto* a, auto* b) { return *a->recurrence_id < *b->recurrence_id; });

        Raw series = master ? *master : Raw{};
        std::vector<feed::Date> cancelled_dates;
        std::vector<std::pair<Raw, std::string>> extra; // (event, id): moved occurrences and split series
        for (auto* change : overrides) {
            auto rid = *change->recurrence_id;
            if (!master) {
                // An occurrence whose series is not in the file (a shared single invitation).
                if (change->cancelled)
                    result.skipped.push_back(label_of(*change) + " is a cancelled occurrence of an event that is not in the calendar");
                else
                    extra.emplace_back(*change, id_for(key + "\n" + std::to_string(rid)));
                continue;
            }
            if (change->this_and_future && !series.rrule.empty()) {
                // This and every later occurrence changed: the series ends before it, and the
                // change starts a new series with the rest of the rule.
                int used = 0;
                if (series.start) {
                    feed::Event probe;
                    probe.start = series.start->instant;
                    probe.end = series.start->instant;
                    probe.rrule = series.rrule;
                    probe.exdates.clear();
                    if (!series.start->zone.empty() && series.start->zone != site.timezone)
                        probe.timezone = series.start->zone;
                    used = static_cast<int>(calendar::occurrence_starts(probe, site_zone, probe.start, rid).size());
                }
                auto rest = *change;
                if (rest.rrule.empty())
                    rest.rrule = rule_with_count_less(series.rrule, used);
                rest.recurrence_id.reset();
                for (auto ex : series.exdates)
                    if (ex >= rid)
                        rest.exdates.push_back(ex);
                series.rrule = rule_ending_before(series.rrule, rid);
                if (!change->cancelled)
                    extra.emplace_back(std::move(rest), id_for(key + "\nfrom " + std::to_string(rid)));
                continue;
            }
            if (change->cancelled) {
                // Shown struck through, "Cancelled", like a date the coordinator cancels: the
                // building's date of the occurrence that is not happening.
                cancelled_dates.push_back(site_zone.local_date(rid));
                continue;
            }
            // One occurrence moved, resized, retitled or relocated: the series skips it and
            // the change is shown as a one-off in its place.
            series.exdates.push_back(rid);
            extra.emplace_back(*change, id_for(key + "\n" + std::to_string(rid)));
        }
        if (master) {
            auto made = feed_event(series, nullptr, id_for(key), site, site_zone);
            if (auto* item = std::get_if<nlohmann::json>(&made); item && !cancelled_dates.empty()) {
                std::sort(cancelled_dates.begin(), cancelled_dates.end());
                cancelled_dates.erase(std::unique(cancelled_dates.begin(), cancelled_dates.end()), cancelled_dates.end());
                auto& list = (*item)["cancelled_dates"] = nlohmann::json::array();
                for (auto date : cancelled_dates)
                    list.push_back(feed::format_date(date));
            }
            add(std::move(made));
        }
        for (auto& [raw, id] : extra) {
            raw.recurrence_id.reset();
            if (master && raw.rrule.empty())
                raw.exdates.clear(); // a moved single occurrence has no series of its own
            add(feed_event(raw, master, id, site, site_zone));
        }
    }
    return result;
}

} // namespace coi::server
