// Specification of TZID handling: the names real calendar programs write resolve to the
// system's own zone of that name.
#include "content/calendar/zone_names.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

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

TEST(ZoneNames, EveryWindowsNameInCldrsTableIsAZoneThisMachineKnows)
{
    // Every row of the table, read from its file, so a row naming a zone this machine's zone
    // data lacks (an old link name) is found here rather than by a coordinator.
    std::ifstream table(COI_SOURCE_DIR "/content/calendar/windows_zones.inc");
    ASSERT_TRUE(table) << "windows_zones.inc";
    std::regex row(R"re(\{"([^"]+)", "([^"]+)"\})re");
    int rows = 0;
    for (std::string line; std::getline(table, line);) {
        std::smatch match;
        if (!std::regex_search(line, match, row))
            continue;
        ++rows;
        std::string expected = match[2].str() == "Etc/UTC" ? "UTC" : match[2].str(); // UTC is spelt "UTC" throughout
        EXPECT_EQ(iana_zone_for(match[1].str()), expected) << match[1].str();
    }
    EXPECT_GE(rows, 130) << "CLDR's table has about 140 Windows zones";
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

// Outlook Web Access writes a zone's display name as the TZID and no VTIMEZONE.
TEST(ZoneNames, OutlookDisplayNamesNameTheZoneTheyDescribe)
{
    EXPECT_EQ(iana_zone_for("(GMT+10:00) Canberra, Melbourne, Sydney"), "Australia/Canberra");
    EXPECT_EQ(iana_zone_for("\"(UTC-05:00) Eastern Time (US & Canada)\""), "America/New_York");
    EXPECT_EQ(iana_zone_for("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"), "Europe/Amsterdam");
    EXPECT_EQ(iana_zone_for("(UTC) Dublin, Edinburgh, Lisbon, London"), "Europe/Dublin");
    // Nothing is guessed from an offset alone, nor from a place whose offset is not the one written.
    EXPECT_EQ(iana_zone_for("(GMT +01:00)"), "");
    EXPECT_EQ(iana_zone_for("(UTC+03:00) London"), "");
    EXPECT_EQ(iana_zone_for("(UTC+25:00) Sydney"), "");
}
