#pragma once
// Cheaper text in software frames. ImGui draws each glyph as two triangles textured with its
// font atlas in the text's colour, and SDL's software renderer takes every blended, coloured
// triangle down its slowest path, one pixel at a time, empty pixels too: three quarters of a
// page's frame went there. A glyph drawn at its own size is a rectangle of the atlas copied
// one to one, so those are blended here straight into the window's pixels with SDL's own
// arithmetic (the same picture, pixel for pixel), skipping the empty pixels and storing the
// full ones. Everything else keeps SDL's way. Only for the software renderer drawing on its
// window; anything else (a GPU, a render target, a scale) is left to SDL untouched.

#include <imgui.h>

struct SDL_Renderer;

namespace coi::platform {

// What the glyphs are copied from: the atlas's 8-bit pixels, which the texture holds as white
// with this alpha. Must stay valid until the frame is drawn.
struct GlyphSource {
    SDL_Renderer* renderer = nullptr;
    const unsigned char* alpha = nullptr;
    int width = 0;
    int height = 0;
};

// Turns each draw command on `atlas` that is not already a callback into one that draws it
// through `source` (kept by the caller until the frame is drawn). Returns how many commands it
// took. Call after ImGui::Render() (and take_solid_fills), before the backend renders.
int take_glyphs(ImDrawData* draw_data, ImTextureID atlas, const GlyphSource* source);

} // namespace coi::platform
