// Linked into every test binary of a sanitizer build (COI_SANITIZE): leaks LeakSanitizer must
// not count against us because they are not ours.
//
// libdbus: SDL's X11 video start connects to D-Bus (input methods, screensaver) and on
// SDL_Quit closes the connection but does not call dbus_shutdown(), so libdbus's own buffers
// outlive the process. SDL 2.30 added SDL_HINT_SHUTDOWN_DBUS_ON_QUIT for exactly this; Debian
// 12 ships SDL 2.26, which has no such switch. Only the tests that open an X11 window
// (tests/platform/fullscreen_test.cpp, under their own Xvfb) reach it.
extern "C" const char* __lsan_default_suppressions()
{
    return "leak:libdbus-1.so\n";
}
