#pragma once
// Pieces every screen shares: the header band, big touch buttons and the on-screen
// keyboard. Buttons are ImGui invisible buttons with our own drawing on top, so a tap is
// handled by ImGui exactly as a click is, and tests find them by the label drawn.

#include "kiosk/core/signage.h"
#include "kiosk/ui/canvas.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::ui {

struct Rect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float w() const { return x1 - x0; }
    float h() const { return y1 - y0; }
};

enum class ButtonStyle { Primary, Secondary, Tile, Key, KeyOn, Quiet };

float draw_header(Canvas&, const core::HeaderView&);       // the teal band with name, date and clock; returns its height
bool button(Canvas&, const char* id, const Rect&, const std::string& label, ButtonStyle, const std::string& detail = "");

// A box showing typed text, with a caret when active; true when tapped.
bool text_field(Canvas&, const char* id, const Rect&, const std::string& value, const std::string& placeholder, bool active);

// Words: a code's digits and capitals with a space bar, for "Remember me" (a code or a name
// and initial).
enum class KeyboardMode { Name, Code, Words };

struct KeyPress {
    enum class Kind { Text, Backspace, Shift, Space, MoreAccents } kind = Kind::Text;
    std::string text;
};

// The on-screen keyboard in rect: letters, an accented row (three sets, cycled by its last
// key) or digits for codes, shift, delete and space. Keys are at least 96 px high at 1080.
std::optional<KeyPress> draw_keyboard(Canvas&, const Rect&, KeyboardMode, bool shift, int accent_set, std::string_view language = "en");
float keyboard_height(const Theme&, KeyboardMode); // what draw_keyboard needs

// A telephone-style number pad (1-9, Delete, 0, OK) in rect, for PINs and prices.
struct PadPress {
    enum class Kind { Digit, Backspace, Ok } kind = Kind::Digit;
    char digit = '0';
};
std::optional<PadPress> draw_numpad(Canvas&, const Rect&, const std::string& ok_label);

} // namespace coi::ui
