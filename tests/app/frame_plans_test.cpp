// The frame never waits on a calendar expansion: day plans are made on the planning thread
// (kiosk/app/planner.h) when content arrives and when the local date moves on, and a frame
// only reads them. Expansions are counted per thread (calendar::expansions_on_this_thread),
// so what the planning thread does meanwhile does not count against the frame.
#include "kiosk_fixture.h"

#include "content/calendar/recurrence.h"

using namespace coi;
using namespace coi::testing;

namespace {

// The sample building with `count` weekly sessions more, each on every weekday.
nlohmann::json with_sessions(nlohmann::json feed, int count, const std::string& title, const std::string& id)
{
    for (int i = 0; i < count; ++i)
        feed["events"].push_back({{"id", id + "-" + std::to_string(i)},
                                  {"title", title + " " + std::to_string(i)},
                                  {"room", feed["site"]["rooms"][0]["id"]},
                                  {"start", "2026-11-02T09:00:00+00:00"},
                                  {"end", "2026-11-02T09:30:00+00:00"},
                                  {"rrule", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}});
    return feed;
}

struct FramePlans : ::testing::Test {
    void SetUp() override
    {
        dir = fresh_data_dir("frame-plans");
        install_content(dir, with_sessions(sample_json(), 50, "Drop-in", "drop-in"));
        kiosk = open_kiosk(dir, 1280, 720);
        ASSERT_TRUE(kiosk);
        ASSERT_NE(kiosk->planner(), nullptr);
    }
    void TearDown() override
    {
        kiosk.reset();
        std::filesystem::remove_all(dir);
    }
    feed::Instant at(feed::Date date, int minutes) { return core::TimeZone::load("Europe/London")->from_local(date, minutes); }
    std::filesystem::path dir;
    std::unique_ptr<app::KioskApp> kiosk;
};

} // namespace

TEST_F(FramePlans, FramesOfEveryPageExpandNoRuleOnceTheDayIsPlanned)
{
    feed::Instant now = at({2026, 11, 25}, 11 * 60);
    kiosk->draw_frame(now); // the first frame: planned before it is drawn
    ASSERT_TRUE(kiosk->plans());
    auto before = calendar::expansions_on_this_thread();
    for (int minute = 0; minute < 5; ++minute)
        for (feed::Page page : {feed::Page::Week, feed::Page::Cafe, feed::Page::Notices, feed::Page::WhatsOn})
            kiosk->draw_frame(now + minute * 60, page);
    EXPECT_TRUE(kiosk->draw_log().contains("Drop-in")) << "what's on shows the planned sessions";
    EXPECT_EQ(calendar::expansions_on_this_thread(), before) << "twenty frames, no expansion on the frame's thread";
}

TEST_F(FramePlans, TomorrowIsPlannedOffTheFrameAndFramesAfterMidnightExpandNothing)
{
    feed::Instant evening = at({2026, 11, 25}, 23 * 60 + 58);
    ASSERT_TRUE(kiosk->pump(evening));
    auto before = calendar::expansions_on_this_thread();
    auto plans = kiosk->plans();
    ASSERT_TRUE(plans);
    EXPECT_NE(plans->day({2026, 11, 26}), nullptr) << "tomorrow is planned before midnight";
    feed::Instant after_midnight = at({2026, 11, 26}, 1);
    ASSERT_TRUE(kiosk->pump(after_midnight)); // draws from the plans in hand, asks for the next
    EXPECT_TRUE(kiosk->draw_log().contains("Thursday 26 November"));
    kiosk->planner()->wait_until_idle();
    ASSERT_TRUE(kiosk->pump(after_midnight + 1)); // takes the new plans between frames
    EXPECT_EQ(kiosk->plans()->days.front().date, (feed::Date{2026, 11, 26}));
    EXPECT_EQ(calendar::expansions_on_this_thread(), before) << "the new day was expanded on the planning thread";
}

TEST_F(FramePlans, NewContentIsShownWithItsOwnPlansAndTheOldUntilThen)
{
    feed::Instant now = at({2026, 11, 25}, 8 * 60);
    ASSERT_TRUE(kiosk->pump(now));
    auto before = calendar::expansions_on_this_thread();
    auto newer = with_sessions(with_sessions(sample_json(), 50, "Drop-in", "drop-in"), 1, "Art group", "art");
    newer["version"] = newer["version"].get<int>() + 1;
    install_content(dir, newer);
    kiosk->content_changed(now);
    kiosk->draw_frame(now, feed::Page::WhatsOn);
    EXPECT_TRUE(kiosk->draw_log().contains("Drop-in")) << "the previous content, whole, while the new one is planned";
    EXPECT_FALSE(kiosk->draw_log().contains("Art group"));
    kiosk->planner()->wait_until_idle();
    ASSERT_TRUE(kiosk->pump(now + 1));
    kiosk->draw_frame(now + 1, feed::Page::WhatsOn);
    EXPECT_TRUE(kiosk->draw_log().contains("Art group 0")) << "the new content, swapped in with its plans";
    EXPECT_TRUE(kiosk->plans()->feed->events.back().id == "art-0");
    EXPECT_EQ(calendar::expansions_on_this_thread(), before) << "the new content was expanded on the planning thread";
}
