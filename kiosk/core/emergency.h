#pragma once
// Emergency mode, the rules: which of the states a kiosk has heard is the one it shows (the
// feed's, its own staff's, another kiosk's on the local network), and what the takeover
// says. Pure: time is a parameter, nothing here reads a clock, a file or the network.

#include "content/feed/types.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::core {

// The newer of two states of a building's emergency, by when each last changed (started, or
// ended); on a tie an ended one wins, so "End emergency" is never undone by its own echo.
std::optional<feed::Emergency> newer_emergency(const std::optional<feed::Emergency>& a, const std::optional<feed::Emergency>& b);
bool emergency_on(const std::optional<feed::Emergency>&);

// What staff at a kiosk start: one of the three ready-made kinds or a typed message.
feed::Emergency started_here(feed::EmergencyKind, std::string message, std::string screen_name, feed::Instant now);
feed::Emergency ended_here(feed::Emergency current, feed::Instant now);

// One language's lines of the takeover.
struct EmergencyLines {
    std::string language;
    std::string title;       // "EVACUATE NOW"
    std::string instruction; // "Leave the building by the nearest exit. Do not use the lift."
    std::string message;     // typed words, as typed (never translated)
    std::string assembly;    // "Assembly point: The car park by the church"; empty unless evacuating and set
};

struct EmergencyView {
    feed::EmergencyKind kind = feed::EmergencyKind::Evacuate;
    std::vector<EmergencyLines> languages; // the site's languages, its first language first (at most three)
    std::string since;                     // "Since 14:05"
};

// The takeover for `emergency` in the site's languages; `since_clock` is its start as local "HH:MM".
EmergencyView emergency_view(const feed::Emergency&, const feed::Site&, const std::string& since_clock);

} // namespace coi::core
