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

// Found by tests/fuzz/feed_fuzzer: an offset moved the instant into 1899, which
// format_instant_utc wrote and parse_instant then refused, so a feed built from an event
// the server had accepted was refused whole by every kiosk.
TEST(FeedTypes, InstantsOutsideTheYearsAFeedCanCarryAreRefusedEvenViaTheOffset)
{
    EXPECT_FALSE(parse_instant("1900-01-01T00:30:00+01:00"));
    EXPECT_FALSE(parse_instant("9999-12-31T23:30:00-01:00"));
    EXPECT_FALSE(parse_instant("9999-12-31T23:59:60Z"));
    auto earliest = parse_instant("1900-01-01T01:00:00+01:00");
    ASSERT_TRUE(earliest);
    EXPECT_EQ(parse_instant(format_instant_utc(*earliest)), earliest);
    auto latest = parse_instant("9999-12-31T23:59:59Z");
    ASSERT_TRUE(latest);
    EXPECT_EQ(parse_instant(format_instant_utc(*latest)), latest);
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

// The one rule for a closed day that the screens and the public page both follow.
TEST(FeedTypes, ADayIsClosedOnAClosedDateOrAWeekdayWithNoOpeningHours)
{
    Site site;
    site.opening_hours = {{Weekday::Mon, 8 * 60 + 30, 12 * 60}, {Weekday::Mon, 13 * 60, 17 * 60}, {Weekday::Tue, 9 * 60, 17 * 60}};
    site.closed_dates = {{2026, 12, 1}}; // a Tuesday
    EXPECT_FALSE(closed_on(site, {2026, 11, 30})) << "a Monday";
    EXPECT_TRUE(closed_on(site, {2026, 12, 1})) << "a closed date";
    EXPECT_TRUE(closed_on(site, {2026, 12, 2})) << "a Wednesday has no opening hours";
    EXPECT_FALSE(closed_on(site, {2026, 12, 8})) << "the next Tuesday";
    auto monday = open_hours_on(site, {2026, 11, 30});
    ASSERT_TRUE(monday);
    EXPECT_EQ(monday->open, 8 * 60 + 30) << "the earliest opening";
    EXPECT_EQ(monday->close, 17 * 60) << "the latest closing";
    EXPECT_FALSE(open_hours_on(site, {2026, 12, 1}));
}
