#include "kiosk/core/retention.h"

#include <algorithm>

namespace coi::core {

ClockTrust judge_clock(const ClockWitness& witness, feed::Instant now)
{
    if (witness.signed_lower_bound > 0 && now < witness.signed_lower_bound - kClockSlackSeconds)
        return ClockTrust::Behind; // whatever else says so: a server signed a later time
    switch (witness.sync) {
    case ClockSync::Synchronised: return ClockTrust::Good;
    case ClockSync::NotYet: return ClockTrust::Unknown; // the service will say when: wait for it
    case ClockSync::Unknown: break;
    }
    // Nobody to ask: a screen fed from a USB stick, or a system without systemd-timesyncd.
    // A signed time we are not behind is the best there is; without one, wait.
    return witness.signed_lower_bound > 0 ? ClockTrust::Good : ClockTrust::Unknown;
}

std::string describe(ClockTrust trust, const ClockWitness& witness)
{
    switch (trust) {
    case ClockTrust::Good:
        return witness.sync == ClockSync::Synchronised ? "the clock is synchronised" : "the clock is not behind the content's signed time";
    case ClockTrust::Unknown: return "the clock is not synchronised yet: no names are erased and nobody is signed out automatically until it is";
    case ClockTrust::Behind:
        return "the clock is behind the content's signed time: no names are erased and nobody is signed out automatically until it is right";
    }
    return {};
}

std::optional<feed::Instant> erase_visits_ended_before(ClockTrust trust, feed::Instant now, int retention_days)
{
    if (trust != ClockTrust::Good)
        return std::nullopt;
    return now - static_cast<feed::Instant>(std::max(0, retention_days)) * 86400;
}

bool may_sign_out_at_closing(ClockTrust trust) { return trust == ClockTrust::Good; }

} // namespace coi::core
