// kiosk/platform/textures: pictures are decoded once per size shown; an SVG's raster is also
// kept on disk, so the next start shows it without rasterising again. A raster on disk that
// is torn or does not fit is ignored and made again.
#include "headless.h"
#include "kiosk/platform/display.h"
#include "kiosk/platform/textures.h"

#include <SDL.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace coi;
namespace fs = std::filesystem;

namespace {

const std::string kSha = "5a1e";
// A picture twice as wide as it is tall.
const std::string kSvg = R"(<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">)"
                         R"(<rect width="200" height="100" fill="#2f6f5e"/><circle cx="100" cy="50" r="40" fill="#f4b942"/></svg>)";

class Textures : public ::testing::Test {
protected:
    void SetUp() override
    {
        display = coi::testing::headless(320, 240);
        ASSERT_TRUE(display);
        folder = fs::temp_directory_path() / ("coi-textures-" + std::to_string(::getpid()));
        fs::remove_all(folder);
    }
    void TearDown() override { fs::remove_all(folder); }

    platform::TextureCache cache()
    {
        return platform::TextureCache(display->renderer(), [this](const std::string& sha) {
            ++loads;
            std::optional<platform::ImageBytes> out;
            if (sha == kSha)
                out = platform::ImageBytes{"image/svg+xml", kSvg};
            return out;
        }, platform::DiskCache(folder.string()));
    }
    fs::path raster(int w, int h) const { return folder / (kSha + "-" + std::to_string(w) + "x" + std::to_string(h) + ".bmp"); }

    // A plain BMP of the given size, as another start would have left it.
    void plant_bmp(const fs::path& path, int w, int h)
    {
        SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        ASSERT_NE(s, nullptr);
        SDL_FillRect(s, nullptr, 0xffff0000);
        // Saved the way the cache keeps files (with its checksum), so it is read back as one.
        fs::path bmp = path.string() + ".planted";
        ASSERT_EQ(SDL_SaveBMP(s, bmp.c_str()), 0);
        SDL_FreeSurface(s);
        std::ifstream in(bmp, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        fs::remove(bmp);
        ASSERT_TRUE(platform::DiskCache(path.parent_path().string()).write(path.filename().string(), bytes));
    }

    std::unique_ptr<platform::Display> display;
    fs::path folder;
    int loads = 0;
};

} // namespace

TEST_F(Textures, AnSvgIsRasterisedToFitItsBoxKeepingItsShape)
{
    auto textures = cache();
    ui::ImageRef wide = textures.image(kSha, ImVec2(100, 100));
    ASSERT_NE(wide.id, nullptr);
    EXPECT_EQ(wide.width, 100);
    EXPECT_EQ(wide.height, 50);
    ui::ImageRef tall = textures.image(kSha, ImVec2(400, 60));
    EXPECT_NEAR(tall.width, 120, 1);
    EXPECT_NEAR(tall.height, 60, 1); // SDL2_image rounds a side up; the canvas scales it to fit
}

TEST_F(Textures, ARasterOnePixelOverItsBoxFromRoundingIsStillReadBack)
{
    {
        auto first = cache();
        ASSERT_NE(first.image(kSha, ImVec2(400, 60)).id, nullptr);
    }
    plant_bmp(raster(400, 60), 121, 61);
    auto next = cache();
    EXPECT_EQ(next.image(kSha, ImVec2(400, 60)).width, 121);
}

TEST_F(Textures, TheRasterIsKeptOnDiskAndTheNextStartUsesIt)
{
    {
        auto first = cache();
        ASSERT_NE(first.image(kSha, ImVec2(100, 100)).id, nullptr);
    }
    ASSERT_TRUE(fs::exists(raster(100, 100)));
    // Swap in a raster of a size rasterising would never give: if it comes back, it was read.
    plant_bmp(raster(100, 100), 90, 30);
    auto next = cache();
    ui::ImageRef image = next.image(kSha, ImVec2(100, 100));
    EXPECT_EQ(image.width, 90);
    EXPECT_EQ(image.height, 30);
}

TEST_F(Textures, ATornOrOversizedRasterOnDiskIsMadeAgain)
{
    fs::create_directories(folder);
    std::ofstream(raster(100, 100), std::ios::binary) << "BM torn";
    auto textures = cache();
    ui::ImageRef image = textures.image(kSha, ImVec2(100, 100));
    EXPECT_EQ(image.width, 100);
    EXPECT_EQ(image.height, 50);
    EXPECT_GT(fs::file_size(raster(100, 100)), 100u * 50u * 3u); // rewritten whole

    plant_bmp(raster(80, 80), 200, 200); // bigger than its box: not ours to trust
    textures.clear();
    ui::ImageRef small = textures.image(kSha, ImVec2(80, 80));
    EXPECT_EQ(small.width, 80);
    EXPECT_EQ(small.height, 40);
}

TEST_F(Textures, RastersOfPicturesNoLongerInTheContentAreForgotten)
{
    auto textures = cache();
    ASSERT_NE(textures.image(kSha, ImVec2(100, 100)).id, nullptr);
    plant_bmp(folder / "0ld-100x100.bmp", 10, 10);
    textures.keep_rasters_of({kSha});
    EXPECT_TRUE(fs::exists(raster(100, 100)));
    EXPECT_FALSE(fs::exists(folder / "0ld-100x100.bmp"));
    textures.keep_rasters_of({});
    EXPECT_FALSE(fs::exists(raster(100, 100)));
}

TEST_F(Textures, APictureThatCannotBeDecodedIsAskedForOnlyOnce)
{
    auto textures = cache();
    EXPECT_EQ(textures.image("missing", ImVec2(50, 50)).id, nullptr);
    EXPECT_EQ(textures.image("missing", ImVec2(50, 50)).id, nullptr);
    EXPECT_EQ(loads, 1);
}

TEST_F(Textures, WithoutACacheFolderPicturesStillShow)
{
    platform::TextureCache textures(display->renderer(), [](const std::string&) {
        return std::optional<platform::ImageBytes>(platform::ImageBytes{"image/svg+xml", kSvg});
    });
    EXPECT_EQ(textures.image(kSha, ImVec2(100, 100)).width, 100);
}

TEST_F(Textures, ARingIsRasterisedOnceForEachSizeWithRoomForItsSoftEdge)
{
    auto textures = cache();
    ui::ImageRef ring = textures.ring(12, 2.5f);
    ASSERT_NE(ring.id, nullptr);
    EXPECT_EQ(ring.width, 29); // ceil(2 * 12 + 2.5) + 2
    EXPECT_EQ(ring.height, 29);
    EXPECT_EQ(textures.ring(12.05f, 2.5f).id, ring.id); // the same to a quarter pixel
    EXPECT_NE(textures.ring(14, 2.5f).id, ring.id);
    EXPECT_EQ(textures.ring(0, 2).id, nullptr);
    EXPECT_EQ(textures.ring(12, 0).id, nullptr);
    EXPECT_EQ(textures.ring(12, 40).id, nullptr);
    // The ring is white where it is drawn and clear in its middle, for the canvas to tint.
    Uint32 format = 0;
    SDL_QueryTexture(static_cast<SDL_Texture*>(ring.id), &format, nullptr, nullptr, nullptr);
    SDL_Texture* target = SDL_CreateTexture(display->renderer(), SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, 29, 29);
    ASSERT_NE(target, nullptr);
    SDL_SetRenderTarget(display->renderer(), target);
    SDL_SetRenderDrawColor(display->renderer(), 0, 0, 0, 255);
    SDL_RenderClear(display->renderer());
    SDL_RenderCopy(display->renderer(), static_cast<SDL_Texture*>(ring.id), nullptr, nullptr);
    std::vector<Uint32> px(29 * 29);
    SDL_RenderReadPixels(display->renderer(), nullptr, SDL_PIXELFORMAT_ARGB8888, px.data(), 29 * 4);
    SDL_SetRenderTarget(display->renderer(), nullptr);
    SDL_DestroyTexture(target);
    EXPECT_EQ(px[14 * 29 + 14] & 0xffffff, 0u);        // the middle: nothing
    EXPECT_EQ(px[14 * 29 + 2] & 0xffffff, 0xffffffu);  // on the stroke, 12 from the middle: white
    EXPECT_EQ(px[0] & 0xffffff, 0u);                   // outside: nothing
}

// A worn SD card's scribble in a raster's pixels keeps its size and header: without a
// checksum it was shown as noise on every start. Now it is a miss, rasterised again and rewritten.
TEST_F(Textures, ARasterWhosePixelsChangedOnDiskIsMadeAgain)
{
    {
        auto first = cache();
        ASSERT_NE(first.image(kSha, ImVec2(100, 100)).id, nullptr);
    }
    auto path = raster(100, 100);
    auto size = fs::file_size(path);
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(size / 2));
        file.put('\x5a');
        file.put('\xa5');
    }
    platform::DiskCache disk(folder.string());
    ASSERT_FALSE(disk.read(path.filename().string())) << "the scribble is seen";
    auto next = cache();
    ui::ImageRef image = next.image(kSha, ImVec2(100, 100));
    EXPECT_EQ(image.width, 100);
    EXPECT_EQ(image.height, 50);
    EXPECT_TRUE(disk.read(path.filename().string())) << "rasterised again and kept";
}
