#pragma once
// Whether the kiosk's clock can be trusted with what cannot be undone: erasing visitors'
// names and codes, and signing everyone out at closing time. A Raspberry Pi has no
// real-time clock: it boots with whatever time it last saved and corrects it later, by
// days or weeks. A purge on the wrong clock erased someone still in the building, or kept
// names weeks too long. Pure: what the system says about its clock is a parameter, as `now` is.

#include "content/feed/types.h"

#include <optional>
#include <string>

namespace coi::core {

// What the operating system says about its clock (systemd-timesyncd's state, read by the app).
enum class ClockSync {
    Synchronised, // the time-sync service has set the clock from the network since boot
    NotYet,       // a time-sync service runs, and has not set the clock yet
    Unknown,      // no time-sync service to ask (no network time, or another daemon)
};

struct ClockWitness {
    ClockSync sync = ClockSync::Unknown;
    feed::Instant signed_lower_bound = 0; // a signed feed's generated_at: it cannot be earlier than that now; 0 for none
};

enum class ClockTrust {
    Good,    // synchronised, or nothing says otherwise and a signed time is behind it
    Unknown, // not synchronised yet, and no signed time to check against: wait
    Behind,  // earlier than a time a server signed: certainly wrong
};

// A signed time may be a few minutes ahead of a good clock (the server's own clock):
// that much is not "behind".
constexpr feed::Instant kClockSlackSeconds = 10 * 60;

ClockTrust judge_clock(const ClockWitness&, feed::Instant now);
std::string describe(ClockTrust, const ClockWitness&); // for the log and the staff device page

// Names and codes of visits that ended (check-out, staff or auto sign-out) before the
// returned instant may be erased; nullopt: erase nothing now. Retention is counted from
// when a visitor left, never from when they came, so nobody still inside is ever erased.
std::optional<feed::Instant> erase_visits_ended_before(ClockTrust, feed::Instant now, int retention_days);

// Signing everyone out at closing time needs a clock that knows it is closing time.
bool may_sign_out_at_closing(ClockTrust);

} // namespace coi::core
