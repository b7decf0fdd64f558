#include "kiosk/platform/glyph_blits.h"
#include "kiosk/platform/solid_fills.h"

#include <SDL.h>

#include <algorithm>
#include <vector>

namespace coi::platform {

namespace {

// The window's own pixels, when the renderer draws straight onto them one to one as 32-bit
// RGB with no alpha: SDL's software renderer on a window, with no target, scale or offset.
SDL_Surface* window_pixels(SDL_Renderer* renderer)
{
    if (SDL_GetRenderTarget(renderer))
        return nullptr;
    float sx = 1, sy = 1;
    SDL_RenderGetScale(renderer, &sx, &sy);
    SDL_Rect viewport{};
    SDL_RenderGetViewport(renderer, &viewport);
    SDL_Window* window = SDL_RenderGetWindow(renderer);
    if (sx != 1 || sy != 1 || viewport.x != 0 || viewport.y != 0 || !window)
        return nullptr;
    SDL_Surface* surface = SDL_GetWindowSurface(window);
    if (!surface || SDL_MUSTLOCK(surface) || surface->format->BytesPerPixel != 4 || surface->format->Amask != 0 ||
        surface->format->Rmask != 0xFF0000 || surface->format->Gmask != 0xFF00 || surface->format->Bmask != 0xFF)
        return nullptr;
    return surface;
}

// A glyph at its own size: two triangles (ImGui's PrimRectUV: corners a, b, c and a, c, d) of
// one colour, an upright rectangle of the atlas covering as many pixels as it has texels, in
// the whole pixels SDL's software renderer turns the floats into.
struct Glyph {
    SDL_Rect on_screen; // pixels
    SDL_Point in_atlas; // top-left texel
    ImU32 colour;
};

bool as_glyph(const ImDrawVert* vtx, const ImDrawIdx* idx, const GlyphSource& source, Glyph& out)
{
    if (idx[3] != idx[0] || idx[4] != idx[2])
        return false;
    const ImDrawVert &a = vtx[idx[0]], &b = vtx[idx[1]], &c = vtx[idx[2]], &d = vtx[idx[5]];
    // Opaque white is the one colour SDL 2.26 does not modulate by, and then it blends with
    // other arithmetic (its surface blitters'); such glyphs are left to it.
    if (a.col != b.col || a.col != c.col || a.col != d.col || a.col == IM_COL32_WHITE)
        return false;
    if (!(a.pos.y == b.pos.y && b.pos.x == c.pos.x && c.pos.y == d.pos.y && d.pos.x == a.pos.x))
        return false;
    if (!(a.uv.y == b.uv.y && b.uv.x == c.uv.x && c.uv.y == d.uv.y && d.uv.x == a.uv.x))
        return false;
    // As SDL_RenderGeometry hands them to the software renderer: truncated to whole pixels and texels.
    int x0 = static_cast<int>(a.pos.x), y0 = static_cast<int>(a.pos.y), x1 = static_cast<int>(c.pos.x), y1 = static_cast<int>(c.pos.y);
    int u0 = static_cast<int>(a.uv.x * static_cast<float>(source.width)), v0 = static_cast<int>(a.uv.y * static_cast<float>(source.height));
    int u1 = static_cast<int>(c.uv.x * static_cast<float>(source.width)), v1 = static_cast<int>(c.uv.y * static_cast<float>(source.height));
    if (x1 <= x0 || y1 <= y0 || x1 - x0 != u1 - u0 || y1 - y0 != v1 - v0)
        return false;
    if (u0 < 0 || v0 < 0 || u1 > source.width || v1 > source.height)
        return false;
    out = Glyph{{x0, y0, x1 - x0, y1 - y0}, {u0, v0}, a.col};
    return true;
}

// SDL's blend of a white texel of alpha `texel` in `colour` over the pixel, as its software
// triangle blitter computes it (SDL_BlitTriangle_Slow: modulate, premultiply, blend, each
// channel divided by 255), so the picture is the one SDL would draw.
void blend_glyph(SDL_Surface* surface, const SDL_Rect& clip, const Glyph& glyph, const GlyphSource& source)
{
    SDL_Rect area, bounds{0, 0, surface->w, surface->h};
    if (!SDL_IntersectRect(&glyph.on_screen, &clip, &area) || !SDL_IntersectRect(&area, &bounds, &area))
        return;
    const Uint32 r = (glyph.colour >> IM_COL32_R_SHIFT) & 0xFF, g = (glyph.colour >> IM_COL32_G_SHIFT) & 0xFF;
    const Uint32 b = (glyph.colour >> IM_COL32_B_SHIFT) & 0xFF, a = (glyph.colour >> IM_COL32_A_SHIFT) & 0xFF;
    const Uint32 full = (r << 16) | (g << 8) | b;
    for (int y = area.y; y < area.y + area.h; ++y) {
        auto* row = reinterpret_cast<Uint32*>(static_cast<Uint8*>(surface->pixels) + static_cast<std::ptrdiff_t>(y) * surface->pitch);
        const unsigned char* texels = source.alpha + static_cast<std::ptrdiff_t>(glyph.in_atlas.y + y - glyph.on_screen.y) * source.width
                                      + (glyph.in_atlas.x - glyph.on_screen.x);
        for (int x = area.x; x < area.x + area.w; ++x) {
            const Uint32 alpha = (texels[x] * a) / 255;
            if (alpha == 0)
                continue; // blending nothing leaves the pixel as it was
            if (alpha == 255) {
                row[x] = full;
                continue;
            }
            const Uint32 under = row[x], keep = 255 - alpha;
            const Uint32 dr = (r * alpha) / 255 + (keep * ((under >> 16) & 0xFF)) / 255;
            const Uint32 dg = (g * alpha) / 255 + (keep * ((under >> 8) & 0xFF)) / 255;
            const Uint32 db = (b * alpha) / 255 + (keep * (under & 0xFF)) / 255;
            row[x] = (dr << 16) | (dg << 8) | db;
        }
    }
}

// The draw callback: one atlas command, its glyphs blended here and the rest drawn by SDL, in order.
void glyph_run(const ImDrawList* list, const ImDrawCmd* cmd)
{
    const auto& source = *static_cast<const GlyphSource*>(cmd->UserCallbackData);
    SDL_Renderer* renderer = source.renderer;
    std::optional<SDL_Rect> clip = clip_as_backend(cmd, renderer);
    if (!clip)
        return;
    SDL_Surface* surface = window_pixels(renderer);
    auto* texture = static_cast<SDL_Texture*>(cmd->TextureId);
    const ImDrawVert* vtx = list->VtxBuffer.Data + cmd->VtxOffset;
    const ImDrawIdx* idx = list->IdxBuffer.Data + cmd->IdxOffset;
    static thread_local std::vector<int> triangles; // SDL's share, drawn together
    triangles.clear();
    auto draw_triangles = [&] { render_triangles(renderer, texture, vtx, triangles); };
    bool flushed = false; // SDL has drawn everything queued before this glyph
    for (unsigned int i = 0; i + 2 < cmd->ElemCount;) {
        Glyph glyph;
        if (surface && i + 5 < cmd->ElemCount && as_glyph(vtx, idx + i, source, glyph)) {
            if (!triangles.empty() || !flushed) {
                draw_triangles(); // what came before stays under
                SDL_RenderFlush(renderer);
                flushed = true;
            }
            blend_glyph(surface, *clip, glyph, source);
            i += 6;
            continue;
        }
        triangles.insert(triangles.end(), {idx[i], idx[i + 1], idx[i + 2]});
        flushed = false;
        i += 3;
    }
    draw_triangles();
}

} // namespace

int take_glyphs(ImDrawData* draw_data, ImTextureID atlas, const GlyphSource* source)
{
    if (!source || !source->alpha || !source->renderer || !atlas)
        return 0;
    int taken = 0;
    for (int n = 0; n < draw_data->CmdListsCount; ++n)
        for (ImDrawCmd& cmd : draw_data->CmdLists[n]->CmdBuffer)
            if (!cmd.UserCallback && cmd.TextureId == atlas) {
                cmd.UserCallback = glyph_run;
                cmd.UserCallbackData = const_cast<GlyphSource*>(source);
                ++taken;
            }
    return taken;
}

} // namespace coi::platform
