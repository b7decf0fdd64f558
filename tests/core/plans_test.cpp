// Specification of the day plans made ahead of the frame (kiosk/core/plans.h): what they cover,
// when the next is due, and that the views drawn from them expand no rule of their own.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/core/checkin.h"
#include "kiosk/core/plans.h"
#include "kiosk/core/signage.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace coi;
using namespace coi::core;

namespace {

struct PlansAhead : ::testing::Test {
    void SetUp() override
    {
        auto parsed = feed::parse_feed(sample::feed_json());
        ASSERT_TRUE(parsed);
        sample = parsed.release();
        zone = *TimeZone::load("Europe/London");
        today = {2026, 11, 25}; // a Wednesday with sessions on
        now = zone.from_local(today, 11 * 60 + 5);
    }
    Plans plan(const feed::Feed& feed, feed::Date day) { return plan_ahead(std::make_shared<const feed::Feed>(feed), zone, day); }

    // A weekly session that is on today at 11:00, added to the sample.
    feed::Feed with_session(const std::string& title) const
    {
        feed::Feed feed = sample;
        feed::Event e;
        e.id = "added";
        e.title = feed::Text::plain(title);
        e.room = feed.site.rooms.front().id;
        e.start = zone.from_local({2026, 11, 4}, 11 * 60);
        e.end = e.start + 3600;
        e.rrule = "FREQ=WEEKLY";
        feed.events.push_back(e);
        return feed;
    }

    feed::Feed sample;
    TimeZone zone = TimeZone::utc();
    feed::Date today;
    feed::Instant now = 0;
    Screen screen;
};

bool has_row(const std::vector<SessionRowView>& rows, const std::string& title)
{
    return std::any_of(rows.begin(), rows.end(), [&](auto& row) { return row.title == title; });
}

} // namespace

TEST_F(PlansAhead, CoverTodayTheWeekAndTheDaysAfterSoTomorrowIsPlannedBeforeMidnight)
{
    Plans plans = plan(sample, today);
    ASSERT_EQ(static_cast<int>(plans.days.size()), kDaysPlanned);
    EXPECT_EQ(plans.days.front().date, today);
    EXPECT_TRUE(can_draw(plans, today));
    feed::Date tomorrow = feed::add_days(today, 1);
    EXPECT_TRUE(can_draw(plans, tomorrow)) << "after midnight the frame still has today and the whole week";
    EXPECT_TRUE(replan_due(plans, tomorrow)) << "and the next plan is due, made while these are in use";
    EXPECT_FALSE(replan_due(plans, today));
    EXPECT_FALSE(can_draw(plans, feed::add_days(today, -1)));
    EXPECT_FALSE(can_draw(plans, feed::add_days(today, kDaysPlanned - kDaysShown + 1)));
}

TEST_F(PlansAhead, EachDayIsTheSameAsPlanningItAlone)
{
    Plans plans = plan(sample, today);
    for (int i = 0; i < kDaysPlanned; ++i) {
        feed::Date day = feed::add_days(today, i);
        DayPlan alone = plan_for_day(sample, zone, day);
        const DayPlan* planned = plans.day(day);
        ASSERT_NE(planned, nullptr) << i;
        EXPECT_EQ(planned->open, alone.open) << i;
        ASSERT_EQ(planned->sessions.size(), alone.sessions.size()) << i;
        for (std::size_t k = 0; k < alone.sessions.size(); ++k) {
            EXPECT_EQ(planned->sessions[k].start, alone.sessions[k].start) << i;
            EXPECT_EQ(planned->sessions[k].event->id, alone.sessions[k].event->id) << i;
        }
    }
}

TEST_F(PlansAhead, SessionsPointIntoThePlannedContentWhichThePlansKeepAlive)
{
    Plans plans;
    {
        auto content = std::make_shared<const feed::Feed>(with_session("Pottery"));
        plans = plan_ahead(content, zone, today);
    } // the caller's copy is gone; the plans hold the content their sessions point into
    const DayPlan* day = plans.day(today);
    ASSERT_NE(day, nullptr);
    auto pottery = std::find_if(day->sessions.begin(), day->sessions.end(), [](auto& o) { return o.event->title.get("en") == "Pottery"; });
    ASSERT_NE(pottery, day->sessions.end());
    EXPECT_GE(pottery->event, plans.feed->events.data());
    EXPECT_LT(pottery->event, plans.feed->events.data() + plans.feed->events.size());
}

TEST_F(PlansAhead, SignageAndTheWeekReadThePlansAndExpandNothing)
{
    // Plans made from content with one more session than the feed the view is built from:
    // the view shows what the plans say, so it cannot have expanded the feed itself.
    Plans plans = plan(with_session("Pottery"), today);
    auto before = calendar::expansions_on_this_thread();
    SignageView whats_on = build_signage(sample, zone, now, feed::Page::WhatsOn, screen, plans);
    SignageView week = build_signage(sample, zone, now, feed::Page::Week, screen, plans);
    EXPECT_EQ(calendar::expansions_on_this_thread(), before) << "no rule expanded while building the view";
    EXPECT_TRUE(has_row(whats_on.whats_on.rows, "Pottery"));
    ASSERT_EQ(static_cast<int>(week.week.days.size()), kDaysShown);
    EXPECT_TRUE(has_row(week.week.days[0].sessions, "Pottery"));
    EXPECT_TRUE(has_row(week.week.days[0].sessions, "Lunch club"));
}

TEST_F(PlansAhead, CheckInTilesReadThePlansAndExpandNothing)
{
    Plans plans = plan(with_session("Pottery"), today);
    auto before = calendar::expansions_on_this_thread();
    auto all = tiles(sample, plans, zone, now, FlowSettings{});
    EXPECT_EQ(calendar::expansions_on_this_thread(), before);
    EXPECT_NE(std::find_if(all.begin(), all.end(), [](auto& t) { return t.label == "Pottery" && t.now; }), all.end()) << "on now, 11:00 to 12:00";
}

TEST_F(PlansAhead, ADayThePlansDoNotReachShowsItsHoursWithoutSessions)
{
    Plans plans = plan(sample, feed::add_days(today, 30));
    auto before = calendar::expansions_on_this_thread();
    SignageView view = build_signage(sample, zone, now, feed::Page::WhatsOn, screen, plans);
    EXPECT_EQ(calendar::expansions_on_this_thread(), before);
    EXPECT_TRUE(view.whats_on.open_today) << "the hours are the site's, known without expanding";
    EXPECT_TRUE(view.whats_on.rows.empty());
}
