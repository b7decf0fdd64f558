#pragma once
// Images for the screens: bytes come from the store (through a loader the app gives),
// are decoded with SDL2_image (PNG, JPEG, SVG rasterised at the size it is shown) and
// kept as textures until the content changes.

#include "kiosk/ui/canvas.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

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
    TextureCache(SDL_Renderer* renderer, ImageLoader loader) : m_renderer(renderer), m_loader(std::move(loader)) {}
    ~TextureCache() override;
    ui::ImageRef image(const std::string& sha256, ImVec2 box) override;
    void clear(); // after new content: drop what may no longer be used

private:
    struct Entry {
        SDL_Texture* texture = nullptr; // null: failed to decode, do not retry every frame
        int width = 0, height = 0;
        int box_w = 0, box_h = 0;
    };
    SDL_Renderer* m_renderer;
    ImageLoader m_loader;
    std::map<std::string, Entry> m_entries;
};

} // namespace coi::platform
