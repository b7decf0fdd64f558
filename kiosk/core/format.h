#pragma once
// UK formatting for a UK site, whatever the visitor's language: £3.50, 80p, 18:30,
// Wednesday 25 November. Month and day names still come from the translation table.

#include "content/feed/types.h"

#include <string>
#include <string_view>

namespace coi::core {

std::string price_text(int pence, std::string_view language = "en");            // £3.50, 80p, Free
std::string clock_text(feed::ClockMinutes);                                      // 18:30
std::string long_date_text(feed::Date, std::string_view language = "en");        // Wednesday 25 November
std::string short_date_text(feed::Date, std::string_view language = "en");       // 25 Nov
std::string_view weekday_name(feed::Weekday, std::string_view language = "en"); // Wednesday
std::string_view weekday_short(feed::Weekday, std::string_view language = "en"); // Wed

} // namespace coi::core
