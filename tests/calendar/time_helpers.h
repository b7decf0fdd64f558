#pragma once
// How the calendar and schedule tests write times: an instant from ISO text, a zone by name
// (one this machine lacks fails the test, and UTC stands in), London, a date.

#include "content/calendar/time_zone.h"
#include "content/feed/types.h"

#include <gtest/gtest.h>

namespace coi::testing {

inline feed::Instant at(const char* iso)
{
    auto instant = feed::parse_instant(iso);
    EXPECT_TRUE(instant.has_value()) << iso;
    return instant.value_or(0);
}

inline calendar::TimeZone zone(const char* name)
{
    auto loaded = calendar::TimeZone::load(name);
    EXPECT_TRUE(loaded.ok()) << name << ": " << (loaded.ok() ? "" : loaded.error().message);
    return loaded.ok() ? *loaded : calendar::TimeZone::utc();
}

inline calendar::TimeZone london() { return zone("Europe/London"); }

constexpr feed::Date date(int y, int m, int d) { return feed::Date{y, m, d}; }

} // namespace coi::testing
