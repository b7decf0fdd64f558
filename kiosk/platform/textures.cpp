#include "kiosk/platform/textures.h"

#include <SDL.h>
#include <SDL_image.h>

#include <cmath>

namespace coi::platform {

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
            // Rasterise at the size it is shown: crisp, and no bigger than needed.
            auto load_svg = [&](int w, int h) {
                SDL_RWops* rw = SDL_RWFromConstMem(bytes->bytes.data(), static_cast<int>(bytes->bytes.size()));
                SDL_Surface* s = IMG_LoadSizedSVG_RW(rw, w, h);
                SDL_RWclose(rw); // this loader does not take ownership of the stream
                return s;
            };
            surface = load_svg(box_w, 0);
            if (surface && surface->h > box_h) {
                SDL_FreeSurface(surface);
                surface = load_svg(0, box_h);
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

} // namespace coi::platform
