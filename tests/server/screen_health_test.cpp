// What makes a screen ask for help (content/server/screen_health.h), worked out with the
// time as a parameter: silence counted in opening hours only, old content after two polls,
// an error that repeats, low disk with a margin before it clears.
#include "content/server/screen_health.h"

#include <gtest/gtest.h>

using namespace coi::server;

namespace {

constexpr std::int64_t kMinute = 60, kHour = 3600, kDay = 24 * kHour;
constexpr std::int64_t kMonday9 = 1796634000; // Monday 7 December 2026, 09:00 in London (GMT)

SiteHealth building()
{
    SiteHealth site;
    site.site.id = "ashby";
    site.site.timezone = "Europe/London";
    site.site.opening_hours = {{coi::feed::Weekday::Mon, 9 * 60, 17 * 60}, {coi::feed::Weekday::Wed, 9 * 60, 17 * 60}};
    site.content_version = 5;
    site.version_at = kMonday9 - kDay;
    return site; // the default limit: 15 minutes
}

Screen heard_at(std::int64_t last_seen)
{
    Screen screen;
    screen.id = 1;
    screen.site_id = "ashby";
    screen.name = "Reception";
    screen.created_at = kMonday9 - 30 * kDay;
    screen.last_seen = last_seen;
    screen.content_version = 5;
    return screen;
}

std::vector<ProblemKind> kinds(const std::vector<Problem>& problems)
{
    std::vector<ProblemKind> out;
    for (auto& p : problems)
        out.push_back(p.kind);
    return out;
}

const std::vector<ProblemKind> kNone;
const std::vector<ProblemKind> kSilent{ProblemKind::Silent};

} // namespace

// [SECTION] Silent

TEST(ScreenHealth, AScreenHeardWithinTheLimitIsWell)
{
    EXPECT_EQ(kinds(problems_of(heard_at(kMonday9 + kHour), building(), kMonday9 + kHour + 14 * kMinute)), kNone);
}

TEST(ScreenHealth, SilentLongerThanTheLimitInOpeningHoursIsAProblem)
{
    auto problems = problems_of(heard_at(kMonday9 + kHour), building(), kMonday9 + kHour + 16 * kMinute);
    ASSERT_EQ(kinds(problems), kSilent);
    EXPECT_NE(problems[0].words.find("silent for 16 minutes"), std::string::npos) << problems[0].words;
    EXPECT_NE(problems[0].words.find("10:00 on 2026-12-07"), std::string::npos) << problems[0].words;
}

TEST(ScreenHealth, TheBuildingsOwnLimitIsUsed)
{
    auto site = building();
    site.silent_minutes = 60;
    EXPECT_EQ(kinds(problems_of(heard_at(kMonday9), site, kMonday9 + 59 * kMinute)), kNone);
    EXPECT_EQ(kinds(problems_of(heard_at(kMonday9), site, kMonday9 + 61 * kMinute)), kSilent);
}

TEST(ScreenHealth, SilenceWhileTheBuildingIsClosedDoesNotCount)
{
    // Switched off at 16:50 on Monday: ten open minutes that day, none on Tuesday (closed)
    // nor before 09:00 on Wednesday, so at 09:04 on Wednesday it is 14 minutes, at 09:06 16.
    std::int64_t off = kMonday9 + 7 * kHour + 50 * kMinute;
    EXPECT_EQ(kinds(problems_of(heard_at(off), building(), kMonday9 + 8 * kHour + 30 * kMinute)), kNone);
    EXPECT_EQ(kinds(problems_of(heard_at(off), building(), kMonday9 + kDay + 3 * kHour)), kNone);
    EXPECT_EQ(kinds(problems_of(heard_at(off), building(), kMonday9 + 2 * kDay + 4 * kMinute)), kNone);
    EXPECT_EQ(kinds(problems_of(heard_at(off), building(), kMonday9 + 2 * kDay + 6 * kMinute)), kSilent);
}

TEST(ScreenHealth, AClosedDateIsShutAllDay)
{
    auto site = building();
    site.site.closed_dates = {{2026, 12, 9}}; // that Wednesday
    std::int64_t off = kMonday9 + 7 * kHour + 50 * kMinute;
    EXPECT_EQ(kinds(problems_of(heard_at(off), site, kMonday9 + 2 * kDay + 6 * kHour)), kNone);
}

TEST(ScreenHealth, OpeningHoursAreTheBuildingsLocalTime)
{
    // New York: 09:00 there is 14:00 UTC. Heard at 13:00 UTC on Monday, silent until 14:10
    // UTC: only ten of those minutes were in its opening hours.
    auto site = building();
    site.site.timezone = "America/New_York";
    EXPECT_EQ(kinds(problems_of(heard_at(kMonday9 + 4 * kHour), site, kMonday9 + 5 * kHour + 10 * kMinute)), kNone);
    EXPECT_EQ(kinds(problems_of(heard_at(kMonday9 + 4 * kHour), site, kMonday9 + 5 * kHour + 20 * kMinute)), kSilent);
}

TEST(ScreenHealth, AScreenNeverHeardIsCountedFromWhenItWasAdded)
{
    auto screen = heard_at(0);
    screen.created_at = kMonday9;
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9 + 10 * kMinute)), kNone);
    auto problems = problems_of(screen, building(), kMonday9 + 20 * kMinute);
    ASSERT_EQ(kinds(problems), kSilent);
    EXPECT_NE(problems[0].words.find("never heard"), std::string::npos) << problems[0].words;
}

TEST(ScreenHealth, SilenceClearsWhenTheScreenIsHeardAgain)
{
    std::int64_t now = kMonday9 + 2 * kHour;
    EXPECT_EQ(kinds(problems_of(heard_at(kMonday9), building(), now, kSilent)), kSilent);
    EXPECT_EQ(kinds(problems_of(heard_at(now - 30), building(), now, kSilent)), kNone);
}

TEST(ScreenHealth, ARemovedScreenHasNoProblems)
{
    auto screen = heard_at(kMonday9 - 20 * kDay);
    screen.revoked = true;
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9 + kHour)), kNone);
}

// [SECTION] Old content

TEST(ScreenHealth, OldContentIsAProblemOnlyAfterTwoPolls)
{
    auto site = building();
    site.version_at = kMonday9; // version 5 saved at 09:00
    auto screen = heard_at(kMonday9 + 2 * kMinute);
    screen.content_version = 4;
    screen.poll_seconds = 60;
    screen.status_at = kMonday9 + 2 * kMinute; // its heartbeat two polls later still says 4: allowed
    EXPECT_EQ(kinds(problems_of(screen, site, kMonday9 + 2 * kMinute)), kNone);
    screen.status_at = screen.last_seen = kMonday9 + 2 * kMinute + 1; // more than two polls
    auto problems = problems_of(screen, site, screen.status_at);
    ASSERT_EQ(kinds(problems), std::vector<ProblemKind>{ProblemKind::OldContent});
    EXPECT_NE(problems[0].words.find("version 4 of 5"), std::string::npos) << problems[0].words;
}

TEST(ScreenHealth, OldContentClearsWhenTheScreenSaysTheNewest)
{
    auto site = building();
    site.version_at = kMonday9;
    auto screen = heard_at(kMonday9 + kHour);
    screen.poll_seconds = 60;
    screen.status_at = kMonday9 + kHour;
    screen.content_version = 5;
    EXPECT_EQ(kinds(problems_of(screen, site, kMonday9 + kHour, {ProblemKind::OldContent})), kNone);
}

// [SECTION] Errors and disk

TEST(ScreenHealth, TheSameErrorInThreeHeartbeatsInARowIsAProblem)
{
    auto screen = heard_at(kMonday9);
    screen.last_error = "the feed's signature does not match the pinned key";
    screen.error_repeats = 2;
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9)), kNone);
    screen.error_repeats = 3;
    auto problems = problems_of(screen, building(), kMonday9);
    ASSERT_EQ(kinds(problems), std::vector<ProblemKind>{ProblemKind::RepeatingError});
    EXPECT_NE(problems[0].words.find("signature does not match"), std::string::npos);
    screen.last_error.clear(); // its next heartbeat had no error
    screen.error_repeats = 0;
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9, {ProblemKind::RepeatingError})), kNone);
}

TEST(ScreenHealth, LowDiskStartsUnderTheLineAndClearsOnlyWellAboveIt)
{
    auto screen = heard_at(kMonday9);
    const std::vector<ProblemKind> low{ProblemKind::LowDisk};
    screen.free_disk_bytes = kLowDiskBytes + 1;
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9)), kNone);
    screen.free_disk_bytes = kLowDiskBytes - 1;
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9)), low);
    screen.free_disk_bytes = kLowDiskBytes + 1; // just over the line again: still low, not told twice
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9, low)), low);
    screen.free_disk_bytes = kDiskRecoveredBytes;
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9, low)), kNone);
}

TEST(ScreenHealth, AnOlderKioskThatDoesNotSayItsDiskHasNoDiskProblem)
{
    auto screen = heard_at(kMonday9);
    screen.free_disk_bytes.reset();
    EXPECT_EQ(kinds(problems_of(screen, building(), kMonday9)), kNone);
}

TEST(ScreenHealth, ProblemCodesReadBack)
{
    for (auto kind : {ProblemKind::Silent, ProblemKind::OldContent, ProblemKind::RepeatingError, ProblemKind::LowDisk})
        EXPECT_EQ(problem_from_code(to_code(kind)), kind);
    EXPECT_FALSE(problem_from_code("on_fire"));
}

TEST(OpenSeconds, CountsOnlyTheOpenPartOfEachDay)
{
    auto site = building().site;
    EXPECT_EQ(open_seconds_between(site, kMonday9 - kHour, kMonday9 + kHour), kHour);
    EXPECT_EQ(open_seconds_between(site, kMonday9, kMonday9 + 3 * kDay), 16 * kHour); // Monday and Wednesday
    EXPECT_EQ(open_seconds_between(site, kMonday9 + kHour, kMonday9), 0);
}
