#pragma once
// Pictures made in the test: a picture whose way up is plain to see, a phone's EXIF block with
// an orientation and a GPS position, and a PNG header that promises more pixels than it has.
#include "content/server/image.h"

#include <algorithm>
#include <string>
#include <vector>
#include <zlib.h>

namespace coi::server::test {

struct Rgb {
    int r, g, b;
};

// Left half red, right half blue: which way up it ends is plain to see.
inline Picture red_left_blue_right(int width, int height)
{
    Picture picture{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 4)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            auto* p = &picture.rgba[(static_cast<std::size_t>(y) * width + x) * 4];
            bool left = x < width / 2;
            p[0] = left ? 220 : 20, p[1] = 20, p[2] = left ? 20 : 220, p[3] = 255;
        }
    return picture;
}

inline Rgb pixel(const Picture& picture, int x, int y)
{
    auto* p = &picture.rgba[(static_cast<std::size_t>(y) * picture.width + x) * 4];
    return {p[0], p[1], p[2]};
}

inline bool reddish(Rgb c) { return c.r > 150 && c.b < 100; }
inline bool bluish(Rgb c) { return c.b > 150 && c.r < 100; }

inline std::string big_endian(std::uint32_t value, int bytes)
{
    std::string out;
    for (int i = bytes - 1; i >= 0; --i)
        out += static_cast<char>((value >> (8 * i)) & 0xff);
    return out;
}

// An EXIF block as a phone writes one (big-endian TIFF): IFD0 holds the orientation and a
// pointer to the GPS IFD, which holds "N" and a latitude of 52° 38′.
inline std::string exif_app1(int orientation)
{
    std::string tiff = "MM" + big_endian(42, 2) + big_endian(8, 4);
    const std::uint32_t gps_ifd = 8 + 2 + 2 * 12 + 4;
    tiff += big_endian(2, 2);
    tiff += big_endian(0x0112, 2) + big_endian(3, 2) + big_endian(1, 4) + big_endian(orientation, 2) + big_endian(0, 2);
    tiff += big_endian(0x8825, 2) + big_endian(4, 2) + big_endian(1, 4) + big_endian(gps_ifd, 4);
    tiff += big_endian(0, 4);
    const std::uint32_t latitude = gps_ifd + 2 + 2 * 12 + 4;
    tiff += big_endian(2, 2);
    tiff += big_endian(0x0001, 2) + big_endian(2, 2) + big_endian(2, 4) + std::string("N\0\0\0", 4);
    tiff += big_endian(0x0002, 2) + big_endian(5, 2) + big_endian(3, 4) + big_endian(latitude, 4);
    tiff += big_endian(0, 4);
    tiff += big_endian(52, 4) + big_endian(1, 4) + big_endian(38, 4) + big_endian(1, 4) + big_endian(0, 4) + big_endian(1, 4);
    std::string body = std::string("Exif\0\0", 6) + tiff;
    return "\xff\xe1" + big_endian(static_cast<std::uint32_t>(body.size() + 2), 2) + body;
}

// A JPEG with an EXIF block put straight after its start-of-image marker, where cameras put it.
inline std::string jpeg_with_exif(const Picture& picture, int orientation)
{
    auto jpeg = encode_jpeg(picture, 95);
    return jpeg.substr(0, 2) + exif_app1(orientation) + jpeg.substr(2);
}

// The markers of a JPEG's header, up to the start of its pixels.
inline std::vector<int> jpeg_markers(const std::string& jpeg)
{
    std::vector<int> markers;
    std::size_t at = 2;
    while (at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at]) == 0xff) {
        int marker = static_cast<unsigned char>(jpeg[at + 1]);
        markers.push_back(marker);
        if (marker == 0xda)
            break;
        at += 2 + ((static_cast<unsigned char>(jpeg[at + 2]) << 8) | static_cast<unsigned char>(jpeg[at + 3]));
    }
    return markers;
}

inline std::string png_chunk(const std::string& type, const std::string& data)
{
    std::string typed = type + data;
    auto crc = crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
    return big_endian(static_cast<std::uint32_t>(data.size()), 4) + typed + big_endian(static_cast<std::uint32_t>(crc), 4);
}

// A valid PNG header that promises width x height pixels, with a few bytes of pixels behind it:
// what a decompression bomb looks like before anyone inflates it.
inline std::string png_claiming(std::uint32_t width, std::uint32_t height)
{
    std::string ihdr = big_endian(width, 4) + big_endian(height, 4) + std::string("\x08\x06\x00\x00\x00", 5);
    std::string zeros(4096, '\0');
    std::string deflated(compressBound(zeros.size()), '\0');
    uLongf size = deflated.size();
    compress(reinterpret_cast<Bytef*>(deflated.data()), &size, reinterpret_cast<const Bytef*>(zeros.data()), zeros.size());
    deflated.resize(size);
    return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", deflated) + png_chunk("IEND", "");
}

} // namespace coi::server::test
