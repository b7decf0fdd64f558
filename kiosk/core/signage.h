#pragma once
// The signage view-model: everything the four pages show at one moment, as plain strings
// and flags. Built from (feed, zone, now, screen); the UI only lays it out and draws it.

#include "content/feed/types.h"
#include "kiosk/core/plans.h"
#include "kiosk/core/schedule.h"
#include "kiosk/core/time_zone.h"

#include <cstdint>
#include <string>
#include <vector>

namespace coi::core {

// A count in words in the page's language ("+ 3 more later today"), for the UI, which learns
// the count only when it knows how many rows fit.
struct CountedText {
    std::string key;      // a counted string's key, "session.more_later"
    std::string language;
    std::string operator()(std::int64_t count) const; // core::count_text(key, count, language)
};

struct HeaderView {
    std::string site_name;
    std::string date;  // Wednesday 25 November
    std::string clock; // 14:05
};

struct SessionRowView {
    std::string time;  // 18:30, or "All day" for a day an event covers whole
    std::string end;   // 21:00; empty for an all-day event or one with only a start
    std::string until; // "until Fri 14 Aug" when the event runs past this day; else empty
    std::string title;
    std::string title_second; // the title in the screen's second language, when the content has it; else empty
    std::string room;
    SessionState state = SessionState::Later;
    bool cancelled = false;
    std::string badge; // Now, Next, Cancelled or empty
};

struct WhatsOnView {
    std::string heading;
    std::string heading_second; // the heading in the second language, shown under it; empty for none
    bool open_today = true;
    std::vector<SessionRowView> rows; // every session of today in time order
    std::string message;              // shown when there are no rows left to show
    CountedText more;                 // "+ 3 more later today", for the UI when rows do not fit
};

struct SpecialView {
    std::string name;
    std::string name_second; // in the second language, when the content has it
    std::string description;
    std::string price;
    std::vector<int> allergen_numbers; // 1..14, index into the key
    std::vector<std::string> dietary;
    bool sold_out = false;
};

struct AllergenKeyEntry {
    int number = 0;
    std::string label;
};

struct CafeView {
    std::string heading;
    std::string heading_second;
    std::vector<SpecialView> specials;
    std::vector<AllergenKeyEntry> key; // only the allergens on today's menu
    std::string allergen_heading;
    std::string ask_staff;  // Please ask staff about allergens.
    std::string sold_out;   // the "Sold out" label
    std::string message;    // when there are no specials
    CountedText more;       // "+ 2 more on the menu", when the specials do not all fit
};

struct NoticeView {
    std::string title;
    std::string body;
    std::string image; // sha256 or empty
    std::string title_second; // in the second language, when the content has it
    std::string body_second;
};

struct NoticesView {
    std::string heading;
    std::string heading_second;
    std::vector<NoticeView> notices;
    std::string message;
};

struct WeekDayView {
    std::string day;   // Today, Thu
    std::string date;  // 26 Nov
    bool today = false;
    bool open = false;
    std::string hours; // 08:30–20:30 or Closed
    std::string reason; // why a closed day is closed ("Christmas Day"), when the content says; else empty
    std::vector<SessionRowView> sessions;
    CountedText more;         // "+ 3 more"
};

struct WeekView {
    std::string heading;
    std::string heading_second;
    std::vector<WeekDayView> days;
};

struct UrgentView {
    bool shown = false;
    std::string label; // Important
    std::string title;
    std::string body;
    std::string second; // title and body in the second language, when the content has them
};

struct SignageView {
    HeaderView header;
    feed::Page page = feed::Page::WhatsOn;
    // Only the part for `page` is filled (see build_signage); the others stay empty.
    WhatsOnView whats_on;
    CafeView cafe;
    NoticesView notices;
    WeekView week;
    UrgentView urgent;
    std::string call_to_action; // Touch here to check in
    std::string call_to_action_second; // the same in the second language, shown under it; empty for none
    std::string qr_url;         // the site's public What's on page, empty for none
    std::string qr_caption;
    std::vector<std::uint8_t> qr_modules; // qr_size * qr_size, row by row, 1 dark: filled in by the app (core never encodes)
    int qr_size = 0;                      // modules per side; 0: no QR code to draw
    std::string pairing;        // "Pair this screen: 483 920 117" while a server has not adopted it; empty otherwise
    // A screen that has never had its building's content: instead of the pages, only how to
    // pair it, with this code ("483 920 117"); no check-in.
    bool waiting_to_pair = false;
    std::string pairing_code;
    int page_index = 0;         // for the page dots
    int page_count = 1;
    int rotation_cycle = 0;     // full rotations so far: pages too long for one screen show their next part
};

struct Screen {
    std::string role = "reception"; // notices may target screen roles
    std::string language = "en";
    std::string second_language = {}; // shown under the first (smaller, quieter) where there is a translation; empty: none
};

// The signage at `now` with `page` on screen: the header, urgent notice, footer and that one
// page's part (whats_on, cafe, notices or week). The other pages' parts are left empty: a
// frame draws one page. Sessions (what's on, the week) are read from `plans`, made ahead of
// the frame (plans.h); a day the plans do not reach shows its hours with no sessions.
SignageView build_signage(const feed::Feed&, const TimeZone&, feed::Instant now, feed::Page page, const Screen&, const Plans&);
// The header alone (site name, date, clock), as build_signage would make it: for the
// check-in and staff screens, which show signage's header over their own content.
HeaderView signage_header(const feed::Feed&, const TimeZone&, feed::Instant now, const Screen&);

// Which notices are showing at now on this screen (urgent ones separately).
std::vector<const feed::Notice*> notices_showing(const feed::Feed&, feed::Instant now, const Screen&, bool urgent);
// Every text the content and the UI can show, in every language: what the font atlas must cover.
std::vector<std::string> all_texts(const feed::Feed&);
// Which specials are on the menu on that local date.
std::vector<const feed::Special*> specials_on(const feed::Feed&, feed::Date);

} // namespace coi::core
