#pragma once
// A site's feed written for a kiosk that reads an older feed level (content/feed/levels.h):
// every event field that level cannot read degraded the best honest way, then every field
// above the level left out by the table. At the newest level the feed is unchanged.

#include "content/feed/types.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace coi::server {

// How far ahead a series repeating in a zone of its own is written out as one-off events for
// a level 1 kiosk (which would repeat it in the building's zone, an hour off between the two
// zones' clock changes), counted from the feed's generated_at.
inline constexpr int kWrittenOutDays = 120;
inline constexpr int kWrittenOutPerSeries = 400; // at most this many one-offs per series

struct LevelledFeed {
    nlohmann::json document;        // the feed document to serialise and sign
    std::vector<std::string> lost;  // what a kiosk at this level cannot show at all, one line each ("Open day": ...)
};

LevelledFeed feed_at_level(const feed::Feed&, int level); // see above

} // namespace coi::server
