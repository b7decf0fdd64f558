#include "kiosk/core/format.h"

#include "kiosk/core/strings.h"

#include <cstdio>

namespace coi::core {

std::string price_text(int pence, std::string_view language)
{
    if (pence <= 0)
        return std::string(tr("price.free", language));
    if (pence < 100)
        return std::to_string(pence) + "p";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d.%02d", pence / 100, pence % 100);
    return "\xC2\xA3" + std::string(buf); // £
}

std::string clock_text(feed::ClockMinutes minutes)
{
    return feed::format_clock(minutes % 1440);
}

std::string_view weekday_name(feed::Weekday day, std::string_view language)
{
    return tr(std::string("day.") + std::string(feed::to_code(day)), language);
}

std::string_view weekday_short(feed::Weekday day, std::string_view language)
{
    return tr(std::string("day.short.") + std::string(feed::to_code(day)), language);
}

std::string long_date_text(feed::Date date, std::string_view language)
{
    return std::string(weekday_name(feed::weekday_of(date), language)) + " " + std::to_string(date.day) + " "
           + std::string(tr("month." + std::to_string(date.month), language));
}

std::string short_date_text(feed::Date date, std::string_view language)
{
    // Each language's own short month ("25 lis", "25 lapkr."): cutting the long name to three
    // letters would make August and September both "rug" in Lithuanian.
    return std::to_string(date.day) + " " + std::string(tr("month.short." + std::to_string(date.month), language));
}

} // namespace coi::core
