#include "kiosk/platform/display.h"
#include "kiosk/platform/app_events.h"
#include "kiosk/platform/glyph_blits.h"
#include "kiosk/platform/prefault.h"
#include "kiosk/platform/solid_fills.h"
#include "kiosk/platform/window_manager.h"

#include <algorithm>

#include <SDL.h>
#include <SDL_image.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <csignal>
#include <cstddef>
#include <malloc.h>
#include <string_view>

namespace coi::platform {

// [SECTION] Signals. SDL would turn SIGTERM into the same SDL_QUIT a closed window sends;
// a locked-down kiosk must tell them apart, so we take the signals ourselves and post our
// own event (app_events.h: as SDL's own handler does, SDL_PushEvent is safe from a signal handler).

namespace {

void on_terminate(int)
{
    push_app_event(AppEvent::Terminate);
}

void take_termination_signals()
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
}

void install_termination_handlers()
{
    register_app_events();
    struct sigaction action {};
    action.sa_handler = on_terminate;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

// A window filling the first screen. Fullscreen is a request that a window manager answers,
// and SDL waits up to 100 ms for the answer before the window is shown. On an X display with
// no window manager (the kiosk started alone by xinit, or on Xvfb) nothing ever answers, and
// every start lost that tenth of a second before its first frame. There a window covering the
// screen is all that fullscreen would be, so the request is made only where someone answers
// it; KMS/DRM and Wayland take the request as before.
SDL_Window* open_fullscreen(const DisplayOptions& options)
{
    const Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    const char* driver = SDL_GetCurrentVideoDriver();
    SDL_Rect screen{};
    if (!driver || std::string_view(driver) != "x11" || SDL_GetDisplayBounds(0, &screen) != 0)
        return SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height,
                                flags | SDL_WINDOW_FULLSCREEN_DESKTOP);
    SDL_Window* window = SDL_CreateWindow(options.title.c_str(), screen.x, screen.y, screen.w, screen.h, flags | SDL_WINDOW_HIDDEN);
    if (!window)
        return nullptr;
    if (!on_x11_without_window_manager(window))
        SDL_SetWindowFullscreen(window, SDL_WINDOW_FULLSCREEN_DESKTOP); // answered when shown, as at creation
    SDL_ShowWindow(window);
    return window;
}

} // namespace

// [SECTION] Opening and closing

Result<std::unique_ptr<Display>> Display::open(const DisplayOptions& options)
{
    if (options.mode == WindowMode::Headless)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    // Touchscreens send finger events; we read those and ignore the mouse events SDL
    // would synthesise from them, so one tap is one tap.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (options.rendering == Rendering::Software)
        // Otherwise SDL shows the software framebuffer through an OpenGL texture, which
        // loads Mesa: a hundred megabytes and a second of start-up for nothing.
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    take_termination_signals();
    prefault_sdl_pixel_buffers();
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return Error{std::string("cannot start SDL video: ") + SDL_GetError()};
    install_termination_handlers();
    std::unique_ptr<Display> d(new Display());
    if (options.mode == WindowMode::Fullscreen)
        d->m_window = open_fullscreen(options);
    else
        d->m_window = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height,
                                       SDL_WINDOW_ALLOW_HIGHDPI | (options.mode == WindowMode::Windowed ? SDL_WINDOW_RESIZABLE : 0));
    if (!d->m_window)
        return Error{std::string("cannot open a window: ") + SDL_GetError()};
    Uint32 renderer_flags = options.rendering == Rendering::Software || options.mode == WindowMode::Headless
                                ? SDL_RENDERER_SOFTWARE
                                : SDL_RENDERER_ACCELERATED;
    d->m_renderer = SDL_CreateRenderer(d->m_window, -1, renderer_flags);
    if (!d->m_renderer && renderer_flags != SDL_RENDERER_SOFTWARE)
        d->m_renderer = SDL_CreateRenderer(d->m_window, -1, SDL_RENDERER_SOFTWARE);
    if (!d->m_renderer)
        return Error{std::string("cannot create a renderer: ") + SDL_GetError()};
    // Only the software renderer is sure to still hold the last picture after showing it
    // (a GPU's back buffer is undefined after a swap), which skipping a frame relies on.
    SDL_RendererInfo info{};
    d->m_keeps_picture = SDL_GetRendererInfo(d->m_renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    // The software renderer draws into the window's own pixels, every one of them on the first
    // frame. Under X they are shared memory SDL maps itself, not a malloc of its.
    if (d->m_keeps_picture)
        if (SDL_Surface* pixels = SDL_GetWindowSurface(d->m_window))
            prefault(pixels->pixels, static_cast<std::size_t>(pixels->pitch) * static_cast<std::size_t>(pixels->h));
    if (options.mode == WindowMode::Fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    if (options.rotation != 0 && options.rotation != 90 && options.rotation != 180 && options.rotation != 270)
        return Error{"cannot turn the picture by " + std::to_string(options.rotation) + " degrees: 0, 90, 180 or 270"};
    d->m_rotation = options.rotation;
    d->prepare_turned();
    if (d->m_rotation != 0 && !d->m_turned)
        return Error{std::string("cannot turn the picture: ") + SDL_GetError()};
    // The texture is the target only while a frame is drawn: SDL's renderer rewrites touch
    // and mouse coordinates for the current target's viewport as events arrive, and touches
    // must arrive in the screen's own coordinates for upright() to turn them.
    SDL_SetRenderTarget(d->m_renderer, nullptr);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // a kiosk keeps no window layout between runs
    io.LogFilename = nullptr;
    ImGui_ImplSDL2_InitForSDLRenderer(d->m_window);
    ImGui_ImplSDLRenderer_Init(d->m_renderer);
    if (options.mode == WindowMode::Fullscreen)
        // A kiosk shows no pointer; ImGui's SDL backend would otherwise put SDL's arrow back
        // on every frame, in the middle of the screen until someone touches it.
        io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    d->m_imgui_ready = true;
    return d;
}

Display::~Display()
{
    if (m_font_texture)
        SDL_DestroyTexture(m_font_texture);
    if (m_imgui_ready) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_turned)
        SDL_DestroyTexture(m_turned);
    if (m_renderer)
        SDL_DestroyRenderer(m_renderer);
    if (m_window)
        SDL_DestroyWindow(m_window);
    SDL_Quit();
}

ImVec2 Display::size() const
{
    if (m_rotation == 0)
        return output_size();
    return m_rotation == 180 ? m_output : ImVec2(m_output.y, m_output.x);
}

ImVec2 Display::output_size() const
{
    if (m_rotation != 0)
        return m_output; // SDL would give the target texture's size while one is set
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(m_renderer, &w, &h);
    return ImVec2(static_cast<float>(w), static_cast<float>(h));
}

// [SECTION] Rotation. SDL's KMS/DRM backend ignores the kernel's `video=...,rotate=90` (that
// turns only the text console), and its evdev input ignores libinput's calibration matrix;
// so a screen on its side is turned here: each frame is drawn upright into a texture the
// size of the turned screen, then copied onto the screen turned, and touches are turned back.

void Display::prepare_turned()
{
    if (m_rotation == 0)
        return;
    SDL_SetRenderTarget(m_renderer, nullptr);
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(m_renderer, &w, &h);
    m_output = ImVec2(static_cast<float>(w), static_cast<float>(h));
    int upright_w = m_rotation == 180 ? w : h, upright_h = m_rotation == 180 ? h : w;
    int texture_w = 0, texture_h = 0;
    if (m_turned)
        SDL_QueryTexture(m_turned, nullptr, nullptr, &texture_w, &texture_h);
    if (!m_turned || texture_w != upright_w || texture_h != upright_h) {
        if (m_turned)
            SDL_DestroyTexture(m_turned);
        m_turned = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, upright_w, upright_h);
    }
    if (m_turned)
        SDL_SetRenderTarget(m_renderer, m_turned);
}

ImVec2 Display::upright(float x, float y) const
{
    // Turning the picture clockwise by the rotation takes its point (ux, uy) to the screen's
    // (x, y); this is the way back.
    float ux = x, uy = y;
    if (m_rotation == 90)
        ux = y, uy = 1 - x;
    else if (m_rotation == 180)
        ux = 1 - x, uy = 1 - y;
    else if (m_rotation == 270)
        ux = 1 - y, uy = x;
    ImVec2 s = size();
    return ImVec2(ux * s.x, uy * s.y);
}

// [SECTION] Input. ImGui 1.86's SDL backend reads the pointer from SDL's global mouse
// state, which neither touch nor pushed events update; so the pointer is tracked here
// from events and handed to ImGui each frame. A press and a release in one batch are
// split over two frames, or ImGui would never see the press.

bool Display::handle(const SDL_Event& e, Input& input)
{
    int window_w = 1, window_h = 1;
    SDL_GetWindowSize(m_window, &window_w, &window_h);
    auto mouse_at = [&](int x, int y) {
        return m_rotation == 0 ? ImVec2(static_cast<float>(x), static_cast<float>(y))
                               : upright(static_cast<float>(x) / std::max(1, window_w), static_cast<float>(y) / std::max(1, window_h));
    };
    if (auto ours = app_event_of(e.type)) {
        input.terminate_requested = input.terminate_requested || *ours == AppEvent::Terminate;
        input.woken = input.woken || *ours == AppEvent::ContentChanged || *ours == AppEvent::PlansReady || *ours == AppEvent::ActionArrived;
        return false;
    }
    switch (e.type) {
    case SDL_QUIT:
        input.quit_requested = true;
        return false;
    case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_CLOSE)
            input.quit_requested = true;
        if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e.window.event == SDL_WINDOWEVENT_EXPOSED) {
            input.resized = true;
            m_must_repaint = true; // the window may have lost its picture
        }
        return false;
    case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID)
            return false;
        m_pointer = mouse_at(e.motion.x, e.motion.y);
        input.activity = input.activity || m_pointer_down;
        return false;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT)
            return false;
        m_pointer = mouse_at(e.button.x, e.button.y);
        input.activity = true;
        if (m_dropping) {
            m_dropping = e.type != SDL_MOUSEBUTTONUP;
            return false;
        }
        m_pointer_down = e.type == SDL_MOUSEBUTTONDOWN;
        return true;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
        m_pointer = upright(e.tfinger.x, e.tfinger.y);
        input.activity = true;
        if (e.type == SDL_FINGERMOTION)
            return false;
        if (m_dropping) {
            m_dropping = e.type != SDL_FINGERUP;
            return false;
        }
        m_pointer_down = e.type == SDL_FINGERDOWN;
        return true;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        // Like a tap, a key's press and release need a frame each to be seen.
        ImGui_ImplSDL2_ProcessEvent(&e);
        input.activity = true;
        return true;
    case SDL_TEXTINPUT:
        ImGui_ImplSDL2_ProcessEvent(&e);
        input.activity = true;
        return false;
    default:
        return false;
    }
}

void Display::drop_pointer_until_release()
{
    // ImGui has not had a frame with this press yet (wait() returns on a press), so taking
    // it back here means no button ever sees it; the release that follows is dropped too.
    if (!m_pointer_down)
        return;
    m_pointer_down = false;
    m_dropping = true;
}

Input Display::wait(int timeout_ms)
{
    Input input;
    SDL_Event e;
    if (!SDL_WaitEventTimeout(&e, timeout_ms < 0 ? 0 : timeout_ms))
        return input;
    if (handle(e, input))
        return input;
    while (SDL_PollEvent(&e))
        if (handle(e, input))
            break; // the rest waits for the next frame
    return input;
}

// [SECTION] Frames

void Display::begin_frame()
{
    prepare_turned();
    if (!m_font_texture)
        ImGui_ImplSDLRenderer_NewFrame(); // makes the backend's texture of ImGui's default font, once

    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (m_rotation != 0) {
        // The backend took the window's size; the frame is drawn on the upright picture.
        io.DisplaySize = size();
        io.DisplayFramebufferScale = ImVec2(1, 1);
    }
    io.MousePos = m_pointer;
    io.MouseDown[0] = m_pointer_down;
    ImGui::NewFrame();
}

namespace {

// Everything ImGui's draw data says about a picture: where each vertex goes, its colour and
// texture coordinates, and each command's clip, texture and callback. Two frames with the
// same bytes here are the same picture (the textures' pixels aside: see repaint_next).
void fingerprint(const ImDrawData& data, std::string& out)
{
    out.clear();
    auto add = [&out](const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); };
    add(&data.DisplayPos, sizeof data.DisplayPos);
    add(&data.DisplaySize, sizeof data.DisplaySize);
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            add(&cmd.ClipRect, sizeof cmd.ClipRect);
            add(&cmd.TextureId, sizeof cmd.TextureId);
            add(&cmd.VtxOffset, sizeof cmd.VtxOffset);
            add(&cmd.IdxOffset, sizeof cmd.IdxOffset);
            add(&cmd.ElemCount, sizeof cmd.ElemCount);
            add(&cmd.UserCallback, sizeof cmd.UserCallback);
            add(&cmd.UserCallbackData, sizeof cmd.UserCallbackData);
        }
        add(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
        add(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
    }
}

} // namespace

void Display::render()
{
    ImGui::Render();
    std::string frame;
    frame.reserve(m_on_screen.size());
    fingerprint(*ImGui::GetDrawData(), frame);
    m_unchanged = m_keeps_picture && !m_must_repaint && frame == m_on_screen;
    if (m_unchanged)
        return;
    m_on_screen.swap(frame);
    m_must_repaint = false;
    ImGuiIO& io = ImGui::GetIO();
    if (!begins_with_whole_screen(*ImGui::GetDrawData(), io.Fonts->TexID, io.Fonts->TexUvWhitePixel)) {
        SDL_SetRenderDrawColor(m_renderer, 0, 0, 0, 255);
        SDL_RenderClear(m_renderer);
    }
    // Opaque solid shapes filled without blending (solid_fills.h): most of a frame's pixels.
    take_solid_fills(ImGui::GetDrawData(), io.Fonts->TexID, io.Fonts->TexUvWhitePixel, m_renderer);
    if (m_keeps_picture) {
        // The text, blended straight from the atlas's pixels (glyph_blits.h).
        m_glyphs = GlyphSource{m_renderer, io.Fonts->TexPixelsAlpha8, io.Fonts->TexWidth, io.Fonts->TexHeight};
        take_glyphs(ImGui::GetDrawData(), io.Fonts->TexID, &m_glyphs);
    }
    SDL_BlendMode blend = SDL_BLENDMODE_BLEND;
    SDL_GetRenderDrawBlendMode(m_renderer, &blend);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_SetRenderDrawBlendMode(m_renderer, blend);
}

void Display::present()
{
    if (m_unchanged)
        return; // on screen already
    if (m_turned) {
        // What render() drew upright goes onto the screen turned; the next frame's
        // begin_frame() makes the texture the target again.
        SDL_SetRenderTarget(m_renderer, nullptr);
        SDL_SetRenderDrawColor(m_renderer, 0, 0, 0, 255);
        SDL_RenderClear(m_renderer);
        ImVec2 up = size();
        SDL_Rect to{static_cast<int>((m_output.x - up.x) / 2), static_cast<int>((m_output.y - up.y) / 2), static_cast<int>(up.x), static_cast<int>(up.y)};
        SDL_RenderCopyEx(m_renderer, m_turned, nullptr, &to, m_rotation, nullptr, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(m_renderer);
}

// Written straight into the texture from the atlas's 8-bit pixels. ImGui's backend would make
// a 32-bit copy first and then copy that into the texture: 4 MB at 1920x1080 twice over, all
// fresh memory the kernel hands over page by page, at every start and in the peak. Uploading
// the same atlas twice is harmless.
Result<Ok> Display::upload_fonts()
{
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    // Read as they are: asked for pixels it no longer has, ImGui would build its default font.
    const unsigned char* alpha = atlas.TexPixelsAlpha8;
    const int width = atlas.TexWidth, height = atlas.TexHeight;
    if (!alpha || width <= 0 || height <= 0)
        return Error{"no font atlas to upload: build one first"};
    ImGui_ImplSDLRenderer_DestroyFontsTexture(); // the backend's, if a frame was drawn before any atlas of ours
    if (m_font_texture)
        SDL_DestroyTexture(m_font_texture);
    atlas.SetTexID(nullptr);
    m_font_texture = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, width, height);
    void* pixels = nullptr;
    int pitch = 0;
    if (!m_font_texture || SDL_LockTexture(m_font_texture, nullptr, &pixels, &pitch) != 0)
        return Error{std::string("cannot make the font texture: ") + SDL_GetError()};
    for (int y = 0; y < height; ++y) {
        auto* row = reinterpret_cast<Uint32*>(static_cast<unsigned char*>(pixels) + static_cast<std::ptrdiff_t>(y) * pitch);
        const unsigned char* from = alpha + static_cast<std::ptrdiff_t>(y) * width;
        for (int x = 0; x < width; ++x)
            row[x] = IM_COL32(255, 255, 255, from[x]); // as ImGui's own 32-bit pixels: white, the glyph in alpha
    }
    SDL_UnlockTexture(m_font_texture);
    SDL_SetTextureBlendMode(m_font_texture, SDL_BLENDMODE_BLEND);
    atlas.SetTexID(m_font_texture);
    if (atlas.TexPixelsRGBA32) { // a 32-bit copy ImGui's backend made for its own texture
        IM_FREE(atlas.TexPixelsRGBA32);
        atlas.TexPixelsRGBA32 = nullptr;
    }
    // The 8-bit pixels stay (a quarter of the texture): the software renderer's text is
    // blended from them (glyph_blits.h).
    // Building freed megabytes of scratch (FreeType's) that glibc would otherwise keep
    // resident for reuse that never comes.
    ::malloc_trim(0);
    return Ok{};
}

Result<Ok> Display::save_png(const std::string& path)
{
    ImVec2 s = size();
    int w = static_cast<int>(s.x), h = static_cast<int>(s.y);
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ABGR8888);
    if (!surface)
        return Error{std::string("cannot allocate a screenshot: ") + SDL_GetError()};
    int rc = SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, surface->pixels, surface->pitch);
    if (rc == 0)
        rc = IMG_SavePNG(surface, path.c_str());
    std::string error = rc == 0 ? "" : SDL_GetError();
    SDL_FreeSurface(surface);
    if (rc != 0)
        return Error{"cannot write " + path + ": " + error};
    return Ok{};
}

namespace {

// An SDL_RWops that appends what is written to a std::string (SDL2 has no growable memory RWops).
SDL_RWops* string_writer(std::string& out)
{
    SDL_RWops* rw = SDL_AllocRW();
    if (!rw)
        return nullptr;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->hidden.unknown.data1 = &out;
    rw->size = [](SDL_RWops* self) -> Sint64 { return static_cast<Sint64>(static_cast<std::string*>(self->hidden.unknown.data1)->size()); };
    rw->seek = [](SDL_RWops* self, Sint64, int whence) -> Sint64 {
        // libpng only writes forward; report the end so a tell() is right.
        return whence == RW_SEEK_CUR || whence == RW_SEEK_END ? static_cast<Sint64>(static_cast<std::string*>(self->hidden.unknown.data1)->size()) : -1;
    };
    rw->read = [](SDL_RWops*, void*, size_t, size_t) -> size_t { return 0; };
    rw->write = [](SDL_RWops* self, const void* data, size_t size, size_t count) -> size_t {
        static_cast<std::string*>(self->hidden.unknown.data1)->append(static_cast<const char*>(data), size * count);
        return count;
    };
    rw->close = [](SDL_RWops* self) -> int {
        SDL_FreeRW(self);
        return 0;
    };
    return rw;
}

} // namespace

Result<std::string> Display::png_bytes(int width)
{
    ImVec2 s = size();
    int w = static_cast<int>(s.x), h = static_cast<int>(s.y);
    int out_w = std::clamp(width, 16, w);
    int out_h = std::max(1, h * out_w / w);
    SDL_Surface* full = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ABGR8888);
    SDL_Surface* small = SDL_CreateRGBSurfaceWithFormat(0, out_w, out_h, 32, SDL_PIXELFORMAT_ABGR8888);
    std::string png, error;
    if (!full || !small)
        error = std::string("cannot allocate a screenshot: ") + SDL_GetError();
    else if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, full->pixels, full->pitch) != 0)
        error = std::string("cannot read the screen: ") + SDL_GetError();
    else if (SDL_SetSurfaceBlendMode(full, SDL_BLENDMODE_NONE) != 0 || SDL_BlitScaled(full, nullptr, small, nullptr) != 0)
        error = std::string("cannot scale the screenshot: ") + SDL_GetError();
    else if (SDL_RWops* rw = string_writer(png); !rw || IMG_SavePNG_RW(small, rw, 1) != 0)
        error = std::string("cannot encode the screenshot: ") + SDL_GetError();
    SDL_FreeSurface(full);
    SDL_FreeSurface(small);
    if (!error.empty())
        return Error{error};
    return png;
}

// [SECTION] Synthetic input

void push_finger(float x, float y, ImVec2 screen, bool down)
{
    SDL_Event e{};
    e.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = x / screen.x;
    e.tfinger.y = y / screen.y;
    e.tfinger.pressure = down ? 1.0f : 0.0f;
    SDL_PushEvent(&e);
}

void push_tap(float x, float y, ImVec2 screen)
{
    push_finger(x, y, screen, true);
    push_finger(x, y, screen, false);
}

void push_text(const std::string& utf8)
{
    SDL_Event e{};
    e.type = SDL_TEXTINPUT;
    SDL_strlcpy(e.text.text, utf8.c_str(), sizeof e.text.text);
    SDL_PushEvent(&e);
}

void push_enter()
{
    for (Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
        SDL_Event e{};
        e.type = type;
        e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
        e.key.keysym.scancode = SDL_SCANCODE_RETURN;
        e.key.keysym.sym = SDLK_RETURN;
        SDL_PushEvent(&e);
    }
}

} // namespace coi::platform
