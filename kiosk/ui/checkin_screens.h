#pragma once
// The check-in and check-out screens: welcome, "What brings you in today?", the name with
// the on-screen keyboard, done, and "Leaving?". Each frame draws the step from the
// state and returns at most one Action for core::step(); a USB keyboard types too.

#include "kiosk/core/checkin.h"
#include "kiosk/core/signage.h"
#include "kiosk/ui/canvas.h"
#include "kiosk/ui/visitor_tools.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::ui {

struct CheckinView {
    core::HeaderView header;
    std::string site_name;
    std::string language = "en";
    const core::CheckinState* state = nullptr;
    std::vector<core::Tile> tiles;      // Purpose step
    std::string privacy;                // Name step
    std::vector<core::Match> matches;   // Checkout step
    bool code_only = false;             // the site checks out by code only
    int accent_set = 0;                 // which accented letters the keyboard shows
    bool large_text = false;            // the visitor's (or site's) settings, for the welcome toggles
    bool high_contrast = false;
    bool read_aloud = false;            // the site reads screens aloud: show "Listen" on every step
};

struct CheckinInput {
    std::optional<core::Action> action;
    bool more_accents = false; // the keyboard's accent key: the app cycles accent_set
    std::optional<SpeakIntent> speak; // "Listen" was tapped: the app reads this aloud
};

CheckinInput draw_checkin(Canvas&, const CheckinView&); // one frame of the current step

} // namespace coi::ui
