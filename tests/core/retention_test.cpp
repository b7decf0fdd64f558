// When the kiosk's clock may be trusted with erasing names and signing people out.
#include "kiosk/core/retention.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::core;

namespace {
constexpr feed::Instant kSigned = 1'795'000'000; // a feed's generated_at
constexpr feed::Instant kDay = 86400;
} // namespace

TEST(Retention, AClockBehindASignedTimeIsNeverTrustedEvenIfSynchronised)
{
    for (auto sync : {ClockSync::Synchronised, ClockSync::NotYet, ClockSync::Unknown}) {
        ClockWitness witness{sync, kSigned};
        EXPECT_EQ(judge_clock(witness, kSigned - 19 * kDay), ClockTrust::Behind);
        EXPECT_FALSE(erase_visits_ended_before(judge_clock(witness, kSigned - 19 * kDay), kSigned - 19 * kDay, 14));
        EXPECT_FALSE(may_sign_out_at_closing(judge_clock(witness, kSigned - 19 * kDay)));
    }
    EXPECT_EQ(judge_clock({ClockSync::Synchronised, kSigned}, kSigned - 5 * 60), ClockTrust::Good) << "a few minutes of skew is not behind";
}

TEST(Retention, WaitsForTheTimeSyncServiceOnceThereIsOne)
{
    EXPECT_EQ(judge_clock({ClockSync::NotYet, kSigned}, kSigned + kDay), ClockTrust::Unknown);
    EXPECT_EQ(judge_clock({ClockSync::NotYet, 0}, kSigned), ClockTrust::Unknown);
    EXPECT_EQ(judge_clock({ClockSync::Synchronised, 0}, kSigned), ClockTrust::Good);
    EXPECT_EQ(judge_clock({ClockSync::Synchronised, kSigned}, kSigned + 30 * kDay), ClockTrust::Good);
}

TEST(Retention, WithoutATimeSyncServiceASignedTimeIsTheEvidence)
{
    EXPECT_EQ(judge_clock({ClockSync::Unknown, 0}, kSigned), ClockTrust::Unknown);
    EXPECT_EQ(judge_clock({ClockSync::Unknown, kSigned}, kSigned + 3 * kDay), ClockTrust::Good);
}

TEST(Retention, CountsFromWhenVisitorsLeftAndOnlyOnAGoodClock)
{
    EXPECT_EQ(erase_visits_ended_before(ClockTrust::Good, kSigned + 20 * kDay, 14), kSigned + 6 * kDay);
    EXPECT_EQ(erase_visits_ended_before(ClockTrust::Good, kSigned, -3), kSigned) << "a negative retention is none, not the future";
    EXPECT_FALSE(erase_visits_ended_before(ClockTrust::Unknown, kSigned, 14));
    EXPECT_FALSE(erase_visits_ended_before(ClockTrust::Behind, kSigned, 14));
    EXPECT_TRUE(may_sign_out_at_closing(ClockTrust::Good));
    EXPECT_FALSE(may_sign_out_at_closing(ClockTrust::Unknown));
    EXPECT_FALSE(describe(ClockTrust::Unknown, {}).empty());
}
