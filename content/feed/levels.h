#pragma once
// Feed levels: which fields a kiosk of each release can read. A kiosk refuses a feed with a
// field it does not know (README.md: a typo must not silently hide content), so a field added
// later would make every older kiosk refuse the whole feed and stay on old content for good.
// Instead a kiosk says which level it reads when it polls (the X-Feed-Level request header;
// saying nothing is level 1, the original format 1), and the server writes each screen's feed
// at that level: what a lower level cannot carry is degraded the best honest way, or left out.
//
// The table below is the one place that says which field came at which level. Adding a field
// is one line here (plus, if it can be degraded better than left out, a step in
// content/server/feed_levels.cpp). A static feed (a file on a web host or a USB stick) is
// whatever the file says: levels are only for feeds a server writes per screen.

#include <nlohmann/json_fwd.hpp>

#include <string_view>
#include <vector>

namespace coi::feed {

inline constexpr int kOriginalLevel = 1; // what a kiosk that says nothing reads
inline constexpr int kFeedLevel = 3;     // what this build reads and writes

struct LevelledField {
    std::string_view object;  // where the field sits: "feed", "site", "site.checkin", "purpose", "event", "notice", "special", "rotation", "media"
    std::string_view field;
    int level;                // the first level whose kiosks read it
    std::string_view below;   // what a lower level gets instead, in words for the admin and the docs
    // What a screen below `level` cannot show, in the coordinators' words, to follow "it cannot
    // show" on the Screens page; empty: the field's name is shown.
    std::string_view what = {};
};

// Every field newer than level 1. A field not listed is level 1.
inline constexpr LevelledField kLevelledFields[] = {
    {"event", "rdates", 2, "each extra date becomes a one-off event of its own", "extra dates of a series as part of it"},
    {"event", "timezone", 2, "a one-off needs none (its instants are absolute); a series is written out as one-off events for the next 120 days",
        "a series in a time zone of its own beyond 120 days"},
    {"event", "all_day", 2, "left out: the event keeps its local-midnight start and end, shown as times", "all-day events as all-day"},
    {"event", "start_only", 2, "left out: an event whose end is its start is given an end an hour later, as level 1 kiosks showed it",
        "events with a start time only"},
    {"site", "closed_reasons", 2, "left out: the day is still closed, without its reason", "closed-day reasons"},
    {"site.checkin", "private_label", 2, "left out: discreet visits are not counted at all", "discreet visits"},
    {"site.checkin", "feedback", 2, "left out: the screen does not ask how the visit was", "the question how the visit was"},
    {"site.checkin", "remember", 2, "left out: the screen does not offer to remember a visitor", "the offer to remember a visitor"},
    {"purpose", "volunteer", 2, "left out: a volunteer's visits are counted, their hours not summed", "volunteers' hours"},
    {"event", "more_rrules", 2, "each further rule becomes a series of its own (an occurrence two rules share is shown twice)",
        "events with more than one repeat rule as one"},
    // Emergency mode
    {"feed", "emergency", 3, "left out: the screen does not take over (update the kiosk)", "an emergency takeover"},
    {"feed", "lan_key", 3, "left out: the screen neither sends nor hears emergency messages on the local network",
        "emergency messages from other screens of the building"},
    {"site", "assembly_point", 3, "left out: the evacuation takeover names no assembly point", "the assembly point"},
};

// Level 1 also refused an event longer than 24 hours (level 2 allows 366 days): below level 2
// a one-off is cut into pieces of at most a day, and a longer repeating event is left out.
inline constexpr long long kLevel1MaxEventSeconds = 24 * 3600;

int level_of(std::string_view object, std::string_view field); // 1 when not in the table

// The level a kiosk asked for in its X-Feed-Level header: absent, empty or unreadable is
// level 1; above kFeedLevel is kFeedLevel (a newer kiosk reads everything this server writes).
int level_from_header(std::string_view value);

// Removes from a feed document every field above `level`, by the table: the generic last
// step, after the server's degradations, so a new field with no better degradation is left
// out of older kiosks' feeds by its table line alone.
void strip_above(nlohmann::json& feed_document, int level);

// The table's lines for the fields above `level` that a feed document (at the newest level)
// uses, in the table's order, each once: what a kiosk at `level` cannot show of this content.
std::vector<LevelledField> used_above(const nlohmann::json& feed_document, int level);

} // namespace coi::feed
