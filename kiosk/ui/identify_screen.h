#pragma once
// "Show identify", asked from the Screens page: the screen's name over everything, as large as
// the screen takes it (most of its width, readable from across a hall), so someone walking past
// a row of TVs sees which is which. A long name is wrapped, and the type made smaller until it
// fits whole: never cut.
//
// The type is a font of its own (Fonts::identify), baked at identify_type_size() with only the
// name's letters while the name is shown, and let go with it: a 300 px font of the whole
// alphabet would hold megabytes for a screen that shows it once a month.

#include "kiosk/ui/canvas.h"

#include <string_view>

namespace coi::ui {

inline constexpr int kIdentifyMaxLines = 4;

// The pixel size of the name's type on this screen, measured with `measure_font` (any font of
// the same face at its own size: glyph widths grow in proportion). At least measure_font's
// size, so a name always comes out at least as large as the title it replaced.
float identify_type_size(ImFont* measure_font, ImVec2 screen, std::string_view screen_name);

// The caption lines and the name, in Fonts::identify when there is one (else the title's font).
void draw_identify(Canvas& canvas, std::string_view screen_name, int seconds_left);

} // namespace coi::ui
