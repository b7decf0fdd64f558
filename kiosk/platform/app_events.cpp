#include "kiosk/platform/app_events.h"

#include <SDL.h>

#include <atomic>

namespace coi::platform {

namespace {

// The block's first number; 0 until registered. Read from a signal handler and from the
// sync thread, so it is a lock-free atomic (async-signal-safe), written once.
std::atomic<std::uint32_t> g_block{0};
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

constexpr int kept_back = 1; // the block's first number: the raw SDL_USEREVENT, owned by nobody

} // namespace

void register_app_events()
{
    if (g_block.load() != 0)
        return;
    Uint32 first = SDL_RegisterEvents(kept_back + app_event_count);
    if (first != static_cast<Uint32>(-1))
        g_block.store(first);
}

std::uint32_t app_event_type(AppEvent event)
{
    std::uint32_t block = g_block.load();
    return block == 0 ? 0 : block + kept_back + static_cast<std::uint32_t>(event);
}

std::optional<AppEvent> app_event_of(std::uint32_t type)
{
    std::uint32_t block = g_block.load();
    if (block == 0 || type < block + kept_back || type >= block + kept_back + app_event_count)
        return std::nullopt;
    return static_cast<AppEvent>(type - block - kept_back);
}

bool push_app_event(AppEvent event)
{
    std::uint32_t type = app_event_type(event);
    if (type == 0)
        return false;
    SDL_Event e{};
    e.type = type;
    return SDL_PushEvent(&e) == 1; // SDL_PushEvent is thread-safe and, like SDL's own handler, safe in a signal handler
}

} // namespace coi::platform
