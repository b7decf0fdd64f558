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

namespace {

constexpr std::int64_t kMaxCount = 1000000;

// A purpose or event is the site's id for it ("cafe"), never free text: a name and an
// address were once stored here, and counts are meant to be anonymous.
bool is_site_id(const std::string& id)
{
    return !id.empty() && id.size() <= 64 && id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
}

bool is_clock_time(const std::string& text) // "HH:MM", 00:00 to 23:59
{
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4))
        return false;
    return std::stoi(text.substr(0, 2)) < 24 && std::stoi(text.substr(3, 2)) < 60;
}

// One list of the upload: absent is empty; each row an object of exactly `fields`, read by
// `read_row`, whose failure is prefixed with "<list>[i]: ".
template <typename Row, typename ReadRow>
Done read_rows(const nlohmann::json& body, const char* list, std::initializer_list<std::string_view> fields,
               std::vector<Row>& rows, ReadRow read_row)
{
    auto it = body.find(list);
    if (it == body.end())
        return done();
    if (!it->is_array())
        return bad_input("field \"" + std::string(list) + "\": must be a list");
    for (std::size_t i = 0; i < it->size(); ++i) {
        auto& row = (*it)[i];
        auto where = std::string(list) + "[" + std::to_string(i) + "]";
        if (!row.is_object())
            return bad_input(where + ": must be an object");
        if (auto known = only_fields(row, fields, where); !known)
            return known;
        Row read;
        if (auto problem = read_row(row, read); !problem)
            return bad_input(where + ": " + problem.failure().message);
        rows.push_back(std::move(read));
    }
    return done();
}

// Reads each named field into its place, or the first field's problem.
Done read_text(const nlohmann::json& row, const char* name, std::string& into)
{
    auto value = string_field(row, name);
    if (!value)
        return value.failure();
    into = *value;
    return done();
}

Done read_number(const nlohmann::json& row, const char* name, std::int64_t& into)
{
    auto value = integer_field(row, name);
    if (!value)
        return value.failure();
    into = *value;
    return done();
}

Done all_of(std::initializer_list<Done> steps)
{
    for (auto& step : steps)
        if (!step)
            return step;
    return done();
}

Done check_date(const std::string& where, const std::string& date)
{
    if (!feed::parse_date(date))
        return bad_input(where + "field \"date\": must be a date like 2026-11-25");
    return done();
}

Done check_count(const std::string& where, const char* name, std::int64_t value)
{
    if (value < 0 || value > kMaxCount)
        return bad_input(where + "field \"" + name + "\": must be 0 to 1000000");
    return done();
}

} // namespace

Outcome<FootfallUpload> read_footfall_request(const nlohmann::json& body)
{
    if (auto fields = only_fields(body, {"counts", "sessions", "volunteers", "feedback", "returning"}, "footfall"); !fields)
        return fields.failure();
    // The row limit is checked before any row is read, so a huge body costs no parsing of rows.
    std::size_t total = 0;
    bool any = false;
    for (auto* list : {"counts", "sessions", "volunteers", "feedback", "returning"})
        if (auto it = body.find(list); it != body.end()) {
            any = true;
            total += it->is_array() ? it->size() : 0;
        }
    if (total > kMaxFootfallRows)
        return Failure{FailureKind::TooLarge, "footfall: at most 5000 rows at a time, in all the lists together"};
    if (!any)
        return bad_input("field \"counts\": must be a list");
    FootfallUpload upload;
    auto hour_of = [](const nlohmann::json& row, int& hour) -> Done {
        std::int64_t value = 0;
        if (auto read = read_number(row, "hour", value); !read)
            return read;
        if (value < 0 || value > 23)
            return bad_input("field \"hour\": must be 0 to 23");
        hour = static_cast<int>(value);
        return done();
    };
    Done steps[] = {
        read_rows(body, "counts", {"date", "hour", "purpose", "count"}, upload.counts, [&](const nlohmann::json& row, FootfallCount& r) {
            return all_of({read_text(row, "date", r.date), hour_of(row, r.hour), read_text(row, "purpose", r.purpose),
                           read_number(row, "count", r.count)});
        }),
        read_rows(body, "sessions", {"date", "event", "start", "count"}, upload.sessions, [](const nlohmann::json& row, SessionAttendance& r) {
            return all_of({read_text(row, "date", r.date), read_text(row, "event", r.event), read_text(row, "start", r.start),
                           read_number(row, "count", r.count)});
        }),
        read_rows(body, "volunteers", {"date", "people", "minutes", "to_closing"}, upload.volunteers, [](const nlohmann::json& row, VolunteerDay& r) {
            return all_of({read_text(row, "date", r.date), read_number(row, "people", r.people), read_number(row, "minutes", r.minutes),
                           read_number(row, "to_closing", r.to_closing)});
        }),
        read_rows(body, "feedback", {"date", "purpose", "face", "count"}, upload.feedback, [](const nlohmann::json& row, FeedbackCount& r) {
            return all_of({read_text(row, "date", r.date), read_text(row, "purpose", r.purpose), read_text(row, "face", r.face),
                           read_number(row, "count", r.count)});
        }),
        read_rows(body, "returning", {"date", "count"}, upload.returning, [](const nlohmann::json& row, ReturningCount& r) {
            return all_of({read_text(row, "date", r.date), read_number(row, "count", r.count)});
        }),
    };
    for (auto& step : steps)
        if (!step)
            return step.failure();
    if (auto checked = check_footfall_upload(upload); !checked)
        return checked.failure();
    return upload;
}

Done check_footfall_counts(const std::vector<FootfallCount>& counts)
{
    for (std::size_t i = 0; i < counts.size(); ++i) {
        auto& count = counts[i];
        auto where = "counts[" + std::to_string(i) + "]: ";
        if (auto date = check_date(where, count.date); !date)
            return date;
        if (count.hour < 0 || count.hour > 23)
            return bad_input(where + "field \"hour\": must be 0 to 23");
        if (!is_site_id(count.purpose))
            return bad_input(where + "field \"purpose\": must be a purpose's id: 1 to 64 of a-z, 0-9, _ and -");
        if (auto checked = check_count(where, "count", count.count); !checked)
            return checked;
    }
    return done();
}

Done check_footfall_upload(const FootfallUpload& upload)
{
    if (upload.rows() > kMaxFootfallRows)
        return Failure{FailureKind::TooLarge, "footfall: at most 5000 rows at a time, in all the lists together"};
    if (auto counts = check_footfall_counts(upload.counts); !counts)
        return counts;
    for (std::size_t i = 0; i < upload.sessions.size(); ++i) {
        auto& row = upload.sessions[i];
        auto where = "sessions[" + std::to_string(i) + "]: ";
        if (auto date = check_date(where, row.date); !date)
            return date;
        if (!is_site_id(row.event))
            return bad_input(where + "field \"event\": must be an event's id: 1 to 64 of a-z, 0-9, _ and -");
        if (!is_clock_time(row.start))
            return bad_input(where + "field \"start\": must be the local start as HH:MM, like 14:30");
        if (auto checked = check_count(where, "count", row.count); !checked)
            return checked;
    }
    for (std::size_t i = 0; i < upload.volunteers.size(); ++i) {
        auto& row = upload.volunteers[i];
        auto where = "volunteers[" + std::to_string(i) + "]: ";
        if (auto date = check_date(where, row.date); !date)
            return date;
        if (auto checked = check_count(where, "people", row.people); !checked)
            return checked;
        // Nobody is in the building for more than the day.
        if (row.minutes < 0 || row.minutes > row.people * 24 * 60)
            return bad_input(where + "field \"minutes\": must be 0 to 1440 for each of the people");
        if (row.to_closing < 0 || row.to_closing > row.people)
            return bad_input(where + "field \"to_closing\": must be 0 to the number of people");
    }
    for (std::size_t i = 0; i < upload.feedback.size(); ++i) {
        auto& row = upload.feedback[i];
        auto where = "feedback[" + std::to_string(i) + "]: ";
        if (auto date = check_date(where, row.date); !date)
            return date;
        if (!is_site_id(row.purpose))
            return bad_input(where + "field \"purpose\": must be a purpose's id, \"session\" or \"private\"");
        if (row.face != "happy" && row.face != "okay" && row.face != "unhappy")
            return bad_input(where + "field \"face\": must be \"happy\", \"okay\" or \"unhappy\"");
        if (auto checked = check_count(where, "count", row.count); !checked)
            return checked;
    }
    for (std::size_t i = 0; i < upload.returning.size(); ++i) {
        auto& row = upload.returning[i];
        auto where = "returning[" + std::to_string(i) + "]: ";
        if (auto date = check_date(where, row.date); !date)
            return date;
        if (auto checked = check_count(where, "count", row.count); !checked)
            return checked;
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
