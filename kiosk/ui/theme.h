#pragma once
// The look of the kiosk: a calm, warm palette and every size derived from one unit, so
// the same screens work from a 7-inch 800x480 panel to a portrait 1080x1920 TV.

#include <imgui.h>

#include <vector>

namespace coi::ui {

struct Palette {
    ImU32 background;   // warm cream
    ImU32 surface;      // cards
    ImU32 border;
    ImU32 text;         // near-black on cream, far above WCAG AA
    ImU32 muted;        // secondary text, still AA on cream and white
    ImU32 faded;        // sessions that have finished: quieter than muted, still AA on their faded card
    ImU32 header;       // deep teal band
    ImU32 on_header;    // cream text on teal
    ImU32 accent;       // terracotta: Now, call to action
    ImU32 on_accent;
    ImU32 next;         // mustard: Next
    ImU32 on_next;
    ImU32 cancelled;    // grey pill
    ImU32 urgent;       // banner
    ImU32 on_urgent;
    ImU32 tag;          // dietary tags
    ImU32 on_tag;
};

// Font pixel sizes; the atlas is built at exactly these sizes so nothing is scaled.
struct FontSizes {
    float small;   // secondary lines; at least 36 px at 1080 lines
    float body;
    float heading;
    float title;   // the building's name
    float clock;
    // "Show identify": the screen's name as large as the screen takes it; 0 when none is shown.
    // Baked with only the name's letters, and only while it is shown (identify_screen.h).
    float identify = 0;
};

struct Theme {
    ImVec2 screen;  // pixels
    float unit;     // 1.0 at 1080 pixels on the short side
    Palette palette;
    FontSizes font;
    float pad;      // outer margin
    float gap;      // between items
    float radius;   // card corners
    float header_height;
    float footer_height;
    bool portrait() const { return screen.y > screen.x; }
};

enum class Contrast { Standard, High };   // High: light text on black, for poor sight
enum class TextSize { Standard, Large };  // Large: every text a quarter bigger

struct ThemeOptions {
    Contrast contrast = Contrast::Standard;
    TextSize text = TextSize::Standard;
    bool operator==(const ThemeOptions&) const = default;
};

// The same colour at another opacity (0..1): faded rows, pressed buttons.
inline ImU32 with_alpha(ImU32 colour, float alpha)
{
    float clamped = alpha < 0 ? 0 : alpha > 1 ? 1 : alpha;
    return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(clamped * 255.0f) << IM_COL32_A_SHIFT);
}

Theme make_theme(ImVec2 screen, ThemeOptions = {}); // the theme for a screen of that size

// Every text colour the screens draw on the background it is drawn on (alpha blended where
// the screens blend), so a test can hold each pair to WCAG AA.
struct ColourPair {
    const char* what;
    ImU32 text;
    ImU32 background;
};
std::vector<ColourPair> text_colour_pairs(const Palette&);
double contrast_ratio(ImU32 a, ImU32 b);  // WCAG 2.x: (L1 + 0.05) / (L2 + 0.05), 1 to 21
ImU32 blend(ImU32 over, float alpha, ImU32 under); // over at alpha on an opaque under

} // namespace coi::ui
