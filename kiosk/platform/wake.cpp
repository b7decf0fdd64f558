#include "kiosk/platform/wake.h"

#include <SDL.h>

namespace coi::platform {

void wake_main_loop()
{
    // SDL_PushEvent is thread-safe. The display's wait returns with no input for it, and
    // the frame loop then looks at what woke it (new content, a pairing code).
    SDL_Event event{};
    event.type = SDL_USEREVENT;
    (void)SDL_PushEvent(&event);
}

} // namespace coi::platform
