// Specification of the public What's on page: it agrees with the screens on which days are
// closed, shows each day's opening hours and the next closed dates, and says when it was
// updated in words, in the building's own zone.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "content/server/recurrence.h"
#include "content/server/whats_on.h"

#include <gtest/gtest.h>

using namespace coi;

namespace {

struct PublicPage : ::testing::Test {
    void SetUp() override
    {
        auto parsed = feed::parse_feed(sample::feed_json());
        ASSERT_TRUE(parsed);
        feed = parsed.release();
    }
    feed::Instant at(feed::Date date, int minutes) const { return server::from_local(date, minutes, feed.site.timezone); }
    // The page's section for one day, from its heading to the next.
    std::string day_section(const std::string& page, const std::string& heading) const
    {
        auto from = page.find(heading);
        if (from == std::string::npos)
            return {};
        return page.substr(from, page.find("</section>", from) - from);
    }
    feed::Feed feed;
    feed::Date wednesday{2026, 11, 25};
};

} // namespace

TEST_F(PublicPage, ADayWithNoOpeningHoursIsClosedAsOnTheScreensAndListsNoSessions)
{
    std::erase_if(feed.site.opening_hours, [](auto& h) { return h.day == feed::Weekday::Sun; });
    auto page = server::render_whats_on(feed, at(wednesday, 11 * 60 + 5), "en");
    auto sunday = day_section(page, "Sunday 29 November");
    ASSERT_FALSE(sunday.empty()) << page;
    EXPECT_NE(sunday.find("The building is closed."), std::string::npos) << sunday;
    EXPECT_EQ(sunday.find("Sunday lunch"), std::string::npos) << "the screens show Sunday as closed: " << sunday;
    EXPECT_EQ(sunday.find("Open "), std::string::npos) << sunday;
}

TEST_F(PublicPage, AClosedDateSaysWhyAndListsNoSessions)
{
    feed.site.closed_dates.push_back({2026, 11, 26});
    feed.site.closed_reasons[{2026, 11, 26}] = feed::Text::plain("Staff training day");
    auto page = server::render_whats_on(feed, at(wednesday, 11 * 60 + 5), "en");
    auto thursday = day_section(page, "Tomorrow, Thursday 26 November");
    EXPECT_NE(thursday.find("The building is closed: Staff training day."), std::string::npos) << thursday;
    EXPECT_EQ(thursday.find("Breakfast club"), std::string::npos) << thursday;
}

TEST_F(PublicPage, EachOpenDayShowsItsOpeningHours)
{
    auto page = server::render_whats_on(feed, at(wednesday, 11 * 60 + 5), "en");
    EXPECT_NE(day_section(page, "Today, Wednesday 25 November").find("Open 08:30–20:30"), std::string::npos);
    EXPECT_NE(day_section(page, "Saturday 28 November").find("Open 09:00–16:00"), std::string::npos);
    EXPECT_NE(day_section(page, "Sunday 29 November").find("Open 10:00–14:00"), std::string::npos);
}

TEST_F(PublicPage, ListsTheNextClosedDatesAfterThisWeekWithTheirReasons)
{
    feed.site.closed_reasons[{2026, 12, 25}] = feed::Text::plain("Christmas Day");
    auto page = server::render_whats_on(feed, at(wednesday, 11 * 60 + 5), "en");
    auto closed = day_section(page, "<h2>Closed on</h2>");
    ASSERT_FALSE(closed.empty()) << page;
    EXPECT_NE(closed.find("Friday 25 December <span class=\"reason\">Christmas Day</span>"), std::string::npos) << closed;
    EXPECT_NE(closed.find("Monday 28 December"), std::string::npos) << closed;
    EXPECT_EQ(closed.find("Thursday 1 January"), std::string::npos) << "1 January 2026 is past";
    EXPECT_NE(closed.find("Friday 1 January"), std::string::npos) << "1 January 2027 is ahead";
    EXPECT_LT(closed.find("25 December"), closed.find("28 December")) << "in date order";
}

TEST_F(PublicPage, SaysWhenItWasUpdatedInWordsInTheBuildingsZone)
{
    feed.generated_at = at({2026, 12, 7}, 10 * 60 + 32);
    auto winter = server::render_whats_on(feed, at({2026, 12, 7}, 11 * 60), "en");
    EXPECT_NE(winter.find("Updated 10:32 on Monday 7 December"), std::string::npos) << winter.substr(winter.find("<footer>"));
    EXPECT_EQ(winter.find("Z</footer>"), std::string::npos) << "no raw UTC timestamp";
    // In summer London is an hour ahead of UTC: the page says the building's time.
    feed.generated_at = at({2026, 7, 6}, 10 * 60 + 32);
    auto summer = server::render_whats_on(feed, at({2026, 7, 6}, 11 * 60), "en");
    EXPECT_NE(summer.find("Updated 10:32 on Monday 6 July"), std::string::npos) << summer.substr(summer.find("<footer>"));
}
