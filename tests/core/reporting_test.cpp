// Specification of check-in reporting's rules: what each check-in is counted under, volunteer
// hours per day, when the faces are asked, and the words "Remember me" is kept by.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/core/reporting.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::core;

namespace {

feed::Feed sample_feed() { return feed::parse_feed(sample::feed_json()).release(); }

feed::CheckinSettings without_private_label()
{
    auto settings = sample_feed().site.checkin;
    settings.private_label = {};
    return settings;
}

TimeZone london() { return TimeZone::load("Europe/London").release(); }

} // namespace

TEST(ReportedPurpose, HeadCountNamedAndSessionCheckInsAreCountedByTheirId)
{
    auto settings = sample_feed().site.checkin;
    EXPECT_EQ(reported_purpose(settings, "cafe", "headcount"), "cafe");
    EXPECT_EQ(reported_purpose(settings, "visiting", "named"), "visiting");
    EXPECT_EQ(reported_purpose(settings, "volunteering", "named"), "volunteering");
    EXPECT_EQ(reported_purpose(settings, "session", "named"), "session");
}

TEST(ReportedPurpose, ADiscreetVisitCountsOnlyAsPrivateAndOnlyWhereTheSiteNamesThatCategory)
{
    auto settings = sample_feed().site.checkin;
    ASSERT_TRUE(settings.counts_private());
    EXPECT_EQ(reported_purpose(settings, "support-group", "discreet"), "private");
    EXPECT_EQ(reported_purpose(without_private_label(), "support-group", "discreet"), std::nullopt);
    // Discreet by the site's list now, though recorded as named: private all the same.
    EXPECT_EQ(reported_purpose(settings, "support-group", "named"), "private");
    // Recorded discreet, whatever the site calls the purpose now.
    EXPECT_EQ(reported_purpose(settings, "visiting", "discreet"), "private");
    EXPECT_EQ(reported_purpose(settings, "session", "discreet"), "private");
}

TEST(ReportedPurpose, AnUnknownKindOrAPurposeTheSiteNoLongerListsIsNeverCounted)
{
    auto settings = sample_feed().site.checkin;
    EXPECT_EQ(reported_purpose(settings, "cafe", "secret"), std::nullopt);
    EXPECT_EQ(reported_purpose(settings, "", ""), std::nullopt);
    EXPECT_EQ(reported_purpose(settings, "gone-purpose", "named"), std::nullopt);
    EXPECT_EQ(reported_purpose(settings, "gone-purpose", "headcount"), std::nullopt);
}

TEST(VolunteerHours, EachVisitIsSummedIntoTheDayItBeganRoundedToTheMinute)
{
    auto feed = sample_feed();
    auto zone = london();
    auto at = [&](feed::Date d, int h, int m) { return zone.from_local(d, h * 60 + m); };
    feed::Date wed{2026, 11, 25}, thu{2026, 11, 26};
    auto days = tally_volunteers(feed, zone,
        {{at(wed, 9, 0), at(wed, 12, 30), false}, {at(wed, 13, 0), at(wed, 13, 44) + 31, false}, {at(thu, 10, 0), at(thu, 11, 0), false}});
    ASSERT_EQ(days.size(), 2u);
    EXPECT_EQ(days[0], (VolunteerDay{"2026-11-25", 2, 210 + 45, 0}));
    EXPECT_EQ(days[1], (VolunteerDay{"2026-11-26", 1, 60, 0}));
}

TEST(VolunteerHours, TheSignOutAtClosingCountsToClosingTimeAndIsMarked)
{
    auto feed = sample_feed(); // Wednesday closes at 20:30
    auto zone = london();
    feed::Date wed{2026, 11, 25};
    // The kiosk was off at closing and signed her out at 23:10: counted to 20:30.
    auto days = tally_volunteers(feed, zone, {{zone.from_local(wed, 17 * 60), zone.from_local(wed, 23 * 60 + 10), true}});
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days[0], (VolunteerDay{"2026-11-25", 1, 3 * 60 + 30, 1}));
}

TEST(Feedback, AskedOnlyWhereTheSiteSays)
{
    feed::CheckinSettings s;
    EXPECT_FALSE(asks_feedback(s, AskAfter::CheckOut, feed::PurposeKind::Named)) << "off by default";
    s.feedback = feed::FeedbackMode::Checkout;
    EXPECT_TRUE(asks_feedback(s, AskAfter::CheckOut, feed::PurposeKind::Named));
    EXPECT_FALSE(asks_feedback(s, AskAfter::CheckIn, feed::PurposeKind::HeadCount));
    s.feedback = feed::FeedbackMode::CheckoutAndHeadCount;
    EXPECT_TRUE(asks_feedback(s, AskAfter::CheckIn, feed::PurposeKind::HeadCount));
    EXPECT_FALSE(asks_feedback(s, AskAfter::CheckIn, feed::PurposeKind::Named)) << "a named check-in is asked at its check-out";
}

TEST(Feedback, ThreeFacesByCode)
{
    for (Face f : {Face::Happy, Face::Okay, Face::Unhappy})
        EXPECT_EQ(face_from_code(to_code(f)), f);
    EXPECT_EQ(to_code(Face::Happy), "happy");
    EXPECT_EQ(face_from_code("ecstatic"), std::nullopt);
}

TEST(RememberWords, TheSameWordsHoweverTheyAreTyped)
{
    EXPECT_EQ(remember_words("Sam K"), remember_words("  sam   k "));
    EXPECT_EQ(remember_words("K7MP"), remember_words("k7mp"));
    EXPECT_EQ(remember_words("Zoë K"), remember_words("ZOË k"));
    EXPECT_NE(remember_words("Sam K"), remember_words("Sam J"));
}

TEST(RememberWords, AtLeastFourCharacters)
{
    EXPECT_EQ(remember_words("K7M"), std::nullopt);
    EXPECT_EQ(remember_words("  ab  "), std::nullopt);
    EXPECT_TRUE(remember_words("Al K"));
}

TEST(Weeks, AWeekStartsOnMonday)
{
    EXPECT_EQ(week_start({2026, 11, 25}), (feed::Date{2026, 11, 23}));
    EXPECT_EQ(week_start({2026, 11, 23}), (feed::Date{2026, 11, 23}));
    EXPECT_EQ(week_start({2026, 11, 29}), (feed::Date{2026, 11, 23}));
    EXPECT_EQ(week_start({2027, 1, 2}), (feed::Date{2026, 12, 28}));
}
