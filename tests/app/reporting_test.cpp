// Check-in reporting as the kiosk's frame loop does it: volunteers' hours are summed into the
// day's anonymous totals before the retention purge erases their names, the automatic
// sign-out at closing counts to closing time, and remembered words go at retention too.
#include "kiosk_fixture.h"

using namespace coi;
using namespace coi::testing;

TEST(Reporting, VolunteerHoursAreSummedBeforeThePurgeErasesTheNames)
{
    auto dir = fresh_data_dir("reporting-purge");
    auto kiosk = open_kiosk(dir, 1280, 800);
    ASSERT_TRUE(kiosk);
    feed::Instant morning = *kiosk->site_time("2026-11-25T09:00");
    auto ann = kiosk->checkins().check_in("volunteering", "named", "", "Ann", "", [] { return std::string("ACDE"); }, morning, {std::nullopt, true});
    ASSERT_TRUE(ann);
    ASSERT_TRUE(kiosk->checkins().check_out(ann->id, store::CheckoutKind::Staff, morning + 3 * 3600));
    // Nothing else has summed her visit: the purge, weeks later, must do so before erasing.
    auto erased = kiosk->purge(morning + 30 * 86400);
    ASSERT_TRUE(erased) << erased.error().message;
    EXPECT_EQ(*erased, 1);
    EXPECT_EQ(kiosk->checkins().by_id(ann->id)->first_name, "");
    auto days = kiosk->checkins().volunteer_days("2026-11-01");
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days[0], (core::VolunteerDay{"2026-11-25", 1, 180, 0}));
    std::filesystem::remove_all(dir);
}

TEST(Reporting, TheSignOutAtClosingCountsAVolunteerToClosingTime)
{
    auto dir = fresh_data_dir("reporting-closing");
    auto kiosk = open_kiosk(dir, 1280, 800);
    ASSERT_TRUE(kiosk);
    auto bob = kiosk->checkins().check_in("volunteering", "named", "", "Bob", "", [] { return std::string("CDEF"); },
        *kiosk->site_time("2026-11-25T17:00"), {std::nullopt, true});
    ASSERT_TRUE(bob);
    // Wednesday closes at 20:30; the kiosk looks at 23:30.
    kiosk->housekeeping(*kiosk->site_time("2026-11-25T23:30"));
    kiosk->housekeeping(*kiosk->site_time("2026-11-25T23:31"));
    EXPECT_EQ(kiosk->checkins().by_id(bob->id)->checkout_kind, "auto");
    auto days = kiosk->checkins().volunteer_days("2026-11-25");
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days[0], (core::VolunteerDay{"2026-11-25", 1, 210, 1}));
    std::filesystem::remove_all(dir);
}

TEST(Reporting, RememberedWordsUnusedForTheRetentionDaysAreForgottenByThePurge)
{
    auto dir = fresh_data_dir("reporting-remember");
    auto kiosk = open_kiosk(dir, 1280, 800);
    ASSERT_TRUE(kiosk);
    feed::Instant day = *kiosk->site_time("2026-11-25T11:00");
    store::RememberStore remembered(kiosk->database());
    ASSERT_TRUE(remembered.remember("rose k", "2026-11-25", day));
    ASSERT_TRUE(kiosk->purge(day + 13 * 86400));
    EXPECT_EQ(remembered.count_remembered(), 1) << "within the site's 14 days";
    ASSERT_TRUE(kiosk->purge(day + 15 * 86400));
    EXPECT_EQ(remembered.count_remembered(), 0);
    std::filesystem::remove_all(dir);
}
