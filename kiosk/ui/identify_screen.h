#pragma once
// "Show identify", asked from the Screens page: the screen's name over everything, in the
// largest type the screen has, so someone walking past a row of TVs sees which is which.

#include "kiosk/ui/canvas.h"

#include <string_view>

namespace coi::ui {

void draw_identify(Canvas& canvas, std::string_view screen_name, int seconds_left);

} // namespace coi::ui
