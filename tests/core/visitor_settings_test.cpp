// Specification of the visitor's own settings in the check-in flow: the language chosen on
// the welcome screen, bigger text and high contrast last for that visitor and no longer.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/core/checkin.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::core;

namespace {

struct Visitor : ::testing::Test {
    void SetUp() override
    {
        auto parsed = feed::parse_feed(sample::feed_json());
        ASSERT_TRUE(parsed);
        sample = parsed.release();
        zone = *TimeZone::load("Europe/London");
        now = zone.from_local({2026, 11, 25}, 11 * 60 + 5);
        plans = plan_ahead(std::make_shared<const feed::Feed>(sample), zone, zone.local_date(now));
    }
    CheckinState go(const CheckinState& s, ActionKind kind, std::string text = "", std::int64_t id = 0)
    {
        return step(s, Action{kind, std::move(text), id}, sample, plans, zone, now, site).state;
    }
    int tile_index(const CheckinState& s, const std::string& purpose)
    {
        auto all = tiles(sample, plans, zone, now, for_visitor(s, site));
        for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i].purpose_id == purpose)
                return static_cast<int>(i);
        return -1;
    }
    feed::Feed sample;
    Plans plans;
    TimeZone zone = TimeZone::utc();
    feed::Instant now = 0;
    FlowSettings site;
};

} // namespace

TEST_F(Visitor, ChosenLanguageLastsForTheCheckInAndIsForgottenAfter)
{
    CheckinState s = go(CheckinState{}, ActionKind::Touch);
    s = go(s, ActionKind::ChooseLanguage, "uk");
    EXPECT_EQ(for_visitor(s, site).language, "uk");
    s = go(s, ActionKind::StartCheckIn);
    ASSERT_EQ(s.step, Step::Purpose);
    EXPECT_EQ(s.language, "uk");
    auto shown = tiles(sample, plans, zone, now, for_visitor(s, site));
    EXPECT_EQ(shown.back().label, "Щось інше") << "the site's purposes in the visitor's language";
    s = go(s, ActionKind::ChooseTile, "", tile_index(s, "volunteering"));
    ASSERT_EQ(s.step, Step::Name);
    s = go(s, ActionKind::Confirm);
    EXPECT_EQ(s.done_detail, "Будь ласка, введіть своє ім’я.");
    s = go(s, ActionKind::Type, "Оксана");
    auto result = step(s, Action{ActionKind::Confirm, "", 0}, sample, plans, zone, now, site);
    ASSERT_TRUE(result.record);
    CheckinState done = confirmed_check_in(result.state, "K7MP", now, site);
    EXPECT_EQ(done.done_title, "Вітаємо, Оксана!");
    EXPECT_EQ(done.language, "uk");
    CheckinState after = tick(done, now + 60, site);
    EXPECT_EQ(after.step, Step::Signage);
    EXPECT_TRUE(after.language.empty()) << "the next visitor starts in the site's language";
    EXPECT_EQ(for_visitor(go(after, ActionKind::Touch), site).language, "en");
}

TEST_F(Visitor, CheckOutSpeaksTheChosenLanguageToo)
{
    CheckinState s = go(go(CheckinState{}, ActionKind::Touch), ActionKind::ChooseLanguage, "pl");
    s = go(s, ActionKind::StartCheckOut);
    EXPECT_EQ(s.language, "pl");
    CheckinState done = confirmed_check_out(s, "Ania", now, site);
    EXPECT_EQ(done.done_title, "Do widzenia, Ania!");
    EXPECT_EQ(go(done, ActionKind::Touch).step, Step::Signage);
    EXPECT_TRUE(go(done, ActionKind::Touch).language.empty());
}

TEST_F(Visitor, AnUnknownLanguageIsIgnored)
{
    CheckinState s = go(CheckinState{}, ActionKind::Touch);
    s = go(s, ActionKind::ChooseLanguage, "xx");
    EXPECT_TRUE(s.language.empty());
    EXPECT_EQ(for_visitor(s, site).language, "en");
}

TEST_F(Visitor, BiggerTextAndContrastToggleFromTheSiteDefaultAndReset)
{
    site.high_contrast = true;
    CheckinState s = go(CheckinState{}, ActionKind::Touch);
    EXPECT_TRUE(for_visitor(s, site).high_contrast);
    EXPECT_FALSE(for_visitor(s, site).large_text);
    s = go(s, ActionKind::ToggleLargeText);
    s = go(s, ActionKind::ToggleContrast);
    EXPECT_TRUE(for_visitor(s, site).large_text);
    EXPECT_FALSE(for_visitor(s, site).high_contrast) << "a visitor may turn the site's high contrast off for themselves";
    s = go(s, ActionKind::StartCheckIn);
    EXPECT_TRUE(for_visitor(s, site).large_text) << "lasts through the check-in";
    s = go(s, ActionKind::Cancel);
    EXPECT_FALSE(for_visitor(s, site).large_text);
    EXPECT_TRUE(for_visitor(s, site).high_contrast);
}

TEST_F(Visitor, SignageIgnoresVisitorSettingsActions)
{
    CheckinState s = go(CheckinState{}, ActionKind::ChooseLanguage, "pl");
    EXPECT_EQ(s.step, Step::Signage);
    EXPECT_TRUE(s.language.empty());
}
