#include "requests.h"

#include "content/feed/parse.h"
#include "recurrence.h"

#include <algorithm>

namespace coi::server {

// [SECTION] Field readers

Done only_fields(const nlohmann::json& object, std::initializer_list<std::string_view> allowed, std::string_view what)
{
    for (auto& [key, value] : object.items())
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            return bad_input(std::string(what) + ": unknown field \"" + key + "\"");
    return done();
}

Outcome<std::string> string_field(const nlohmann::json& object, std::string_view name, bool required)
{
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        if (required)
            return bad_input("field \"" + std::string(name) + "\": is required");
        return std::string{};
    }
    if (!it->is_string())
        return bad_input("field \"" + std::string(name) + "\": must be a string, not " + describe_json_type(*it));
    return it->get<std::string>();
}

Outcome<std::int64_t> integer_field(const nlohmann::json& object, std::string_view name, bool required)
{
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        if (required)
            return bad_input("field \"" + std::string(name) + "\": is required");
        return std::int64_t{0};
    }
    if (!it->is_number_integer())
        return bad_input("field \"" + std::string(name) + "\": must be a whole number, not " + describe_json_type(*it));
    return it->get<std::int64_t>();
}

Outcome<bool> bool_field(const nlohmann::json& object, std::string_view name, bool fallback)
{
    auto it = object.find(name);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_boolean())
        return bad_input("field \"" + std::string(name) + "\": must be true or false, not " + describe_json_type(*it));
    return it->get<bool>();
}

// [SECTION] Bodies

Outcome<nlohmann::json> parse_json(std::string_view text)
{
    struct TooDeep { };
    auto refuse_deep = [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        if ((event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start) &&
            depth >= kMaxJsonDepth)
            throw TooDeep{}; // the only way to stop nlohmann's parser from a callback
        return true;
    };
    try {
        return nlohmann::json::parse(text, refuse_deep);
    } catch (const TooDeep&) {
        return bad_input("the JSON is nested too deeply (at most " + std::to_string(kMaxJsonDepth) + " levels)");
    } catch (const nlohmann::json::parse_error& error) {
        return bad_input("the body is not valid JSON (at byte " + std::to_string(error.byte) + ")");
    } catch (const nlohmann::json::exception&) {
        // A number too large for a double ({"a": 6e326}) is out_of_range, not a parse_error;
        // uncaught it became a 500 (found by tests/fuzz/api_fuzzer).
        return bad_input("the body is not valid JSON: a number in it is too large");
    }
}

Outcome<nlohmann::json> parse_json_object(std::string_view content_type, const std::string& body)
{
    if (content_type.rfind("application/json", 0) != 0)
        return bad_input("send the body as JSON with Content-Type: application/json");
    if (body.size() > kMaxJsonBytes)
        return Failure{FailureKind::TooLarge, "a JSON body must be at most 1 MB"};
    auto doc = parse_json(body);
    if (!doc)
        return doc;
    if (!doc->is_object())
        return bad_input("the body must be a JSON object, not " + describe_json_type(*doc));
    return doc;
}

Outcome<nlohmann::json> read_item_request(ItemKind kind, nlohmann::json body, const std::string& path_id)
{
    if (!path_id.empty()) {
        auto id = body.find("id");
        if (id != body.end() && *id != path_id)
            return bad_input("field \"id\": does not match the address (\"" + path_id + "\")");
        body["id"] = path_id;
    }
    // An urgent banner takes over every page of every screen: it must end by itself.
    auto urgent = body.find("urgent");
    if (kind == ItemKind::Notice && urgent != body.end() && urgent->is_boolean() && urgent->get<bool>() &&
        !body.contains("show_until"))
        return bad_input("notice: field \"show_until\": an urgent notice needs an end time");
    return body;
}

namespace {

// A label that its own allergens contradict ("Vegan" with "Milk") is a mistake someone will
// eat: which one is wrong only the café knows, so neither is stored.
Done check_dietary_claims(const feed::Special& special)
{
    using feed::Allergen;
    using feed::Dietary;
    struct Clash {
        Dietary claim;
        std::vector<Allergen> contradicted_by;
    };
    const std::vector<Clash> clashes{
        {Dietary::Vegan, {Allergen::Milk, Allergen::Eggs, Allergen::Fish, Allergen::Crustaceans, Allergen::Molluscs}},
        {Dietary::Vegetarian, {Allergen::Fish, Allergen::Crustaceans, Allergen::Molluscs}},
        {Dietary::GlutenFree, {Allergen::Gluten}},
    };
    auto has = [](const auto& list, auto value) { return std::find(list.begin(), list.end(), value) != list.end(); };
    for (auto& clash : clashes) {
        if (!has(special.dietary, clash.claim))
            continue;
        for (auto allergen : clash.contradicted_by)
            if (has(special.allergens, allergen))
                return bad_input("special \"" + special.id + "\": field \"dietary\": it cannot be \"" +
                                 std::string(feed::to_code(clash.claim)) + "\" and contain \"" +
                                 std::string(feed::to_code(allergen)) + "\"; untick one of them");
    }
    return done();
}

} // namespace

Outcome<CanonicalItem> canonical_item(ItemKind kind, const nlohmann::json& item, const feed::Site& site)
{
    switch (kind) {
    case ItemKind::Event: {
        auto event = feed::event_from_json(item, site);
        if (!event)
            return bad_input("event: " + event.error().message);
        if (!event->rrule.empty())
            if (auto rule = check_rrule(event->rrule); !rule)
                return bad_input("event \"" + event->id + "\": " + rule.failure().message);
        return CanonicalItem{event->id, feed::event_to_json(*event)};
    }
    case ItemKind::Notice: {
        auto notice = feed::notice_from_json(item);
        if (!notice)
            return bad_input("notice: " + notice.error().message);
        return CanonicalItem{notice->id, feed::notice_to_json(*notice)};
    }
    case ItemKind::Special: {
        auto special = feed::special_from_json(item);
        if (!special)
            return bad_input("special: " + special.error().message);
        if (auto honest = check_dietary_claims(*special); !honest)
            return honest.failure();
        return CanonicalItem{special->id, feed::special_to_json(*special)};
    }
    }
    return bad_input("unknown kind of item");
}

Outcome<CancelRequest> read_cancel_request(const nlohmann::json& body)
{
    if (auto fields = only_fields(body, {"date", "cancelled"}, "cancel"); !fields)
        return fields.failure();
    auto date = string_field(body, "date");
    auto cancelled = bool_field(body, "cancelled", true);
    if (!date)
        return date.failure();
    if (!cancelled)
        return cancelled.failure();
    if (!feed::parse_date(*date))
        return bad_input("field \"date\": must be a real date like 2026-11-25, not \"" + date->substr(0, 40) + "\"");
    return CancelRequest{*date, *cancelled};
}

Outcome<std::string> read_calendar_request(const nlohmann::json& body)
{
    if (auto fields = only_fields(body, {"url"}, "calendar"); !fields)
        return fields.failure();
    return string_field(body, "url", false);
}

Outcome<std::vector<FootfallCount>> read_footfall_request(const nlohmann::json& body)
{
    if (auto fields = only_fields(body, {"counts"}, "footfall"); !fields)
        return fields.failure();
    auto counts = body.find("counts");
    if (counts == body.end() || !counts->is_array())
        return bad_input("field \"counts\": must be a list");
    if (counts->size() > kMaxFootfallRows)
        return Failure{FailureKind::TooLarge, "field \"counts\": at most 5000 rows at a time"};
    std::vector<FootfallCount> rows;
    for (std::size_t i = 0; i < counts->size(); ++i) {
        auto& row = (*counts)[i];
        auto where = "counts[" + std::to_string(i) + "]";
        if (!row.is_object())
            return bad_input(where + ": must be an object");
        if (auto fields = only_fields(row, {"date", "hour", "purpose", "count"}, where); !fields)
            return fields.failure();
        auto date = string_field(row, "date");
        auto hour = integer_field(row, "hour");
        auto purpose = string_field(row, "purpose");
        auto count = integer_field(row, "count");
        for (auto* problem : {date ? nullptr : &date.failure(), hour ? nullptr : &hour.failure(),
                              purpose ? nullptr : &purpose.failure(), count ? nullptr : &count.failure()})
            if (problem)
                return bad_input(where + ": " + problem->message);
        if (*hour < 0 || *hour > 23)
            return bad_input(where + ": field \"hour\": must be 0 to 23");
        rows.push_back({*date, static_cast<int>(*hour), *purpose, *count});
    }
    if (auto checked = check_footfall_counts(rows); !checked)
        return checked.failure();
    return rows;
}

Done check_footfall_counts(const std::vector<FootfallCount>& counts)
{
    for (std::size_t i = 0; i < counts.size(); ++i) {
        auto& count = counts[i];
        auto where = "counts[" + std::to_string(i) + "]: ";
        if (!feed::parse_date(count.date))
            return bad_input(where + "field \"date\": must be a date like 2026-11-25");
        if (count.hour < 0 || count.hour > 23)
            return bad_input(where + "field \"hour\": must be 0 to 23");
        // A purpose is the site's id for it ("cafe"), never free text: a name and an
        // address were once stored here, and counts are meant to be anonymous.
        if (count.purpose.empty() || count.purpose.size() > 64 ||
            count.purpose.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
            return bad_input(where + "field \"purpose\": must be a purpose's id: 1 to 64 of a-z, 0-9, _ and -");
        if (count.count < 0 || count.count > 1000000)
            return bad_input(where + "field \"count\": must be 0 to 1000000");
    }
    return done();
}

Outcome<std::string> read_pairing_code(std::string_view typed)
{
    constexpr const char* kLooksLike = "a pairing code is the 9 digits the screen shows, like 483 920 117";
    std::string digits;
    for (char c : typed) {
        if (c >= '0' && c <= '9')
            digits += c;
        else if (c != ' ' && c != '-' && c != '.' && c != '\t')
            return bad_input(kLooksLike);
    }
    if (!is_pairing_code(digits))
        return bad_input(std::string(kLooksLike) + "; \"" + std::string(typed.substr(0, 20)) + "\" has " + std::to_string(digits.size()));
    return digits;
}

} // namespace coi::server
