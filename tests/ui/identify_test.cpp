// "Show identify" from the Screens page: the screen's name over whatever the screen shows,
// white on black, for 30 seconds, then the screen as it was.
#include "kiosk_fixture.h"

#include <algorithm>

using namespace coi;
using namespace coi::testing;

namespace {

const ui::DrawnText* drawn(app::KioskApp& kiosk, const std::string& text)
{
    auto& texts = kiosk.draw_log().texts;
    auto at = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == text; });
    return at == texts.end() ? nullptr : &*at;
}

class IdentifyTest : public ::testing::TestWithParam<std::pair<int, int>> { };

} // namespace

TEST_P(IdentifyTest, TheNameIsShownLargeWhiteOnBlackForThirtySeconds)
{
    auto [width, height] = GetParam();
    auto dir = fresh_data_dir("identify");
    auto kiosk = open_kiosk(dir, width, height);
    ASSERT_TRUE(kiosk);
    auto now = *kiosk->site_time("2026-11-25T11:05");
    kiosk->draw_frame(now);
    ASSERT_EQ(drawn(*kiosk, "Boiler Room TV"), nullptr);

    kiosk->show_identify("Boiler Room TV", now);
    kiosk->draw_frame(now + 29);
    auto* name = drawn(*kiosk, "Boiler Room TV");
    ASSERT_NE(name, nullptr) << "the name is not drawn";
    EXPECT_EQ(name->colour, IM_COL32(255, 255, 255, 255));
    EXPECT_EQ(name->background, IM_COL32(0, 0, 0, 255)); // over everything: a black field under it
    EXPECT_GE(name->min.x, 0);
    EXPECT_LE(name->max.x, static_cast<float>(width));
    auto* caption = drawn(*kiosk, "This screen is");
    ASSERT_NE(caption, nullptr);
    EXPECT_GT(name->font_size, caption->font_size);

    kiosk->draw_frame(now + 30);
    EXPECT_EQ(drawn(*kiosk, "Boiler Room TV"), nullptr) << "still shown after 30 s";
}

INSTANTIATE_TEST_SUITE_P(Screens, IdentifyTest, ::testing::Values(std::make_pair(1920, 1080), std::make_pair(800, 480)));
