#pragma once
// The kiosk's own SDL event types, all owned here. SDL hands user event numbers out at run
// time (SDL_RegisterEvents), and its first number is SDL_USEREVENT itself: a wake-up pushed as
// the raw SDL_USEREVENT once read as the termination signal's registered event, so every new
// content made the kiosk quit. Every source of a wake-up has its own kind below; the numbers
// are registered together, once, as one block, so no two kinds can share one; and the block's
// first number (the raw SDL_USEREVENT anything might push) is kept back and means nothing.

#include <cstdint>
#include <optional>

namespace coi::platform {

enum class AppEvent {
    Terminate,      // SIGTERM or SIGINT: the service manager asks the kiosk to stop
    ContentChanged, // the sync thread stored new content or a new pairing state
    PlansReady,     // the planning thread finished the day plans for new content or a new day
    ActionArrived,  // a coordinator asked this screen to do something now (identify, screenshot, restart)
    EmergencyHeard, // another kiosk of the building started or ended emergency mode (the local network)
};
inline constexpr int app_event_count = 5;

void register_app_events();                                // once, before the first push; again is harmless
std::uint32_t app_event_type(AppEvent);                    // its SDL event type; 0 before register_app_events()
std::optional<AppEvent> app_event_of(std::uint32_t type);  // which of ours an SDL event is, if any
bool push_app_event(AppEvent);                             // thread- and signal-safe; false before registration or if SDL's queue refused it

} // namespace coi::platform
