#include "kiosk/platform/wake.h"

#include "kiosk/platform/app_events.h"

namespace coi::platform {

void wake_main_loop()
{
    // The display's wait returns with Input::woken, and the frame loop then looks at what
    // woke it (new content, a pairing code). Before the display registered the app's events
    // there is no loop asleep to wake, and the next pass finds the news anyway.
    push_app_event(AppEvent::ContentChanged);
}

void wake_for_plans() { push_app_event(AppEvent::PlansReady); }
void wake_for_action() { push_app_event(AppEvent::ActionArrived); }
void wake_for_emergency() { push_app_event(AppEvent::EmergencyHeard); }

} // namespace coi::platform
