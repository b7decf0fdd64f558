#pragma once
// Anonymous footfall: what the building's check-ins add up to, reported back through the
// outbox to POST /api/v1/footfall, only when the site's feed says site.checkin.share_counts.
// Every check-in is counted (head counts, named purposes, sessions; a discreet visit only as
// "private", and only where the site names that category), with session attendance per
// occurrence, volunteers' hours per day, the faces tapped and returning visitors. Never a
// name, a code or a person's own times. The server keeps one running total per (screen,
// row key) and replaces it on a resend, so the kiosk sends a row whenever its total has
// changed since it last sent it, and a retry never double-counts.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/store/database.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace coi::sync {

struct FootfallRow {
    std::string date;    // YYYY-MM-DD, local to the site
    int hour = 0;        // local
    std::string purpose;
    std::int64_t count = 0;
    bool operator==(const FootfallRow&) const = default;
};

constexpr int kFootfallDays = 14;          // today and the 13 days before: older counts are final and were sent
constexpr std::size_t kFootfallBatch = 1000; // rows per request (the server takes at most 5000)

// Which purposes may leave the building by their own id: the feed's head-count and named
// ones. A purpose the feed no longer names is not sent either: nothing says it was not discreet.
bool may_share(const feed::Feed&, const std::string& purpose_id);

// Everything the store holds for the last kFootfallDays days, as the upload's lists
// ("counts", "sessions", "volunteers", "feedback", "returning"), each row its running total.
// Pure reading: what changed is enqueue_footfall's business.
nlohmann::json footfall_report(store::Database&, const feed::Feed&, const core::TimeZone&, feed::Instant now);

// Puts the rows that changed since they were last sent into the outbox (kind "footfall"),
// and remembers what was put there, in one transaction. The hourly counts travel in requests
// of their own, the other lists in others: a server that does not know the newer lists yet
// refuses only those. When the site does not share counts, removes any that wait in the
// outbox instead. Returns how many rows were queued.
Result<int> enqueue_footfall(store::Database&, const feed::Feed&, const core::TimeZone&, feed::Instant now);

} // namespace coi::sync
