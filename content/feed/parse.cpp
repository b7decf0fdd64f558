#include "content/feed/parse.h"
#include "content/feed/sign.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace coi::feed {

using nlohmann::json;

// [SECTION] Reading with a path. Inside this file a validation failure unwinds with
// Invalid; the public functions catch it and return it as an Error value, so callers
// only ever see Result<T>.

namespace {

struct Invalid {
    std::string message;
};

[[noreturn]] void fail(const std::string& where, const std::string& what)
{
    throw Invalid{where.empty() ? what : where + ": " + what};
}

std::string type_name(const json& j)
{
    switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "text";
    case json::value_t::boolean: return "true/false";
    case json::value_t::number_float: return "a decimal number";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "a whole number";
    default: return "something else";
    }
}

// A JSON object being read: every field must be asked for, so finish() can refuse
// fields nobody knows (a typo must not silently hide content).
class Fields {
public:
    Fields(const json& j, std::string where) : m_json(j), m_where(std::move(where))
    {
        if (!j.is_object())
            fail(m_where, "expected an object, got " + type_name(j));
    }

    const json* optional(const char* key)
    {
        m_known.insert(key);
        auto it = m_json.find(key);
        if (it == m_json.end() || it->is_null())
            return nullptr;
        return &*it;
    }

    const json& required(const char* key)
    {
        if (auto* j = optional(key))
            return *j;
        fail(m_where, std::string("missing field \"") + key + "\"");
    }

    std::string at(const char* key) const { return m_where + ": field \"" + key + "\""; } // for a value's error
    std::string path(const char* key) const { return m_where.empty() ? key : m_where + "." + key; } // for a list's items
    const std::string& where() const { return m_where; }

    void finish() const
    {
        for (auto& [key, value] : m_json.items())
            if (!m_known.count(key))
                fail(m_where, "unknown field \"" + key + "\"");
    }

private:
    const json& m_json;
    std::string m_where;
    std::set<std::string> m_known;
};

const std::string& as_string(const json& j, const std::string& where)
{
    if (!j.is_string())
        fail(where, "expected text, got " + type_name(j));
    return j.get_ref<const std::string&>();
}

std::int64_t as_int(const json& j, const std::string& where, std::int64_t min, std::int64_t max)
{
    if (!j.is_number_integer())
        fail(where, "expected a whole number, got " + type_name(j));
    auto value = j.get<std::int64_t>();
    if (value < min || value > max)
        fail(where, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + std::to_string(value));
    return value;
}

bool as_bool(const json& j, const std::string& where)
{
    if (!j.is_boolean())
        fail(where, "expected true or false, got " + type_name(j));
    return j.get<bool>();
}

const json& as_array(const json& j, const std::string& where)
{
    if (!j.is_array())
        fail(where, "expected a list, got " + type_name(j));
    return j;
}

bool is_valid_utf8_text(const std::string& s, bool allow_newlines)
{
    // nlohmann has already refused invalid UTF-8; refuse control characters that would
    // break a layout or a log line.
    for (unsigned char c : s)
        if (c < 0x20 && !(allow_newlines && c == '\n'))
            return false;
    return true;
}

void check_id(const std::string& id, const std::string& where)
{
    bool ok = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!ok)
        fail(where, "expected an id of 1 to 64 characters a-z, 0-9, - or _, got \"" + id.substr(0, 80) + "\"");
}

std::string item_where(const char* list, std::size_t index, const json& item)
{
    std::string where = std::string(list) + "[" + std::to_string(index) + "]";
    if (item.is_object())
        if (auto it = item.find("id"); it != item.end() && it->is_string())
            where += " \"" + it->get<std::string>().substr(0, 64) + "\"";
    return where;
}

bool is_language_code(const std::string& code)
{
    if (code.size() < 2 || code.size() > 8)
        return false;
    return std::all_of(code.begin(), code.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

enum class Lines { Single, Multi };

Text read_text(const json& j, const std::string& where, std::size_t max_length, Lines lines)
{
    auto check = [&](const std::string& s, const std::string& at) {
        if (s.size() > max_length)
            fail(at, "is longer than " + std::to_string(max_length) + " bytes");
        if (!is_valid_utf8_text(s, lines == Lines::Multi))
            fail(at, "contains control characters");
    };
    Text text;
    if (j.is_string()) {
        check(j.get<std::string>(), where);
        text.by_language.emplace("en", j.get<std::string>());
        return text;
    }
    if (!j.is_object())
        fail(where, "expected text or a map of language codes to text, got " + type_name(j));
    for (auto& [language, value] : j.items()) {
        if (!is_language_code(language))
            fail(where, "\"" + language.substr(0, 16) + "\" is not a language code like \"en\" or \"pl\"");
        check(as_string(value, where + "." + language), where + "." + language);
        text.by_language.emplace(language, value.get<std::string>());
    }
    if (!text.by_language.count("en"))
        fail(where, "a translated text needs an \"en\" version to fall back to");
    return text;
}

Instant read_instant(const json& j, const std::string& where)
{
    auto& s = as_string(j, where);
    auto instant = parse_instant(s);
    if (!instant)
        fail(where, "expected a time like 2026-11-25T09:30:00+00:00 (with its offset), got \"" + s.substr(0, 40) + "\"");
    return *instant;
}

Date read_date(const json& j, const std::string& where)
{
    auto& s = as_string(j, where);
    auto date = parse_date(s);
    if (!date)
        fail(where, "expected a date like 2026-11-25, got \"" + s.substr(0, 40) + "\"");
    return *date;
}

ClockMinutes read_clock(const json& j, const std::string& where)
{
    auto& s = as_string(j, where);
    auto minutes = parse_clock(s);
    if (!minutes)
        fail(where, "expected a clock time like 08:30, got \"" + s.substr(0, 40) + "\"");
    return *minutes;
}

template<typename T, typename F>
std::vector<T> read_list(const json* j, const std::string& where, std::size_t max_items, F&& read_one)
{
    std::vector<T> out;
    if (!j)
        return out;
    as_array(*j, where);
    if (j->size() > max_items)
        fail(where, "has more than " + std::to_string(max_items) + " entries");
    for (std::size_t i = 0; i < j->size(); ++i)
        out.push_back(read_one((*j)[i], where + "[" + std::to_string(i) + "]"));
    return out;
}

template<typename E, typename FromCode>
E read_code(const json& j, const std::string& where, FromCode from_code, const char* expected)
{
    auto& s = as_string(j, where);
    auto value = from_code(s);
    if (!value)
        fail(where, "expected " + std::string(expected) + ", got \"" + s.substr(0, 40) + "\"");
    return *value;
}

template<typename T>
void check_unique(const std::vector<T>& items, const std::string& where, const char* what)
{
    std::set<T> seen;
    for (auto& item : items)
        if (!seen.insert(item).second)
            fail(where, std::string("lists the same ") + what + " twice");
}

template<typename T>
void check_unique_ids(const std::vector<T>& items, const char* list)
{
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (!seen.insert(items[i].id).second)
            fail(std::string(list) + "[" + std::to_string(i) + "] \"" + items[i].id + "\"", "id is used twice");
}

bool is_sha256(const std::string& s)
{
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string read_sha256(const json& j, const std::string& where)
{
    auto& s = as_string(j, where);
    if (!is_sha256(s))
        fail(where, "expected a sha256 of 64 lowercase hex characters");
    return s;
}

bool is_plausible_rrule(const std::string& rule)
{
    // Full validation and expansion is libical's job on the kiosk and the server; here we
    // refuse what could never be a rule, so the message points at the feed, not the kiosk.
    return rule.size() <= 512 && rule.find("FREQ=") != std::string::npos &&
           std::all_of(rule.begin(), rule.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '=' || c == ';' || c == ',' || c == '-' || c == '+' || c == ':';
           });
}

// A top-level list of items with ids: errors name the item by index and id.
template<typename T, typename F>
std::vector<T> read_items(const json* j, const char* list, std::size_t max_items, F&& read_one)
{
    std::vector<T> out;
    if (!j)
        return out;
    as_array(*j, list);
    if (j->size() > max_items)
        fail(list, "has more than " + std::to_string(max_items) + " entries");
    for (std::size_t i = 0; i < j->size(); ++i)
        out.push_back(read_one((*j)[i], item_where(list, i, (*j)[i])));
    std::set<std::string> seen;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!seen.insert(out[i].id).second)
            fail(item_where(list, i, (*j)[i]), "id is used twice");
    return out;
}

// [SECTION] Items

constexpr std::size_t kTitleMax = 300;
constexpr std::size_t kBodyMax = 4000;

Room read_room(const json& j, const std::string& where)
{
    Fields f(j, where);
    Room room;
    room.id = as_string(f.required("id"), f.at("id"));
    check_id(room.id, f.at("id"));
    room.name = read_text(f.required("name"), f.at("name"), kTitleMax, Lines::Single);
    f.finish();
    return room;
}

OpeningHours read_opening(const json& j, const std::string& where)
{
    Fields f(j, where);
    OpeningHours hours;
    hours.day = read_code<Weekday>(f.required("day"), f.at("day"), weekday_from_code, "a day: mon, tue, wed, thu, fri, sat or sun");
    hours.open = read_clock(f.required("open"), f.at("open"));
    hours.close = read_clock(f.required("close"), f.at("close"));
    if (hours.close <= hours.open)
        fail(f.at("close"), "must be after \"open\"");
    f.finish();
    return hours;
}

Purpose read_purpose(const json& j, const std::string& where)
{
    Fields f(j, where);
    Purpose purpose;
    purpose.id = as_string(f.required("id"), f.at("id"));
    check_id(purpose.id, f.at("id"));
    purpose.label = read_text(f.required("label"), f.at("label"), kTitleMax, Lines::Single);
    purpose.kind = read_code<PurposeKind>(f.required("kind"), f.at("kind"), purpose_kind_from_code, "headcount, named or discreet");
    if (auto* v = f.optional("volunteer"))
        purpose.volunteer = as_bool(*v, f.at("volunteer"));
    // Hours are summed from a check-in to its check-out, so only a named visit has them; a
    // discreet one must never be singled out in a report.
    if (purpose.volunteer && purpose.kind != PurposeKind::Named)
        fail(f.at("volunteer"), "only a named purpose can count volunteer hours");
    f.finish();
    return purpose;
}

CheckinSettings read_checkin(const json& j, const std::string& where)
{
    Fields f(j, where);
    CheckinSettings s;
    s.purposes = read_list<Purpose>(f.optional("purposes"), f.path("purposes"), 50, read_purpose);
    check_unique_ids(s.purposes, (where + ".purposes").c_str());
    if (auto* r = f.optional("retention_days"))
        s.retention_days = static_cast<int>(as_int(*r, f.at("retention_days"), 1, 90));
    if (auto* c = f.optional("share_counts"))
        s.share_counts = as_bool(*c, f.at("share_counts"));
    if (auto* m = f.optional("checkout"))
        s.checkout = read_code<CheckoutMode>(*m, f.at("checkout"), checkout_mode_from_code, "name-or-code or code-only");
    if (auto* l = f.optional("private_label"))
        s.private_label = read_text(*l, f.at("private_label"), kTitleMax, Lines::Single);
    if (s.private_label.get("en").empty())
        s.private_label = {}; // "" means what absent means: discreet visits are not counted
    if (auto* m = f.optional("feedback"))
        s.feedback = read_code<FeedbackMode>(*m, f.at("feedback"), feedback_mode_from_code, "off, checkout or checkout-and-headcount");
    if (auto* r = f.optional("remember"))
        s.remember = as_bool(*r, f.at("remember"));
    f.finish();
    return s;
}

Site read_site(const json& j)
{
    Fields f(j, "site");
    Site site;
    site.id = as_string(f.required("id"), f.at("id"));
    check_id(site.id, f.at("id"));
    site.name = read_text(f.required("name"), f.at("name"), kTitleMax, Lines::Single);
    site.timezone = as_string(f.required("timezone"), f.at("timezone"));
    bool zone_ok = is_zone_name(site.timezone);
    if (!zone_ok)
        fail(f.at("timezone"), "expected an IANA time zone like Europe/London");
    site.languages = read_list<std::string>(f.optional("languages"), f.path("languages"), 20, [](const json& l, const std::string& w) {
        auto& code = as_string(l, w);
        if (!is_language_code(code))
            fail(w, "\"" + code.substr(0, 16) + "\" is not a language code like \"en\" or \"pl\"");
        return code;
    });
    if (site.languages.empty())
        site.languages.push_back("en");
    check_unique(site.languages, f.at("languages"), "language");
    site.opening_hours = read_list<OpeningHours>(f.optional("opening_hours"), f.path("opening_hours"), 7, read_opening);
    std::vector<Weekday> days;
    for (auto& h : site.opening_hours)
        days.push_back(h.day);
    check_unique(days, f.at("opening_hours"), "day");
    site.closed_dates = read_list<Date>(f.optional("closed_dates"), f.path("closed_dates"), 400, read_date);
    if (auto* reasons = f.optional("closed_reasons")) {
        std::string where = f.at("closed_reasons");
        if (!reasons->is_object())
            fail(where, "expected an object of date: reason, got " + type_name(*reasons));
        if (reasons->size() > 400)
            fail(where, "more than 400 reasons");
        for (auto& [key, value] : reasons->items()) {
            auto date = parse_date(key);
            if (!date)
                fail(where, "\"" + key.substr(0, 16) + "\" is not a date like 2026-12-25");
            if (std::find(site.closed_dates.begin(), site.closed_dates.end(), *date) == site.closed_dates.end())
                fail(where, key + " has a reason but is not in closed_dates");
            site.closed_reasons[*date] = read_text(value, where + "." + key, kTitleMax, Lines::Single);
        }
    }
    site.rooms = read_list<Room>(f.optional("rooms"), f.path("rooms"), 200, read_room);
    check_unique_ids(site.rooms, "site.rooms");
    if (auto* c = f.optional("checkin"))
        site.checkin = read_checkin(*c, "site.checkin");
    if (auto* u = f.optional("public_url")) {
        site.public_url = as_string(*u, f.at("public_url"));
        if (site.public_url.rfind("https://", 0) != 0 && site.public_url.rfind("http://", 0) != 0)
            fail(f.at("public_url"), "expected an http:// or https:// address");
        if (site.public_url.size() > 500)
            fail(f.at("public_url"), "is longer than 500 characters");
    }
    if (auto* a = f.optional("assembly_point"))
        site.assembly_point = read_text(*a, f.at("assembly_point"), kTitleMax, Lines::Single);
    f.finish();
    return site;
}

Event read_event(const json& j, const std::string& where, const Site& site)
{
    Fields f(j, where);
    Event e;
    e.id = as_string(f.required("id"), f.at("id"));
    check_id(e.id, f.at("id"));
    e.title = read_text(f.required("title"), f.at("title"), kTitleMax, Lines::Single);
    e.room = as_string(f.required("room"), f.at("room"));
    if (!site.find_room(e.room))
        fail(f.at("room"), "\"" + e.room.substr(0, 64) + "\" is not one of site.rooms");
    e.start = read_instant(f.required("start"), f.at("start"));
    e.end = read_instant(f.required("end"), f.at("end"));
    if (auto* s = f.optional("start_only"))
        e.start_only = as_bool(*s, f.at("start_only"));
    if (auto* a = f.optional("all_day"))
        e.all_day = as_bool(*a, f.at("all_day"));
    // A start-only event (a calendar entry with no end) may end when it starts.
    if (e.start_only ? e.end < e.start : e.end <= e.start)
        fail(f.at("end"), e.start_only ? "must not be before \"start\"" : "must be after \"start\"");
    if (e.end - e.start > kMaxEventSeconds)
        fail(f.at("end"), "must be at most 366 days after \"start\"");
    if (auto* z = f.optional("timezone")) {
        e.timezone = as_string(*z, f.at("timezone"));
        if (!is_zone_name(e.timezone))
            fail(f.at("timezone"), "expected an IANA time zone like Europe/London");
    }
    if (auto* r = f.optional("rrule")) {
        e.rrule = as_string(*r, f.at("rrule"));
        if (!e.rrule.empty() && !is_plausible_rrule(e.rrule))
            fail(f.at("rrule"), "expected an RFC 5545 rule like FREQ=WEEKLY;BYDAY=TU");
    }
    e.more_rrules = read_list<std::string>(f.optional("more_rrules"), f.path("more_rrules"), 20, [](const json& r, const std::string& w) {
        const std::string& rule = as_string(r, w);
        if (!is_plausible_rrule(rule))
            fail(w, "expected an RFC 5545 rule like FREQ=WEEKLY;BYDAY=TU");
        return rule;
    });
    if (!e.more_rrules.empty() && e.rrule.empty())
        fail(f.at("more_rrules"), "needs \"rrule\": further rules come after the first");
    e.exdates = read_list<Instant>(f.optional("exdates"), f.path("exdates"), 1000, read_instant);
    e.rdates = read_list<Instant>(f.optional("rdates"), f.path("rdates"), 1000, read_instant);
    e.cancelled_dates = read_list<Date>(f.optional("cancelled_dates"), f.path("cancelled_dates"), 1000, read_date);
    if (auto* c = f.optional("cancelled"))
        e.cancelled = as_bool(*c, f.at("cancelled"));
    if (auto* c = f.optional("category"))
        e.category = read_code<Category>(*c, f.at("category"), category_from_code,
            "one of food, social, learning, advice, health, family, youth, community");
    if (auto* d = f.optional("description"))
        e.description = read_text(*d, f.at("description"), kBodyMax, Lines::Single);
    if (auto* i = f.optional("image"))
        e.image = read_sha256(*i, f.at("image"));
    f.finish();
    return e;
}

Notice read_notice(const json& j, const std::string& where)
{
    Fields f(j, where);
    Notice n;
    n.id = as_string(f.required("id"), f.at("id"));
    check_id(n.id, f.at("id"));
    n.title = read_text(f.required("title"), f.at("title"), kTitleMax, Lines::Single);
    if (auto* b = f.optional("body"))
        n.body = read_text(*b, f.at("body"), kBodyMax, Lines::Multi);
    if (auto* i = f.optional("image"))
        n.image = read_sha256(*i, f.at("image"));
    if (auto* s = f.optional("show_from"))
        n.show_from = read_instant(*s, f.at("show_from"));
    if (auto* s = f.optional("show_until"))
        n.show_until = read_instant(*s, f.at("show_until"));
    if (n.show_from && n.show_until && *n.show_until <= *n.show_from)
        fail(f.at("show_until"), "must be after \"show_from\"");
    n.screens = read_list<std::string>(f.optional("screens"), f.path("screens"), 50, [](const json& s, const std::string& w) {
        auto& role = as_string(s, w);
        check_id(role, w);
        return role;
    });
    if (auto* u = f.optional("urgent"))
        n.urgent = as_bool(*u, f.at("urgent"));
    f.finish();
    return n;
}

Special read_special(const json& j, const std::string& where)
{
    Fields f(j, where);
    Special s;
    s.id = as_string(f.required("id"), f.at("id"));
    check_id(s.id, f.at("id"));
    s.name = read_text(f.required("name"), f.at("name"), kTitleMax, Lines::Single);
    if (auto* d = f.optional("description"))
        s.description = read_text(*d, f.at("description"), kBodyMax, Lines::Single);
    s.price_pence = static_cast<int>(as_int(f.required("price_pence"), f.at("price_pence"), 0, 100000));
    s.allergens = read_list<Allergen>(f.optional("allergens"), f.path("allergens"), kAllergenCount, [](const json& a, const std::string& w) {
        return read_code<Allergen>(a, w, allergen_from_code,
            "one of the 14 allergen codes (celery, gluten, crustaceans, eggs, fish, lupin, milk, molluscs, mustard, nuts, peanuts, sesame, soya, sulphites)");
    });
    check_unique(s.allergens, f.at("allergens"), "allergen");
    s.dietary = read_list<Dietary>(f.optional("dietary"), f.path("dietary"), 4, [](const json& d, const std::string& w) {
        return read_code<Dietary>(d, w, dietary_from_code, "vegetarian, vegan, gluten-free or halal");
    });
    check_unique(s.dietary, f.at("dietary"), "dietary tag");
    s.days = read_list<Date>(f.optional("days"), f.path("days"), 400, read_date);
    if (auto* so = f.optional("sold_out"))
        s.sold_out = as_bool(*so, f.at("sold_out"));
    f.finish();
    return s;
}

Rotation read_rotation(const json& j)
{
    Fields f(j, "rotation");
    Rotation r;
    if (auto* d = f.optional("dwell_seconds"))
        r.dwell_seconds = static_cast<int>(as_int(*d, f.at("dwell_seconds"), 3, 600));
    if (auto* p = f.optional("pages")) {
        r.pages = read_list<Page>(p, f.path("pages"), 4, [](const json& page, const std::string& w) {
            return read_code<Page>(page, w, page_from_code, "whats-on, cafe, notices or week");
        });
        if (r.pages.empty())
            fail(f.at("pages"), "must name at least one page");
        check_unique(r.pages, f.at("pages"), "page");
    }
    f.finish();
    return r;
}

Media read_media(const json& j, const std::string& where)
{
    Fields f(j, where);
    Media m;
    m.sha256 = read_sha256(f.required("sha256"), f.at("sha256"));
    m.type = as_string(f.required("type"), f.at("type"));
    if (m.type != "image/png" && m.type != "image/jpeg" && m.type != "image/svg+xml")
        fail(f.at("type"), "expected image/png, image/jpeg or image/svg+xml");
    m.bytes = as_int(f.required("bytes"), f.at("bytes"), 1, 10 * 1024 * 1024);
    f.finish();
    return m;
}

Emergency read_emergency(const json& j)
{
    Fields f(j, "emergency");
    Emergency e;
    auto& kind = as_string(f.required("kind"), f.at("kind"));
    auto parsed = emergency_kind_from_code(kind);
    if (!parsed)
        fail(f.at("kind"), "expected evacuate, closed, stay_inside or message");
    e.kind = *parsed;
    if (auto* m = f.optional("message")) {
        e.message = as_string(*m, f.at("message"));
        if (e.message.size() > kMaxEmergencyMessage)
            fail(f.at("message"), "is longer than 500 characters");
        if (!is_valid_utf8_text(e.message, true))
            fail(f.at("message"), "contains control characters");
    }
    if (e.kind == EmergencyKind::Message && e.message.empty())
        fail(f.at("message"), "a message emergency needs its message");
    if (auto* b = f.optional("started_by")) {
        e.started_by = as_string(*b, f.at("started_by"));
        if (e.started_by.size() > kTitleMax)
            fail(f.at("started_by"), "is longer than 300 characters");
        if (!is_valid_utf8_text(e.started_by, false))
            fail(f.at("started_by"), "contains control characters");
    }
    e.started_at = read_instant(f.required("started_at"), f.at("started_at"));
    if (auto* ended = f.optional("ended_at")) {
        e.ended_at = read_instant(*ended, f.at("ended_at"));
        if (*e.ended_at < e.started_at)
            fail(f.at("ended_at"), "is before started_at");
    }
    f.finish();
    return e;
}

Feed read_feed(const json& doc)
{
    Fields f(doc, "");
    Feed feed;
    auto& format = f.required("format");
    if (!format.is_number_integer() || format.get<std::int64_t>() != kFormat)
        fail("field \"format\"", "this kiosk reads feed format 1, got " + format.dump().substr(0, 20));
    feed.version = as_int(f.required("version"), "field \"version\"", 1, std::numeric_limits<std::int64_t>::max());
    feed.generated_at = read_instant(f.required("generated_at"), "field \"generated_at\"");
    feed.site = read_site(f.required("site"));
    feed.media = read_list<Media>(f.optional("media"), "media", 10000, read_media);
    {
        std::vector<std::string> hashes;
        for (auto& m : feed.media)
            hashes.push_back(m.sha256);
        check_unique(hashes, "media", "sha256");
    }
    auto check_image = [&](const std::string& image, const std::string& where) {
        if (!image.empty() && !feed.find_media(image))
            fail(where + ": field \"image\"", image.substr(0, 12) + "... is not listed in \"media\"");
    };
    feed.events = read_items<Event>(f.optional("events"), "events", 20000, [&](const json& item, const std::string& where) {
        Event event = read_event(item, where, feed.site);
        check_image(event.image, where);
        return event;
    });
    feed.notices = read_items<Notice>(f.optional("notices"), "notices", 2000, [&](const json& item, const std::string& where) {
        Notice notice = read_notice(item, where);
        check_image(notice.image, where);
        return notice;
    });
    feed.specials = read_items<Special>(f.optional("specials"), "specials", 500, read_special);
    if (auto* r = f.optional("rotation"))
        feed.rotation = read_rotation(*r);
    if (auto* e = f.optional("emergency"))
        feed.emergency = read_emergency(*e);
    if (auto* k = f.optional("lan_key")) {
        feed.lan_key = as_string(*k, "field \"lan_key\"");
        auto raw = base64_decode(feed.lan_key);
        if (!raw || raw->size() != 32)
            fail("field \"lan_key\"", "expected base64 of 32 bytes");
    }
    f.finish();
    return feed;
}

template<typename T, typename F>
Result<T> guarded(F&& read)
{
    try {
        return read();
    } catch (const Invalid& invalid) {
        return Error{invalid.message};
    } catch (const json::exception& e) {
        return Error{std::string("not valid JSON: ") + e.what()};
    }
}

} // namespace

// [SECTION] Public parse

Result<Feed> parse_feed(std::string_view bytes)
{
    if (bytes.size() > kMaxFeedBytes)
        return Error{"the feed is larger than 4 MiB"};
    return guarded<Feed>([&] {
        json doc = json::parse(bytes.begin(), bytes.end());
        return read_feed(doc);
    });
}

Result<Feed> feed_from_json(const json& doc) { return guarded<Feed>([&] { return read_feed(doc); }); }
Result<Event> event_from_json(const json& item, const Site& site) { return guarded<Event>([&] { return read_event(item, "event", site); }); }
Result<Notice> notice_from_json(const json& item) { return guarded<Notice>([&] { return read_notice(item, "notice"); }); }
Result<Special> special_from_json(const json& item) { return guarded<Special>([&] { return read_special(item, "special"); }); }
Result<Text> text_from_json(const json& value) { return guarded<Text>([&] { return read_text(value, "text", kBodyMax, Lines::Multi); }); }

// [SECTION] Serialise: the inverse of parse, field for field.

json text_to_json(const Text& text)
{
    if (text.by_language.size() == 1 && text.by_language.count("en"))
        return text.by_language.at("en");
    json j = json::object();
    for (auto& [language, value] : text.by_language)
        j[language] = value;
    return j;
}

namespace {

template<typename T, typename F>
json list(const std::vector<T>& items, F&& one)
{
    json j = json::array();
    for (auto& item : items)
        j.push_back(one(item));
    return j;
}

json site_to_json(const Site& s)
{
    json j = {{"id", s.id}, {"name", text_to_json(s.name)}, {"timezone", s.timezone}, {"languages", s.languages}};
    j["opening_hours"] = list(s.opening_hours, [](const OpeningHours& h) {
        return json{{"day", to_code(h.day)}, {"open", format_clock(h.open)}, {"close", format_clock(h.close)}};
    });
    j["closed_dates"] = list(s.closed_dates, format_date);
    if (!s.closed_reasons.empty()) { // only then: an older kiosk refuses the field
        json reasons = json::object();
        for (auto& [date, reason] : s.closed_reasons)
            reasons[format_date(date)] = text_to_json(reason);
        j["closed_reasons"] = reasons;
    }
    j["rooms"] = list(s.rooms, [](const Room& r) { return json{{"id", r.id}, {"name", text_to_json(r.name)}}; });
    j["checkin"] = {
        {"purposes", list(s.checkin.purposes, [](const Purpose& p) {
             json purpose{{"id", p.id}, {"label", text_to_json(p.label)}, {"kind", to_code(p.kind)}};
             if (p.volunteer)
                 purpose["volunteer"] = true;
             return purpose;
         })},
        {"retention_days", s.checkin.retention_days},
        {"share_counts", s.checkin.share_counts},
        {"checkout", to_code(s.checkin.checkout)}};
    // The check-in reporting fields are written only when they are set: a kiosk older than
    // them refuses a field it does not know, and a site that does not use them changes
    // nothing for it.
    if (!s.checkin.private_label.empty())
        j["checkin"]["private_label"] = text_to_json(s.checkin.private_label);
    if (s.checkin.feedback != FeedbackMode::Off)
        j["checkin"]["feedback"] = to_code(s.checkin.feedback);
    if (s.checkin.remember)
        j["checkin"]["remember"] = true;
    if (!s.public_url.empty())
        j["public_url"] = s.public_url;
    if (!s.assembly_point.empty()) // only then: an older kiosk refuses the field
        j["assembly_point"] = text_to_json(s.assembly_point);
    return j;
}

} // namespace

json event_to_json(const Event& e)
{
    json j = {{"id", e.id}, {"title", text_to_json(e.title)}, {"room", e.room},
        {"start", format_instant_utc(e.start)}, {"end", format_instant_utc(e.end)}};
    if (!e.rrule.empty())
        j["rrule"] = e.rrule;
    if (!e.more_rrules.empty())
        j["more_rrules"] = e.more_rrules;
    if (!e.exdates.empty())
        j["exdates"] = list(e.exdates, format_instant_utc);
    if (!e.rdates.empty())
        j["rdates"] = list(e.rdates, format_instant_utc);
    if (!e.cancelled_dates.empty())
        j["cancelled_dates"] = list(e.cancelled_dates, format_date);
    if (e.cancelled)
        j["cancelled"] = true;
    if (!e.timezone.empty())
        j["timezone"] = e.timezone;
    if (e.all_day)
        j["all_day"] = true;
    if (e.start_only)
        j["start_only"] = true;
    if (e.category != Category::None)
        j["category"] = to_code(e.category);
    if (!e.description.empty())
        j["description"] = text_to_json(e.description);
    if (!e.image.empty())
        j["image"] = e.image;
    return j;
}

json notice_to_json(const Notice& n)
{
    json j = {{"id", n.id}, {"title", text_to_json(n.title)}};
    if (!n.body.empty())
        j["body"] = text_to_json(n.body);
    if (!n.image.empty())
        j["image"] = n.image;
    if (n.show_from)
        j["show_from"] = format_instant_utc(*n.show_from);
    if (n.show_until)
        j["show_until"] = format_instant_utc(*n.show_until);
    if (!n.screens.empty())
        j["screens"] = n.screens;
    if (n.urgent)
        j["urgent"] = true;
    return j;
}

json special_to_json(const Special& s)
{
    json j = {{"id", s.id}, {"name", text_to_json(s.name)}, {"price_pence", s.price_pence}};
    if (!s.description.empty())
        j["description"] = text_to_json(s.description);
    j["allergens"] = list(s.allergens, [](Allergen a) { return to_code(a); });
    j["dietary"] = list(s.dietary, [](Dietary d) { return to_code(d); });
    if (!s.days.empty())
        j["days"] = list(s.days, format_date);
    if (s.sold_out)
        j["sold_out"] = true;
    return j;
}

json feed_to_json(const Feed& feed)
{
    json j = {{"format", feed.format}, {"version", feed.version}, {"generated_at", format_instant_utc(feed.generated_at)}};
    j["site"] = site_to_json(feed.site);
    j["events"] = list(feed.events, event_to_json);
    j["notices"] = list(feed.notices, notice_to_json);
    j["specials"] = list(feed.specials, special_to_json);
    j["rotation"] = {{"dwell_seconds", feed.rotation.dwell_seconds},
        {"pages", list(feed.rotation.pages, [](Page p) { return to_code(p); })}};
    j["media"] = list(feed.media, [](const Media& m) { return json{{"sha256", m.sha256}, {"type", m.type}, {"bytes", m.bytes}}; });
    if (feed.emergency) {
        auto& e = *feed.emergency;
        json emergency{{"kind", to_code(e.kind)}, {"started_at", format_instant_utc(e.started_at)}};
        if (!e.message.empty())
            emergency["message"] = e.message;
        if (!e.started_by.empty())
            emergency["started_by"] = e.started_by;
        if (e.ended_at)
            emergency["ended_at"] = format_instant_utc(*e.ended_at);
        j["emergency"] = emergency;
    }
    if (!feed.lan_key.empty())
        j["lan_key"] = feed.lan_key;
    return j;
}

std::string serialise_feed(const Feed& feed) { return feed_to_json(feed).dump(); }

} // namespace coi::feed
