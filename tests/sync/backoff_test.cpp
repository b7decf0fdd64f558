// Backoff is a pure function: time and jitter are parameters.
#include "kiosk/sync/backoff.h"

#include <gtest/gtest.h>

using namespace coi::sync;

TEST(Backoff, PollsAtTheNormalRhythmWhileAllIsWell)
{
    EXPECT_EQ(next_poll_delay(0, 60, std::nullopt, 0.0), 60);
    EXPECT_EQ(next_poll_delay(0, 60, std::nullopt, 1.0), 60);
}

TEST(Backoff, DoublesFromFiveSecondsUpToFifteenMinutes)
{
    EXPECT_EQ(next_poll_delay(1, 60, std::nullopt, 1.0), 5);
    EXPECT_EQ(next_poll_delay(2, 60, std::nullopt, 1.0), 10);
    EXPECT_EQ(next_poll_delay(3, 60, std::nullopt, 1.0), 20);
    EXPECT_EQ(next_poll_delay(8, 60, std::nullopt, 1.0), 640);
    EXPECT_EQ(next_poll_delay(9, 60, std::nullopt, 1.0), 900);
    EXPECT_EQ(next_poll_delay(500, 60, std::nullopt, 1.0), 900);
}

TEST(Backoff, JitterSpreadsTheUpperHalf)
{
    EXPECT_EQ(next_poll_delay(9, 60, std::nullopt, 0.0), 450);
    EXPECT_EQ(next_poll_delay(9, 60, std::nullopt, 0.5), 675);
    for (double j = 0; j <= 1.0; j += 0.1) {
        int d = next_poll_delay(4, 60, std::nullopt, j);
        EXPECT_GE(d, 20);
        EXPECT_LE(d, 40);
    }
}

TEST(Backoff, AShortPollIntervalStartsRetriesSooner)
{
    EXPECT_EQ(next_poll_delay(1, 1, std::nullopt, 1.0), 1);
    EXPECT_EQ(next_poll_delay(2, 1, std::nullopt, 1.0), 2);
}

TEST(Backoff, RetryAfterIsAFloorCappedAtFifteenMinutes)
{
    EXPECT_EQ(next_poll_delay(1, 60, 120, 0.0), 120);
    EXPECT_EQ(next_poll_delay(1, 60, 1, 1.0), 5);
    EXPECT_EQ(next_poll_delay(1, 60, 86400, 1.0), 900);
}

TEST(Backoff, ParsesRetryAfterSecondsOnly)
{
    EXPECT_EQ(parse_retry_after("7"), 7);
    EXPECT_EQ(parse_retry_after(" 120 "), 120);
    EXPECT_EQ(parse_retry_after(""), std::nullopt);
    EXPECT_EQ(parse_retry_after("-1"), std::nullopt);
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), std::nullopt);
    EXPECT_EQ(parse_retry_after("99999999999"), std::nullopt);
}
