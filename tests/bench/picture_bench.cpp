// scripts/bench/pictures: what the picture pipeline (content/server/image.h) costs for the
// photos phones make. A 12-megapixel "photo" (gradients, edges and sensor-like noise, so it
// compresses like one) is encoded as a phone would send it, then normalised N times; the
// median is printed with the bytes before and after.
#include "content/server/image.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace coi::server;

namespace {

Picture photo(int width, int height)
{
    Picture picture{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 4)};
    std::mt19937 noise(7);
    std::uniform_int_distribution<int> grain(-12, 12);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            auto* p = &picture.rgba[(static_cast<std::size_t>(y) * width + x) * 4];
            bool window = (x / 400 + y / 300) % 3 == 0;
            int base[3] = {60 + 150 * x / width, 90 + 100 * y / height, window ? 200 : 70};
            for (int c = 0; c < 3; ++c)
                p[c] = static_cast<std::uint8_t>(std::clamp(base[c] + grain(noise), 0, 255));
            p[3] = 255;
        }
    return picture;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    int runs = argc > 1 ? std::atoi(argv[1]) : 7;
    auto upload = encode_jpeg(photo(4000, 3000), 92);
    std::vector<double> ms;
    EncodedPicture stored;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        auto result = normalise_picture(upload);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (!result) {
            std::fprintf(stderr, "refused: %s\n", result.failure().message.c_str());
            return 1;
        }
        stored = result.release();
    }
    std::printf("12-megapixel JPEG upload: %.1f MB, 4000 x 3000\n", upload.size() / 1e6);
    std::printf("stored: %s, %d x %d, %.0f KB (%.1f%% of the upload)\n", stored.type.c_str(), stored.width, stored.height,
                stored.bytes.size() / 1e3, 100.0 * stored.bytes.size() / upload.size());
    std::printf("normalise_picture: median %.0f ms over %d runs (min %.0f, max %.0f)\n", median(ms), runs,
                *std::min_element(ms.begin(), ms.end()), *std::max_element(ms.begin(), ms.end()));
    return 0;
}
