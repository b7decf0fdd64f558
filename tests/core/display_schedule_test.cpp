#include "kiosk/core/display_schedule.h"

#include "tests/calendar/time_helpers.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::testing;
using namespace coi::core;

namespace {

feed::ClockMinutes hm(int hours, int minutes) { return hours * 60 + minutes; }

// Open Mon-Fri 09:00-17:00, Saturday 10:00-14:00 and a Saturday late night 20:00-02:00.
feed::Feed building()
{
    feed::Feed feed;
    feed.site.timezone = "Europe/London";
    for (auto day : {feed::Weekday::Mon, feed::Weekday::Tue, feed::Weekday::Wed, feed::Weekday::Thu, feed::Weekday::Fri})
        feed.site.opening_hours.push_back({day, hm(9, 0), hm(17, 0)});
    feed.site.opening_hours.push_back({feed::Weekday::Sat, hm(10, 0), hm(14, 0)});
    feed.site.opening_hours.push_back({feed::Weekday::Sat, hm(20, 0), hm(2, 0)});
    return feed;
}

} // namespace

TEST(DisplaySchedule, FollowsOpeningHoursAcrossAWinterDay)
{
    auto feed = building();
    auto zone = london();
    // Wednesday 25 November 2026, GMT: local time is UTC.
    EXPECT_EQ(display_state(feed, zone, at("2026-11-25T06:00:00Z"), std::nullopt),
        (DisplayState{DisplayPower::Blank, false, at("2026-11-25T09:00:00Z")}));
    EXPECT_EQ(display_state(feed, zone, at("2026-11-25T08:59:59Z"), std::nullopt).power, DisplayPower::Blank);
    EXPECT_EQ(display_state(feed, zone, at("2026-11-25T09:00:00Z"), std::nullopt),
        (DisplayState{DisplayPower::On, false, at("2026-11-25T17:00:00Z")}));
    EXPECT_EQ(display_state(feed, zone, at("2026-11-25T16:59:59Z"), std::nullopt).power, DisplayPower::On);
    EXPECT_EQ(display_state(feed, zone, at("2026-11-25T17:00:00Z"), std::nullopt),
        (DisplayState{DisplayPower::Blank, false, at("2026-11-26T09:00:00Z")}));
}

TEST(DisplaySchedule, EveryMinuteOfADayAgreesWithTheHours)
{
    auto feed = building();
    auto zone = london();
    feed::Instant day = at("2026-11-25T00:00:00Z");
    for (feed::Instant t = day; t < day + 86400; t += 60) {
        bool open = t >= day + 9 * 3600 && t < day + 17 * 3600;
        auto state = display_state(feed, zone, t, std::nullopt);
        EXPECT_EQ(state.power, open ? DisplayPower::On : DisplayPower::Blank) << t - day;
        EXPECT_GT(state.next_change, t);
    }
}

TEST(DisplaySchedule, ATouchWakesABlankScreenForTwoMinutes)
{
    auto feed = building();
    auto zone = london();
    feed::Instant touch = at("2026-11-25T20:00:00Z");
    EXPECT_EQ(display_state(feed, zone, touch, touch), (DisplayState{DisplayPower::On, true, touch + kTouchWakeSeconds}));
    EXPECT_EQ(display_state(feed, zone, touch + 119, touch).power, DisplayPower::On);
    EXPECT_EQ(display_state(feed, zone, touch + 120, touch),
        (DisplayState{DisplayPower::Blank, false, at("2026-11-26T09:00:00Z")}));
    // A touch while open changes nothing.
    EXPECT_EQ(display_state(feed, zone, at("2026-11-25T10:00:00Z"), at("2026-11-25T10:00:00Z")),
        (DisplayState{DisplayPower::On, false, at("2026-11-25T17:00:00Z")}));
}

TEST(DisplaySchedule, StaysBlankOnAClosedDateAndWakesOnTheNextOpenDay)
{
    auto feed = building();
    feed.site.closed_dates = {feed::Date{2026, 12, 25}, feed::Date{2026, 12, 26}};
    auto zone = london();
    // Christmas Day is a Friday; Boxing Day a Saturday; the building next opens Monday 28th.
    EXPECT_EQ(display_state(feed, zone, at("2026-12-25T12:00:00Z"), std::nullopt),
        (DisplayState{DisplayPower::Blank, false, at("2026-12-28T09:00:00Z")}));
    EXPECT_EQ(display_state(feed, zone, at("2026-12-26T21:00:00Z"), std::nullopt).power, DisplayPower::Blank);
    EXPECT_EQ(display_state(feed, zone, at("2026-12-24T12:00:00Z"), std::nullopt).power, DisplayPower::On);
}

TEST(DisplaySchedule, ALateNightRowRunsPastMidnight)
{
    auto feed = building();
    auto zone = london();
    // Saturday 21 November 2026 20:00 to Sunday 02:00.
    EXPECT_EQ(display_state(feed, zone, at("2026-11-22T01:30:00Z"), std::nullopt),
        (DisplayState{DisplayPower::On, false, at("2026-11-22T02:00:00Z")}));
    EXPECT_EQ(display_state(feed, zone, at("2026-11-22T02:00:00Z"), std::nullopt).power, DisplayPower::Blank);
}

TEST(DisplaySchedule, OpensAtNineLocalTimeAfterTheClocksGoForward)
{
    auto feed = building();
    auto zone = london();
    // The clocks go forward at 01:00 GMT on Sunday 29 March 2026, during the late night
    // that started on Saturday at 20:00 GMT. It is blank by 03:00 BST at the latest.
    EXPECT_EQ(display_state(feed, zone, at("2026-03-28T23:30:00Z"), std::nullopt).power, DisplayPower::On);
    EXPECT_EQ(display_state(feed, zone, at("2026-03-29T02:00:00Z"), std::nullopt).power, DisplayPower::Blank);
    // Monday opens at 09:00 BST, which is 08:00 UTC; the blank Sunday wakes exactly then.
    EXPECT_EQ(display_state(feed, zone, at("2026-03-29T12:00:00Z"), std::nullopt),
        (DisplayState{DisplayPower::Blank, false, at("2026-03-30T08:00:00Z")}));
    EXPECT_EQ(display_state(feed, zone, at("2026-03-30T07:59:00Z"), std::nullopt).power, DisplayPower::Blank);
    EXPECT_EQ(display_state(feed, zone, at("2026-03-30T08:00:00Z"), std::nullopt),
        (DisplayState{DisplayPower::On, false, at("2026-03-30T16:00:00Z")}));
    // And back in October: 09:00 GMT is 09:00 UTC again.
    EXPECT_EQ(display_state(feed, zone, at("2026-10-26T08:30:00Z"), std::nullopt).power, DisplayPower::Blank);
    EXPECT_EQ(display_state(feed, zone, at("2026-10-26T09:00:00Z"), std::nullopt).power, DisplayPower::On);
}

TEST(DisplaySchedule, ASiteWithNoHoursIsNeverBlank)
{
    feed::Feed feed;
    auto zone = london();
    auto state = display_state(feed, zone, at("2026-11-25T03:00:00Z"), std::nullopt);
    EXPECT_EQ(state.power, DisplayPower::On);
    EXPECT_GT(state.next_change, at("2026-11-25T03:00:00Z"));
}
