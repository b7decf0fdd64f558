// The display schedule on a fake clock, through pump(): the same take_input,
// housekeeping, update_power and frame code as each pass of run(). Outside the opening hours
// the screen goes black and nothing is drawn; a touch wakes it for two minutes without
// pressing what appears under the finger; the on/off commands run once per change.
#include "kiosk/platform/display.h"
#include "kiosk_fixture.h"

#include <fstream>
#include <sstream>

using namespace coi;
using namespace coi::testing;

namespace {

// The sample building: open Wednesday 25 November 2026 08:30-20:30, Thursday from 08:30.
class DisplayPower : public ::testing::Test {
protected:
    void SetUp() override
    {
        app::Config config;
        config.read_aloud = false;
        config.display.blank_when_closed = true;
        // Programs run without a shell; sh is the program here, given its script as an argument.
        std::string log = (m_dir / "power.log").string();
        config.display.off_command = {"/bin/sh", "-c", "echo off >> \"$0\"", log};
        config.display.on_command = {"/bin/sh", "-c", "echo on >> \"$0\"", log};
        m_kiosk = open_kiosk(m_dir, 1280, 800, config);
        ASSERT_TRUE(m_kiosk);
    }
    void TearDown() override
    {
        m_kiosk.reset();
    }

    feed::Instant at(const char* local) { return *m_kiosk->site_time(local); }
    void frames(feed::Instant now, int n = 3)
    {
        for (int i = 0; i < n; ++i)
            m_kiosk->pump(now);
    }
    // Every on and off command run so far, one word a line.
    std::string power_log()
    {
        std::ifstream in(m_dir / "power.log");
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    bool drawn(const std::string& text) { return m_kiosk->draw_log().contains(text); }
    ImVec2 centre_of(const std::string& label)
    {
        for (auto& t : m_kiosk->draw_log().texts)
            if (t.text == label)
                return ImVec2((t.min.x + t.max.x) / 2, (t.min.y + t.max.y) / 2);
        ADD_FAILURE() << "\"" << label << "\" is not on screen";
        return ImVec2(0, 0);
    }
    void finger(ImVec2 where, bool down) { platform::push_finger(where.x, where.y, m_kiosk->display().size(), down); }

    test::TempDir m_dir = fresh_data_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::unique_ptr<app::KioskApp> m_kiosk;
};

constexpr const char* kCallToAction = "Touch here to check in";

} // namespace

TEST_F(DisplayPower, BlanksAtClosingAndComesOnAtOpeningRunningEachCommandOnce)
{
    frames(at("2026-11-25T20:25"));
    EXPECT_FALSE(m_kiosk->blank());
    EXPECT_TRUE(drawn(kCallToAction));
    EXPECT_EQ(power_log(), "on\n") << "after a start the TV's state is unknown: the on command runs once";

    frames(at("2026-11-25T20:30"), 10);
    EXPECT_TRUE(m_kiosk->blank());
    EXPECT_EQ(power_log(), "on\noff\n");
    long drawn_at_closing = m_kiosk->stats().frames;
    EXPECT_TRUE(m_kiosk->draw_log().texts.empty()) << "a black frame, nothing on it";

    // All night: nothing drawn, no command run again however many passes the loop makes.
    for (const char* night : {"2026-11-25T20:31", "2026-11-25T23:59", "2026-11-26T03:00", "2026-11-26T08:29"})
        frames(at(night), 20);
    EXPECT_TRUE(m_kiosk->blank());
    EXPECT_EQ(m_kiosk->stats().frames, drawn_at_closing) << "no rendering while blank";
    EXPECT_EQ(power_log(), "on\noff\n");

    frames(at("2026-11-26T08:30"), 10);
    EXPECT_FALSE(m_kiosk->blank());
    EXPECT_GT(m_kiosk->stats().frames, drawn_at_closing);
    EXPECT_TRUE(drawn(kCallToAction));
    std::string log = power_log();
    EXPECT_TRUE(log.size() >= 7 && log.compare(log.size() - 7, 7, "off\non\n") == 0) << log; // off for the night, on for the emergency
}

TEST_F(DisplayPower, ATouchWakesItWithoutStartingACheckInAndASecondTapDoes)
{
    feed::Instant night = at("2026-11-25T21:00");
    m_kiosk->pump(night); // the first frame is drawn whatever the hour (fonts are built there)
    ImVec2 cta = centre_of(kCallToAction);
    frames(night);
    ASSERT_TRUE(m_kiosk->blank());
    ASSERT_EQ(power_log(), "off\n");

    // A finger lands on the black screen where the call to action will be, and lifts.
    finger(cta, true);
    m_kiosk->pump(night + 10);
    EXPECT_FALSE(m_kiosk->blank()) << "the touch wakes it";
    EXPECT_TRUE(drawn(kCallToAction)) << "and signage is drawn again";
    EXPECT_EQ(power_log(), "off\non\n");
    frames(night + 10);
    finger(cta, false);
    frames(night + 11);
    EXPECT_EQ(m_kiosk->checkin_state().step, core::Step::Signage) << "the waking touch pressed nothing";
    EXPECT_FALSE(m_kiosk->staff().active());

    // Now the visitor can see what they touch: the same place starts a check-in.
    finger(cta, true);
    frames(night + 20, 2);
    finger(cta, false);
    frames(night + 20);
    EXPECT_EQ(m_kiosk->checkin_state().step, core::Step::Welcome);
    EXPECT_EQ(power_log(), "off\non\n") << "no command while it stays on";
}

TEST_F(DisplayPower, BlanksAgainTwoMinutesAfterTheLastTouch)
{
    feed::Instant night = at("2026-11-25T22:15");
    m_kiosk->pump(night);
    ImVec2 somewhere = centre_of(kCallToAction);
    frames(night);
    ASSERT_TRUE(m_kiosk->blank());
    platform::push_tap(somewhere.x, somewhere.y, m_kiosk->display().size());
    frames(night + 5);
    ASSERT_FALSE(m_kiosk->blank());
    frames(night + 5 + 119, 10);
    EXPECT_FALSE(m_kiosk->blank()) << "on for two minutes";
    EXPECT_EQ(m_kiosk->checkin_state().step, core::Step::Signage);
    frames(night + 5 + 120, 10);
    EXPECT_TRUE(m_kiosk->blank()) << "and black again after them";
    EXPECT_EQ(power_log(), "off\non\noff\n");
}

TEST_F(DisplayPower, NeverBlanksAVisitorInTheMiddleOfACheckIn)
{
    feed::Instant before_closing = at("2026-11-25T20:29") + 30;
    frames(before_closing);
    ImVec2 cta = centre_of(kCallToAction);
    platform::push_tap(cta.x, cta.y, m_kiosk->display().size());
    frames(before_closing);
    ASSERT_EQ(m_kiosk->checkin_state().step, core::Step::Welcome);

    frames(at("2026-11-25T20:30") + 10);
    EXPECT_FALSE(m_kiosk->blank()) << "closed, but a visitor is checking in";
    EXPECT_EQ(m_kiosk->checkin_state().step, core::Step::Welcome);
    // The visitor walks away: the check-in times out after 60 s, and the screen stays on
    // until two minutes after their last touch.
    frames(before_closing + 61);
    EXPECT_EQ(m_kiosk->checkin_state().step, core::Step::Signage);
    EXPECT_FALSE(m_kiosk->blank());
    frames(before_closing + 120);
    EXPECT_TRUE(m_kiosk->blank());
    EXPECT_EQ(power_log(), "on\noff\n");
}

TEST_F(DisplayPower, StaysOnAllNightWhenNotAskedToBlank)
{
    m_kiosk.reset();
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    app::Config config;
    config.read_aloud = false;
    config.display.on_command = {"/bin/sh", "-c", "echo on >> \"$0\"", (m_dir / "power.log").string()};
    m_kiosk = open_kiosk(m_dir, 1280, 800, config);
    ASSERT_TRUE(m_kiosk);
    frames(at("2026-11-25T23:00"), 5);
    EXPECT_FALSE(m_kiosk->blank());
    EXPECT_TRUE(drawn(kCallToAction));
    EXPECT_EQ(power_log(), "") << "no schedule, no commands";
}

TEST_F(DisplayPower, AnEmergencyTurnsABlankedScreenOnWhateverTheHour)
{
    feed::Instant night = at("2026-11-25T23:00");
    frames(night, 10);
    ASSERT_TRUE(m_kiosk->blank());
    m_kiosk->show_emergency(core::started_here(feed::EmergencyKind::Evacuate, "", "reception", night));
    frames(night + 1, 10);
    EXPECT_FALSE(m_kiosk->blank());
    EXPECT_TRUE(drawn("Evacuate now"));
    std::string log = power_log();
    EXPECT_TRUE(log.size() >= 7 && log.compare(log.size() - 7, 7, "off\non\n") == 0) << log; // off for the night, on for the emergency
}
