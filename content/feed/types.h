#pragma once
// The feed format as typed structs (format 1). README.md beside this file is the
// specification; parse.h turns bytes into these, refusing a malformed feed whole.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::feed {

constexpr int kFormat = 1;

// Seconds since the Unix epoch, UTC. Times in the feed always carry an offset, so
// one integer is enough; the site's zone turns it into wall-clock time for display.
using Instant = std::int64_t;

// A calendar date local to the site.
struct Date {
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    auto operator<=>(const Date&) const = default;
};

// Minutes after local midnight, 0..1440.
using ClockMinutes = int;

// A text that may carry translations; "en" is always present.
struct Text {
    std::map<std::string, std::string> by_language; // language code -> text
    const std::string& get(std::string_view language) const; // falls back to "en", then to any
    bool empty() const { return by_language.empty(); }
    static Text plain(std::string english);
    bool operator==(const Text&) const = default;
};

enum class Weekday { Mon, Tue, Wed, Thu, Fri, Sat, Sun };

struct OpeningHours {
    Weekday day = Weekday::Mon;
    ClockMinutes open = 0;
    ClockMinutes close = 0;
    bool operator==(const OpeningHours&) const = default;
};

struct Room {
    std::string id;
    Text name;
    bool operator==(const Room&) const = default;
};

enum class PurposeKind { HeadCount, Named, Discreet };
enum class CheckoutMode { NameOrCode, CodeOnly };
// When the kiosk asks "How did we do today?": never, at check-out, or at check-out and
// after a one-tap (head-count) check-in too.
enum class FeedbackMode { Off, Checkout, CheckoutAndHeadCount };

struct Purpose {
    std::string id;
    Text label;
    PurposeKind kind = PurposeKind::HeadCount;
    bool volunteer = false; // a named purpose whose time in the building is summed as volunteer hours
    bool operator==(const Purpose&) const = default;
};

struct CheckinSettings {
    std::vector<Purpose> purposes;
    int retention_days = 14;   // names and codes are erased after this many days
    bool share_counts = false; // anonymous counts may leave the building
    CheckoutMode checkout = CheckoutMode::NameOrCode;
    // Check-in reporting. The category discreet visits are counted under; empty: they are
    // not counted at all (the privacy default fails closed).
    Text private_label;
    FeedbackMode feedback = FeedbackMode::Off;
    bool remember = false; // offer "Remember me for next time?" and count returning visitors
    bool counts_private() const { return !private_label.empty(); }
    bool operator==(const CheckinSettings&) const = default;
};

struct Site {
    std::string id;
    Text name;
    std::string timezone; // IANA, e.g. Europe/London
    std::vector<std::string> languages;
    std::vector<OpeningHours> opening_hours;
    std::vector<Date> closed_dates;
    // Optional: why the building is closed on some of closed_dates ("Christmas Day"), shown
    // beside "Closed". Written into a feed only when there is one, because a kiosk older than
    // this field refuses a feed with a field it does not know.
    std::map<Date, Text> closed_reasons;
    std::vector<Room> rooms;
    CheckinSettings checkin;
    std::string public_url;
    // Where people gather when the building is evacuated ("The car park by the church"),
    // shown on every screen's evacuation takeover. Written only when set (a newer field).
    Text assembly_point;
    const Room* find_room(std::string_view id) const;
    bool operator==(const Site&) const = default;
};

// The one rule for a closed day, which every screen and the public page follow: a date in
// closed_dates, or a weekday with no opening hours.
bool closed_on(const Site& site, Date date);
// The hours the building is open on `date`: from its earliest opening to its latest closing
// that day; nothing on a closed day.
std::optional<OpeningHours> open_hours_on(const Site& site, Date date);
// Why the building is closed on `date`, in `language`; empty when no reason was given.
std::string closed_reason(const Site& site, Date date, std::string_view language);

enum class Category { None, Food, Social, Learning, Advice, Health, Family, Youth, Community };

struct Event {
    std::string id;
    Text title;
    std::string room;
    Instant start = 0;
    Instant end = 0;
    std::string rrule; // RFC 5545 RRULE value, empty for a one-off
    std::vector<std::string> more_rrules; // further RRULEs of the same event (RFC 5545 allows several): the occurrences are the union, a start two rules give counted once
    std::vector<Instant> exdates;
    std::vector<Instant> rdates; // extra occurrence starts (RFC 5545 RDATE), each lasting end - start
    std::vector<Date> cancelled_dates;
    bool cancelled = false;
    std::string timezone; // IANA zone the rule repeats in when it is not the site's; empty: the site's
    bool all_day = false;    // start and end are local midnights: shown "All day", not as times
    bool start_only = false; // the calendar gave no end (or end = start): shown with its start time only
    Category category = Category::None;
    Text description;
    std::string image; // sha256, empty for none
    bool operator==(const Event&) const = default;
};

struct Notice {
    std::string id;
    Text title;
    Text body;
    std::string image; // sha256, empty for none
    std::optional<Instant> show_from;
    std::optional<Instant> show_until;
    std::vector<std::string> screens; // screen roles; empty means every screen
    bool urgent = false;
    bool operator==(const Notice&) const = default;
};

// The 14 allergens UK food law requires a café to declare, in label order.
enum class Allergen {
    Celery, Gluten, Crustaceans, Eggs, Fish, Lupin, Milk,
    Molluscs, Mustard, Nuts, Peanuts, Sesame, Soya, Sulphites
};
constexpr int kAllergenCount = 14;

enum class Dietary { Vegetarian, Vegan, GlutenFree, Halal };

struct Special {
    std::string id;
    Text name;
    Text description;
    int price_pence = 0;
    std::vector<Allergen> allergens;
    std::vector<Dietary> dietary;
    std::vector<Date> days; // empty means every day
    bool sold_out = false;
    bool operator==(const Special&) const = default;
};

enum class Page { WhatsOn, Cafe, Notices, Week };

struct Rotation {
    int dwell_seconds = 15;
    std::vector<Page> pages{Page::WhatsOn, Page::Cafe, Page::Notices, Page::Week};
    bool operator==(const Rotation&) const = default;
};

struct Media {
    std::string sha256; // 64 lowercase hex
    std::string type;   // image/png, image/jpeg, image/svg+xml
    std::int64_t bytes = 0;
    bool operator==(const Media&) const = default;
};

// [SECTION] Emergency mode
// A building-wide takeover of every screen: started and ended by a coordinator of the
// building (admin page) or by staff at any of its kiosks.
enum class EmergencyKind { Evacuate, Closed, StayInside, Message };

struct Emergency {
    EmergencyKind kind = EmergencyKind::Evacuate;
    std::string message;    // typed by whoever started it; the whole text for Message, else optional extra words
    std::string started_by; // a person's or a screen's name, for staff and the admin
    Instant started_at = 0;
    std::optional<Instant> ended_at; // none: still on
    bool active() const { return !ended_at; }
    Instant changed_at() const { return ended_at.value_or(started_at); } // the newer of two states wins
    bool operator==(const Emergency&) const = default;
};
constexpr std::size_t kMaxEmergencyMessage = 500;

struct Feed {
    int format = kFormat;
    std::int64_t version = 1;
    Instant generated_at = 0;
    Site site;
    std::vector<Event> events;
    std::vector<Notice> notices;
    std::vector<Special> specials;
    Rotation rotation;
    std::vector<Media> media;
    // The building's last emergency (on while it has no ended_at); none if there never was one.
    std::optional<Emergency> emergency;
    // The building's key for its kiosks' messages to each other on the local network
    // (base64 of 32 bytes, libsodium crypto_auth). Only in a paired screen's own feed: never
    // on a public route or in an export.
    std::string lan_key;
    const Media* find_media(std::string_view sha256) const;
    bool operator==(const Feed&) const = default;
};

// Stable codes used in the JSON and in the UI's strings.
std::string_view to_code(Weekday);
std::string_view to_code(PurposeKind);
std::string_view to_code(CheckoutMode);
std::string_view to_code(FeedbackMode);
std::string_view to_code(Category);
std::string_view to_code(Allergen);
std::string_view to_code(Dietary);
std::string_view to_code(Page);
std::string_view to_code(EmergencyKind);
std::optional<Weekday> weekday_from_code(std::string_view);
std::optional<PurposeKind> purpose_kind_from_code(std::string_view);
std::optional<CheckoutMode> checkout_mode_from_code(std::string_view);
std::optional<FeedbackMode> feedback_mode_from_code(std::string_view);
std::optional<Category> category_from_code(std::string_view);
std::optional<Allergen> allergen_from_code(std::string_view);
std::optional<Dietary> dietary_from_code(std::string_view);
std::optional<Page> page_from_code(std::string_view);
std::optional<EmergencyKind> emergency_kind_from_code(std::string_view); // evacuate, closed, stay_inside, message

// English labels, e.g. "Cereals containing gluten"; the kiosk translates through its table.
std::string_view allergen_label(Allergen);
std::string_view dietary_label(Dietary);
const std::array<Allergen, kAllergenCount>& all_allergens();

// An IANA-shaped zone name (letters, digits, / _ - +, no "..", under 64 characters). Not a
// check that the zone exists: the feed has no zone data, so the kiosk and server check that.
bool is_zone_name(std::string_view);

// Longest an event may last: a long exhibition or "closed for refurbishment" is shown on
// every day it covers, but a year is the most any screen needs.
constexpr Instant kMaxEventSeconds = 366LL * 24 * 3600;

// ISO-8601 helpers shared by parse and serialise.
std::optional<Instant> parse_instant(std::string_view); // requires an offset or Z
std::string format_instant_utc(Instant);                // 2026-11-25T09:30:00Z
std::optional<Date> parse_date(std::string_view);       // YYYY-MM-DD, a real calendar date
std::string format_date(Date);
std::optional<ClockMinutes> parse_clock(std::string_view); // HH:MM, 00:00..24:00
std::string format_clock(ClockMinutes);

// Civil calendar arithmetic (proleptic Gregorian), no time zone involved.
std::int64_t days_from_civil(Date);
Date civil_from_days(std::int64_t days);
Weekday weekday_of(Date);
Date add_days(Date, int days);

} // namespace coi::feed
