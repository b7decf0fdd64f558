// Specification of the signage view-model: what build_signage fills for the page on screen.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/core/signage.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::core;

namespace {

struct Signage : ::testing::Test {
    void SetUp() override
    {
        auto parsed = feed::parse_feed(sample::feed_json());
        ASSERT_TRUE(parsed);
        sample = parsed.release();
        zone = *TimeZone::load("Europe/London");
        now = zone.from_local({2026, 11, 25}, 11 * 60 + 5); // a Wednesday: sessions, specials and notices on
    }
    // As the kiosk does: the sample planned ahead for today (plans.h), then the view built from it.
    SignageView build(feed::Page page)
    {
        Plans plans = plan_ahead(std::make_shared<const feed::Feed>(sample), zone, zone.local_date(now));
        return build_signage(sample, zone, now, page, screen, plans);
    }
    feed::Feed sample;
    TimeZone zone = TimeZone::utc();
    feed::Instant now = 0;
    Screen screen;
};

constexpr feed::Page kPages[] = {feed::Page::WhatsOn, feed::Page::Cafe, feed::Page::Notices, feed::Page::Week};

} // namespace

TEST_F(Signage, OnlyThePageOnScreenIsBuilt)
{
    // A frame draws one page; the others' parts stay empty rather than cost a week of
    // recurrence expansion on every frame.
    for (feed::Page page : kPages) {
        SignageView view = build(page);
        EXPECT_EQ(view.page, page);
        EXPECT_EQ(!view.whats_on.heading.empty(), page == feed::Page::WhatsOn);
        EXPECT_EQ(!view.whats_on.rows.empty(), page == feed::Page::WhatsOn);
        EXPECT_EQ(!view.cafe.heading.empty(), page == feed::Page::Cafe);
        EXPECT_EQ(!view.cafe.specials.empty(), page == feed::Page::Cafe);
        EXPECT_EQ(!view.notices.heading.empty(), page == feed::Page::Notices);
        EXPECT_EQ(!view.notices.notices.empty(), page == feed::Page::Notices);
        EXPECT_EQ(!view.week.heading.empty(), page == feed::Page::Week);
        EXPECT_EQ(view.week.days.size(), page == feed::Page::Week ? 7u : 0u);
    }
}

TEST_F(Signage, HeaderUrgentNoticeAndFooterAreTheSameOnEveryPage)
{
    SignageView first = build(feed::Page::WhatsOn);
    EXPECT_FALSE(first.header.clock.empty());
    EXPECT_FALSE(first.call_to_action.empty());
    for (feed::Page page : kPages) {
        SignageView view = build(page);
        EXPECT_EQ(view.header.site_name, first.header.site_name);
        EXPECT_EQ(view.header.date, first.header.date);
        EXPECT_EQ(view.header.clock, first.header.clock);
        EXPECT_EQ(view.urgent.shown, first.urgent.shown);
        EXPECT_EQ(view.urgent.title, first.urgent.title);
        EXPECT_EQ(view.call_to_action, first.call_to_action);
        EXPECT_EQ(view.qr_url, first.qr_url);
        EXPECT_EQ(view.qr_caption, first.qr_caption);
        EXPECT_EQ(view.page_count, first.page_count);
    }
}

TEST_F(Signage, HeaderAloneIsTheHeaderOfTheWholeView)
{
    screen.language = "pl"; // the visitor's language during a check-in
    HeaderView alone = signage_header(sample, zone, now, screen);
    HeaderView whole = build(feed::Page::WhatsOn).header;
    EXPECT_EQ(alone.site_name, whole.site_name);
    EXPECT_EQ(alone.date, whole.date);
    EXPECT_EQ(alone.clock, whole.clock);
    EXPECT_EQ(alone.clock, "11:05");
}

// [SECTION] Calendar events that are not sessions with a start and an end 

namespace {

feed::Event calendar_event(const Signage& s, const char* id, const char* title, feed::Instant start, feed::Instant end)
{
    feed::Event e;
    e.id = id;
    e.title = feed::Text::plain(title);
    e.room = s.sample.site.rooms.front().id;
    e.start = start;
    e.end = end;
    return e;
}

const SessionRowView* row_titled(const std::vector<SessionRowView>& rows, const std::string& title)
{
    for (auto& row : rows)
        if (row.title == title)
            return &row;
    return nullptr;
}

} // namespace

TEST_F(Signage, MultiDayEventIsAllDayOnEachDayItCoversAndSaysUntilWhen)
{
    // An exhibition Monday 23 to Friday 27 November (all day, ends at Saturday's midnight).
    auto e = calendar_event(*this, "exhibition", "Quilt exhibition", zone.start_of_day({2026, 11, 23}), zone.start_of_day({2026, 11, 28}));
    e.all_day = true;
    sample.events.push_back(e);
    auto view = build(feed::Page::WhatsOn);
    auto* row = row_titled(view.whats_on.rows, "Quilt exhibition");
    ASSERT_NE(row, nullptr) << "shown on a middle day";
    EXPECT_EQ(row->time, "All day");
    EXPECT_EQ(row->end, "");
    EXPECT_EQ(row->until, "until Fri 27 Nov");
    now = zone.from_local({2026, 11, 27}, 11 * 60);
    view = build(feed::Page::WhatsOn);
    row = row_titled(view.whats_on.rows, "Quilt exhibition");
    ASSERT_NE(row, nullptr) << "and on its last day";
    EXPECT_EQ(row->until, "") << "nothing to say on the last day";
}

TEST_F(Signage, SingleAllDayEventIsAllDayInTheScreensLanguage)
{
    auto e = calendar_event(*this, "fair", "Autumn fair", zone.start_of_day({2026, 11, 25}), zone.start_of_day({2026, 11, 26}));
    e.all_day = true;
    sample.events.push_back(e);
    screen.language = "pl";
    auto view = build(feed::Page::WhatsOn);
    auto* row = row_titled(view.whats_on.rows, "Autumn fair");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->time, "Cały dzień");
    EXPECT_EQ(row->until, "");
}

TEST_F(Signage, StartOnlyEventShowsItsStartAndNoEnd)
{
    auto start = zone.from_local({2026, 11, 25}, 12 * 60);
    auto e = calendar_event(*this, "deadline", "Grant deadline", start, start);
    e.start_only = true;
    sample.events.push_back(e);
    auto view = build(feed::Page::WhatsOn);
    auto* row = row_titled(view.whats_on.rows, "Grant deadline");
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->time, "12:00");
    EXPECT_EQ(row->end, "");
}

TEST_F(Signage, WeekShowsAMultiDayEventOnEveryDay)
{
    auto e = calendar_event(*this, "refurb", "Closed for refurbishment", zone.start_of_day({2026, 11, 23}), zone.start_of_day({2026, 12, 5}));
    e.all_day = true;
    sample.events.push_back(e);
    auto view = build(feed::Page::Week);
    for (auto& day : view.week.days) {
        if (!day.open)
            continue;
        EXPECT_NE(row_titled(day.sessions, "Closed for refurbishment"), nullptr) << day.date;
    }
}

TEST_F(Signage, AClosedDatesReasonIsSaidOnWhatsOnAndOnTheWeek)
{
    sample.site.closed_dates.push_back({2026, 11, 25});
    sample.site.closed_dates.push_back({2026, 11, 27});
    sample.site.closed_reasons[{2026, 11, 25}] = feed::Text::plain("Staff training day");
    auto whats_on = build(feed::Page::WhatsOn).whats_on;
    EXPECT_FALSE(whats_on.open_today);
    EXPECT_NE(whats_on.message.find("Staff training day"), std::string::npos) << whats_on.message;
    EXPECT_NE(whats_on.message.find("We're closed today."), std::string::npos) << whats_on.message;
    auto week = build(feed::Page::Week).week;
    ASSERT_EQ(week.days.size(), 7u);
    EXPECT_FALSE(week.days[0].open);
    EXPECT_EQ(week.days[0].reason, "Staff training day");
    EXPECT_FALSE(week.days[2].open) << "a closed date without a reason is still closed";
    EXPECT_EQ(week.days[2].reason, "");
    EXPECT_EQ(week.days[2].hours, "Closed");
}
