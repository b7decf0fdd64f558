#include "content/calendar/time_zone.h"

#include "tests/calendar/time_helpers.h"

#include <gtest/gtest.h>

#include <optional>

using namespace coi;
using namespace coi::testing;
using coi::calendar::TimeZone;

TEST(TimeZone, LondonIsGmtInWinterAndBstInSummer)
{
    auto zone = london();
    auto winter = zone.to_local(at("2026-01-15T12:00:00Z"));
    EXPECT_EQ(winter.utc_offset_seconds, 0);
    EXPECT_EQ(winter.minutes, 12 * 60);
    auto summer = zone.to_local(at("2026-07-15T12:00:00Z"));
    EXPECT_EQ(summer.utc_offset_seconds, 3600);
    EXPECT_EQ(summer.minutes, 13 * 60);
}

TEST(TimeZone, UnknownZoneIsAClearError)
{
    auto zone = TimeZone::load("Europe/Atlantis");
    ASSERT_FALSE(zone.ok());
    EXPECT_NE(zone.error().message.find("Europe/Atlantis"), std::string::npos) << zone.error().message;
    EXPECT_NE(zone.error().message.find("time zone"), std::string::npos) << zone.error().message;
}

TEST(TimeZone, NamesAreCaseSensitiveLikeIana)
{
    EXPECT_FALSE(TimeZone::load("europe/london").ok());
}

TEST(TimeZone, PathLikeNameIsRefused)
{
    // libical would open /usr/share/zoneinfo/<name> as given.
    for (const char* name : {"../../../../etc/passwd", "/etc/localtime", "", "Europe//London", "Europe/London/"}) {
        auto zone = TimeZone::load(name);
        EXPECT_FALSE(zone.ok()) << name;
        if (!zone.ok()) {
            EXPECT_FALSE(zone.error().message.empty());
        }
    }
}

TEST(TimeZone, LoadedZoneKeepsItsName)
{
    EXPECT_EQ(london().name(), "Europe/London");
    EXPECT_EQ(TimeZone::utc().name(), "UTC");
}

TEST(TimeZone, UtcHasNoOffsetAllYear)
{
    auto zone = TimeZone::utc();
    EXPECT_EQ(zone.to_local(at("2026-07-15T12:00:00Z")).utc_offset_seconds, 0);
    EXPECT_EQ(zone.from_local(date(2026, 7, 15), 12 * 60), at("2026-07-15T12:00:00Z"));
    auto loaded = TimeZone::load("UTC");
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->to_local(at("2026-07-15T12:00:00Z")).minutes, 12 * 60);
}

TEST(TimeZone, ToLocalGivesDateTimeSecondAndWeekday)
{
    auto local = london().to_local(at("2026-11-25T09:30:42Z"));
    EXPECT_EQ(local.date, date(2026, 11, 25));
    EXPECT_EQ(local.minutes, 9 * 60 + 30);
    EXPECT_EQ(local.second, 42);
    EXPECT_EQ(local.weekday, feed::Weekday::Wed);
}

TEST(TimeZone, LateEveningUtcIsTomorrowInBst)
{
    auto zone = london();
    auto local = zone.to_local(at("2026-06-30T23:30:00Z"));
    EXPECT_EQ(local.date, date(2026, 7, 1));
    EXPECT_EQ(local.minutes, 30);
    EXPECT_EQ(local.weekday, feed::Weekday::Wed);
    EXPECT_EQ(zone.local_date(at("2026-06-30T22:59:59Z")), date(2026, 6, 30));
}

TEST(TimeZone, ClocksGoForwardAtOneAmGmt)
{
    auto zone = london();
    EXPECT_EQ(zone.to_local(at("2026-03-29T00:59:59Z")).utc_offset_seconds, 0);
    auto after = zone.to_local(at("2026-03-29T01:00:00Z"));
    EXPECT_EQ(after.utc_offset_seconds, 3600);
    EXPECT_EQ(after.minutes, 2 * 60);
}

TEST(TimeZone, ClocksGoBackAtTwoAmBst)
{
    auto zone = london();
    EXPECT_EQ(zone.to_local(at("2026-10-25T00:59:59Z")).utc_offset_seconds, 3600);
    auto after = zone.to_local(at("2026-10-25T01:00:00Z"));
    EXPECT_EQ(after.utc_offset_seconds, 0);
    EXPECT_EQ(after.minutes, 1 * 60);
}

TEST(TimeZone, NonexistentLocalTimeMapsToTheEndOfTheGap)
{
    // 01:30 on 29 March 2026 never happens in London: the clocks go 00:59:59 -> 02:00.
    auto zone = london();
    EXPECT_EQ(zone.from_local(date(2026, 3, 29), 1 * 60 + 30), at("2026-03-29T01:00:00Z"));
    EXPECT_EQ(zone.from_local(date(2026, 3, 29), 1 * 60), at("2026-03-29T01:00:00Z"));
    EXPECT_EQ(zone.from_local(date(2026, 3, 29), 2 * 60), at("2026-03-29T01:00:00Z"));
    EXPECT_EQ(zone.from_local(date(2026, 3, 29), 59), at("2026-03-29T00:59:00Z"));
}

TEST(TimeZone, AmbiguousLocalTimeMapsToTheFirstOne)
{
    // 01:30 on 25 October 2026 happens twice: 01:30 BST (00:30Z), then 01:30 GMT (01:30Z).
    auto zone = london();
    EXPECT_EQ(zone.from_local(date(2026, 10, 25), 1 * 60 + 30), at("2026-10-25T00:30:00Z"));
    EXPECT_EQ(zone.from_local(date(2026, 10, 25), 2 * 60), at("2026-10-25T02:00:00Z"));
}

TEST(TimeZone, StartOfDayIsLocalMidnight)
{
    auto zone = london();
    EXPECT_EQ(zone.start_of_day(date(2026, 7, 1)), at("2026-06-30T23:00:00Z"));
    EXPECT_EQ(zone.start_of_day(date(2026, 12, 1)), at("2026-12-01T00:00:00Z"));
}

TEST(TimeZone, DayTheClocksGoForwardHas23Hours)
{
    auto zone = london();
    EXPECT_EQ(zone.start_of_day(date(2026, 3, 30)) - zone.start_of_day(date(2026, 3, 29)), 23 * 3600);
    EXPECT_EQ(zone.start_of_day(date(2026, 10, 26)) - zone.start_of_day(date(2026, 10, 25)), 25 * 3600);
}

TEST(TimeZone, TwentyFourHundredIsTheNextMidnight)
{
    auto zone = london();
    EXPECT_EQ(zone.from_local(date(2026, 7, 1), 24 * 60), zone.start_of_day(date(2026, 7, 2)));
    EXPECT_EQ(zone.from_local(date(2026, 12, 31), 24 * 60), zone.start_of_day(date(2027, 1, 1)));
}

TEST(TimeZone, FromLocalRoundTripsEveryQuarterHourOfAYear)
{
    auto zone = london();
    for (int day = 0; day < 365; ++day) {
        feed::Date d = feed::add_days(date(2026, 1, 1), day);
        for (int minutes = 0; minutes < 24 * 60; minutes += 15) {
            auto local = zone.to_local(zone.from_local(d, minutes));
            bool in_gap = d == date(2026, 3, 29) && minutes >= 60 && minutes < 120;
            if (in_gap)
                continue;
            ASSERT_EQ(local.date, d) << feed::format_date(d) << " " << minutes;
            ASSERT_EQ(local.minutes, minutes) << feed::format_date(d) << " " << minutes;
        }
    }
}

TEST(TimeZone, FarFutureSummerIsStillBst)
{
    // System tzdata carries the rule, not just a list of changes, so 2045 still has BST.
    auto zone = london();
    EXPECT_EQ(zone.to_local(at("2045-07-01T12:00:00Z")).utc_offset_seconds, 3600);
    EXPECT_EQ(zone.to_local(at("2045-01-01T12:00:00Z")).utc_offset_seconds, 0);
}

TEST(TimeZone, SouthernHemisphereHasSummerTimeInJanuary)
{
    auto zone = TimeZone::load("Australia/Sydney");
    ASSERT_TRUE(zone.ok());
    EXPECT_EQ(zone->to_local(at("2026-01-15T00:00:00Z")).utc_offset_seconds, 11 * 3600);
    EXPECT_EQ(zone->to_local(at("2026-07-15T00:00:00Z")).utc_offset_seconds, 10 * 3600);
}

TEST(TimeZone, HalfHourOffsetsWork)
{
    auto zone = TimeZone::load("Asia/Kolkata");
    ASSERT_TRUE(zone.ok());
    auto local = zone->to_local(at("2026-07-15T12:00:00Z"));
    EXPECT_EQ(local.utc_offset_seconds, 5 * 3600 + 1800);
    EXPECT_EQ(local.minutes, 17 * 60 + 30);
    EXPECT_EQ(zone->start_of_day(date(2026, 7, 15)), at("2026-07-14T18:30:00Z"));
}

TEST(TimeZone, WestOfGreenwichLocalDateLagsUtc)
{
    auto zone = TimeZone::load("America/New_York");
    ASSERT_TRUE(zone.ok());
    auto local = zone->to_local(at("2026-07-01T02:00:00Z"));
    EXPECT_EQ(local.date, date(2026, 6, 30));
    EXPECT_EQ(local.minutes, 22 * 60);
    EXPECT_EQ(local.utc_offset_seconds, -4 * 3600);
}

TEST(TimeZone, CopiesOutliveTheOriginal)
{
    std::optional<TimeZone> copy;
    {
        auto zone = london();
        copy = zone;
    }
    EXPECT_EQ(copy->name(), "Europe/London");
    EXPECT_EQ(copy->to_local(at("2026-07-15T12:00:00Z")).utc_offset_seconds, 3600);
}

TEST(TimeZone, LoadingTwiceGivesTheSameAnswers)
{
    auto a = london();
    auto b = london();
    EXPECT_EQ(a.to_local(at("2026-03-29T01:00:00Z")), b.to_local(at("2026-03-29T01:00:00Z")));
}

// Past libical's reach (it stops at 2582), a far instant has the offset of the same moment of
// the calendar 400-year cycles earlier: summer time in London in the year 3026 as in 2026.
TEST(TimeZone, FarFutureOffsetsFollowTheZonesRules)
{
    auto zone = TimeZone::load("Europe/London").release();
    for (int years : {400, 800, 2000, 7600}) {
        for (feed::Date day : {feed::Date{2026, 1, 15}, feed::Date{2026, 3, 29}, feed::Date{2026, 7, 1}, feed::Date{2026, 10, 25}, feed::Date{2026, 12, 31}}) {
            feed::Date far{day.year + years, day.month, day.day};
            for (int minutes : {0, 90, 150, 720}) {
                feed::Instant near_local = zone.from_local(day, minutes);
                feed::Instant far_local = zone.from_local(far, minutes);
                EXPECT_EQ(zone.utc_offset_at(far_local), zone.utc_offset_at(near_local)) << feed::format_date(far) << " " << minutes;
                EXPECT_EQ(zone.to_local(far_local).date, far);
                EXPECT_EQ(zone.to_local(far_local).minutes, zone.to_local(near_local).minutes);
            }
        }
    }
}
