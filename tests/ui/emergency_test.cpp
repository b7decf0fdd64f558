// Emergency mode at the screen: the takeover instead of everything else, check-in stopped,
// staff mode opening on the roll-call, and staff starting and ending it here, kept across a
// restart.
#include "kiosk/platform/display.h"
#include "kiosk/store/staff_store.h"
#include "kiosk_fixture.h"

#include <algorithm>

using namespace coi;
using namespace coi::testing;

namespace {

struct EmergencyTest : ::testing::Test {
    void SetUp() override
    {
        {
            auto db = store::Database::open(dir / "kiosk.db");
            ASSERT_TRUE(db);
            store::StaffStore pins(*db);
            ASSERT_TRUE(pins.set_pin(core::StaffRole::Staff, "2468"));
        }
        reopen();
    }
    void reopen()
    {
        kiosk.reset();
        kiosk = open_kiosk(dir, 1920, 1080);
        ASSERT_TRUE(kiosk);
        now = *kiosk->site_time("2026-11-25T11:05");
        frames(2);
    }
    void frames(int n)
    {
        for (int i = 0; i < n; ++i)
            kiosk->pump(now);
    }
    void tap_at(float x, float y)
    {
        platform::push_tap(x, y, kiosk->display().size());
        frames(3);
    }
    void tap(const std::string& label)
    {
        auto& texts = kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << "nothing labelled \"" << label << "\" on screen";
        tap_at((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2);
    }
    void hold_corner()
    {
        ImVec2 size = kiosk->display().size();
        platform::push_finger(size.x - 60, 60, size, true);
        frames(2);
        now += 1;
        frames(1);
        now += 2;
        frames(2);
        platform::push_finger(size.x - 60, 60, size, false);
        frames(2);
    }
    void staff_pin()
    {
        hold_corner();
        for (char d : std::string("2468"))
            tap(std::string(1, d));
        tap("OK");
    }
    bool shows(const std::string& text) { return kiosk->draw_log().contains(text); }
    // What the screen says, its drawn lines joined: a sentence wrapped over two lines reads whole.
    bool says(const std::string& sentence)
    {
        std::string all;
        for (auto& t : kiosk->draw_log().texts)
            all += (all.empty() ? "" : " ") + t.text;
        return all.find(sentence) != std::string::npos;
    }
    void evacuate()
    {
        kiosk->show_emergency(core::started_here(feed::EmergencyKind::Evacuate, "", "reception", now));
        frames(2);
    }

    test::TempDir dir = fresh_data_dir("emergency");
    std::unique_ptr<app::KioskApp> kiosk;
    feed::Instant now = 0;
};

} // namespace

TEST_F(EmergencyTest, TheTakeoverReplacesSignageWithTheAssemblyPoint)
{
    ASSERT_TRUE(shows("Touch here to check in"));
    evacuate();
    EXPECT_TRUE(shows("Evacuate now"));
    EXPECT_TRUE(says("Assembly point: The car park by St Mary's church"));
    EXPECT_FALSE(shows("Touch here to check in"));
}

TEST_F(EmergencyTest, ATapStartsNoCheckIn)
{
    evacuate();
    ImVec2 size = kiosk->display().size();
    tap_at(size.x / 2, size.y / 2);
    tap_at(size.x / 2, size.y - 40);
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage);
    EXPECT_TRUE(shows("Evacuate now"));
}

TEST_F(EmergencyTest, AVisitorHalfWayThroughIsLetGo)
{
    ImVec2 size = kiosk->display().size();
    tap_at(size.x / 2, size.y / 2);
    ASSERT_NE(kiosk->checkin_state().step, core::Step::Signage);
    evacuate();
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage);
    EXPECT_TRUE(shows("Evacuate now"));
}

TEST_F(EmergencyTest, StaffModeOpenedDuringOneOpensOnTheRollCall)
{
    evacuate();
    staff_pin();
    EXPECT_TRUE(says("Who's in")) << "the roll-call's title";
    EXPECT_FALSE(shows("Café specials")) << "the staff menu, not the roll-call";
    EXPECT_FALSE(shows("Evacuate now"));
}

TEST_F(EmergencyTest, StaffStartItHereAndARestartKeepsIt)
{
    staff_pin();
    tap("Emergency");
    tap("Stay inside");
    ASSERT_TRUE(core::emergency_on(kiosk->emergency()));
    EXPECT_EQ(kiosk->emergency()->kind, feed::EmergencyKind::StayInside);
    reopen();
    ASSERT_TRUE(core::emergency_on(kiosk->emergency()));
    EXPECT_TRUE(shows("Stay inside"));
}

TEST_F(EmergencyTest, StaffEndItHere)
{
    staff_pin();
    tap("Emergency");
    tap("Building closed");
    ASSERT_TRUE(core::emergency_on(kiosk->emergency()));
    tap("End emergency");
    EXPECT_FALSE(core::emergency_on(kiosk->emergency()));
    reopen();
    EXPECT_FALSE(core::emergency_on(kiosk->emergency()));
    EXPECT_TRUE(shows("Touch here to check in"));
}
