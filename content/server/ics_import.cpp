#include "ics_import.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "recurrence.h"

#include "content/calendar/ics_read.h"
#include "content/calendar/recurrence.h"
#include "content/calendar/time_zone.h"

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

using calendar::IcsEntry;

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

std::string label_of(const IcsEntry& raw)
{
    auto title = one_line(raw.summary, 200);
    return "\"" + (title.empty() ? one_line(raw.uid.empty() ? std::string("untitled") : raw.uid, 200) : title) + "\"";
}

// An entry -> a feed event object, or the reason it cannot be one. `fallback` is the master an
// override takes what it does not say from (title, place, length).
std::variant<nlohmann::json, std::string> feed_event(const IcsEntry& raw, const IcsEntry* fallback, const std::string& id,
    const feed::Site& site, const calendar::TimeZone& site_zone)
{
    auto label = label_of(raw);
    if (raw.unknown_zone)
        return label + " is in the time zone \"" + one_line(*raw.unknown_zone, 80) + "\", which this server does not know";
    if (!raw.start)
        return label + " has no start time";
    const calendar::IcsTime& start = *raw.start;
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
    for (auto& more : raw.more_rrules)
        if (!check_rrule(more))
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
    // Every further RRULE is the same event repeating another way (RFC 5545 3.8.5.3: the set
    // is the union of all rules, a start two rules give counted once): one event, every rule.
    if (!rrule.empty() && !raw.more_rrules.empty())
        item["more_rrules"] = raw.more_rrules;
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
std::string key_of(const IcsEntry& raw)
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

// Outlook starts a weekly series on a day its rule does not name (DTSTART on a Monday,
// BYDAY=TH,FR) and shows it from the first day the rule names; RFC 5545 3.8.5.3 leaves such a
// set undefined, and ical.js agrees with Outlook. True when the start is such a day.
bool weekly_rule_skips_its_start(const IcsEntry& raw, const calendar::TimeZone& site_zone)
{
    if (!raw.start || raw.rrule.find("FREQ=WEEKLY") == std::string::npos)
        return false;
    auto by_day = raw.rrule.find("BYDAY=");
    if (by_day == std::string::npos)
        return false;
    auto list = raw.rrule.substr(by_day + 6, raw.rrule.find(';', by_day) - (by_day + 6));
    if (list.find_first_of("0123456789+-") != std::string::npos)
        return false; // "1MO": not a plain weekly list
    calendar::TimeZone zone = site_zone;
    if (raw.start->zone == "UTC")
        zone = calendar::TimeZone::utc();
    else if (!raw.start->zone.empty())
        if (auto loaded = calendar::TimeZone::load(raw.start->zone); loaded.ok())
            zone = *loaded;
    std::string day(feed::to_code(feed::weekday_of(zone.local_date(raw.start->instant))).substr(0, 2));
    std::transform(day.begin(), day.end(), day.begin(), [](unsigned char c) { return std::toupper(c); });
    for (std::size_t from = 0; from <= list.size();) {
        auto comma = list.find(',', from);
        if (list.substr(from, comma == std::string::npos ? std::string::npos : comma - from) == day)
            return false;
        if (comma == std::string::npos)
            break;
        from = comma + 1;
    }
    return true;
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

    auto read = calendar::read_ics(ics_text, site_zone);
    if (!read.error.empty())
        return bad_input(read.error);
    const auto& raws = read.entries;
    std::size_t result_in_calendar = raws.size();

    // A series and its changed occurrences share a UID, in any order in the file: gather them
    // first, so an override before its master changes that master rather than replacing it.
    std::map<std::string, std::vector<const IcsEntry*>> by_key;
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
        const IcsEntry* master = nullptr;
        std::vector<const IcsEntry*> overrides;
        for (auto* raw : group) {
            if (raw->recurrence_id)
                overrides.push_back(raw);
            else if (!master)
                master = raw;
            else
                result.skipped.push_back(label_of(*raw) + " is in the calendar twice (the same UID)");
        }
        std::sort(overrides.begin(), overrides.end(), [](auto* a, auto* b) { return *a->recurrence_id < *b->recurrence_id; });

        IcsEntry series = master ? *master : IcsEntry{};
        if (master && weekly_rule_skips_its_start(series, site_zone))
            series.exdates.push_back(series.start->instant);
        std::vector<feed::Date> cancelled_dates;
        std::vector<std::pair<IcsEntry, std::string>> extra; // (event, id): moved occurrences and split series
        auto rid_of = [&](const IcsEntry& change) {
            auto rid = *change.recurrence_id;
            // Exchange names an all-day occurrence by midnight in its own zone
            // (RECURRENCE-ID;TZID=W. Europe Standard Time:20260226T000000): for an all-day
            // series the date is what counts, and the series' days start at the building's midnight.
            if (master && master->start && master->start->is_date && change.recurrence_date)
                rid = site_zone.start_of_day(*change.recurrence_date);
            return rid;
        };

        // RANGE=THISANDFUTURE (RFC 5545 3.8.4.4): this and every later occurrence of the series
        // changed, until the next such change. The series' own occurrences stay (its rule and
        // RDATEs), moved by how far the change moved its first one, with the change's title,
        // place and length. Each becomes a piece: a series from the change's start with the rest
        // of the rule (COUNT carried over), ending before the next piece's first occurrence.
        struct Piece {
            feed::Instant from = 0;  // the first master occurrence it covers
            feed::Instant shift = 0; // how far it moved them
            std::size_t extra_index = 0;
            bool shown = false; // a cancelled "this and future" removes the rest
            std::vector<feed::Date> cancelled_dates;
        };
        std::vector<Piece> pieces;
        std::vector<const IcsEntry*> futures;
        for (auto* change : overrides)
            if (master && change->this_and_future && !series.rrule.empty())
                futures.push_back(change);
        for (std::size_t k = 0; k < futures.size(); ++k) {
            const IcsEntry& change = *futures[k];
            auto rid = rid_of(change);
            bool has_next = k + 1 < futures.size();
            feed::Instant next = has_next ? rid_of(*futures[k + 1]) : 0;
            auto shift = change.start ? change.start->instant - rid : 0;
            int used = 0;
            if (master->start) {
                feed::Event probe;
                probe.start = master->start->instant;
                probe.end = master->start->instant;
                probe.rrule = master->rrule;
                if (!master->start->zone.empty() && master->start->zone != site.timezone)
                    probe.timezone = master->start->zone;
                used = static_cast<int>(calendar::occurrence_starts(probe, site_zone, probe.start, rid).size());
            }
            auto rest = change;
            rest.recurrence_id.reset();
            if (rest.rrule.empty())
                rest.rrule = calendar::rule_with_count_less(master->rrule, used);
            if (has_next)
                rest.rrule = calendar::rule_ending_before(rest.rrule, next + shift);
            auto in_piece = [&](feed::Instant t) { return t >= rid && (!has_next || t < next); };
            for (auto ex : master->exdates)
                if (in_piece(ex))
                    rest.exdates.push_back(ex + shift);
            for (auto rd : master->rdates)
                if (in_piece(rd))
                    rest.rdates.push_back(rd + shift);
            pieces.push_back({rid, shift, extra.size(), !change.cancelled, {}});
            if (!change.cancelled)
                extra.emplace_back(std::move(rest), id_for(key + "\nfrom " + std::to_string(rid)));
        }
        if (!pieces.empty()) {
            auto cut = pieces.front().from;
            series.rrule = calendar::rule_ending_before(series.rrule, cut);
            auto later = [cut](feed::Instant t) { return t >= cut; };
            series.rdates.erase(std::remove_if(series.rdates.begin(), series.rdates.end(), later), series.rdates.end());
            series.exdates.erase(std::remove_if(series.exdates.begin(), series.exdates.end(), later), series.exdates.end());
        }
        auto piece_for = [&](feed::Instant rid) -> Piece* {
            Piece* found = nullptr;
            for (auto& piece : pieces)
                if (piece.from <= rid)
                    found = &piece;
            return found;
        };

        for (auto* change : overrides) {
            if (std::find(futures.begin(), futures.end(), change) != futures.end())
                continue;
            auto rid = rid_of(*change);
            if (!master) {
                // An occurrence whose series is not in the file (a shared single invitation).
                if (change->cancelled)
                    result.skipped.push_back(label_of(*change) + " is a cancelled occurrence of an event that is not in the calendar");
                else
                    extra.emplace_back(*change, id_for(key + "\n" + std::to_string(rid)));
                continue;
            }
            // An occurrence after a "this and future" change is that piece's, moved with it.
            auto* piece = piece_for(rid);
            if (piece && !piece->shown)
                continue;
            if (change->cancelled) {
                // Shown struck through, "Cancelled", like a date the coordinator cancels: the
                // building's date of the occurrence that is not happening.
                (piece ? piece->cancelled_dates : cancelled_dates).push_back(site_zone.local_date(rid + (piece ? piece->shift : 0)));
                continue;
            }
            // One occurrence moved, resized, retitled or relocated: the series skips it and
            // the change is shown as a one-off in its place.
            if (piece)
                extra[piece->extra_index].first.exdates.push_back(rid + piece->shift);
            else
                series.exdates.push_back(rid);
            extra.emplace_back(*change, id_for(key + "\n" + std::to_string(rid)));
        }
        auto with_cancellations_on = [](std::variant<nlohmann::json, std::string> made, std::vector<feed::Date> dates) {
            std::sort(dates.begin(), dates.end());
            dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
            if (auto* item = std::get_if<nlohmann::json>(&made); item && !dates.empty()) {
                auto& list = (*item)["cancelled_dates"] = nlohmann::json::array();
                for (auto date : dates)
                    list.push_back(feed::format_date(date));
            }
            return made;
        };
        if (master) {
            auto with_cancellations = [&](std::variant<nlohmann::json, std::string> made) {
                return with_cancellations_on(std::move(made), cancelled_dates);
            };
            add(with_cancellations(feed_event(series, nullptr, id_for(key), site, site_zone)));
        }
        for (std::size_t i = 0; i < extra.size(); ++i) {
            auto& [raw, id] = extra[i];
            raw.recurrence_id.reset();
            if (master && raw.rrule.empty())
                raw.exdates.clear(); // a moved single occurrence has no series of its own
            std::vector<feed::Date> dates;
            for (auto& piece : pieces)
                if (piece.shown && piece.extra_index == i)
                    dates = piece.cancelled_dates;
            add(with_cancellations_on(feed_event(raw, master, id, site, site_zone), std::move(dates)));
        }
    }
    return result;
}

} // namespace coi::server
