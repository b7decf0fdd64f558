#include "kiosk/platform/window_manager.h"

#include <SDL.h>
#include <SDL_syswm.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>

namespace coi::platform {

namespace {

bool g_x_error = false;

// A property naming a window that has since gone raises BadWindow, which Xlib's default
// handler answers by ending the process: while we look, an error only marks the answer.
int note_x_error(::Display*, XErrorEvent*)
{
    g_x_error = true;
    return 0;
}

// The window the `check` property on `on` names, or 0 when it names none.
Window named_window(::Display* x, Window on, Atom check)
{
    Atom type = 0;
    int format = 0;
    unsigned long items = 0, after = 0;
    unsigned char* data = nullptr;
    Window named = 0;
    if (XGetWindowProperty(x, on, check, 0, 1, False, XA_WINDOW, &type, &format, &items, &after, &data) == Success &&
        type == XA_WINDOW && format == 32 && items == 1 && data)
        named = static_cast<Window>(*reinterpret_cast<unsigned long*>(data)); // format 32 comes as longs
    if (data)
        XFree(data);
    return named;
}

} // namespace

bool on_x11_without_window_manager(SDL_Window* window)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(window, &info) || info.subsystem != SDL_SYSWM_X11)
        return false;
    ::Display* x = info.info.x11.display;
    Atom check = XInternAtom(x, "_NET_SUPPORTING_WM_CHECK", True);
    if (check == None)
        return true; // no manager has run on this display since it started
    XSync(x, False);
    g_x_error = false;
    auto previous = XSetErrorHandler(note_x_error);
    Window manager = named_window(x, DefaultRootWindow(x), check);
    bool answers = manager != 0 && named_window(x, manager, check) == manager;
    XSync(x, False);
    XSetErrorHandler(previous);
    return !answers || g_x_error;
}

} // namespace coi::platform
