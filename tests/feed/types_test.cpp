// Specification of the feed's calendar and time helpers.
#include "content/feed/types.h"

#include <gtest/gtest.h>

using namespace coi::feed;

TEST(FeedTypes, InstantKeepsItsOffset)
{
    EXPECT_EQ(parse_instant("2026-07-01T10:00:00+01:00"), parse_instant("2026-07-01T09:00:00Z"));
    EXPECT_EQ(format_instant_utc(*parse_instant("2026-07-01T10:00:00+01:00")), "2026-07-01T09:00:00Z");
}

TEST(FeedTypes, InstantWithoutOffsetIsRefused)
{
    EXPECT_FALSE(parse_instant("2026-07-01T10:00:00"));
    EXPECT_FALSE(parse_instant("2026-07-01 10:00"));
    EXPECT_FALSE(parse_instant("2026-07-01T25:00:00Z"));
}

TEST(FeedTypes, DatesAreRealCalendarDates)
{
    EXPECT_TRUE(parse_date("2028-02-29"));
    EXPECT_FALSE(parse_date("2027-02-29"));
    EXPECT_FALSE(parse_date("2026-13-01"));
}

TEST(FeedTypes, WeekdayOfKnownDates)
{
    EXPECT_EQ(weekday_of(Date{2026, 11, 25}), Weekday::Wed);
    EXPECT_EQ(weekday_of(Date{1970, 1, 1}), Weekday::Thu);
    EXPECT_EQ(weekday_of(Date{2000, 2, 29}), Weekday::Tue);
}

TEST(FeedTypes, AddDaysCrossesMonthAndYear)
{
    EXPECT_EQ(add_days(Date{2026, 12, 30}, 3), (Date{2027, 1, 2}));
    EXPECT_EQ(add_days(Date{2028, 3, 1}, -1), (Date{2028, 2, 29}));
}

TEST(FeedTypes, ClockTimes)
{
    EXPECT_EQ(parse_clock("08:30"), 510);
    EXPECT_EQ(parse_clock("24:00"), 1440);
    EXPECT_FALSE(parse_clock("24:01"));
    EXPECT_EQ(format_clock(1230), "20:30");
}

TEST(FeedTypes, EveryAllergenHasACodeAndALabel)
{
    for (Allergen a : all_allergens()) {
        EXPECT_FALSE(to_code(a).empty());
        EXPECT_EQ(allergen_from_code(to_code(a)), a);
        EXPECT_FALSE(allergen_label(a).empty());
    }
}
