#include "kiosk/core/schedule.h"


#include <algorithm>
#include <tuple>

namespace coi::core {

namespace {

constexpr int kOpeningLookaheadDays = 60;

bool contains(const std::vector<feed::Date>& dates, feed::Date date)
{
    return std::find(dates.begin(), dates.end(), date) != dates.end();
}

// The opening_hours rows for one weekday, earliest opening first.
std::vector<feed::OpeningHours> rows_for(const feed::Site& site, feed::Weekday weekday)
{
    std::vector<feed::OpeningHours> rows;
    for (auto& row : site.opening_hours)
        if (row.day == weekday)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.open < b.open; });
    return rows;
}

} // namespace

// [SECTION] Recurrence

std::vector<Occurrence> occurrences_between(const feed::Feed& feed, const TimeZone& zone, feed::Instant from,
    feed::Instant to)
{
    return calendar::occurrences_between(feed.events, zone, from, to);
}

std::vector<Occurrence> occurrences_on(const feed::Feed& feed, const TimeZone& zone, feed::Date local_day)
{
    return occurrences_between(feed, zone, zone.start_of_day(local_day), zone.start_of_day(feed::add_days(local_day, 1)));
}

// [SECTION] Days and the week

DayPlan hours_on(const feed::Site& site, feed::Date date)
{
    DayPlan plan;
    plan.date = date;
    auto hours = feed::open_hours_on(site, date); // the public page asks the same
    if (!hours)
        return plan;
    plan.open = true;
    plan.opens = hours->open;
    plan.closes = hours->close;
    return plan;
}

namespace {

// The same overlap test occurrence_starts applies, so slicing a long window into days gives
// exactly what occurrences_on would for each day.
bool overlaps(const Occurrence& occurrence, feed::Instant from, feed::Instant to)
{
    return occurrence.start < to && (occurrence.end > from || occurrence.start >= from);
}

} // namespace

DayPlan plan_for_day(const feed::Feed& feed, const TimeZone& zone, feed::Date date)
{
    DayPlan plan = hours_on(feed.site, date);
    if (plan.open)
        plan.sessions = occurrences_on(feed, zone, date);
    return plan;
}

std::vector<DayPlan> plan_for_days(const feed::Feed& feed, const TimeZone& zone, feed::Date first, int count)
{
    std::vector<DayPlan> plans;
    if (count <= 0)
        return plans;
    // Expand every rule once for the whole range rather than once per day: creating a libical
    // iterator is the expensive part (Debian's libical goes through ICU calendars).
    auto all = occurrences_between(feed, zone, zone.start_of_day(first), zone.start_of_day(feed::add_days(first, count)));
    for (int i = 0; i < count; ++i) {
        DayPlan plan = hours_on(feed.site, feed::add_days(first, i));
        if (plan.open) {
            feed::Instant day_start = zone.start_of_day(plan.date);
            feed::Instant day_end = zone.start_of_day(feed::add_days(plan.date, 1));
            for (auto& occurrence : all)
                if (overlaps(occurrence, day_start, day_end))
                    plan.sessions.push_back(occurrence);
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

// [SECTION] Now and next

std::vector<SessionState> session_states(const std::vector<Occurrence>& sessions, feed::Instant now)
{
    std::optional<feed::Instant> next_start;
    for (auto& session : sessions)
        if (!session.cancelled && session.start > now && (!next_start || session.start < *next_start))
            next_start = session.start;

    std::vector<SessionState> states;
    states.reserve(sessions.size());
    for (auto& session : sessions) {
        if (session.end <= now)
            states.push_back(SessionState::Finished);
        else if (!session.cancelled && session.start <= now)
            states.push_back(SessionState::Now);
        else if (!session.cancelled && next_start && session.start == *next_start)
            states.push_back(SessionState::Next);
        else
            states.push_back(SessionState::Later);
    }
    return states;
}

// [SECTION] Opening hours

std::optional<Opening> next_opening(const feed::Feed& feed, const TimeZone& zone, feed::Instant now)
{
    feed::Date today = zone.local_date(now);
    for (int i = 0; i <= kOpeningLookaheadDays; ++i) {
        feed::Date date = feed::add_days(today, i);
        if (contains(feed.site.closed_dates, date))
            continue;
        for (auto& row : rows_for(feed.site, feed::weekday_of(date)))
            if (zone.from_local(date, row.open) > now)
                return Opening{date, row.open};
    }
    return std::nullopt;
}

bool is_open_at(const feed::Feed& feed, const TimeZone& zone, feed::Instant now)
{
    feed::Date today = zone.local_date(now);
    // Yesterday too, for a row that runs past midnight.
    for (feed::Date date : {feed::add_days(today, -1), today}) {
        if (contains(feed.site.closed_dates, date))
            continue;
        for (auto& row : rows_for(feed.site, feed::weekday_of(date))) {
            feed::Instant opens = zone.from_local(date, row.open);
            feed::Instant closes = row.close >= row.open ? zone.from_local(date, row.close)
                                                         : zone.from_local(feed::add_days(date, 1), row.close);
            if (opens <= now && now < closes)
                return true;
        }
    }
    return false;
}

} // namespace coi::core
