#pragma once
// Emergency mode's takeover: the whole screen, high contrast, in the largest type that
// fits, readable from across a hall. Drawn from core::EmergencyView; it has no buttons (a
// tap does nothing but the hidden hold that opens staff mode, which the app watches).

#include "kiosk/core/emergency.h"
#include "kiosk/ui/canvas.h"

namespace coi::ui {

void draw_emergency(Canvas& canvas, const core::EmergencyView& view);

} // namespace coi::ui
