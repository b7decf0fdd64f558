#pragma once
// The calendar the benchmarks use, at the size a big centre's shared calendar reaches: 5,000
// events (1,000 weekly series, in the building's zone, UTC, New York and a Windows-named zone,
// with EXDATEs; 4,000 one-offs in 2027, some all-day or multi-day) and 500 changed occurrences
// (RECURRENCE-ID: 400 moved, 100 cancelled), as one .ics text. Shared by calendar_bench and
// frame_bench so both measure the same calendar.

#include "content/feed/types.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace coi::bench {

inline constexpr int kSeries = 1000;
inline constexpr int kOneOffs = 4000;
inline constexpr int kMoved = 400;
inline constexpr int kCancelled = 100;

inline std::string two(int n)
{
    char text[8];
    std::snprintf(text, sizeof text, "%02d", n);
    return text;
}

// 2027-MM-DD as an .ics date, for day 0..364 of 2027.
inline std::string ics_day(int day_of_year)
{
    auto date = feed::add_days({2027, 1, 1}, day_of_year);
    return std::to_string(date.year) + two(date.month) + two(date.day);
}

inline std::string big_calendar()
{
    const char* zones[] = {";TZID=Europe/London", "", ";TZID=America/New_York", ";TZID=W. Europe Standard Time"};
    std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calendar_bench//EN\r\n";
    for (int i = 0; i < kSeries; ++i) {
        std::string zone = zones[i % 4];
        std::string z = zone.empty() ? "Z" : "";
        std::string day = ics_day(i % 28);
        std::string hour = two(9 + i % 10);
        ics += "BEGIN:VEVENT\r\nUID:series-" + std::to_string(i) + "@bench\r\nSUMMARY:Weekly group " + std::to_string(i)
            + "\r\nLOCATION:Main Hall\r\nDTSTART" + zone + ":" + day + "T" + hour + "0000" + z + "\r\nDTEND" + zone + ":" + day
            + "T" + hour + "4500" + z + "\r\nRRULE:FREQ=WEEKLY" + (i % 3 == 0 ? ";COUNT=40" : "") + "\r\nEXDATE" + zone + ":"
            + ics_day(i % 28 + 14) + "T" + hour + "0000" + z + "\r\nEND:VEVENT\r\n";
    }
    for (int i = 0; i < kMoved + kCancelled; ++i) {
        int series = i * 2 % kSeries;
        std::string zone = zones[series % 4];
        std::string z = zone.empty() ? "Z" : "";
        std::string hour = two(9 + series % 10);
        std::string day = ics_day(series % 28 + 7 * (1 + i % 20));
        ics += "BEGIN:VEVENT\r\nUID:series-" + std::to_string(series) + "@bench\r\nRECURRENCE-ID" + zone + ":" + day + "T" + hour
            + "0000" + z + "\r\n";
        if (i < kMoved)
            ics += "SUMMARY:Moved group\r\nDTSTART" + zone + ":" + day + "T" + two(9 + series % 10 + 1) + "0000" + z + "\r\nDTEND" + zone
                + ":" + day + "T" + two(9 + series % 10 + 2) + "0000" + z + "\r\n";
        else
            ics += "STATUS:CANCELLED\r\nDTSTART" + zone + ":" + day + "T" + hour + "0000" + z + "\r\n";
        ics += "END:VEVENT\r\n";
    }
    for (int i = 0; i < kOneOffs; ++i) {
        std::string day = ics_day(i % 365);
        ics += "BEGIN:VEVENT\r\nUID:one-off-" + std::to_string(i) + "@bench\r\nSUMMARY:Talk " + std::to_string(i) + "\r\n";
        if (i % 50 == 0)
            ics += "DTSTART;VALUE=DATE:" + day + "\r\nDTEND;VALUE=DATE:" + ics_day(std::min(364, i % 365 + 1 + i % 4)) + "\r\n";
        else
            ics += "DTSTART;TZID=Europe/London:" + day + "T" + two(10 + i % 8) + "3000\r\nDTEND;TZID=Europe/London:" + day + "T"
                + two(11 + i % 8) + "3000\r\n";
        ics += "END:VEVENT\r\n";
    }
    return ics + "END:VCALENDAR\r\n";
}

} // namespace coi::bench
