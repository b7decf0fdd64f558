#pragma once
// Whether anything will answer a request to make a window fullscreen. On X that is a window
// manager; with none (the kiosk started alone by xinit, or on Xvfb) the request goes
// unanswered and SDL waits a tenth of a second for it. Kept apart from display.cpp because
// Xlib's headers define macros (None, Status, Bool) that clash with ordinary C++ names.

struct SDL_Window;

namespace coi::platform {

// True only when the window is on an X display with no EWMH window manager running, judged
// the way SDL judges it: the root window's _NET_SUPPORTING_WM_CHECK names a window that
// names itself. Any other video driver (KMS/DRM, Wayland) answers for itself: false.
bool on_x11_without_window_manager(SDL_Window* window);

} // namespace coi::platform
