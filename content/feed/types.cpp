#include "content/feed/types.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace coi::feed {

// [SECTION] Text and lookups

const std::string& Text::get(std::string_view language) const
{
    static const std::string empty;
    if (auto it = by_language.find(std::string(language)); it != by_language.end() && !it->second.empty())
        return it->second;
    if (auto it = by_language.find("en"); it != by_language.end())
        return it->second;
    return by_language.empty() ? empty : by_language.begin()->second;
}

Text Text::plain(std::string english)
{
    Text text;
    text.by_language.emplace("en", std::move(english));
    return text;
}

const Room* Site::find_room(std::string_view id) const
{
    auto it = std::find_if(rooms.begin(), rooms.end(), [&](const Room& room) { return room.id == id; });
    return it == rooms.end() ? nullptr : &*it;
}

bool closed_on(const Site& site, Date date)
{
    if (std::find(site.closed_dates.begin(), site.closed_dates.end(), date) != site.closed_dates.end())
        return true;
    Weekday weekday = weekday_of(date);
    return std::none_of(site.opening_hours.begin(), site.opening_hours.end(), [&](const OpeningHours& h) { return h.day == weekday; });
}

std::optional<OpeningHours> open_hours_on(const Site& site, Date date)
{
    if (closed_on(site, date))
        return std::nullopt;
    std::optional<OpeningHours> day;
    for (const OpeningHours& h : site.opening_hours) {
        if (h.day != weekday_of(date))
            continue;
        if (!day)
            day = h;
        day->open = std::min(day->open, h.open);
        day->close = std::max(day->close, h.close);
    }
    return day;
}

std::string closed_reason(const Site& site, Date date, std::string_view language)
{
    auto it = site.closed_reasons.find(date);
    return it == site.closed_reasons.end() ? std::string() : it->second.get(language);
}

const Media* Feed::find_media(std::string_view sha256) const
{
    auto it = std::find_if(media.begin(), media.end(), [&](const Media& m) { return m.sha256 == sha256; });
    return it == media.end() ? nullptr : &*it;
}

// [SECTION] Codes. One table per enum keeps code <-> value in a single place.

namespace {

template<typename E, std::size_t N>
using CodeTable = std::array<std::pair<E, std::string_view>, N>;

template<typename E, std::size_t N>
std::string_view code_of(const CodeTable<E, N>& table, E value)
{
    for (auto& [v, code] : table)
        if (v == value)
            return code;
    return {};
}

template<typename E, std::size_t N>
std::optional<E> value_of(const CodeTable<E, N>& table, std::string_view code)
{
    for (auto& [v, c] : table)
        if (c == code)
            return v;
    return std::nullopt;
}

constexpr CodeTable<Weekday, 7> kWeekdays{{{Weekday::Mon, "mon"}, {Weekday::Tue, "tue"}, {Weekday::Wed, "wed"},
    {Weekday::Thu, "thu"}, {Weekday::Fri, "fri"}, {Weekday::Sat, "sat"}, {Weekday::Sun, "sun"}}};
constexpr CodeTable<PurposeKind, 3> kPurposeKinds{{{PurposeKind::HeadCount, "headcount"},
    {PurposeKind::Named, "named"}, {PurposeKind::Discreet, "discreet"}}};
constexpr CodeTable<CheckoutMode, 2> kCheckoutModes{{{CheckoutMode::NameOrCode, "name-or-code"},
    {CheckoutMode::CodeOnly, "code-only"}}};
constexpr CodeTable<FeedbackMode, 3> kFeedbackModes{{{FeedbackMode::Off, "off"},
    {FeedbackMode::Checkout, "checkout"}, {FeedbackMode::CheckoutAndHeadCount, "checkout-and-headcount"}}};
constexpr CodeTable<EmergencyKind, 4> kEmergencyKinds{{{EmergencyKind::Evacuate, "evacuate"}, {EmergencyKind::Closed, "closed"},
    {EmergencyKind::StayInside, "stay_inside"}, {EmergencyKind::Message, "message"}}};
constexpr CodeTable<Category, 9> kCategories{{{Category::None, ""}, {Category::Food, "food"},
    {Category::Social, "social"}, {Category::Learning, "learning"}, {Category::Advice, "advice"},
    {Category::Health, "health"}, {Category::Family, "family"}, {Category::Youth, "youth"},
    {Category::Community, "community"}}};
constexpr CodeTable<Allergen, kAllergenCount> kAllergens{{{Allergen::Celery, "celery"},
    {Allergen::Gluten, "gluten"}, {Allergen::Crustaceans, "crustaceans"}, {Allergen::Eggs, "eggs"},
    {Allergen::Fish, "fish"}, {Allergen::Lupin, "lupin"}, {Allergen::Milk, "milk"},
    {Allergen::Molluscs, "molluscs"}, {Allergen::Mustard, "mustard"}, {Allergen::Nuts, "nuts"},
    {Allergen::Peanuts, "peanuts"}, {Allergen::Sesame, "sesame"}, {Allergen::Soya, "soya"},
    {Allergen::Sulphites, "sulphites"}}};
constexpr CodeTable<Allergen, kAllergenCount> kAllergenLabels{{{Allergen::Celery, "Celery"},
    {Allergen::Gluten, "Cereals containing gluten"}, {Allergen::Crustaceans, "Crustaceans"},
    {Allergen::Eggs, "Eggs"}, {Allergen::Fish, "Fish"}, {Allergen::Lupin, "Lupin"}, {Allergen::Milk, "Milk"},
    {Allergen::Molluscs, "Molluscs"}, {Allergen::Mustard, "Mustard"}, {Allergen::Nuts, "Tree nuts"},
    {Allergen::Peanuts, "Peanuts"}, {Allergen::Sesame, "Sesame"}, {Allergen::Soya, "Soya"},
    {Allergen::Sulphites, "Sulphur dioxide and sulphites"}}};
constexpr CodeTable<Dietary, 4> kDietary{{{Dietary::Vegetarian, "vegetarian"}, {Dietary::Vegan, "vegan"},
    {Dietary::GlutenFree, "gluten-free"}, {Dietary::Halal, "halal"}}};
constexpr CodeTable<Dietary, 4> kDietaryLabels{{{Dietary::Vegetarian, "Vegetarian"}, {Dietary::Vegan, "Vegan"},
    {Dietary::GlutenFree, "Gluten-free"}, {Dietary::Halal, "Halal"}}};
constexpr CodeTable<Page, 4> kPages{{{Page::WhatsOn, "whats-on"}, {Page::Cafe, "cafe"},
    {Page::Notices, "notices"}, {Page::Week, "week"}}};

} // namespace

std::string_view to_code(Weekday v) { return code_of(kWeekdays, v); }
std::string_view to_code(PurposeKind v) { return code_of(kPurposeKinds, v); }
std::string_view to_code(CheckoutMode v) { return code_of(kCheckoutModes, v); }
std::string_view to_code(FeedbackMode v) { return code_of(kFeedbackModes, v); }
std::string_view to_code(Category v) { return code_of(kCategories, v); }
std::string_view to_code(EmergencyKind v) { return code_of(kEmergencyKinds, v); }
std::optional<EmergencyKind> emergency_kind_from_code(std::string_view c) { return value_of(kEmergencyKinds, c); }
std::string_view to_code(Allergen v) { return code_of(kAllergens, v); }
std::string_view to_code(Dietary v) { return code_of(kDietary, v); }
std::string_view to_code(Page v) { return code_of(kPages, v); }
std::optional<Weekday> weekday_from_code(std::string_view c) { return value_of(kWeekdays, c); }
std::optional<PurposeKind> purpose_kind_from_code(std::string_view c) { return value_of(kPurposeKinds, c); }
std::optional<CheckoutMode> checkout_mode_from_code(std::string_view c) { return value_of(kCheckoutModes, c); }
std::optional<FeedbackMode> feedback_mode_from_code(std::string_view c) { return value_of(kFeedbackModes, c); }
std::optional<Category> category_from_code(std::string_view c) { return value_of(kCategories, c); }
std::optional<Allergen> allergen_from_code(std::string_view c) { return value_of(kAllergens, c); }
std::optional<Dietary> dietary_from_code(std::string_view c) { return value_of(kDietary, c); }
std::optional<Page> page_from_code(std::string_view c) { return value_of(kPages, c); }
std::string_view allergen_label(Allergen v) { return code_of(kAllergenLabels, v); }
std::string_view dietary_label(Dietary v) { return code_of(kDietaryLabels, v); }

const std::array<Allergen, kAllergenCount>& all_allergens()
{
    static const std::array<Allergen, kAllergenCount> all = [] {
        std::array<Allergen, kAllergenCount> out{};
        for (std::size_t i = 0; i < kAllergens.size(); ++i)
            out[i] = kAllergens[i].first;
        return out;
    }();
    return all;
}

// [SECTION] Civil calendar (Howard Hinnant's days_from_civil; no time zone involved)

std::int64_t days_from_civil(Date d)
{
    std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
    std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    std::int64_t yoe = y - era * 400;
    std::int64_t mp = (d.month + 9) % 12;
    std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z)
{
    z += 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return Date{static_cast<int>(y + (month <= 2 ? 1 : 0)), month, day};
}

Weekday weekday_of(Date d)
{
    // 1970-01-01 was a Thursday.
    std::int64_t days = days_from_civil(d);
    int index = static_cast<int>(((days % 7) + 7 + 3) % 7); // 0 = Monday
    return static_cast<Weekday>(index);
}

Date add_days(Date d, int days) { return civil_from_days(days_from_civil(d) + days); }

// [SECTION] ISO-8601

namespace {

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out)
{
    if (pos + len > text.size())
        return false;
    for (std::size_t i = pos; i < pos + len; ++i)
        if (text[i] < '0' || text[i] > '9')
            return false;
    auto r = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return r.ec == std::errc();
}

bool is_real_date(int y, int m, int d)
{
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    static constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = days_in[m - 1] + (m == 2 && leap ? 1 : 0);
    return d <= max;
}

} // namespace

std::optional<Date> parse_date(std::string_view t)
{
    int y, m, d;
    if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !read_int(t, 0, 4, y) || !read_int(t, 5, 2, m) || !read_int(t, 8, 2, d))
        return std::nullopt;
    if (!is_real_date(y, m, d))
        return std::nullopt;
    return Date{y, m, d};
}

std::string format_date(Date d)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::optional<ClockMinutes> parse_clock(std::string_view t)
{
    int h, m;
    if (t.size() != 5 || t[2] != ':' || !read_int(t, 0, 2, h) || !read_int(t, 3, 2, m))
        return std::nullopt;
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return std::nullopt;
    return h * 60 + m;
}

std::string format_clock(ClockMinutes minutes)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

bool is_zone_name(std::string_view name)
{
    // The same shape libical and the kiosk accept: a name becomes a path under
    // /usr/share/zoneinfo, so "..", a leading "/" and "//" never get that far.
    if (name.empty() || name.size() >= 64 || name.front() == '/' || name.back() == '/')
        return false;
    if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_'
            || c == '-' || c == '+';
    });
}

std::optional<Instant> parse_instant(std::string_view t)
{
    // YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)
    if (t.size() < 17 || (t[10] != 'T' && t[10] != 't'))
        return std::nullopt;
    auto date = parse_date(t.substr(0, 10));
    int hour, minute, second = 0;
    if (!date || t[13] != ':' || !read_int(t, 11, 2, hour) || !read_int(t, 14, 2, minute))
        return std::nullopt;
    std::size_t pos = 16;
    if (pos < t.size() && t[pos] == ':') {
        if (!read_int(t, pos + 1, 2, second))
            return std::nullopt;
        pos += 3;
    }
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    int offset = 0;
    if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z') && pos + 1 == t.size()) {
        offset = 0;
    } else if (pos + 6 == t.size() && (t[pos] == '+' || t[pos] == '-') && t[pos + 3] == ':') {
        int oh, om;
        if (!read_int(t, pos + 1, 2, oh) || !read_int(t, pos + 4, 2, om) || oh > 18 || om > 59)
            return std::nullopt;
        offset = (oh * 3600 + om * 60) * (t[pos] == '-' ? -1 : 1);
    } else {
        return std::nullopt; // an instant without an offset is ambiguous: refuse it
    }
    Instant instant = days_from_civil(*date) * 86400 + hour * 3600 + minute * 60 + second - offset;
    // The offset (or a leap second) can move the instant out of the years parse_date accepts:
    // "1900-01-01T00:30+01:00" is 1899 in UTC, which format_instant_utc writes and this would
    // then refuse, so a feed the server built from it would be refused whole by every kiosk.
    static const Instant earliest = days_from_civil({1900, 1, 1}) * 86400;
    static const Instant latest = days_from_civil({9999, 12, 31}) * 86400 + 86399;
    if (instant < earliest || instant > latest)
        return std::nullopt;
    return instant;
}

std::string format_instant_utc(Instant instant)
{
    std::int64_t days = instant >= 0 ? instant / 86400 : (instant - 86399) / 86400;
    std::int64_t secs = instant - days * 86400;
    Date d = civil_from_days(days);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
        static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    return buf;
}

} // namespace coi::feed
