#pragma once
// Signage rotation as a pure function of time: the page on screen is the wall-clock
// second divided by the dwell, modulo the pages that have something to show. No state,
// so every frame, a restart or a screenshot at a given moment agree on the page.

#include "content/feed/types.h"

#include <vector>

namespace coi::core {

struct RotationSlot {
    feed::Page page = feed::Page::WhatsOn;
    feed::Instant started = 0;    // when this slot began
    feed::Instant next_change = 0; // when the next slot begins: the frame loop sleeps until then
};

// The pages from the rotation settings that have something to show (a café page with no
// specials is skipped); never empty: falls back to What's on.
std::vector<feed::Page> pages_to_show(const feed::Rotation&, bool has_specials, bool has_notices);
RotationSlot slot_at(const std::vector<feed::Page>& pages, int dwell_seconds, feed::Instant now); // the page at now

} // namespace coi::core
