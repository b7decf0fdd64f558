#pragma once
// Pictures as the server keeps them: every upload (a notice's picture, a screen's screenshot)
// is decoded in full, turned upright, made no larger than a screen needs and encoded again.
// So what reaches a kiosk is always a picture its decoder can read, never the bytes someone
// sent: no metadata (a phone photo's GPS position), no trailing HTML, no 12-megapixel
// original sent to every screen, no image whose header promises 20000 x 20000 pixels.
// libjpeg, libpng, libwebp, libheif and libexif only; no HTTP, no SQLite.

#include "outcome.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::server {

// 8-bit RGBA, rows top to bottom, no padding.
struct Picture {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

struct EncodedPicture {
    std::string type; // "image/jpeg" or "image/png"
    std::string bytes;
    int width = 0;
    int height = 0;
};

struct PictureBounds {
    // The largest screen is 1920 x 1080 and may stand either way up (a portrait kiosk), so a
    // picture's long side is fitted to `fit_long` and its short side to `fit_short`.
    int fit_long = 1920;
    int fit_short = 1080;
    // Refused from the header, before a pixel is decoded: a decompression bomb declares its size.
    int max_side = 12000;
    std::int64_t max_pixels = 50'000'000; // a 48-megapixel phone photo fits; RGBA is 200 MB at most
};

// What a kiosk's screenshot may be: a screen up to 4K, kept at the size the admin shows it.
inline constexpr PictureBounds kScreenshotBounds{1920, 1080, 3840, 3840LL * 2160};

// "image/jpeg", "image/png", "image/webp", "image/heic" from the first bytes; "" for none of them.
std::string sniff_picture_type(std::string_view bytes);

// Decodes a JPEG, PNG, WebP or HEIC/HEIF picture in full, upright (a JPEG's EXIF orientation is
// applied to the pixels; HEIC's own rotation by libheif). Refuses in plain words what cannot be
// read or is larger than `bounds` allow.
Outcome<Picture> decode_picture(std::string_view bytes, const PictureBounds& bounds = {});

// A part of the upright picture, as fractions of its width and height (0..1), so that a frame
// placed over any preview of it (the browser's, scaled) means the same pixels here.
struct CropFraction {
    double x = 0, y = 0, width = 1, height = 1;
};

// "x,y,width,height" as four fractions, e.g. "0,0.125,1,0.75": refused in words unless it is a
// part of the picture with some size.
Outcome<CropFraction> read_crop(std::string_view text);

// The pixels inside `crop`, rounded to whole pixels and never empty.
Picture crop_picture(const Picture& picture, const CropFraction& crop);

// Scales down (never up) to fit the bounds; an area average, so small text stays legible.
Picture fit_within(const Picture& picture, const PictureBounds& bounds);

// A picture with any transparency is kept as PNG; anything else becomes a JPEG.
std::string encode_jpeg(const Picture& picture, int quality = 85);
std::string encode_png(const Picture& picture);

// The whole pipeline for an upload: decode, upright, crop (after turning upright, so the EXIF
// orientation is applied once and the crop means what the person saw), fit, encode again.
Outcome<EncodedPicture> normalise_picture(std::string_view bytes, const PictureBounds& bounds = {},
                                          const std::optional<CropFraction>& crop = std::nullopt);

// A kiosk's screenshot: a PNG only, bounded by kScreenshotBounds, stored as a fresh PNG.
Outcome<EncodedPicture> normalise_screenshot(std::string_view png);

} // namespace coi::server
