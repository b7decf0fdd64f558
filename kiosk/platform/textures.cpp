#include "kiosk/platform/textures.h"
#include "content/feed/result.h"

#include <SDL.h>
#include <SDL_image.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace coi::platform {

namespace {

std::string raster_name(const std::string& sha256, int box_w, int box_h)
{
    return sha256 + "-" + std::to_string(box_w) + "x" + std::to_string(box_h) + ".bmp";
}

// BMP: no compression to pay for on the way in or out, and SDL reads and writes it itself.
std::optional<std::string> bmp_bytes(SDL_Surface* surface)
{
    std::string out(1024 + static_cast<std::size_t>(surface->w) * static_cast<std::size_t>(surface->h) * 4, '\0');
    SDL_RWops* rw = SDL_RWFromMem(out.data(), static_cast<int>(out.size()));
    if (!rw)
        return std::nullopt;
    bool saved = SDL_SaveBMP_RW(surface, rw, 0) == 0;
    Sint64 size = SDL_RWtell(rw);
    SDL_RWclose(rw);
    if (!saved || size <= 0)
        return std::nullopt;
    out.resize(static_cast<std::size_t>(size));
    return out;
}

// SDL2_image rounds each side of a raster up, so one can be a pixel over its box (the canvas
// scales it to fit).
constexpr int kRoundingSlack = 1;

// A raster read back is used only if it is whole and fits the box it was made for.
SDL_Surface* raster_from_bmp(const std::string& bytes, int box_w, int box_h)
{
    SDL_Surface* surface = SDL_LoadBMP_RW(SDL_RWFromConstMem(bytes.data(), static_cast<int>(bytes.size())), 1);
    if (surface && (surface->w <= 0 || surface->h <= 0 || surface->w > box_w + kRoundingSlack || surface->h > box_h + kRoundingSlack)) {
        SDL_FreeSurface(surface);
        surface = nullptr;
    }
    return surface;
}

SDL_Surface* rasterise_svg(const std::string& bytes, int box_w, int box_h)
{
    // SDL2_image 2.6 scales to fit both sides and keeps the aspect: one raster, never two.
    SDL_RWops* rw = SDL_RWFromConstMem(bytes.data(), static_cast<int>(bytes.size()));
    SDL_Surface* surface = IMG_LoadSizedSVG_RW(rw, box_w, box_h);
    SDL_RWclose(rw); // this loader does not take ownership of the stream
    return surface;
}

} // namespace

TextureCache::~TextureCache() { clear(); }

void TextureCache::clear()
{
    for (auto& [sha, entry] : m_entries)
        if (entry.texture)
            SDL_DestroyTexture(entry.texture);
    m_entries.clear();
}

ui::ImageRef TextureCache::image(const std::string& sha256, ImVec2 box)
{
    int box_w = static_cast<int>(std::round(box.x)), box_h = static_cast<int>(std::round(box.y));
    if (box_w <= 0 || box_h <= 0)
        return {};
    auto it = m_entries.find(sha256);
    if (it != m_entries.end() && it->second.box_w == box_w && it->second.box_h == box_h)
        return {it->second.texture, it->second.width, it->second.height};
    if (it != m_entries.end() && it->second.texture)
        SDL_DestroyTexture(it->second.texture);
    Entry entry{nullptr, 0, 0, box_w, box_h};
    if (auto bytes = m_loader(sha256)) {
        SDL_Surface* surface = nullptr;
        if (bytes->type == "image/svg+xml") {
            // Rasterised at the size it is shown: crisp, and no bigger than needed.
            std::string name = raster_name(sha256, box_w, box_h);
            if (auto cached = m_rasters.read(name))
                surface = raster_from_bmp(*cached, box_w, box_h);
            if (!surface) {
                surface = rasterise_svg(bytes->bytes, box_w, box_h);
                if (surface)
                    if (auto bmp = bmp_bytes(surface))
                        let_go(m_rasters.write(name, *bmp), "not kept: made again next start, nothing lost");
            }
        } else {
            surface = IMG_Load_RW(SDL_RWFromConstMem(bytes->bytes.data(), static_cast<int>(bytes->bytes.size())), 1);
        }
        if (surface) {
            entry.texture = SDL_CreateTextureFromSurface(m_renderer, surface);
            entry.width = surface->w;
            entry.height = surface->h;
            SDL_FreeSurface(surface);
        }
    }
    m_entries[sha256] = entry;
    return {entry.texture, entry.width, entry.height};
}

ui::ImageRef TextureCache::ring(float radius, float thickness)
{
    // A quarter pixel is finer than anyone can see, and keeps the sizes few.
    auto quarter = [](float v) { return std::round(v * 4) / 4; };
    float r = quarter(radius), stroke = quarter(thickness);
    if (!(r >= 1 && r <= 500 && stroke > 0 && stroke <= r))
        return {};
    std::string key = "ring:" + std::to_string(r) + ":" + std::to_string(stroke);
    auto it = m_entries.find(key);
    if (it != m_entries.end())
        return {it->second.texture, it->second.width, it->second.height};
    // A pixel to spare all round, so the ring's soft edge is never cut.
    int side = static_cast<int>(std::ceil(2 * r + stroke)) + 2;
    Entry entry{nullptr, 0, 0, side, side};
    // SDL2_image's own SVG rasteriser draws it, smooth-edged, in white for the canvas to tint.
    char svg[256];
    std::snprintf(svg, sizeof svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"><circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" "
        "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"%.2f\"/></svg>",
        side, side, side / 2.0, side / 2.0, static_cast<double>(r), static_cast<double>(stroke));
    if (SDL_Surface* surface = rasterise_svg(svg, side, side)) {
        if (surface->w == side && surface->h == side) {
            entry.texture = SDL_CreateTextureFromSurface(m_renderer, surface);
            entry.width = entry.height = side;
        }
        SDL_FreeSurface(surface);
    }
    m_entries[key] = entry;
    return {entry.texture, entry.width, entry.height};
}

void TextureCache::keep_rasters_of(const std::vector<std::string>& sha256s) const
{
    m_rasters.keep_only([&](std::string_view name) {
        auto dash = name.find('-');
        return dash != std::string_view::npos && std::find(sha256s.begin(), sha256s.end(), name.substr(0, dash)) != sha256s.end();
    });
}

} // namespace coi::platform
