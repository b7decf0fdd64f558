#pragma once
// Anonymous footfall: the store's head counts (local day, hour, purpose, count) reported
// back through the outbox to POST /api/v1/footfall, only when the site's feed says
// site.checkin.share_counts, and never for a discreet purpose. The server keeps one running
// total per (screen, day, hour, purpose) and replaces it on a resend, so the kiosk sends a
// row whenever its count has changed since it last sent it, and a retry never double-counts.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/store/database.h"

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

namespace setting_key {
constexpr const char* kFootfallSent = "sync.footfall_sent"; // JSON {"2026-11-25 10 cafe": 12, ...}
}

// Which purposes may leave the building: the feed's non-discreet ones. A purpose the feed no
// longer names is not sent either: nothing says it was not discreet.
bool may_share(const feed::Feed&, const std::string& purpose_id);

// Puts the counts that changed since they were last sent into the outbox (kind "footfall"),
// and remembers what was put there, in one transaction. When the site does not share counts,
// removes any that wait in the outbox instead. Returns how many rows were queued.
Result<int> enqueue_footfall(store::Database&, const feed::Feed&, const core::TimeZone&, feed::Instant now);

} // namespace coi::sync
