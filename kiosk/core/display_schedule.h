#pragma once
// When the screen shows anything at all. Outside the building's opening hours the kiosk
// blanks the screen (and may switch the TV off); a touch wakes it for two minutes. Pure
// logic: now and the last touch are parameters, so a day, a closed date and a clock change
// are tested on a fake clock.

#include "content/feed/types.h"
#include "kiosk/core/time_zone.h"

#include <optional>

namespace coi::core {

enum class DisplayPower { On, Blank };

inline constexpr int kTouchWakeSeconds = 120; // a touch on a blank screen shows it this long

struct DisplayState {
    DisplayPower power = DisplayPower::On;
    bool woken = false;              // closed, but on because of a recent touch
    feed::Instant next_change = 0;   // the next opening, closing or end of a wake: look again then
    bool operator==(const DisplayState&) const = default;
};

// On while the building is open (opening_hours, less closed_dates; a row past midnight runs
// into the next day) or within kTouchWakeSeconds after last_touch; Blank otherwise. A site
// with no opening hours at all is always On: blanking needs hours to go by.
DisplayState display_state(const feed::Feed&, const TimeZone&, feed::Instant now, std::optional<feed::Instant> last_touch); // see above

} // namespace coi::core
