#include "kiosk/ui/theme.h"

#include <algorithm>
#include <cmath>

namespace coi::ui {

namespace {

constexpr ImU32 rgb(unsigned hex) { return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, 0xFF); }

} // namespace

Theme make_theme(ImVec2 screen)
{
    Theme t{};
    t.screen = screen;
    // Sizes follow the short side, but a wide, short panel (1280x800) must not get type
    // too big for its width, so the long side caps it as well.
    float short_side = std::min(screen.x, screen.y);
    float long_side = std::max(screen.x, screen.y);
    t.unit = std::max(0.35f, std::min(short_side / 1080.0f, long_side / 1920.0f * 1.05f));
    t.palette = Palette{
        .background = rgb(0xFBF6EE),
        .surface = rgb(0xFFFFFF),
        .border = rgb(0xE6DCCD),
        .text = rgb(0x2A2724),
        .muted = rgb(0x5F5A53),
        .header = rgb(0x1F5C5A),
        .on_header = rgb(0xFFF7EC),
        .accent = rgb(0xB5452F),
        .on_accent = rgb(0xFFFFFF),
        .next = rgb(0xF2C14E),
        .on_next = rgb(0x2A2724),
        .cancelled = rgb(0xE4DED6),
        .urgent = rgb(0xA33A26),
        .on_urgent = rgb(0xFFFFFF),
        .tag = rgb(0xE3EDDD),
        .on_tag = rgb(0x2F4A2A),
    };
    float u = t.unit;
    auto px = [](float v) { return std::round(v); };
    t.font = FontSizes{px(36 * u), px(42 * u), px(58 * u), px(50 * u), px(84 * u)};
    t.pad = px(40 * u);
    t.gap = px(20 * u);
    t.radius = px(18 * u);
    t.header_height = px(140 * u);
    t.footer_height = px(120 * u);
    return t;
}

} // namespace coi::ui
