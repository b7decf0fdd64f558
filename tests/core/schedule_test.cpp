#include "kiosk/core/schedule.h"

#include "tests/calendar/time_helpers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace coi;
using namespace coi::testing;
using namespace coi::core;

namespace {

feed::ClockMinutes hm(int hours, int minutes) { return hours * 60 + minutes; }

// A building open Mon-Fri 09:00-17:00 and Sat 10:00-14:00, closed on Sundays.
feed::Feed building()
{
    feed::Feed feed;
    feed.site.id = "peoples-centre";
    feed.site.name = feed::Text::plain("The People's Centre");
    feed.site.timezone = "Europe/London";
    feed.site.languages = {"en"};
    for (auto day : {feed::Weekday::Mon, feed::Weekday::Tue, feed::Weekday::Wed, feed::Weekday::Thu, feed::Weekday::Fri})
        feed.site.opening_hours.push_back({day, hm(9, 0), hm(17, 0)});
    feed.site.opening_hours.push_back({feed::Weekday::Sat, hm(10, 0), hm(14, 0)});
    feed.site.rooms.push_back({"hall", feed::Text::plain("Main hall")});
    return feed;
}

feed::Event& add_event(feed::Feed& feed, std::string id, std::string title, const char* start, const char* end,
    std::string rrule = {})
{
    feed::Event event;
    event.id = std::move(id);
    event.title = feed::Text::plain(std::move(title));
    event.room = "hall";
    event.start = at(start);
    event.end = at(end);
    event.rrule = std::move(rrule);
    feed.events.push_back(std::move(event));
    return feed.events.back();
}

// "HH:MM title" in London time, the way a person would read the screen.
std::vector<std::string> as_read(const std::vector<Occurrence>& occurrences, const TimeZone& zone)
{
    std::vector<std::string> lines;
    for (auto& occurrence : occurrences) {
        auto local = zone.to_local(occurrence.start);
        lines.push_back(feed::format_clock(local.minutes) + " " + occurrence.event->title.get("en")
            + (occurrence.cancelled ? " (cancelled)" : ""));
    }
    return lines;
}

std::vector<feed::Date> dates_in(const feed::Feed& feed, const TimeZone& zone, feed::Date first, feed::Date last)
{
    std::vector<feed::Date> dates;
    for (auto& occurrence :
        occurrences_between(feed, zone, zone.start_of_day(first), zone.start_of_day(feed::add_days(last, 1))))
        dates.push_back(zone.local_date(occurrence.start));
    return dates;
}

using Lines = std::vector<std::string>;

} // namespace

// [SECTION] One-off events and days

TEST(Schedule, OneOffEventShowsOnItsDayOnly)
{
    auto feed = building();
    add_event(feed, "talk", "Pension advice", "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z");
    auto zone = london();
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 11, 25)), zone), Lines{"10:00 Pension advice"});
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 11, 24)).empty());
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 11, 26)).empty());
}

TEST(Schedule, OccurrencePointsAtItsEventAndKeepsItsDuration)
{
    auto feed = building();
    add_event(feed, "talk", "Pension advice", "2026-11-25T10:00:00Z", "2026-11-25T11:30:00Z");
    auto occurrences = occurrences_on(feed, london(), date(2026, 11, 25));
    ASSERT_EQ(occurrences.size(), 1u);
    EXPECT_EQ(occurrences[0].event, &feed.events[0]);
    EXPECT_EQ(occurrences[0].start, at("2026-11-25T10:00:00Z"));
    EXPECT_EQ(occurrences[0].end, at("2026-11-25T11:30:00Z"));
    EXPECT_FALSE(occurrences[0].cancelled);
}

TEST(Schedule, DayIsTheLocalDayNotTheUtcDay)
{
    // 23:30Z on 30 June is 00:30 BST on 1 July.
    auto feed = building();
    add_event(feed, "early", "Early swim", "2026-06-30T23:30:00Z", "2026-07-01T00:15:00Z");
    auto zone = london();
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 7, 1)), zone), Lines{"00:30 Early swim"});
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 6, 30)).empty());
}

TEST(Schedule, ShowsHappeningNowAcrossMidnight)
{
    auto feed = building();
    add_event(feed, "disco", "Silver disco", "2026-07-03T21:00:00Z", "2026-07-04T01:00:00Z"); // 22:00-02:00 BST
    auto zone = london();
    auto friday = occurrences_on(feed, zone, date(2026, 7, 3));
    auto saturday = occurrences_on(feed, zone, date(2026, 7, 4));
    EXPECT_EQ(as_read(friday, zone), Lines{"22:00 Silver disco"});
    ASSERT_EQ(as_read(saturday, zone), Lines{"22:00 Silver disco"}); // started yesterday, still on
    EXPECT_EQ(session_states(saturday, at("2026-07-03T23:30:00Z")), std::vector{SessionState::Now}); // 00:30 BST
    EXPECT_EQ(session_states(saturday, at("2026-07-04T01:00:00Z")), std::vector{SessionState::Finished});
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 7, 5)).empty());
}

TEST(Schedule, EventEndingAtMidnightIsNotOnTheNextDay)
{
    auto feed = building();
    add_event(feed, "quiz", "Quiz night", "2026-07-03T20:00:00Z", "2026-07-03T23:00:00Z"); // 21:00-00:00 BST
    auto zone = london();
    EXPECT_EQ(occurrences_on(feed, zone, date(2026, 7, 3)).size(), 1u);
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 7, 4)).empty());
}

TEST(Schedule, SortedByStartThenTitle)
{
    auto feed = building();
    add_event(feed, "c", "Knit and natter", "2026-11-25T14:00:00Z", "2026-11-25T15:00:00Z");
    add_event(feed, "b", "Warm space", "2026-11-25T10:00:00Z", "2026-11-25T16:00:00Z");
    add_event(feed, "a", "Baby bounce", "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z");
    auto zone = london();
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 11, 25)), zone),
        (Lines{"10:00 Baby bounce", "10:00 Warm space", "14:00 Knit and natter"}));
}

TEST(Schedule, BetweenIncludesOverlapsButNotEventsThatOnlyTouch)
{
    auto feed = building();
    add_event(feed, "before", "Ends at ten", "2026-11-25T09:00:00Z", "2026-11-25T10:00:00Z");
    add_event(feed, "across", "Runs over ten", "2026-11-25T09:30:00Z", "2026-11-25T10:30:00Z");
    add_event(feed, "after", "Starts at eleven", "2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z");
    auto zone = london();
    EXPECT_EQ(as_read(occurrences_between(feed, zone, at("2026-11-25T10:00:00Z"), at("2026-11-25T11:00:00Z")), zone),
        Lines{"09:30 Runs over ten"});
    EXPECT_TRUE(occurrences_between(feed, zone, at("2026-11-25T11:00:00Z"), at("2026-11-25T11:00:00Z")).empty());
}

// [SECTION] Recurrence

TEST(Schedule, WeeklySessionRepeatsOnItsWeekday)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-11-03T18:30:00Z", "2026-11-03T20:30:00Z", "FREQ=WEEKLY");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 11, 1), date(2026, 11, 30)),
        (std::vector{date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17), date(2026, 11, 24)}));
}

TEST(Schedule, RecurrenceDoesNotReachBeforeTheFirstOccurrence)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-11-03T18:30:00Z", "2026-11-03T20:30:00Z", "FREQ=WEEKLY");
    auto zone = london();
    EXPECT_TRUE(dates_in(feed, zone, date(2026, 10, 1), date(2026, 11, 2)).empty());
}

TEST(Schedule, WeeklySessionKeepsLocalTimeAcrossClocksGoingForward)
{
    // Sundays 18:30: GMT on 22 March, BST from 29 March 2026.
    auto feed = building();
    add_event(feed, "choir", "Community choir", "2026-03-22T18:30:00Z", "2026-03-22T20:00:00Z", "FREQ=WEEKLY");
    auto zone = london();
    auto sunday = occurrences_on(feed, zone, date(2026, 3, 29));
    ASSERT_EQ(as_read(sunday, zone), Lines{"18:30 Community choir"});
    EXPECT_EQ(sunday[0].start, at("2026-03-29T17:30:00Z"));
    EXPECT_EQ(sunday[0].end, at("2026-03-29T19:00:00Z"));
}

TEST(Schedule, WeeklySessionKeepsLocalTimeAcrossClocksGoingBack)
{
    // Sundays 18:30: BST on 18 October, GMT from 25 October 2026.
    auto feed = building();
    add_event(feed, "choir", "Community choir", "2026-10-18T17:30:00Z", "2026-10-18T19:00:00Z", "FREQ=WEEKLY");
    auto zone = london();
    auto sunday = occurrences_on(feed, zone, date(2026, 10, 25));
    ASSERT_EQ(as_read(sunday, zone), Lines{"18:30 Community choir"});
    EXPECT_EQ(sunday[0].start, at("2026-10-25T18:30:00Z"));
    EXPECT_EQ(sunday[0].end, at("2026-10-25T20:00:00Z"));
}

TEST(Schedule, SessionInTheSpringGapStartsWhenTheClocksChange)
{
    // A Sunday 01:30 session: on 29 March 2026 01:30 doesn't exist, so it starts at 02:00 BST,
    // still 45 minutes long.
    auto feed = building();
    add_event(feed, "night", "Night shelter", "2026-03-22T01:30:00Z", "2026-03-22T02:15:00Z", "FREQ=WEEKLY");
    auto zone = london();
    auto sunday = occurrences_on(feed, zone, date(2026, 3, 29));
    ASSERT_EQ(sunday.size(), 1u);
    EXPECT_EQ(sunday[0].start, at("2026-03-29T01:00:00Z"));
    EXPECT_EQ(sunday[0].end - sunday[0].start, 45 * 60);
    // libical 3.0 with a TZID on DTSTART moves the gap occurrence to 02:30 and keeps 02:30 for
    // every later week; the following Sunday must be back at 01:30.
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 4, 5)), zone), Lines{"01:30 Night shelter"});
}

TEST(Schedule, SessionInTheAutumnOverlapHappensOnceAtTheFirstOne)
{
    auto feed = building();
    add_event(feed, "night", "Night shelter", "2026-10-18T00:30:00Z", "2026-10-18T01:15:00Z", "FREQ=WEEKLY"); // 01:30 BST
    auto zone = london();
    auto sunday = occurrences_on(feed, zone, date(2026, 10, 25));
    ASSERT_EQ(sunday.size(), 1u);
    EXPECT_EQ(sunday[0].start, at("2026-10-25T00:30:00Z")); // 01:30 BST, not 01:30 GMT
}

TEST(Schedule, TwiceWeeklyByDay)
{
    auto feed = building();
    add_event(feed, "cafe", "Community café", "2026-11-03T12:00:00Z", "2026-11-03T14:00:00Z", "FREQ=WEEKLY;BYDAY=TU,TH");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 11, 1), date(2026, 11, 14)),
        (std::vector{date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 10), date(2026, 11, 12)}));
}

TEST(Schedule, FortnightlySessionSkipsAlternateWeeks)
{
    auto feed = building();
    add_event(feed, "repair", "Repair café", "2026-01-06T10:00:00Z", "2026-01-06T12:00:00Z", "FREQ=WEEKLY;INTERVAL=2");
    auto zone = london();
    EXPECT_EQ(occurrences_on(feed, zone, date(2031, 6, 10)).size(), 0u) << "2031-06-10 is an odd week";
    EXPECT_EQ(occurrences_on(feed, zone, date(2031, 6, 17)).size(), 1u);
    EXPECT_EQ(dates_in(feed, zone, date(2026, 3, 1), date(2026, 3, 31)),
        (std::vector{date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 31)}));
}

TEST(Schedule, MonthlyFirstSaturday)
{
    auto feed = building();
    add_event(feed, "swap", "Clothes swap", "2026-01-03T10:00:00Z", "2026-01-03T12:00:00Z", "FREQ=MONTHLY;BYDAY=1SA");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 1, 1), date(2026, 12, 31)),
        (std::vector{date(2026, 1, 3), date(2026, 2, 7), date(2026, 3, 7), date(2026, 4, 4), date(2026, 5, 2),
            date(2026, 6, 6), date(2026, 7, 4), date(2026, 8, 1), date(2026, 9, 5), date(2026, 10, 3),
            date(2026, 11, 7), date(2026, 12, 5)}));
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 7, 4)), zone), Lines{"10:00 Clothes swap"});
}

TEST(Schedule, MonthlyLastFriday)
{
    auto feed = building();
    add_event(feed, "film", "Film club", "2026-01-30T19:00:00Z", "2026-01-30T21:00:00Z", "FREQ=MONTHLY;BYDAY=-1FR");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 2, 1), date(2026, 4, 30)),
        (std::vector{date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24)}));
}

TEST(Schedule, FarFutureDateStillHasSessions)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2025-01-07T18:30:00Z", "2025-01-07T20:30:00Z", "FREQ=WEEKLY;BYDAY=TU");
    auto zone = london();
    auto day = occurrences_on(feed, zone, date(2031, 6, 10));
    ASSERT_EQ(as_read(day, zone), Lines{"18:30 Bingo"});
    EXPECT_EQ(day[0].start, at("2031-06-10T17:30:00Z"));
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2040, 12, 25)), zone), Lines{"18:30 Bingo"});
}

TEST(Schedule, DailyWeekdaySession)
{
    auto feed = building();
    add_event(feed, "warm", "Warm space", "2026-11-02T09:00:00Z", "2026-11-02T17:00:00Z",
        "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR");
    auto zone = london();
    auto dates = dates_in(feed, zone, date(2026, 11, 2), date(2026, 11, 15));
    EXPECT_EQ(dates.size(), 10u);
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 11, 7)).empty()); // Saturday
}

TEST(Schedule, UntilEndsTheSeries)
{
    auto feed = building();
    add_event(feed, "course", "English for speakers of other languages", "2026-09-01T09:30:00Z",
        "2026-09-01T11:30:00Z", "FREQ=WEEKLY;UNTIL=20260922T235959Z");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 9, 1), date(2026, 12, 31)),
        (std::vector{date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 15), date(2026, 9, 22)}));
    EXPECT_TRUE(occurrences_on(feed, zone, date(2027, 3, 2)).empty());
}

TEST(Schedule, UntilAsADateIncludesThatWholeDay)
{
    auto feed = building();
    add_event(feed, "course", "Cookery course", "2026-09-01T17:30:00Z", "2026-09-01T19:30:00Z", "FREQ=WEEKLY;UNTIL=20260915");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 9, 1), date(2026, 12, 31)),
        (std::vector{date(2026, 9, 1), date(2026, 9, 8), date(2026, 9, 15)}));
}

TEST(Schedule, UntilInUtcIsComparedAsAnInstant)
{
    // 18:30 BST is 17:30Z: an UNTIL of 17:30Z on 15 September includes that evening, 17:29Z doesn't.
    auto feed = building();
    add_event(feed, "a", "Inclusive", "2026-09-01T17:30:00Z", "2026-09-01T19:30:00Z", "FREQ=WEEKLY;UNTIL=20260915T173000Z");
    add_event(feed, "b", "Exclusive", "2026-09-01T17:30:00Z", "2026-09-01T19:30:00Z", "FREQ=WEEKLY;UNTIL=20260915T172900Z");
    auto zone = london();
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 9, 15)), zone), Lines{"18:30 Inclusive"});
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 9, 8)), zone), (Lines{"18:30 Exclusive", "18:30 Inclusive"}));
}

TEST(Schedule, CountEndsTheSeries)
{
    auto feed = building();
    add_event(feed, "course", "Computer basics", "2026-09-02T13:00:00Z", "2026-09-02T15:00:00Z", "FREQ=WEEKLY;COUNT=3");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 9, 1), date(2026, 12, 31)),
        (std::vector{date(2026, 9, 2), date(2026, 9, 9), date(2026, 9, 16)}));
}

TEST(Schedule, FirstOccurrenceShowsEvenIfTheRuleWouldSkipIt)
{
    // RFC 5545: DTSTART is always the first instance. The event starts on a Tuesday but
    // repeats on Wednesdays.
    auto feed = building();
    add_event(feed, "launch", "Garden club", "2026-11-03T14:00:00Z", "2026-11-03T15:00:00Z", "FREQ=WEEKLY;BYDAY=WE");
    auto zone = london();
    EXPECT_EQ(dates_in(feed, zone, date(2026, 11, 1), date(2026, 11, 12)),
        (std::vector{date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 11)}));
}

TEST(Schedule, InvalidRruleKeepsOnlyTheFirstOccurrence)
{
    auto feed = building();
    add_event(feed, "odd", "Odd rule", "2026-11-03T14:00:00Z", "2026-11-03T15:00:00Z", "FREQ=FORTNIGHTLY");
    add_event(feed, "junk", "Junk rule", "2026-11-03T16:00:00Z", "2026-11-03T17:00:00Z", "this is not a rule");
    add_event(feed, "bad", "Impossible rule", "2026-11-03T18:00:00Z", "2026-11-03T19:00:00Z",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30");
    auto zone = london();
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 11, 3)), zone),
        (Lines{"14:00 Odd rule", "16:00 Junk rule", "18:00 Impossible rule"}));
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 11, 17)).empty());
}

TEST(Schedule, SkippingAheadMatchesWalkingFromTheStart)
{
    // icalrecur_iterator_set_start is what keeps 2031 cheap; prove it never changes the answer.
    auto zone = london();
    const char* rules[] = {"FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=WEEKLY;INTERVAL=2",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,SA", "FREQ=MONTHLY;BYDAY=1SA", "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE", "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3",
        "FREQ=YEARLY", "FREQ=WEEKLY;UNTIL=20280101T000000Z", "FREQ=WEEKLY;COUNT=40", "FREQ=HOURLY;INTERVAL=7"};
    for (const char* rrule : rules) {
        feed::Event event;
        event.id = "e";
        event.title = feed::Text::plain("E");
        event.start = at("2025-01-07T18:30:00Z");
        event.end = at("2025-01-07T20:00:00Z");
        event.rrule = rrule;
        for (feed::Instant from = at("2025-01-01T00:00:00Z"); from < at("2032-01-01T00:00:00Z"); from += 37 * 86400 + 3 * 3600) {
            feed::Instant to = from + 9 * 86400;
            auto skipped = occurrence_starts(event, zone, from, to, Expansion::SkipAhead);
            auto walked = occurrence_starts(event, zone, from, to, Expansion::FromFirstOccurrence);
            ASSERT_EQ(skipped, walked) << rrule << " from " << feed::format_instant_utc(from);
        }
    }
}

TEST(Schedule, ExpandingInUtcAlsoWorks)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-03-22T18:30:00Z", "2026-03-22T20:30:00Z", "FREQ=WEEKLY");
    auto zone = TimeZone::utc();
    auto day = occurrences_on(feed, zone, date(2026, 7, 5));
    ASSERT_EQ(day.size(), 1u);
    EXPECT_EQ(day[0].start, at("2026-07-05T18:30:00Z"));
}

// [SECTION] Exceptions and cancellations

TEST(Schedule, ExdateRemovesOneOccurrence)
{
    auto feed = building();
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-11-03T18:30:00Z", "2026-11-03T20:30:00Z", "FREQ=WEEKLY");
    bingo.exdates.push_back(at("2026-11-10T18:30:00Z"));
    auto zone = london();
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 11, 10)).empty());
    EXPECT_EQ(occurrences_on(feed, zone, date(2026, 11, 17)).size(), 1u);
    EXPECT_EQ(occurrences_on(feed, zone, date(2026, 11, 3)).size(), 1u);
}

TEST(Schedule, ExdateInSummerUsesTheBstInstant)
{
    auto feed = building();
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-03-03T18:30:00Z", "2026-03-03T20:30:00Z", "FREQ=WEEKLY");
    bingo.exdates.push_back(at("2026-07-07T18:30:00+01:00"));
    auto zone = london();
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 7, 7)).empty());
    EXPECT_EQ(occurrences_on(feed, zone, date(2026, 7, 14)).size(), 1u);
}

TEST(Schedule, ExdateCanRemoveTheFirstOccurrence)
{
    auto feed = building();
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-11-03T18:30:00Z", "2026-11-03T20:30:00Z", "FREQ=WEEKLY");
    bingo.exdates.push_back(bingo.start);
    auto zone = london();
    EXPECT_TRUE(occurrences_on(feed, zone, date(2026, 11, 3)).empty());
    EXPECT_EQ(occurrences_on(feed, zone, date(2026, 11, 10)).size(), 1u);
}

TEST(Schedule, ExdateAtAnotherTimeRemovesNothing)
{
    auto feed = building();
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-11-03T18:30:00Z", "2026-11-03T20:30:00Z", "FREQ=WEEKLY");
    bingo.exdates.push_back(at("2026-11-10T10:00:00Z"));
    EXPECT_EQ(occurrences_on(feed, london(), date(2026, 11, 10)).size(), 1u);
}

TEST(Schedule, CancelledDateIsShownButMarked)
{
    auto feed = building();
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-11-03T18:30:00Z", "2026-11-03T20:30:00Z", "FREQ=WEEKLY");
    bingo.cancelled_dates.push_back(date(2026, 11, 10));
    auto zone = london();
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 11, 10)), zone), Lines{"18:30 Bingo (cancelled)"});
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2026, 11, 17)), zone), Lines{"18:30 Bingo"});
}

TEST(Schedule, CancelledDateIsTheLocalDate)
{
    // 00:30 BST on 4 July is 23:30Z on 3 July; cancelling 4 July must catch it.
    auto feed = building();
    auto& swim = add_event(feed, "swim", "Night swim", "2026-06-26T23:30:00Z", "2026-06-27T00:30:00Z", "FREQ=WEEKLY");
    swim.cancelled_dates.push_back(date(2026, 7, 4));
    auto zone = london();
    auto day = occurrences_on(feed, zone, date(2026, 7, 4));
    ASSERT_FALSE(day.empty());
    EXPECT_TRUE(day[0].cancelled);
}

TEST(Schedule, CancelledEventMarksEveryOccurrence)
{
    auto feed = building();
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-11-03T18:30:00Z", "2026-11-03T20:30:00Z", "FREQ=WEEKLY");
    bingo.cancelled = true;
    auto zone = london();
    for (auto day : {date(2026, 11, 3), date(2026, 11, 10), date(2027, 2, 2)}) {
        auto occurrences = occurrences_on(feed, zone, day);
        ASSERT_EQ(occurrences.size(), 1u);
        EXPECT_TRUE(occurrences[0].cancelled);
    }
}

// [SECTION] Opening hours and the week

TEST(Schedule, OpenDayTakesItsHoursFromOpeningHours)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-11-03T13:30:00Z", "2026-11-03T15:30:00Z");
    auto plan = plan_for_day(feed, london(), date(2026, 11, 3));
    EXPECT_EQ(plan.date, date(2026, 11, 3));
    EXPECT_TRUE(plan.open);
    EXPECT_EQ(plan.opens, hm(9, 0));
    EXPECT_EQ(plan.closes, hm(17, 0));
    EXPECT_EQ(plan.sessions.size(), 1u);
    auto saturday = plan_for_day(feed, london(), date(2026, 11, 7));
    EXPECT_EQ(saturday.opens, hm(10, 0));
    EXPECT_EQ(saturday.closes, hm(14, 0));
}

TEST(Schedule, DayNotInOpeningHoursIsClosed)
{
    auto feed = building();
    add_event(feed, "sunday", "Sunday lunch", "2026-11-08T12:00:00Z", "2026-11-08T14:00:00Z");
    auto plan = plan_for_day(feed, london(), date(2026, 11, 8));
    EXPECT_FALSE(plan.open);
    EXPECT_TRUE(plan.sessions.empty());
}

TEST(Schedule, ClosedDateHasNoSessions)
{
    auto feed = building();
    feed.site.closed_dates.push_back(date(2026, 12, 25));
    add_event(feed, "cafe", "Café", "2026-12-04T12:00:00Z", "2026-12-04T14:00:00Z", "FREQ=WEEKLY;BYDAY=FR");
    auto zone = london();
    auto christmas = plan_for_day(feed, zone, date(2026, 12, 25));
    EXPECT_FALSE(christmas.open);
    EXPECT_TRUE(christmas.sessions.empty());
    EXPECT_EQ(occurrences_on(feed, zone, date(2026, 12, 25)).size(), 1u) << "the event itself still recurs";
    EXPECT_TRUE(plan_for_day(feed, zone, date(2026, 12, 18)).open);
}

TEST(Schedule, SplitOpeningHoursSpanTheWholeDay)
{
    auto feed = building();
    feed.site.opening_hours = {{feed::Weekday::Wed, hm(13, 30), hm(17, 0)}, {feed::Weekday::Wed, hm(9, 0), hm(12, 0)}};
    auto plan = plan_for_day(feed, london(), date(2026, 11, 25));
    EXPECT_TRUE(plan.open);
    EXPECT_EQ(plan.opens, hm(9, 0));
    EXPECT_EQ(plan.closes, hm(17, 0));
}

TEST(Schedule, HoursAloneAreTheDaysPlanWithoutItsSessions)
{
    auto feed = building();
    feed.site.opening_hours.push_back({feed::Weekday::Wed, hm(18, 0), hm(21, 0)}); // an evening opening after a break
    feed.site.closed_dates.push_back(date(2026, 11, 5));
    add_event(feed, "bingo", "Bingo", "2026-11-03T13:30:00Z", "2026-11-03T15:30:00Z", "FREQ=DAILY");
    auto zone = london();
    for (int i = 0; i < 14; ++i) {
        feed::Date day = feed::add_days(date(2026, 11, 2), i);
        auto plan = plan_for_day(feed, zone, day);
        auto hours = hours_on(feed.site, day);
        EXPECT_EQ(hours.date, day);
        EXPECT_EQ(hours.open, plan.open) << feed::format_date(day);
        EXPECT_EQ(hours.opens, plan.opens) << feed::format_date(day);
        EXPECT_EQ(hours.closes, plan.closes) << feed::format_date(day);
        EXPECT_TRUE(hours.sessions.empty()) << "no recurrence is expanded for the hours";
    }
    EXPECT_EQ(hours_on(feed.site, date(2026, 11, 4)).closes, hm(21, 0)) << "Wednesday closes after its evening opening";
    EXPECT_FALSE(hours_on(feed.site, date(2026, 11, 5)).open) << "a closed date";
    EXPECT_FALSE(hours_on(feed.site, date(2026, 11, 8)).open) << "Sunday has no opening hours";
}

TEST(Schedule, WeekPlanHasConsecutiveDays)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-11-03T13:30:00Z", "2026-11-03T15:30:00Z", "FREQ=WEEKLY");
    auto week = plan_for_days(feed, london(), date(2026, 11, 2), 7);
    ASSERT_EQ(week.size(), 7u);
    for (int i = 0; i < 7; ++i)
        EXPECT_EQ(week[i].date, feed::add_days(date(2026, 11, 2), i));
    EXPECT_EQ(week[1].sessions.size(), 1u); // Tuesday
    EXPECT_TRUE(week[0].sessions.empty());
    EXPECT_FALSE(week[6].open); // Sunday
    EXPECT_TRUE(plan_for_days(feed, london(), date(2026, 11, 2), 0).empty());
}

TEST(Schedule, WeekPlanMatchesPlanningEachDayAlone)
{
    auto feed = building();
    add_event(feed, "disco", "Silver disco", "2026-10-02T21:00:00Z", "2026-10-03T01:00:00Z", "FREQ=WEEKLY;BYDAY=FR,SA");
    add_event(feed, "cafe", "Community café", "2026-10-05T11:00:00Z", "2026-10-05T13:00:00Z", "FREQ=DAILY;BYDAY=MO,WE,FR");
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-10-06T17:30:00Z", "2026-10-06T19:30:00Z", "FREQ=WEEKLY");
    bingo.cancelled_dates.push_back(date(2026, 10, 27));
    feed.site.closed_dates.push_back(date(2026, 10, 28));
    auto zone = london();
    auto weeks = plan_for_days(feed, zone, date(2026, 10, 19), 14); // across the clocks going back
    ASSERT_EQ(weeks.size(), 14u);
    for (auto& day : weeks) {
        auto alone = plan_for_day(feed, zone, day.date);
        EXPECT_EQ(day.open, alone.open) << feed::format_date(day.date);
        EXPECT_EQ(day.opens, alone.opens);
        EXPECT_EQ(day.closes, alone.closes);
        EXPECT_EQ(day.sessions, alone.sessions) << feed::format_date(day.date);
    }
    EXPECT_EQ(as_read(weeks[5].sessions, zone), (Lines{"22:00 Silver disco", "22:00 Silver disco"})); // Sat 24th: Friday's, then its own
}

TEST(Schedule, WeekAcrossTheClocksChangingKeepsLocalTimes)
{
    auto feed = building();
    add_event(feed, "yoga", "Chair yoga", "2026-10-19T10:00:00Z", "2026-10-19T11:00:00Z", "FREQ=DAILY"); // 11:00 BST
    auto zone = london();
    for (auto& day : plan_for_days(feed, zone, date(2026, 10, 22), 7)) {
        if (!day.open)
            continue;
        ASSERT_EQ(as_read(day.sessions, zone), Lines{"11:00 Chair yoga"}) << feed::format_date(day.date);
    }
}

TEST(Schedule, IsOpenDuringOpeningHoursOnly)
{
    auto feed = building();
    auto zone = london();
    EXPECT_FALSE(is_open_at(feed, zone, at("2026-11-25T08:59:59Z")));
    EXPECT_TRUE(is_open_at(feed, zone, at("2026-11-25T09:00:00Z")));
    EXPECT_TRUE(is_open_at(feed, zone, at("2026-11-25T16:59:59Z")));
    EXPECT_FALSE(is_open_at(feed, zone, at("2026-11-25T17:00:00Z")));
    EXPECT_FALSE(is_open_at(feed, zone, at("2026-11-29T12:00:00Z"))); // Sunday
}

TEST(Schedule, OpeningHoursAreLocalTimeInSummer)
{
    auto feed = building();
    auto zone = london();
    EXPECT_TRUE(is_open_at(feed, zone, at("2026-07-01T08:00:00Z"))); // 09:00 BST
    EXPECT_FALSE(is_open_at(feed, zone, at("2026-07-01T16:00:00Z"))); // 17:00 BST
}

TEST(Schedule, ClosedDateIsNotOpen)
{
    auto feed = building();
    feed.site.closed_dates.push_back(date(2026, 12, 25));
    EXPECT_FALSE(is_open_at(feed, london(), at("2026-12-25T12:00:00Z")));
    EXPECT_TRUE(is_open_at(feed, london(), at("2026-12-24T12:00:00Z")));
}

TEST(Schedule, LunchClosureIsNotOpen)
{
    auto feed = building();
    feed.site.opening_hours = {{feed::Weekday::Wed, hm(9, 0), hm(12, 0)}, {feed::Weekday::Wed, hm(13, 30), hm(17, 0)}};
    auto zone = london();
    EXPECT_TRUE(is_open_at(feed, zone, at("2026-11-25T11:00:00Z")));
    EXPECT_FALSE(is_open_at(feed, zone, at("2026-11-25T12:30:00Z")));
    EXPECT_TRUE(is_open_at(feed, zone, at("2026-11-25T14:00:00Z")));
}

TEST(Schedule, OpeningHoursPastMidnightRunIntoTheNextDay)
{
    auto feed = building();
    feed.site.opening_hours = {{feed::Weekday::Fri, hm(18, 0), hm(2, 0)}};
    auto zone = london();
    EXPECT_TRUE(is_open_at(feed, zone, at("2026-11-27T23:00:00Z")));  // Fri 23:00
    EXPECT_TRUE(is_open_at(feed, zone, at("2026-11-28T01:30:00Z")));  // Sat 01:30
    EXPECT_FALSE(is_open_at(feed, zone, at("2026-11-28T02:00:00Z"))); // Sat 02:00
    EXPECT_FALSE(is_open_at(feed, zone, at("2026-11-27T17:00:00Z")));
}

TEST(Schedule, NextOpeningIsLaterTodayBeforeTheDoorsOpen)
{
    auto feed = building();
    auto opening = next_opening(feed, london(), at("2026-11-25T07:00:00Z"));
    ASSERT_TRUE(opening.has_value());
    EXPECT_EQ(*opening, (Opening{date(2026, 11, 25), hm(9, 0)}));
}

TEST(Schedule, NextOpeningWhileOpenIsTheNextDay)
{
    auto feed = building();
    auto opening = next_opening(feed, london(), at("2026-11-25T12:00:00Z"));
    ASSERT_TRUE(opening.has_value());
    EXPECT_EQ(*opening, (Opening{date(2026, 11, 26), hm(9, 0)}));
}

TEST(Schedule, NextOpeningSkipsClosedDaysAndClosedDates)
{
    auto feed = building();
    feed.site.closed_dates = {date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28)};
    // Thursday 24 December, evening: Fri 25 and Sat 26 closed dates, Sun closed, Mon 28 closed date.
    auto opening = next_opening(feed, london(), at("2026-12-24T18:00:00Z"));
    ASSERT_TRUE(opening.has_value());
    EXPECT_EQ(*opening, (Opening{date(2026, 12, 29), hm(9, 0)}));
}

TEST(Schedule, NextOpeningIsInLocalTime)
{
    auto feed = building();
    // Saturday 4 July 09:30 BST (08:30Z): opens at 10:00 BST the same day.
    auto opening = next_opening(feed, london(), at("2026-07-04T08:30:00Z"));
    ASSERT_TRUE(opening.has_value());
    EXPECT_EQ(*opening, (Opening{date(2026, 7, 4), hm(10, 0)}));
    // 09:30Z is 10:30 BST, after opening: next is Monday.
    EXPECT_EQ(next_opening(feed, london(), at("2026-07-04T09:30:00Z")), (Opening{date(2026, 7, 6), hm(9, 0)}));
}

TEST(Schedule, NextOpeningGivesUpAfterSixtyDays)
{
    auto feed = building();
    feed.site.opening_hours.clear();
    EXPECT_FALSE(next_opening(feed, london(), at("2026-11-25T12:00:00Z")).has_value());

    feed = building();
    for (int i = 0; i < 70; ++i)
        feed.site.closed_dates.push_back(feed::add_days(date(2026, 11, 25), i));
    EXPECT_FALSE(next_opening(feed, london(), at("2026-11-25T12:00:00Z")).has_value());
}

// [SECTION] Now and next

namespace {

Occurrence session(feed::Instant start, feed::Instant end, bool cancelled = false)
{
    return Occurrence{nullptr, start, end, cancelled};
}

} // namespace

TEST(Schedule, FinishedNowAndLater)
{
    std::vector<Occurrence> day{session(at("2026-11-25T09:00:00Z"), at("2026-11-25T10:00:00Z")),
        session(at("2026-11-25T09:30:00Z"), at("2026-11-25T11:00:00Z")),
        session(at("2026-11-25T12:00:00Z"), at("2026-11-25T13:00:00Z")),
        session(at("2026-11-25T15:00:00Z"), at("2026-11-25T16:00:00Z"))};
    EXPECT_EQ(session_states(day, at("2026-11-25T10:00:00Z")),
        (std::vector{SessionState::Finished, SessionState::Now, SessionState::Next, SessionState::Later}));
}

TEST(Schedule, NextIsEarliestUpcomingNotCancelled)
{
    std::vector<Occurrence> day{session(at("2026-11-25T11:00:00Z"), at("2026-11-25T12:00:00Z"), true),
        session(at("2026-11-25T13:00:00Z"), at("2026-11-25T14:00:00Z")),
        session(at("2026-11-25T14:00:00Z"), at("2026-11-25T15:00:00Z"))};
    EXPECT_EQ(session_states(day, at("2026-11-25T10:00:00Z")),
        (std::vector{SessionState::Later, SessionState::Next, SessionState::Later}));
}

TEST(Schedule, SessionsStartingTogetherAreAllNext)
{
    std::vector<Occurrence> day{session(at("2026-11-25T13:00:00Z"), at("2026-11-25T14:00:00Z")),
        session(at("2026-11-25T13:00:00Z"), at("2026-11-25T15:00:00Z")),
        session(at("2026-11-25T13:00:00Z"), at("2026-11-25T14:00:00Z"), true),
        session(at("2026-11-25T16:00:00Z"), at("2026-11-25T17:00:00Z"))};
    EXPECT_EQ(session_states(day, at("2026-11-25T10:00:00Z")),
        (std::vector{SessionState::Next, SessionState::Next, SessionState::Later, SessionState::Later}));
}

TEST(Schedule, CancelledSessionIsNeverNow)
{
    std::vector<Occurrence> day{session(at("2026-11-25T09:00:00Z"), at("2026-11-25T11:00:00Z"), true)};
    EXPECT_EQ(session_states(day, at("2026-11-25T10:00:00Z")), std::vector{SessionState::Later});
    EXPECT_EQ(session_states(day, at("2026-11-25T11:00:00Z")), std::vector{SessionState::Finished});
}

TEST(Schedule, SessionStartingExactlyNowIsNowNotNext)
{
    std::vector<Occurrence> day{session(at("2026-11-25T10:00:00Z"), at("2026-11-25T11:00:00Z")),
        session(at("2026-11-25T12:00:00Z"), at("2026-11-25T13:00:00Z"))};
    EXPECT_EQ(session_states(day, at("2026-11-25T10:00:00Z")), (std::vector{SessionState::Now, SessionState::Next}));
}

TEST(Schedule, AfterTheLastSessionEverythingIsFinished)
{
    std::vector<Occurrence> day{session(at("2026-11-25T10:00:00Z"), at("2026-11-25T11:00:00Z"))};
    EXPECT_EQ(session_states(day, at("2026-11-25T20:00:00Z")), std::vector{SessionState::Finished});
    EXPECT_TRUE(session_states({}, at("2026-11-25T20:00:00Z")).empty());
}

TEST(Schedule, NowAndNextFromARealDay)
{
    auto feed = building();
    add_event(feed, "cafe", "Community café", "2026-11-02T12:00:00Z", "2026-11-02T14:00:00Z", "FREQ=DAILY");
    auto& bingo = add_event(feed, "bingo", "Bingo", "2026-11-03T14:30:00Z", "2026-11-03T16:00:00Z", "FREQ=WEEKLY");
    bingo.cancelled_dates.push_back(date(2026, 11, 24));
    add_event(feed, "knit", "Knit and natter", "2026-11-04T15:00:00Z", "2026-11-04T16:00:00Z", "FREQ=WEEKLY;BYDAY=TU,WE");
    auto zone = london();
    auto day = plan_for_day(feed, zone, date(2026, 11, 24));
    ASSERT_EQ(as_read(day.sessions, zone), (Lines{"12:00 Community café", "14:30 Bingo (cancelled)", "15:00 Knit and natter"}));
    EXPECT_EQ(session_states(day.sessions, at("2026-11-24T13:00:00Z")),
        (std::vector{SessionState::Now, SessionState::Later, SessionState::Next}));
}

// [SECTION] Far dates

// A Pi whose clock reads the year 3000 or later (a dead RTC battery, a bad NTP answer) still
// shows each day's sessions, and quickly: libical's iterator stops at 2582, so a far window is
// expanded 400-year cycles earlier, where the calendar is the same. Before, every rule walked
// 200,000 steps from its start and found nothing.
TEST(Schedule, FarFutureDaysHaveTheSessionsOfTheSameCalendarDay400YearsEarlier)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-09-02T13:00:00Z", "2026-09-02T15:00:00Z", "FREQ=WEEKLY;BYDAY=WE");
    add_event(feed, "choir", "Choir", "2026-09-01T18:00:00Z", "2026-09-01T19:30:00Z", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
    add_event(feed, "quiz", "Quiz", "2026-09-04T19:00:00Z", "2026-09-04T21:00:00Z", "FREQ=MONTHLY;BYDAY=1FR");
    add_event(feed, "coffee", "Coffee", "2026-09-01T09:00:00Z", "2026-09-01T10:00:00Z", "FREQ=DAILY");
    auto zone = london();
    for (int years : {800, 1600, 2400, 7200}) { // whole 400-year cycles, and an even number (the choir is fortnightly)
        for (feed::Date day : {date(2026, 11, 25), date(2026, 12, 1), date(2027, 1, 1), date(2027, 3, 5), date(2026, 9, 15)}) {
            feed::Date far{day.year + years, day.month, day.day};
            ASSERT_EQ(feed::weekday_of(far), feed::weekday_of(day));
            auto near_lines = as_read(occurrences_on(feed, zone, day), zone);
            EXPECT_FALSE(near_lines.empty());
            EXPECT_EQ(as_read(occurrences_on(feed, zone, far), zone), near_lines) << feed::format_date(far);
        }
    }
}

TEST(Schedule, AFarFutureWeekIsTheSameWeek)
{
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-09-02T13:00:00Z", "2026-09-02T15:00:00Z", "FREQ=WEEKLY;BYDAY=MO,WE,FR");
    auto zone = london();
    auto near_week = plan_for_days(feed, zone, date(2026, 11, 23), 7);
    auto far_week = plan_for_days(feed, zone, date(3226, 11, 23), 7); // three 400-year cycles on: a Monday too
    ASSERT_EQ(near_week.size(), far_week.size());
    for (std::size_t i = 0; i < near_week.size(); ++i)
        EXPECT_EQ(as_read(far_week[i].sessions, zone), as_read(near_week[i].sessions, zone)) << i;
    EXPECT_EQ(far_week[0].sessions.size(), 1u);
}

TEST(Schedule, AFarFutureDayEarlierInTheYearThanTheSeriesStartStillHasItsSession)
{
    // Moved 400 years back, 7 January 2426 would be 7 January 2026: before this series began.
    auto feed = building();
    add_event(feed, "bingo", "Bingo", "2026-09-02T13:00:00Z", "2026-09-02T15:00:00Z", "FREQ=WEEKLY;BYDAY=WE");
    auto zone = london();
    ASSERT_EQ(feed::weekday_of(date(2426, 1, 7)), feed::Weekday::Wed);
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(2426, 1, 7)), zone), Lines{"14:00 Bingo"});
    EXPECT_EQ(as_read(occurrences_on(feed, zone, date(3226, 1, 7)), zone), Lines{"14:00 Bingo"});
}
