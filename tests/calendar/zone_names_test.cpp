// Specification of TZID handling: the names real calendar programs write resolve to the
// system's own zone of that name.
#include "content/calendar/zone_names.h"

#include <gtest/gtest.h>

using coi::calendar::iana_for_windows_zone;
using coi::calendar::iana_zone_for;

TEST(ZoneNames, IanaNamesAreThemselves)
{
    EXPECT_EQ(iana_zone_for("Europe/London"), "Europe/London");
    EXPECT_EQ(iana_zone_for("America/New_York"), "America/New_York");
}

TEST(ZoneNames, OutlookWindowsNamesMapThroughCldr)
{
    EXPECT_EQ(iana_zone_for("GMT Standard Time"), "Europe/London");
    EXPECT_EQ(iana_zone_for("W. Europe Standard Time"), "Europe/Berlin");
    EXPECT_EQ(iana_zone_for("Romance Standard Time"), "Europe/Paris");
    EXPECT_EQ(iana_zone_for("Eastern Standard Time"), "America/New_York");
    EXPECT_EQ(iana_zone_for("Pacific Standard Time"), "America/Los_Angeles");
    EXPECT_EQ(iana_zone_for("Tokyo Standard Time"), "Asia/Tokyo");
    EXPECT_EQ(iana_zone_for("gmt standard time"), "Europe/London") << "case as some exporters write it";
}

TEST(ZoneNames, EveryWindowsNameInTheTableIsAZoneThisMachineKnows)
{
    for (const char* name : {"AUS Eastern Standard Time", "India Standard Time", "China Standard Time",
             "Central European Standard Time", "E. Europe Standard Time", "FLE Standard Time", "GTB Standard Time",
             "Central Standard Time", "Mountain Standard Time", "SA Pacific Standard Time", "Arabian Standard Time"})
        EXPECT_FALSE(iana_zone_for(name).empty()) << name << " -> " << iana_for_windows_zone(name);
}

TEST(ZoneNames, QuotedAndVendorPrefixedNamesAreTolerated)
{
    EXPECT_EQ(iana_zone_for("\"Europe/London\""), "Europe/London");
    EXPECT_EQ(iana_zone_for("/mozilla.org/20050126_1/Europe/London"), "Europe/London");
    EXPECT_EQ(iana_zone_for("/softwarestudio.org/Olson_20011030_5/America/New_York"), "America/New_York");
}

TEST(ZoneNames, UtcSpellingsAreUtc)
{
    EXPECT_EQ(iana_zone_for("UTC"), "UTC");
    EXPECT_EQ(iana_zone_for("GMT"), "UTC");
    EXPECT_EQ(iana_zone_for("Etc/UTC"), "UTC");
}

TEST(ZoneNames, UnknownNamesAndPathsAreEmpty)
{
    EXPECT_EQ(iana_zone_for("Middle Earth Standard Time"), "");
    EXPECT_EQ(iana_zone_for("../../etc/passwd"), "");
    EXPECT_EQ(iana_zone_for(""), "");
}
