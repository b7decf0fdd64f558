// kiosk/platform/fonts: the atlas holds the characters of the texts it was built for; the
// kiosk asks before every frame whether it still covers what is to be drawn.
#include "kiosk/platform/display.h"
#include "kiosk/platform/fonts.h"

#include <gtest/gtest.h>

using namespace coi;

namespace {

std::unique_ptr<platform::Display> headless()
{
    platform::DisplayOptions options;
    options.width = 640;
    options.height = 360;
    options.mode = platform::WindowMode::Headless;
    auto display = platform::Display::open(options);
    EXPECT_TRUE(display) << display.error().message;
    return display ? std::move(*display) : nullptr;
}

const std::string kPolish = "Zupa dnia: \xc5\xbc\xc3\xb3\xc5\x82\x74\x61"; // "żółta": ż and ł lie outside Latin-1

} // namespace

TEST(FontAtlas, CoversTheTextsItWasBuiltForAndLatinOneAlways)
{
    auto display = headless();
    ASSERT_TRUE(display);
    platform::FontAtlas atlas;
    auto fonts = atlas.build(ui::make_theme(display->size()), {"Bingo at two"});
    ASSERT_TRUE(fonts) << fonts.error().message;
    EXPECT_NE(fonts->body, nullptr);
    EXPECT_TRUE(atlas.covers({"Bingo at two"}));
    EXPECT_TRUE(atlas.covers({"Caf\xc3\xa9 open"}));
}

TEST(FontAtlas, ANewLetterIsNotCoveredEvenRightAfterTheSameQuestionWasAnswered)
{
    auto display = headless();
    ASSERT_TRUE(display);
    platform::FontAtlas atlas;
    ASSERT_TRUE(atlas.build(ui::make_theme(display->size()), {"Soup of the day"}));
    EXPECT_TRUE(atlas.covers({"Soup of the day"}));
    EXPECT_TRUE(atlas.covers({"Soup of the day"})); // the kept answer
    EXPECT_FALSE(atlas.covers({"Soup of the day", kPolish}));
    EXPECT_FALSE(atlas.covers({"Soup of the day", kPolish})); // asked again: still not
    ASSERT_TRUE(atlas.build(ui::make_theme(display->size()), {"Soup of the day", kPolish}));
    EXPECT_TRUE(atlas.covers({"Soup of the day", kPolish}));
    EXPECT_TRUE(atlas.covers({kPolish}));
}
