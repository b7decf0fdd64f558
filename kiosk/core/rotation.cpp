#include "kiosk/core/rotation.h"

#include <algorithm>

namespace coi::core {

std::vector<feed::Page> pages_to_show(const feed::Rotation& rotation, bool has_specials, bool has_notices)
{
    std::vector<feed::Page> pages;
    for (feed::Page page : rotation.pages) {
        if (page == feed::Page::Cafe && !has_specials)
            continue;
        if (page == feed::Page::Notices && !has_notices)
            continue;
        pages.push_back(page);
    }
    if (pages.empty())
        pages.push_back(feed::Page::WhatsOn);
    return pages;
}

RotationSlot slot_at(const std::vector<feed::Page>& pages, int dwell_seconds, feed::Instant now)
{
    std::int64_t dwell = std::max(1, dwell_seconds);
    std::int64_t tick = now >= 0 ? now / dwell : (now - dwell + 1) / dwell;
    std::int64_t count = std::max<std::int64_t>(1, static_cast<std::int64_t>(pages.size()));
    std::int64_t index = ((tick % count) + count) % count;
    RotationSlot slot;
    slot.page = pages.empty() ? feed::Page::WhatsOn : pages[static_cast<std::size_t>(index)];
    slot.started = tick * dwell;
    slot.next_change = (tick + 1) * dwell;
    return slot;
}

} // namespace coi::core
