#pragma once
// Waking the frame loop from another thread (the sync worker): the loop sleeps inside
// SDL's event wait, and an SDL user event is the one thing that ends that sleep early.

namespace coi::platform {

void wake_main_loop(); // thread-safe; harmless before the display is open or after it closed
void wake_for_plans(); // the same, from the planning thread: day plans are ready to swap in
void wake_for_action(); // the same, with its own event: a remote action arrived
void wake_for_emergency(); // the same, with its own event: another kiosk's emergency message arrived

} // namespace coi::platform
