// kiosk/platform/display on an X display: the kiosk's fullscreen window covers the screen at
// once where no window manager would answer a request for fullscreen, asks for fullscreen
// where one runs, and shows no mouse pointer. Each test starts its own Xvfb.
#include "kiosk/platform/display.h"
#include "kiosk/platform/window_manager.h"

#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <csignal>
#include <cstdlib>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

// Last: Xlib's macros (None, Status, Bool) would clash with the names above.
#include <X11/Xatom.h>
#include <X11/Xlib.h>

using namespace coi;

namespace {

// An Xvfb of its own, on a display number it picks (-displayfd), for one test.
class Xvfb {
public:
    Xvfb()
    {
        if (access("/usr/bin/Xvfb", X_OK) != 0)
            return;
        int fds[2];
        if (pipe(fds) != 0)
            return;
        m_pid = fork();
        if (m_pid == 0) {
            close(fds[0]);
            std::string fd = std::to_string(fds[1]);
            execl("/usr/bin/Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1280x720x24", "-nolisten", "tcp", static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        std::string number;
        char c;
        while (read(fds[0], &c, 1) == 1 && c != '\n')
            number += c;
        close(fds[0]);
        if (!number.empty())
            m_display = ":" + number;
    }
    ~Xvfb()
    {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            waitpid(m_pid, nullptr, 0);
        }
    }
    const std::string& name() const { return m_display; }

private:
    pid_t m_pid = -1;
    std::string m_display;
};

// What a running EWMH window manager leaves on the display: the root's
// _NET_SUPPORTING_WM_CHECK names a window of the manager's, which names itself.
class PretendWindowManager {
public:
    explicit PretendWindowManager(const std::string& display) : m_x(XOpenDisplay(display.c_str()))
    {
        if (!m_x)
            return;
        Window root = DefaultRootWindow(m_x);
        m_window = XCreateSimpleWindow(m_x, root, 0, 0, 1, 1, 0, 0, 0);
        name_on(root, m_window);
        name_on(m_window, m_window);
        XSync(m_x, False);
    }
    ~PretendWindowManager()
    {
        if (m_x)
            XCloseDisplay(m_x);
    }
    // The manager quits without tidying up: its window goes, the root still names it.
    void quit_untidily()
    {
        XDestroyWindow(m_x, m_window);
        XSync(m_x, False);
    }
    bool ready() const { return m_x != nullptr; }

private:
    void name_on(Window on, Window named)
    {
        Atom check = XInternAtom(m_x, "_NET_SUPPORTING_WM_CHECK", False);
        unsigned long value = named;
        XChangeProperty(m_x, on, check, XA_WINDOW, 32, PropModeReplace, reinterpret_cast<unsigned char*>(&value), 1);
    }
    ::Display* m_x;
    Window m_window = 0;
};

std::unique_ptr<platform::Display> open_fullscreen_on(const std::string& display)
{
    setenv("DISPLAY", display.c_str(), 1);
    setenv("SDL_VIDEODRIVER", "x11", 1);
    platform::DisplayOptions options;
    options.mode = platform::WindowMode::Fullscreen;
    options.width = 800; // the windowed size: fullscreen takes the screen's
    options.height = 600;
    auto opened = platform::Display::open(options);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
}

SDL_Window* window_of(const platform::Display& display) { return SDL_RenderGetWindow(display.renderer()); }

#define NEED_XVFB(x)                                              \
    if ((x).name().empty())                                       \
    GTEST_SKIP() << "no Xvfb here (scripts/setup --tests installs it)"

} // namespace

TEST(Fullscreen, WithNoWindowManagerTheWindowCoversTheScreenWithoutAskingForFullscreen)
{
    Xvfb x;
    NEED_XVFB(x);
    auto display = open_fullscreen_on(x.name());
    ASSERT_TRUE(display);
    SDL_Window* window = window_of(*display);
    EXPECT_TRUE(platform::on_x11_without_window_manager(window));
    int left = -1, top = -1, width = 0, height = 0;
    SDL_GetWindowPosition(window, &left, &top);
    SDL_GetWindowSize(window, &width, &height);
    EXPECT_EQ(left, 0);
    EXPECT_EQ(top, 0);
    EXPECT_EQ(width, 1280);
    EXPECT_EQ(height, 720);
    Uint32 flags = SDL_GetWindowFlags(window);
    EXPECT_TRUE(flags & SDL_WINDOW_SHOWN);
    EXPECT_FALSE(flags & SDL_WINDOW_FULLSCREEN) << "a request nothing answers: SDL waits 100 ms for it";
}

TEST(Fullscreen, WithAWindowManagerRunningTheWindowAsksForFullscreen)
{
    Xvfb x;
    NEED_XVFB(x);
    PretendWindowManager manager(x.name());
    ASSERT_TRUE(manager.ready());
    auto display = open_fullscreen_on(x.name());
    ASSERT_TRUE(display);
    SDL_Window* window = window_of(*display);
    EXPECT_FALSE(platform::on_x11_without_window_manager(window));
    EXPECT_EQ(SDL_GetWindowFlags(window) & SDL_WINDOW_FULLSCREEN_DESKTOP, Uint32(SDL_WINDOW_FULLSCREEN_DESKTOP));
    int width = 0, height = 0;
    SDL_GetWindowSize(window, &width, &height);
    EXPECT_EQ(width, 1280);
    EXPECT_EQ(height, 720);
}

TEST(Fullscreen, AWindowManagerThatHasGoneLeavingItsMarkCountsAsNone)
{
    Xvfb x;
    NEED_XVFB(x);
    PretendWindowManager manager(x.name());
    ASSERT_TRUE(manager.ready());
    manager.quit_untidily(); // looking at the gone window is an X error, which must not end the kiosk
    auto display = open_fullscreen_on(x.name());
    ASSERT_TRUE(display);
    EXPECT_TRUE(platform::on_x11_without_window_manager(window_of(*display)));
    EXPECT_FALSE(SDL_GetWindowFlags(window_of(*display)) & SDL_WINDOW_FULLSCREEN);
}

TEST(Fullscreen, AFullscreenKioskShowsNoMousePointerEvenAfterFrames)
{
    Xvfb x;
    NEED_XVFB(x);
    auto display = open_fullscreen_on(x.name());
    ASSERT_TRUE(display);
    for (int frame = 0; frame < 3; ++frame) {
        display->begin_frame();
        ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(200, 200), IM_COL32(40, 70, 60, 255));
        display->end_frame();
    }
    EXPECT_EQ(SDL_ShowCursor(SDL_QUERY), SDL_DISABLE);
}

TEST(Fullscreen, OnOtherVideoDriversThereIsNoXWindowManagerToAsk)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    platform::DisplayOptions options;
    options.mode = platform::WindowMode::Headless;
    auto display = platform::Display::open(options);
    ASSERT_TRUE(display) << display.error().message;
    EXPECT_FALSE(platform::on_x11_without_window_manager(window_of(**display)));
}
