// The soak as a specification: a kiosk that lives through a week of signage, visitors,
// café edits, new content, closing times and purges does everything the screen promised
// and does not grow. The week (with the 2 MB bound) runs under `scripts/test --long`; the
// default run lives through one day, to catch a broken step early, without the bound.
#include "tests/support/soak.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace coi;

namespace {

void expect_a_good_day(const soak::DayReport& day)
{
    EXPECT_EQ(day.inside_at_end, 0) << day.date << ": closing time signs everyone out";
    EXPECT_GE(day.pages_seen.size(), 4u) << day.date << ": the rotation shows every page";
    EXPECT_GE(day.versions, 7) << day.date << ": a new content version every 3 hours";
}

} // namespace

TEST(Soak, OneDayOfSignageVisitorsCafeEditsAndSyncsDoesWhatTheScreenPromised)
{
    test::TempDir dir("soak-day");
    soak::SoakOptions options;
    options.days = 0; // the warm-up day alone
    auto result = soak::run(options, dir);
    ASSERT_EQ(result.error, "");
    ASSERT_EQ(result.days.size(), 1u);
    auto& day = result.days[0];
    expect_a_good_day(day);
    EXPECT_GE(day.check_ins, 5);
    EXPECT_GE(day.check_outs, 3);
    EXPECT_EQ(day.special_edits, 3);
}

TEST(Soak, AWeekGrowsResidentMemoryByAtMostTwoMegabytes)
{
    if (!std::getenv("COI_LONG_TESTS"))
        GTEST_SKIP() << "a simulated week: scripts/test --long (COI_LONG_TESTS=1), or scripts/bench/soak";
    test::TempDir dir("soak-week");
    soak::SoakOptions options;
    options.days = 7;
    auto result = soak::run(options, dir, [](const soak::DayReport& day) {
        std::printf("soak: day %d (%s): VmRSS %ld kB, heap in use %ld kB, %ld frames, %d check-ins, %d check-outs, %d versions, %.0f s\n",
            day.day, day.date.c_str(), day.rss_kb, day.heap_kb, day.frames, day.check_ins, day.check_outs, day.versions, day.seconds);
        std::fflush(stdout);
    });
    ASSERT_EQ(result.error, "");
    ASSERT_EQ(result.days.size(), 8u);
    for (auto& day : result.days)
        expect_a_good_day(day);
    // Two days' retention: by the end only the last days' visitors still have names.
    EXPECT_LT(result.days.back().named_with_names, result.days.back().stored_check_ins);
    RecordProperty("warm_rss_kb", static_cast<int>(result.warm_rss_kb()));
    RecordProperty("end_rss_kb", static_cast<int>(result.end_rss_kb()));
    std::printf("soak: VmRSS after the warm-up day %ld kB, after 7 more days %ld kB, growth %ld kB (heap in use: %+ld kB)\n",
        result.warm_rss_kb(), result.end_rss_kb(), result.growth_kb(), result.heap_growth_kb());
    EXPECT_LE(result.growth_kb(), 2048) << "resident memory grew over the simulated week";
}
