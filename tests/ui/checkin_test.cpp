// Specification of check-in and check-out at the screen: real SDL touch and text events
// go through the same path a touchscreen's do; the tests read the store and what was drawn.
#include "kiosk/platform/display.h"
#include "kiosk/core/text_input.h"
#include "kiosk_fixture.h"

#include <algorithm>

using namespace coi;
using namespace coi::testing;

namespace {

struct Size {
    int width, height;
};
const Size kSizes[] = {{1920, 1080}, {1080, 1920}, {1280, 800}, {800, 480}};

class Visitor {
public:
    Visitor(app::KioskApp& kiosk, feed::Instant now) : m_kiosk(kiosk), m_now(now) { frames(2); }

    void frames(int n)
    {
        for (int i = 0; i < n; ++i)
            m_kiosk.pump(m_now);
    }
    const ui::DrawLog& log() { return m_kiosk.draw_log(); }

    // Taps the centre of the text drawn exactly as label (the first one drawn).
    void tap(const std::string& label)
    {
        auto& texts = log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << "nothing labelled \"" << label << "\" on screen";
        tap_at((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2);
    }
    void tap_at(float x, float y)
    {
        platform::push_tap(x, y, m_kiosk.display().size());
        frames(3); // press, release, and the frame that shows the result
    }
    // Types with the on-screen keyboard, one key at a time.
    void type_keys(const std::vector<std::string>& keys)
    {
        for (auto& k : keys)
            tap(k);
    }
    void later(int seconds) { m_now += seconds; }
    feed::Instant now() const { return m_now; }

private:
    app::KioskApp& m_kiosk;
    feed::Instant m_now;
};

feed::Instant eleven_o_five(app::KioskApp& kiosk) { return *kiosk.site_time("2026-11-25T11:05"); }

} // namespace

class CheckinAtEverySize : public ::testing::TestWithParam<Size> {};

TEST_P(CheckinAtEverySize, OneTapAnonymousCheckIn)
{
    auto dir = fresh_data_dir("headcount");
    auto kiosk = open_kiosk(dir, GetParam().width, GetParam().height);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    v.tap_at(GetParam().width / 2.0f, GetParam().height / 3.0f); // anywhere on signage
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Welcome);
    v.tap("Check in");
    EXPECT_TRUE(v.log().contains("What brings you in today?"));
    v.tap("Café or a cuppa");
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Done);
    EXPECT_TRUE(v.log().contains("Thank you!"));
    auto counts = kiosk->checkins().head_counts("2026-11-25");
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts[0].purpose_id, "cafe");
    EXPECT_EQ(counts[0].hour, 11);
    EXPECT_EQ(counts[0].count, 1);
    EXPECT_TRUE(kiosk->checkins().inside().empty()) << "a head count keeps no name";
    std::filesystem::remove_all(dir);
}

TEST_P(CheckinAtEverySize, NamedCheckInWithTheOnScreenKeyboard)
{
    auto dir = fresh_data_dir("named");
    auto kiosk = open_kiosk(dir, GetParam().width, GetParam().height);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    v.tap_at(10, GetParam().height / 2.0f);
    v.tap("Check in");
    v.tap("Parent and toddler group");
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Name);
    EXPECT_TRUE(v.log().contains("14 days")) << "the privacy line says how long";
    v.type_keys({"S", "a", "m"}); // shift is on for the first letter only
    v.tap("Initial (optional)");
    v.type_keys({"K"});
    auto& texts = v.log().texts;
    auto confirm = std::find_if(texts.begin(), texts.end(), [](auto& t) { return t.text == "Check in"; });
    ASSERT_NE(confirm, texts.end());
    v.tap("Check in");
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Done);
    EXPECT_TRUE(v.log().contains("Welcome, Sam."));
    EXPECT_TRUE(v.log().contains("Parent and toddler group is in the Main Hall."));
    auto inside = kiosk->checkins().inside();
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0].first_name, "Sam");
    EXPECT_EQ(inside[0].initial, "K");
    EXPECT_EQ(inside[0].event_id, "parent-toddler");
    ASSERT_EQ(inside[0].code.size(), 4u);
    EXPECT_TRUE(v.log().contains(std::string(1, inside[0].code[0]))) << "the code is on screen";
    // The demo building offers "Remember me for next time?": a done screen that asks waits
    // longer than the 8 s of one that does not.
    v.later(21);
    v.frames(2);
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage) << "back to signage after a few seconds";
    std::filesystem::remove_all(dir);
}

TEST_P(CheckinAtEverySize, CheckOutByName)
{
    auto dir = fresh_data_dir("outname");
    auto kiosk = open_kiosk(dir, GetParam().width, GetParam().height);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    ASSERT_TRUE(kiosk->checkins().check_in("appointment", "named", "", "Sam", "K", [] { return std::string("K7MP"); }, v.now() - 3600));
    ASSERT_TRUE(kiosk->checkins().check_in("volunteering", "named", "", "Priya", "", [] { return std::string("ACDE"); }, v.now() - 3600));
    v.tap_at(20, 20 + GetParam().height / 2.0f);
    v.tap("Leaving?");
    v.type_keys({"S"});
    EXPECT_FALSE(v.log().contains("Sam K.")) << "one letter shows nobody";
    EXPECT_FALSE(v.log().contains("Priya")) << "never a list of everyone inside";
    v.type_keys({"A"});
    EXPECT_TRUE(v.log().contains("Sam K."));
    EXPECT_FALSE(v.log().contains("Priya"));
    v.tap("Sam K.");
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::CheckoutDone);
    EXPECT_TRUE(v.log().contains("Goodbye, Sam."));
    auto inside = kiosk->checkins().inside();
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0].first_name, "Priya");
    std::filesystem::remove_all(dir);
}

TEST_P(CheckinAtEverySize, OneTapOnAFaceAtCheckOutIsCountedUnderThePurpose)
{
    auto dir = fresh_data_dir("faces");
    auto kiosk = open_kiosk(dir, GetParam().width, GetParam().height);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    ASSERT_TRUE(kiosk->checkins().check_in("support-group", "discreet", "", "Jo", "", [] { return std::string("K7MP"); }, v.now() - 3600));
    v.tap_at(20, 20 + GetParam().height / 2.0f);
    v.tap("Leaving?");
    v.type_keys({"K", "7", "M", "P"});
    v.tap("Check out with this code");
    EXPECT_TRUE(v.log().contains("How did we do today?"));
    v.tap("Not good");
    EXPECT_TRUE(v.log().contains("Thank you for telling us."));
    EXPECT_FALSE(v.log().contains("How did we do today?")) << "one tap, once";
    auto counts = kiosk->checkins().feedback_counts("2026-11-25");
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts[0].purpose_id, "private") << "a discreet visit's face, never under its purpose";
    EXPECT_EQ(counts[0].face, "unhappy");
    EXPECT_EQ(counts[0].count, 1);
    std::filesystem::remove_all(dir);
}

TEST_P(CheckinAtEverySize, RememberMeCountsAReturningVisitorWithoutKeepingTheWords)
{
    auto dir = fresh_data_dir("remember");
    auto kiosk = open_kiosk(dir, GetParam().width, GetParam().height);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk) - 86400); // yesterday
    for (int visit = 0; visit < 2; ++visit) {
        v.tap_at(GetParam().width / 2.0f, GetParam().height / 3.0f);
        v.tap("Check in");
        v.tap("Café or a cuppa");
        v.tap("Remember me for next time?");
        EXPECT_EQ(kiosk->checkin_state().step, core::Step::Remember);
        EXPECT_TRUE(v.log().contains("scrambled form")) << "the screen says what is kept";
        v.type_keys({"R", "O", "S", "E"});
        v.tap("Remember me");
        EXPECT_TRUE(v.log().contains(visit == 0 ? "We'll remember you." : "Welcome back!"));
        v.later(86400); // the next day
        v.frames(2);
    }
    store::RememberStore remembered(kiosk->database());
    EXPECT_EQ(remembered.count_remembered(), 1);
    auto days = remembered.returning_days("2026-11-01");
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days[0].day, "2026-11-25");
    EXPECT_EQ(days[0].count, 1);
    std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Checkin, CheckinAtEverySize, ::testing::ValuesIn(kSizes),
    [](const ::testing::TestParamInfo<Size>& info) { return std::to_string(info.param.width) + "x" + std::to_string(info.param.height); });

TEST(Checkin, CheckOutByCode)
{
    auto dir = fresh_data_dir("outcode");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    auto sam = kiosk->checkins().check_in("appointment", "named", "", "Sam", "K", [] { return std::string("K7MP"); }, v.now() - 600);
    ASSERT_TRUE(sam);
    v.tap_at(900, 500);
    v.tap("Leaving?");
    v.type_keys({"K", "7", "M", "P"});
    EXPECT_EQ(kiosk->checkin_state().query, "K7MP");
    v.tap("Check out with this code");
    EXPECT_TRUE(v.log().contains("Goodbye, Sam."));
    auto record = kiosk->checkins().by_id(sam->id);
    ASSERT_TRUE(record && record->checked_out_at);
    EXPECT_EQ(record->checkout_kind, "self");
    std::filesystem::remove_all(dir);
}

TEST(Checkin, APhysicalKeyboardTypesAndConfirms)
{
    auto dir = fresh_data_dir("keyboard");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    v.tap_at(900, 500);
    v.tap("Check in");
    v.tap("Volunteering");
    platform::push_text("Zo\xC3\xAB"); // Zoë
    v.frames(2);
    platform::push_enter();
    v.frames(4);
    auto inside = kiosk->checkins().inside();
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0].first_name, "Zo\xC3\xAB");
    EXPECT_EQ(inside[0].purpose_id, "volunteering");
    std::filesystem::remove_all(dir);
}

TEST(Checkin, HostileTextIsTrimmedSafelyAndTheVisitorIsTold)
{
    auto dir = fresh_data_dir("hostile");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    v.tap_at(900, 500);
    v.tap("Check in");
    v.tap("Visiting someone");
    // Emoji, a bidi override, a control character, SQL, and far too much of it.
    std::string hostile = "Robert\xE2\x80\xAE'); DROP TABLE checkin;--\x07\xF0\x9F\x98\x80";
    for (int i = 0; i < 20; ++i)
        platform::push_text(hostile.substr(0, 31));
    for (int i = 0; i < 300; ++i)
        platform::push_text("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); // 9,300 more characters
    v.frames(4);
    EXPECT_TRUE(v.log().contains("We kept just the letters of your name."));
    for (auto& t : v.log().texts)
        EXPECT_LE(t.max.x, 1920) << t.text;
    v.tap("Check in");
    auto inside = kiosk->checkins().inside();
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_LE(core::utf8_count(inside[0].first_name), core::kMaxNameCharacters);
    EXPECT_EQ(inside[0].first_name.find("\xE2\x80\xAE"), std::string::npos);
    EXPECT_EQ(inside[0].first_name.find("\xF0\x9F"), std::string::npos);
    EXPECT_EQ(kiosk->checkins().count_all(), 1) << "the table is still there";
    std::filesystem::remove_all(dir);
}

TEST(Checkin, AHalfFinishedCheckInTimesOutAndForgetsWhatWasTyped)
{
    auto dir = fresh_data_dir("timeout");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    Visitor v(*kiosk, eleven_o_five(*kiosk));
    v.tap_at(900, 500);
    v.tap("Check in");
    v.tap("Volunteering");
    v.type_keys({"S", "a"});
    EXPECT_EQ(kiosk->checkin_state().name, "Sa");
    v.later(61);
    v.frames(2);
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage);
    EXPECT_TRUE(v.log().contains("Touch here to check in"));
    v.tap_at(900, 500);
    v.tap("Check in");
    v.tap("Volunteering");
    EXPECT_EQ(kiosk->checkin_state().name, "") << "nothing half-typed is kept";
    EXPECT_TRUE(kiosk->checkins().inside().empty());
    std::filesystem::remove_all(dir);
}

class EveryCheckinScreen : public ::testing::TestWithParam<Size> {};

TEST_P(EveryCheckinScreen, FitsHasBigTargetsAndNeverNamesTheDiscreetPurpose)
{
    auto dir = fresh_data_dir("screens");
    auto kiosk = open_kiosk(dir, GetParam().width, GetParam().height);
    ASSERT_TRUE(kiosk);
    feed::Instant at = eleven_o_five(*kiosk);
    std::string discreet;
    for (auto& p : kiosk->feed().site.checkin.purposes)
        if (p.kind == feed::PurposeKind::Discreet)
            discreet = p.label.get("en");
    ASSERT_FALSE(discreet.empty());
    // 96 px at 1920x1080, in proportion elsewhere: the theme's unit is that proportion.
    float scale = ui::make_theme(ImVec2(static_cast<float>(GetParam().width), static_cast<float>(GetParam().height))).unit;
    for (auto step : {core::Step::Welcome, core::Step::Purpose, core::Step::Name, core::Step::Done, core::Step::Checkout, core::Step::CheckoutDone,
             core::Step::Remember}) {
        auto png = dir / "step.png";
        ASSERT_TRUE(kiosk->screenshot(step, at, png.string()));
        auto& log = kiosk->draw_log();
        for (auto& t : log.texts) {
            EXPECT_GE(t.min.x, 0) << t.text;
            EXPECT_GE(t.min.y, 0) << t.text;
            EXPECT_LE(t.max.x, GetParam().width) << t.text;
            EXPECT_LE(t.max.y, GetParam().height) << t.text;
            EXPECT_EQ(t.text.find(discreet), std::string::npos) << "\"" << t.text << "\" names the discreet purpose";
        }
        if (step == core::Step::Purpose) {
            // However small the screen, every reason for visiting stays reachable.
            for (auto& p : kiosk->feed().site.checkin.purposes)
                EXPECT_TRUE(log.contains(p.kind == feed::PurposeKind::Discreet ? "Private appointment" : p.label.get("en"))) << p.id;
        }
        for (auto& b : log.buttons) {
            EXPECT_GE(b.second.y - b.first.y + 0.5f, 96 * scale) << "a touch target too small at step " << static_cast<int>(step);
            EXPECT_LE(b.second.x, GetParam().width + 0.5f);
            EXPECT_LE(b.second.y, GetParam().height + 0.5f);
        }
    }
    for (auto page : {feed::Page::WhatsOn, feed::Page::Cafe, feed::Page::Notices, feed::Page::Week}) {
        kiosk->draw_frame(at, page);
        EXPECT_FALSE(kiosk->draw_log().contains(discreet));
    }
    std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Checkin, EveryCheckinScreen, ::testing::ValuesIn(kSizes),
    [](const ::testing::TestParamInfo<Size>& info) { return std::to_string(info.param.width) + "x" + std::to_string(info.param.height); });

TEST(Checkin, StaffSeeTheDiscreetPurposeOnlyAsPrivateAppointment)
{
    auto dir = fresh_data_dir("private");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    feed::Instant now = eleven_o_five(*kiosk);
    ASSERT_TRUE(kiosk->checkins().check_in("support-group", "discreet", "", "Alex", "", [] { return std::string("CDEF"); }, now));
    std::string roll = kiosk->roll_call(now);
    EXPECT_NE(roll.find("Alex"), std::string::npos);
    EXPECT_NE(roll.find("Private appointment"), std::string::npos);
    EXPECT_EQ(roll.find("Support group"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(Checkin, EveryoneStillInIsSignedOutAutomaticallyAtClosingTime)
{
    auto dir = fresh_data_dir("auto");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    feed::Instant morning = eleven_o_five(*kiosk);
    auto sam = kiosk->checkins().check_in("appointment", "named", "", "Sam", "", [] { return std::string("K7MP"); }, morning);
    ASSERT_TRUE(sam);
    kiosk->housekeeping(*kiosk->site_time("2026-11-25T20:29"));
    EXPECT_EQ(kiosk->checkins().inside().size(), 1u) << "still open at 20:29";
    kiosk->housekeeping(*kiosk->site_time("2026-11-25T20:31"));
    EXPECT_TRUE(kiosk->checkins().inside().empty());
    EXPECT_EQ(kiosk->checkins().by_id(sam->id)->checkout_kind, "auto") << "distinct from signing out yourself";
    std::filesystem::remove_all(dir);
}

// A Raspberry Pi boots with a stale clock and corrects it later: a check-in made on a clock
// 19 days slow must not be erased once the clock is put right while she is still inside,
// and a wrong clock's "closing time" signs nobody out.
TEST(Checkin, AVisitorWhoCameInOnASlowClockIsNotErasedWhenTheClockIsPutRight)
{
    auto dir = fresh_data_dir("slow-clock");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    feed::Instant right = eleven_o_five(*kiosk);
    feed::Instant slow = kiosk->feed().generated_at - 19 * 86400 + 11 * 3600; // before the content was signed
    auto ruth = kiosk->checkins().check_in("appointment", "named", "", "Ruth", "B", [] { return std::string("R2D2"); }, slow);
    ASSERT_TRUE(ruth);
    kiosk->housekeeping(slow + 10 * 3600); // "21:00" on the slow clock
    EXPECT_EQ(kiosk->checkins().inside().size(), 1u) << "a clock behind the signed content signs nobody out";
    EXPECT_FALSE(kiosk->purge(slow + 3600)) << "nor erases anything";

    kiosk->housekeeping(right); // the clock is put right: 11:05
    kiosk->housekeeping(right + 60);
    auto record = kiosk->checkins().by_id(ruth->id);
    EXPECT_EQ(record->first_name, "Ruth") << "still inside: never erased";
    EXPECT_EQ(record->code, "R2D2");
    EXPECT_EQ(*kiosk->purge(right + 120), 0);
    EXPECT_EQ(kiosk->checkins().inside_by_code("R2D2")->first_name, "Ruth") << "she can still check out with her code";

    // Signed out at closing on the right clock, her name goes the retention days after that.
    kiosk->housekeeping(*kiosk->site_time("2026-11-25T20:31"));
    record = kiosk->checkins().by_id(ruth->id);
    ASSERT_TRUE(record->checked_out_at);
    EXPECT_EQ(record->checkout_kind, "auto");
    EXPECT_EQ(*kiosk->purge(*record->checked_out_at + 13 * 86400), 0) << "13 days after she left: kept";
    EXPECT_EQ(*kiosk->purge(*record->checked_out_at + 15 * 86400), 1);
    std::filesystem::remove_all(dir);
}

TEST(Checkin, NobodyIsSignedOutOrErasedUntilTheClockIsSynchronised)
{
    auto dir = fresh_data_dir("unsynced-clock");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    core::ClockSync sync = core::ClockSync::NotYet; // systemd-timesyncd runs, and has not set the clock yet
    kiosk->use_clock_sync([&sync] { return sync; });
    feed::Instant morning = eleven_o_five(*kiosk);
    auto sam = kiosk->checkins().check_in("appointment", "named", "", "Sam", "", [] { return std::string("K7MP"); }, morning);
    ASSERT_TRUE(sam);
    feed::Instant evening = *kiosk->site_time("2026-11-25T20:31");
    kiosk->housekeeping(evening);
    EXPECT_EQ(kiosk->checkins().inside().size(), 1u) << "not synchronised: closing time is not believed";
    ASSERT_TRUE(kiosk->checkins().check_out(sam->id, store::CheckoutKind::Self, evening));
    auto refused = kiosk->purge(evening + 40 * 86400);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("not synchronised"), std::string::npos) << refused.error().message;
    EXPECT_EQ(kiosk->checkins().by_id(sam->id)->first_name, "Sam");

    sync = core::ClockSync::Synchronised;
    EXPECT_EQ(*kiosk->purge(evening + 40 * 86400), 1);
    EXPECT_EQ(kiosk->checkins().by_id(sam->id)->first_name, "");
    std::filesystem::remove_all(dir);
}

TEST(Checkin, NamesAndCodesAreErasedAfterTheRetentionDays)
{
    auto dir = fresh_data_dir("retention");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    feed::Instant then = eleven_o_five(*kiosk);
    auto sam = kiosk->checkins().check_in("appointment", "named", "", "Sam", "K", [] { return std::string("K7MP"); }, then);
    ASSERT_TRUE(sam);
    ASSERT_TRUE(kiosk->checkins().count_head("cafe", "2026-11-25", 11));
    ASSERT_TRUE(kiosk->checkins().check_out(sam->id, store::CheckoutKind::Self, then + 3600));
    EXPECT_EQ(*kiosk->purge(then + 13 * 86400), 0) << "13 days: kept";
    EXPECT_EQ(*kiosk->purge(then + 15 * 86400), 1);
    auto record = kiosk->checkins().by_id(sam->id);
    EXPECT_EQ(record->first_name, "");
    EXPECT_EQ(record->code, "");
    EXPECT_EQ(record->purpose_id, "appointment") << "the anonymous rest stays";
    EXPECT_EQ(kiosk->checkins().head_counts("2026-11-25").size(), 1u) << "anonymous counts stay";
    std::filesystem::remove_all(dir);
}
