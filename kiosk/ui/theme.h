#pragma once
// The look of the kiosk: a calm, warm palette and every size derived from one unit, so
// the same screens work from a 7-inch 800x480 panel to a portrait 1080x1920 TV.

#include <imgui.h>

namespace coi::ui {

struct Palette {
    ImU32 background;   // warm cream
    ImU32 surface;      // cards
    ImU32 border;
    ImU32 text;         // near-black on cream, far above WCAG AA
    ImU32 muted;        // secondary text, still AA on cream and white
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

Theme make_theme(ImVec2 screen); // the theme for a screen of that size

} // namespace coi::ui
