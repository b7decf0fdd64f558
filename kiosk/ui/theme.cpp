#include "kiosk/ui/theme.h"

#include <algorithm>
#include <cmath>

namespace coi::ui {

namespace {

constexpr ImU32 rgb(unsigned hex) { return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, 0xFF); }

Palette standard_palette()
{
    return Palette{
        .background = rgb(0xFBF6EE),
        .surface = rgb(0xFFFFFF),
        .border = rgb(0xE6DCCD),
        .text = rgb(0x2A2724),
        .muted = rgb(0x5F5A53),
        .faded = rgb(0x716C65),
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
}

// White and yellow on black. Header and accent are also text colours on the background
// (headings, messages), so both must stand out on black as well as behind their own text.
Palette high_contrast_palette()
{
    return Palette{
        .background = rgb(0x000000),
        .surface = rgb(0x141414),
        .border = rgb(0xFFFFFF),
        .text = rgb(0xFFFFFF),
        .muted = rgb(0xE8E8E8),
        .faded = rgb(0xBDBDBD),
        .header = rgb(0xFFDD33),
        .on_header = rgb(0x000000),
        .accent = rgb(0x66E0FF),
        .on_accent = rgb(0x000000),
        .next = rgb(0xFFFFFF),
        .on_next = rgb(0x000000),
        .cancelled = rgb(0x3C3C3C),
        .urgent = rgb(0x9E0000),
        .on_urgent = rgb(0xFFFFFF),
        .tag = rgb(0x1E4620),
        .on_tag = rgb(0xFFFFFF),
    };
}

double channel(unsigned value)
{
    double c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(ImU32 colour)
{
    return 0.2126 * channel((colour >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((colour >> IM_COL32_G_SHIFT) & 0xFF)
           + 0.0722 * channel((colour >> IM_COL32_B_SHIFT) & 0xFF);
}

} // namespace

double contrast_ratio(ImU32 a, ImU32 b)
{
    double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ImU32 blend(ImU32 over, float alpha, ImU32 under)
{
    auto mix = [&](int shift) {
        float a = static_cast<float>((over >> shift) & 0xFF), b = static_cast<float>((under >> shift) & 0xFF);
        return static_cast<ImU32>(std::lround(a * alpha + b * (1 - alpha))) << shift;
    };
    return mix(IM_COL32_R_SHIFT) | mix(IM_COL32_G_SHIFT) | mix(IM_COL32_B_SHIFT) | (0xFFu << IM_COL32_A_SHIFT);
}

std::vector<ColourPair> text_colour_pairs(const Palette& p)
{
    return {
        {"text on background", p.text, p.background},
        {"text on surface", p.text, p.surface},
        {"muted on background", p.muted, p.background},
        {"muted on surface", p.muted, p.surface},
        {"finished session (faded) on its 60% card", p.faded, blend(p.surface, 0.6f, p.background)},
        {"heading (header) on background", p.header, p.background},
        {"heading (header) on surface", p.header, p.surface},
        {"message (accent) on background", p.accent, p.background},
        {"on_header on header", p.on_header, p.header},
        {"date (on_header 92%) on header", blend(p.on_header, 0.92f, p.header), p.header},
        {"button detail (on_header 90%) on header", blend(p.on_header, 0.9f, p.header), p.header},
        {"on_accent on accent", p.on_accent, p.accent},
        {"button detail (on_accent 90%) on accent", blend(p.on_accent, 0.9f, p.accent), p.accent},
        {"on_next on next", p.on_next, p.next},
        {"text on cancelled", p.text, p.cancelled},
        {"on_urgent on urgent", p.on_urgent, p.urgent},
        {"on_tag on tag", p.on_tag, p.tag},
        {"sold out (muted) on half surface", p.muted, blend(p.surface, 0.5f, p.background)},
        {"week day (text) on 55% surface", p.text, blend(p.surface, 0.55f, p.background)},
    };
}

Theme make_theme(ImVec2 screen, ThemeOptions options)
{
    Theme t{};
    t.screen = screen;
    // Sizes follow the short side, but a wide, short panel (1280x800) must not get type
    // too big for its width, so the long side caps it as well.
    float short_side = std::min(screen.x, screen.y);
    float long_side = std::max(screen.x, screen.y);
    t.unit = std::max(0.35f, std::min(short_side / 1080.0f, long_side / 1920.0f * 1.05f));
    t.palette = options.contrast == Contrast::High ? high_contrast_palette() : standard_palette();
    float u = t.unit;
    auto px = [](float v) { return std::round(v); };
    // Large text: everything a visitor reads grows by a quarter; the building's name and the
    // clock in the header stay as they are, so the header keeps its height.
    float grow = options.text == TextSize::Large ? 1.25f : 1.0f;
    t.font = FontSizes{px(36 * u * grow), px(42 * u * grow), px(58 * u * grow), px(50 * u), px(84 * u), 0}; // identify: only while shown
    t.pad = px(40 * u);
    t.gap = px(20 * u);
    t.radius = px(18 * u);
    t.header_height = px(140 * u);
    t.footer_height = px(120 * u);
    return t;
}

} // namespace coi::ui
