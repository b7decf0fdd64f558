// png_compare: what tests/package/arm64_test.sh needs to know about two screenshots, read
// with SDL2_image (already a kiosk dependency, so no new package).
//   png_compare A.png            prints "size WxH colours N"
//   png_compare A.png B.png      also "differing N of T max M": N of the T pixels differ by more
//                                than 8 in some channel (a rounding difference on an
//                                anti-aliased edge is not a change), M is the largest channel
//                                difference anywhere.
// Exit 0 with those lines, 1 if a file cannot be read (with SDL's reason), 2 on bad usage.
#include <SDL.h>
#include <SDL_image.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unordered_set>

namespace {

struct SurfaceDeleter {
    void operator()(SDL_Surface* surface) const { SDL_FreeSurface(surface); }
};
using Surface = std::unique_ptr<SDL_Surface, SurfaceDeleter>;

// The file as 32-bit RGBA pixels, whatever the PNG's own format.
Surface load_rgba(char const* path)
{
    Surface loaded { IMG_Load(path) };
    if (!loaded)
        return nullptr;
    return Surface { SDL_ConvertSurfaceFormat(loaded.get(), SDL_PIXELFORMAT_RGBA32, 0) };
}

std::uint32_t pixel_at(SDL_Surface const& surface, int x, int y)
{
    auto const* row = static_cast<std::uint8_t const*>(surface.pixels) + static_cast<std::ptrdiff_t>(y) * surface.pitch;
    std::uint32_t value = 0;
    SDL_memcpy(&value, row + static_cast<std::ptrdiff_t>(x) * 4, 4);
    return value;
}

int largest_channel_difference(std::uint32_t a, std::uint32_t b)
{
    int largest = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        int const difference = std::abs(static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff));
        largest = std::max(largest, difference);
    }
    return largest;
}

}

int main(int argc, char** argv)
{
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: png_compare A.png [B.png]\n");
        return 2;
    }
    Surface a = load_rgba(argv[1]);
    if (!a) {
        std::fprintf(stderr, "png_compare: %s: %s\n", argv[1], IMG_GetError());
        return 1;
    }
    std::unordered_set<std::uint32_t> colours;
    for (int y = 0; y < a->h; ++y)
        for (int x = 0; x < a->w; ++x)
            colours.insert(pixel_at(*a, x, y));
    std::printf("size %dx%d colours %zu\n", a->w, a->h, colours.size());
    if (argc == 2)
        return 0;

    Surface b = load_rgba(argv[2]);
    if (!b) {
        std::fprintf(stderr, "png_compare: %s: %s\n", argv[2], IMG_GetError());
        return 1;
    }
    long const pixels = static_cast<long>(a->w) * a->h;
    if (a->w != b->w || a->h != b->h) {
        // Different sizes differ everywhere; say so in the same terms.
        std::printf("differing %ld of %ld max 255\n", pixels, pixels);
        return 0;
    }
    long differing = 0;
    int largest = 0;
    for (int y = 0; y < a->h; ++y) {
        for (int x = 0; x < a->w; ++x) {
            int const difference = largest_channel_difference(pixel_at(*a, x, y), pixel_at(*b, x, y));
            largest = std::max(largest, difference);
            if (difference > 8)
                ++differing;
        }
    }
    std::printf("differing %ld of %ld max %d\n", differing, pixels, largest);
    return 0;
}
