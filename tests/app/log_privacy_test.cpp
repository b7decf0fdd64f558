// Logs leave the building (journald, remote log collection): a visitor's name must never be
// in them. A whole visit, check-in to closing-time sign-out, with stdout captured.
#include "kiosk/platform/display.h"
#include "kiosk_fixture.h"

#include <algorithm>

using namespace coi;
using namespace coi::testing;

namespace {

void frames(app::KioskApp& kiosk, feed::Instant now, int n)
{
    for (int i = 0; i < n; ++i)
        kiosk.pump(now);
}

bool tap(app::KioskApp& kiosk, feed::Instant now, const std::string& label)
{
    auto& texts = kiosk.draw_log().texts;
    auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
    if (it == texts.end())
        return false;
    platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk.display().size());
    frames(kiosk, now, 3);
    return true;
}

} // namespace

TEST(Logs, NeverCarryAVisitorsName)
{
    auto dir = fresh_data_dir("log-privacy");
    ::testing::internal::CaptureStdout();
    {
        auto kiosk = open_kiosk(dir, 1280, 800);
        ASSERT_TRUE(kiosk);
        feed::Instant now = *kiosk->site_time("2026-11-25T11:05");
        frames(*kiosk, now, 2);
        platform::push_tap(10, 400, kiosk->display().size());
        frames(*kiosk, now, 3);
        ASSERT_TRUE(tap(*kiosk, now, "Check in"));
        ASSERT_TRUE(tap(*kiosk, now, "Parent and toddler group"));
        for (auto key : {"Z", "u", "z", "a", "n", "n", "a"})
            ASSERT_TRUE(tap(*kiosk, now, key)) << key;
        ASSERT_TRUE(tap(*kiosk, now, "Check in"));
        ASSERT_EQ(kiosk->checkins().inside().size(), 1u);
        EXPECT_EQ(kiosk->checkins().inside()[0].first_name, "Zuzanna");
        // Closing time signs everyone out (and logs how many); the retention purge runs daily.
        feed::Instant evening = *kiosk->site_time("2026-11-25T23:30");
        kiosk->housekeeping(evening);
        EXPECT_TRUE(kiosk->checkins().inside().empty());
        (void)kiosk->purge(evening + 30 * 86400);
        app::log_line("info", "a line the test writes, so the capture is known to work");
    }
    std::string out = ::testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("a line the test writes"), std::string::npos);
    EXPECT_EQ(out.find("Zuzanna"), std::string::npos) << out;
    EXPECT_EQ(out.find("zuzanna"), std::string::npos) << out;
}

TEST(Logs, OneLinePerEventWithAJournaldLevel)
{
    ::testing::internal::CaptureStdout();
    app::log_line("info", "started");
    app::log_line("warning", "two\nlines");
    app::log_line("error", "broken");
    std::string out = ::testing::internal::GetCapturedStdout();
    EXPECT_EQ(out, "<6>kiosk: info: started\n<4>kiosk: warning: two lines\n<3>kiosk: error: broken\n");
}
