// "Show identify" from the Screens page: the screen's name over whatever the screen shows,
// white on black, for 30 seconds, then the screen as it was. The name is as large as the
// screen takes (most of its width), a long one wrapped and never cut, and the large type's
// memory goes when the name does.
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

// Every text drawn in the name's font (its lines), top to bottom.
std::vector<const ui::DrawnText*> name_lines(app::KioskApp& kiosk)
{
    std::vector<const ui::DrawnText*> lines;
    float largest = 0;
    for (auto& t : kiosk.draw_log().texts)
        largest = std::max(largest, t.font_size);
    for (auto& t : kiosk.draw_log().texts)
        if (t.font_size == largest)
            lines.push_back(&t);
    return lines;
}

std::string joined_text(const std::vector<const ui::DrawnText*>& lines)
{
    std::string joined;
    for (auto* line : lines)
        joined += (joined.empty() ? "" : " ") + line->text;
    return joined;
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
    auto lines = name_lines(*kiosk);
    ASSERT_EQ(joined_text(lines), "Boiler Room TV") << "the name is not drawn";
    auto* name = lines.front();
    EXPECT_EQ(name->colour, IM_COL32(255, 255, 255, 255));
    EXPECT_EQ(name->background, IM_COL32(0, 0, 0, 255)); // over everything: a black field under it
    EXPECT_GE(name->min.x, 0);
    EXPECT_LE(name->max.x, static_cast<float>(width));
    auto* caption = drawn(*kiosk, "This screen is");
    ASSERT_NE(caption, nullptr);
    EXPECT_GT(name->font_size, caption->font_size);

    kiosk->draw_frame(now + 30);
    EXPECT_EQ(drawn(*kiosk, "Boiler Room TV"), nullptr) << "still shown after 30 s";
    EXPECT_EQ(drawn(*kiosk, "Boiler Room"), nullptr) << "still shown after 30 s";
}

TEST_P(IdentifyTest, TheNameFillsMostOfTheScreensWidthReadableFromAcrossAHall)
{
    auto [width, height] = GetParam();
    auto kiosk = open_kiosk(fresh_data_dir("identify-large"), width, height);
    ASSERT_TRUE(kiosk);
    auto now = *kiosk->site_time("2026-11-25T11:05");
    kiosk->draw_frame(now);
    kiosk->show_identify("Boiler Room TV", now);
    kiosk->draw_frame(now + 1);
    kiosk->draw_frame(now + 2);
    // On one line or two (larger type wins), the widest filling most of the width.
    auto lines = name_lines(*kiosk);
    ASSERT_FALSE(lines.empty());
    std::string joined;
    float widest = 0;
    for (auto* line : lines) {
        joined += (joined.empty() ? "" : " ") + line->text;
        widest = std::max(widest, line->max.x - line->min.x);
        EXPECT_GE(line->min.y, 0);
        EXPECT_LE(line->max.y, static_cast<float>(height));
    }
    EXPECT_EQ(joined, "Boiler Room TV");
    EXPECT_GE(widest, 0.75f * static_cast<float>(width)) << "the name is " << widest << " px wide";
    EXPECT_LE(widest, 0.9f * static_cast<float>(width));
    EXPECT_GE(lines.front()->font_size, 0.15f * static_cast<float>(height)) << "type of " << lines.front()->font_size << " px";
}

TEST_P(IdentifyTest, ALongNameIsWrappedInLargeTypeAndNeverCut)
{
    auto [width, height] = GetParam();
    auto kiosk = open_kiosk(fresh_data_dir("identify-long"), width, height);
    ASSERT_TRUE(kiosk);
    auto now = *kiosk->site_time("2026-11-25T11:05");
    kiosk->draw_frame(now);
    const std::string long_name = "Reception TV by the lifts on the second floor, next to the café"; // 64 characters, the most
    kiosk->show_identify(long_name, now);
    kiosk->draw_frame(now + 1);
    kiosk->draw_frame(now + 2);
    auto lines = name_lines(*kiosk);
    ASSERT_GE(lines.size(), 2u) << "wrapped";
    std::string joined;
    for (auto* line : lines) {
        joined += (joined.empty() ? "" : " ") + line->text;
        EXPECT_EQ(line->text.find("\u2026"), std::string::npos) << "cut: " << line->text;
        EXPECT_GE(line->min.x, 0);
        EXPECT_LE(line->max.x, static_cast<float>(width));
        EXPECT_GE(line->min.y, 0);
        EXPECT_LE(line->max.y, static_cast<float>(height));
    }
    EXPECT_EQ(joined, long_name);
    auto* caption = drawn(*kiosk, "This screen is");
    ASSERT_NE(caption, nullptr);
    EXPECT_GE(lines.front()->font_size, 2 * caption->font_size);
    auto countdown = std::find_if(kiosk->draw_log().texts.begin(), kiosk->draw_log().texts.end(), [](auto& t) { return t.text.rfind("Shown for", 0) == 0; });
    ASSERT_NE(countdown, kiosk->draw_log().texts.end());
    EXPECT_GE(countdown->min.y, lines.back()->max.y) << "the countdown drawn over the name";
    EXPECT_LE(countdown->max.y, static_cast<float>(height));
}

TEST_P(IdentifyTest, TheLargeTypeIsLetGoWithTheName)
{
    auto [width, height] = GetParam();
    auto kiosk = open_kiosk(fresh_data_dir("identify-memory"), width, height);
    ASSERT_TRUE(kiosk);
    auto now = *kiosk->site_time("2026-11-25T11:05");
    kiosk->draw_frame(now);
    auto before = kiosk->font_texture_size();
    kiosk->show_identify("Boiler Room TV", now);
    kiosk->draw_frame(now + 1);
    kiosk->draw_frame(now + 2);
    auto during = kiosk->font_texture_size();
    EXPECT_GT(during.x * during.y, before.x * before.y) << "the large type is baked while it is shown";
    kiosk->draw_frame(now + 30);
    auto after = kiosk->font_texture_size();
    EXPECT_EQ(after.x * after.y, before.x * before.y) << "and let go after its 30 s";
}

INSTANTIATE_TEST_SUITE_P(Screens, IdentifyTest, ::testing::Values(std::make_pair(1920, 1080), std::make_pair(800, 480)));
