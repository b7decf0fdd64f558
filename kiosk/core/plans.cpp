#include "kiosk/core/plans.h"

namespace coi::core {

const DayPlan* Plans::day(feed::Date date) const
{
    if (days.empty())
        return nullptr;
    auto offset = feed::days_from_civil(date) - feed::days_from_civil(days.front().date);
    if (offset < 0 || offset >= static_cast<long long>(days.size()))
        return nullptr;
    return &days[static_cast<std::size_t>(offset)];
}

bool Plans::covers(feed::Date first, int count) const
{
    return count <= 0 || (day(first) && day(feed::add_days(first, count - 1)));
}

Plans plan_ahead(std::shared_ptr<const feed::Feed> feed, const TimeZone& zone, feed::Date today)
{
    Plans plans;
    plans.days = plan_for_days(*feed, zone, today, kDaysPlanned);
    plans.feed = std::move(feed);
    return plans;
}

bool can_draw(const Plans& plans, feed::Date today) { return plans.feed && plans.covers(today, kDaysShown); }

bool replan_due(const Plans& plans, feed::Date today) { return plans.days.empty() || plans.days.front().date != today; }

DayPlan planned_day(const Plans& plans, const feed::Site& site, feed::Date date)
{
    if (const DayPlan* plan = plans.day(date))
        return *plan;
    return hours_on(site, date);
}

} // namespace coi::core
