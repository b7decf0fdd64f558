#pragma once
// The four signage pages under one header and footer. Draws a SignageView; a touch
// anywhere asks to start checking in. Holds no state between frames.

#include "kiosk/core/signage.h"
#include "kiosk/ui/canvas.h"

namespace coi::ui {

enum class SignageIntent { None, StartCheckIn };

SignageIntent draw_signage(Canvas&, const core::SignageView&); // one frame of signage

} // namespace coi::ui
