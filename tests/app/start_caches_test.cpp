// kiosk/app: what a start leaves in <data>/cache (the font atlas, the pictures' rasters) so the
// next start is quicker, and that the next start draws the same screen from it.
#include "kiosk_fixture.h"

#include <SDL.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

using namespace coi;
using namespace coi::testing;

namespace {

std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder)
{
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (auto& entry : std::filesystem::directory_iterator(folder, ec))
        out.push_back(entry.path());
    return out;
}

std::vector<Uint32> notices_page(app::KioskApp& kiosk)
{
    kiosk.draw_frame(*kiosk.site_time("2026-11-25T11:05"), feed::Page::Notices);
    std::vector<Uint32> out(1280 * 720);
    SDL_RenderReadPixels(kiosk.display().renderer(), nullptr, SDL_PIXELFORMAT_ARGB8888, out.data(), 1280 * 4);
    return out;
}

} // namespace

TEST(StartCaches, AStartKeepsItsAtlasAndRastersAndTheNextDrawsTheSameScreenFromThem)
{
    auto dir = fresh_data_dir("start-caches");
    std::vector<Uint32> first;
    {
        auto kiosk = open_kiosk(dir, 1280, 720);
        ASSERT_TRUE(kiosk);
        first = notices_page(*kiosk);
    }
    auto atlases = files_in(dir / "cache" / "fonts");
    auto rasters = files_in(dir / "cache" / "pictures");
    EXPECT_EQ(atlases.size(), 1u);
    EXPECT_GE(rasters.size(), 1u); // the notices' pictures, at the size they are shown
    auto written = std::filesystem::last_write_time(atlases.front());

    auto again = open_kiosk(dir, 1280, 720);
    ASSERT_TRUE(again);
    EXPECT_TRUE(notices_page(*again) == first);
    EXPECT_EQ(files_in(dir / "cache" / "fonts"), atlases);
    EXPECT_EQ(std::filesystem::last_write_time(atlases.front()), written) << "read back, not built again";
    EXPECT_EQ(files_in(dir / "cache" / "pictures").size(), rasters.size());
    again.reset();
}
