#pragma once
// Images for the screens: bytes come from the store (through a loader the app gives),
// are decoded with SDL2_image (PNG, JPEG, SVG rasterised at the size it is shown) and
// kept as textures until the content changes. Rasterising an SVG is the slowest thing the
// kiosk does at start (about 30 ms a picture on a PC), so each raster is also kept on disk.

#include "kiosk/platform/disk_cache.h"
#include "kiosk/ui/canvas.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct SDL_Renderer;
struct SDL_Texture;

namespace coi::platform {

struct ImageBytes {
    std::string type; // image/png, image/jpeg, image/svg+xml
    std::string bytes;
};
using ImageLoader = std::function<std::optional<ImageBytes>(const std::string& sha256)>;

class TextureCache final : public ui::ImageSource {
public:
    TextureCache(SDL_Renderer* renderer, ImageLoader loader, DiskCache rasters = {})
        : m_renderer(renderer), m_loader(std::move(loader)), m_rasters(std::move(rasters)) {}
    ~TextureCache() override;
    ui::ImageRef image(const std::string& sha256, ImVec2 box) override;
    ui::ImageRef ring(float radius, float thickness) override; // rasterised once per size
    void clear(); // after new content: drop what may no longer be used
    // Forgets the rasters on disk of every picture but these (the content's media).
    void keep_rasters_of(const std::vector<std::string>& sha256s) const;

private:
    struct Entry {
        SDL_Texture* texture = nullptr; // null: failed to decode, do not retry every frame
        int width = 0, height = 0;
        int box_w = 0, box_h = 0;
    };
    SDL_Renderer* m_renderer;
    ImageLoader m_loader;
    DiskCache m_rasters;
    std::map<std::string, Entry> m_entries;
};

} // namespace coi::platform
