// Specification of the shared recurrence expansion (content/calendar/recurrence.h) for what
// calendars bring beyond the admin's own events: rules in another zone, RDATE, all-day and
// multi-day events, start-only events, and bounds. The kiosk's day plans (tests/core
// Schedule.*) and the server's What's on page are built on it.
#include "content/calendar/recurrence.h"

#include "tests/calendar/time_helpers.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::testing;
using namespace coi::calendar;

namespace {

feed::Event event(const char* start, const char* end, std::string rrule = {})
{
    feed::Event e;
    e.id = "e";
    e.title = feed::Text::plain("Event");
    e.room = "hall";
    e.start = at(start);
    e.end = at(end);
    e.rrule = std::move(rrule);
    return e;
}

std::vector<feed::Instant> starts(const feed::Event& e, const char* from, const char* to, const char* site = "Europe/London")
{
    return occurrence_starts(e, zone(site), at(from), at(to));
}

} // namespace

TEST(Recurrence, RuleAnchoredToUtcKeepsItsUtcTimeAcrossTheClockChange)
{
    // Weekly at 17:00 UTC from January: 17:00 GMT in winter, 18:00 BST in summer.
    auto e = event("2026-01-05T17:00:00Z", "2026-01-05T18:00:00Z", "FREQ=WEEKLY");
    e.timezone = "UTC";
    EXPECT_EQ(starts(e, "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"), std::vector<feed::Instant>{at("2026-06-01T17:00:00Z")});
    e.timezone.clear(); // the same event in the building's clock stays at 17:00 local
    EXPECT_EQ(starts(e, "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"), std::vector<feed::Instant>{at("2026-06-01T16:00:00Z")});
}

TEST(Recurrence, RuleInAnotherZoneFollowsThatZonesClockChanges)
{
    // New York moves its clocks on 8 March 2026, London on 29 March: a 10:00 New York call
    // is 15:00 in London before, 14:00 between, 15:00 after.
    auto e = event("2026-03-02T15:00:00Z", "2026-03-02T16:00:00Z", "FREQ=WEEKLY");
    e.timezone = "America/New_York";
    EXPECT_EQ(starts(e, "2026-03-16T00:00:00Z", "2026-03-17T00:00:00Z"), std::vector<feed::Instant>{at("2026-03-16T14:00:00Z")});
    EXPECT_EQ(starts(e, "2026-04-06T00:00:00Z", "2026-04-07T00:00:00Z"), std::vector<feed::Instant>{at("2026-04-06T14:00:00Z")});
}

TEST(Recurrence, UnknownEventZoneFallsBackToTheSite)
{
    auto e = event("2026-01-05T17:00:00Z", "2026-01-05T18:00:00Z", "FREQ=WEEKLY");
    e.timezone = "Nowhere/Atlantis";
    EXPECT_EQ(starts(e, "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"), std::vector<feed::Instant>{at("2026-06-01T16:00:00Z")});
}

TEST(Recurrence, RdatesAddOccurrencesOfTheSameLength)
{
    auto e = event("2026-02-02T10:00:00Z", "2026-02-02T11:30:00Z");
    e.rdates = {at("2026-02-09T14:00:00Z")};
    auto occurrences = occurrences_between({e}, zone("Europe/London"), at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"));
    ASSERT_EQ(occurrences.size(), 2u);
    EXPECT_EQ(occurrences[1].start, at("2026-02-09T14:00:00Z"));
    EXPECT_EQ(occurrences[1].end, at("2026-02-09T15:30:00Z"));
}

TEST(Recurrence, ExdateRemovesAnRdate)
{
    auto e = event("2026-02-02T10:00:00Z", "2026-02-02T11:00:00Z");
    e.rdates = {at("2026-02-09T10:00:00Z")};
    e.exdates = {at("2026-02-09T10:00:00Z")};
    EXPECT_EQ(starts(e, "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), std::vector<feed::Instant>{at("2026-02-02T10:00:00Z")});
}

TEST(Recurrence, AllDayEventOnTheOctoberClockChangeLasts25Hours)
{
    auto e = event("2026-10-25T00:00:00+01:00", "2026-10-26T00:00:00Z");
    e.all_day = true;
    auto occurrences = occurrences_between({e}, zone("Europe/London"), at("2026-10-25T00:00:00Z"), at("2026-10-26T00:00:00Z"));
    ASSERT_EQ(occurrences.size(), 1u);
    EXPECT_EQ(occurrences[0].end - occurrences[0].start, 25 * 3600);
}

TEST(Recurrence, YearlyAllDayEventLastsItsWholeLocalDayInSummerAndWinter)
{
    // First on a winter day (24 h); the summer and clock-change ones are whole local days too.
    auto e = event("2026-01-25T00:00:00Z", "2026-01-26T00:00:00Z", "FREQ=MONTHLY;BYMONTHDAY=25");
    e.all_day = true;
    auto october = occurrences_between({e}, zone("Europe/London"), at("2026-10-24T12:00:00Z"), at("2026-10-27T00:00:00Z"));
    ASSERT_EQ(october.size(), 1u);
    EXPECT_EQ(october[0].start, at("2026-10-24T23:00:00Z")) << "midnight BST";
    EXPECT_EQ(october[0].end, at("2026-10-26T00:00:00Z")) << "the next midnight, GMT: 25 h later";
}

TEST(Recurrence, MultiDayEventOverlapsEveryDayItCovers)
{
    auto e = event("2026-08-10T00:00:00+01:00", "2026-08-15T00:00:00+01:00");
    e.all_day = true;
    auto london = zone("Europe/London");
    for (int day = 10; day <= 14; ++day) {
        auto midnight = london.start_of_day({2026, 8, day});
        EXPECT_EQ(occurrences_between({e}, london, midnight, midnight + 86400).size(), 1u) << "14 Aug? day " << day;
    }
    auto saturday = london.start_of_day({2026, 8, 15});
    EXPECT_TRUE(occurrences_between({e}, london, saturday, saturday + 86400).empty());
}

TEST(Recurrence, StartOnlyEventIsOnTheDayItStarts)
{
    auto e = event("2026-08-12T12:00:00Z", "2026-08-12T12:00:00Z");
    e.start_only = true;
    auto occurrences = occurrences_between({e}, zone("Europe/London"), at("2026-08-12T00:00:00Z"), at("2026-08-13T00:00:00Z"));
    ASSERT_EQ(occurrences.size(), 1u);
    EXPECT_EQ(occurrences[0].end, occurrences[0].start);
}

TEST(Recurrence, ARuleThatNeverMatchesStopsWithinItsBound)
{
    // 30 February never comes: the expansion gives up after kMaxIteratorSteps, not never.
    auto e = event("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30");
    EXPECT_EQ(starts(e, "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"), std::vector<feed::Instant>{});
}

TEST(Recurrence, AMinutelyRuleOverAYearIsCappedPerEvent)
{
    auto e = event("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", "FREQ=MINUTELY");
    auto many = starts(e, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "UTC");
    EXPECT_EQ(many.size(), static_cast<std::size_t>(kMaxOccurrencesPerEvent));
    EXPECT_EQ(many.front(), at("2026-01-01T00:00:00Z"));
}

TEST(Recurrence, RrulesAreCheckedWithLibical)
{
    EXPECT_EQ(rrule_problem("FREQ=WEEKLY;BYDAY=TU"), std::nullopt);
    EXPECT_NE(rrule_problem("every tuesday"), std::nullopt);
    EXPECT_NE(rrule_problem(std::string(600, 'A')), std::nullopt);
}

// RFC 5545: a recurrence set is a set. An event may repeat two ways (two RRULEs, as Cyrus
// writes them) and carry RDATEs; a start more than one of them gives happens once.
TEST(Recurrence, AStartTwoRulesOrARuleAndAnRdateGiveIsOneOccurrence)
{
    // Every Tuesday, and every second Tuesday of the month: 10 November is both. The RDATE on
    // 24 November is a Tuesday the weekly rule gives too.
    auto e = event("2026-11-03T14:00:00Z", "2026-11-03T16:00:00Z", "FREQ=WEEKLY;BYDAY=TU");
    e.more_rrules = {"FREQ=MONTHLY;BYDAY=2TU"};
    e.rdates = {at("2026-11-24T14:00:00Z")};
    auto list = occurrences_between({e}, london(), at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
    std::vector<feed::Instant> got;
    for (auto& o : list)
        got.push_back(o.start);
    EXPECT_EQ(got, (std::vector<feed::Instant>{at("2026-11-03T14:00:00Z"), at("2026-11-10T14:00:00Z"), at("2026-11-17T14:00:00Z"),
                       at("2026-11-24T14:00:00Z")}));
}

TEST(Recurrence, EveryRuleOfAnEventAddsItsOwnStartsAndTheExdatesHoldForAll)
{
    // Tuesdays three times, and the second Friday of the month: 13 November comes from the
    // second rule alone; the EXDATE on 11 December takes out one of the second rule's.
    auto e = event("2026-11-03T14:00:00Z", "2026-11-03T16:00:00Z", "FREQ=WEEKLY;BYDAY=TU;COUNT=3");
    e.more_rrules = {"FREQ=MONTHLY;BYDAY=2FR"};
    e.exdates = {at("2026-12-11T14:00:00Z")};
    EXPECT_EQ(starts(e, "2026-11-01T00:00:00Z", "2027-02-01T00:00:00Z"),
        (std::vector<feed::Instant>{at("2026-11-03T14:00:00Z"), at("2026-11-10T14:00:00Z"), at("2026-11-13T14:00:00Z"),
            at("2026-11-17T14:00:00Z"), at("2027-01-08T14:00:00Z")}));
}
