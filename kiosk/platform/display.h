#pragma once
// The screen: an SDL window with a renderer and Dear ImGui on top. The kiosk asks it to
// wait for something to happen (input or a deadline) and to draw a frame; when nothing
// changes it sleeps inside SDL_WaitEventTimeout and costs nothing.

#include "content/feed/result.h"
#include "kiosk/platform/glyph_blits.h"
#include "kiosk/ui/canvas.h"

#include <memory>
#include <string>

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Texture;
union SDL_Event;

namespace coi::platform {

enum class WindowMode { Windowed, Fullscreen, Headless, None }; // None: no display at all (command-line tools)
enum class Rendering { Software, Accelerated };

struct DisplayOptions {
    int width = 1920;
    int height = 1080;
    WindowMode mode = WindowMode::Windowed;
    Rendering rendering = Rendering::Software;
    std::string title = "Come On In";
    bool lockdown = false; // kiosk use: quit requests are ignored (the app reads this)
    int rotation = 0;      // degrees clockwise the picture is turned on the screen (0, 90, 180, 270): a TV on its side
};

// What the frame loop learns from one wait.
struct Input {
    bool activity = false;      // any touch, click or key: redraw, and reset idle timers
    bool quit_requested = false;      // window close, Alt+F4, SDL_QUIT: ignored by a locked-down kiosk
    bool terminate_requested = false; // SIGTERM or SIGINT: the service manager, always honoured
    bool resized = false;
    bool woken = false;               // another thread has news for the frame loop (platform::wake_main_loop)
};

class Display {
public:
    static Result<std::unique_ptr<Display>> open(const DisplayOptions&);
    ~Display();

    Input wait(int timeout_ms);           // sleeps until input or the timeout; 0 polls
    void begin_frame();                   // ImGui frame with our pointer state applied
    // The frame into the renderer, not yet on screen. A frame drawn exactly as the one on
    // screen (the second of the two drawn after a change, usually) is neither drawn nor shown
    // again: the screen already shows it, and drawing it is most of a frame's cost.
    void render();
    void present();                       // show what render() drew
    bool unchanged() const { return m_unchanged; } // the last render() found the screen already showing it
    void repaint_next() { m_must_repaint = true; } // the next frame is drawn whatever: a picture's pixels changed
    void end_frame() { render(); present(); }
    // ImGui's font atlas, just built (FontAtlas::build), into this renderer's font texture, in
    // place of the last one.
    Result<Ok> upload_fonts();
    Result<Ok> save_png(const std::string& path); // what is on screen now
    Result<std::string> png_bytes(int width);     // what is drawn now, scaled down to width (aspect kept), as PNG bytes
    ImVec2 size() const;                  // what the pages are laid out on: the screen, or the screen turned on its side
    SDL_Renderer* renderer() const { return m_renderer; }
    bool pointer_down() const { return m_pointer_down; }
    ImVec2 pointer() const { return m_pointer; }
    void drop_pointer_until_release();    // the press now down goes nowhere, nor its release (a touch that only wakes the screen)

private:
    Display() = default;
    bool handle(const SDL_Event&, Input&); // true when the pointer's button changed
    ImVec2 output_size() const;            // the screen's own pixels, whatever the rotation
    ImVec2 upright(float x, float y) const; // a point on the screen (0..1 each way) on the upright picture, in its pixels
    void prepare_turned();                 // with a rotation: the upright picture's texture, the size the screen needs, as the target
    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    bool m_imgui_ready = false;
    ImVec2 m_pointer{-1, -1};
    bool m_pointer_down = false;
    bool m_dropping = false; // a dropped press is still down: its button events are not passed on
    int m_rotation = 0;
    ImVec2 m_output{0, 0};           // with a rotation: the screen's size, read while no texture is the target
    SDL_Texture* m_turned = nullptr; // with a rotation: the frame is drawn here upright, then turned onto the screen
    bool m_keeps_picture = false;    // the software renderer: what it drew stays in its buffer until drawn over
    bool m_must_repaint = true;      // nothing on screen yet, or the window lost its picture
    bool m_unchanged = false;
    GlyphSource m_glyphs;            // what this frame's text is blended from (software renderer)
    SDL_Texture* m_font_texture = nullptr; // upload_fonts(): until then ImGui's backend makes its own for its default font
    std::string m_on_screen;         // the draw data of the frame on screen, byte for byte
};

// Synthetic input, queued exactly as SDL queues a touchscreen's or a keyboard's: for tests
// and for scripted runs (benchmarks, soak). Positions are in window pixels.
void push_finger(float x, float y, ImVec2 screen, bool down);
void push_tap(float x, float y, ImVec2 screen); // finger down then up
void push_text(const std::string& utf8);        // as a keyboard's text input event
void push_enter();                              // the Return key, down and up

} // namespace coi::platform
