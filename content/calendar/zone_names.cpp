#include "content/calendar/zone_names.h"

#include "content/calendar/time_zone.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace coi::calendar {

namespace {

struct WindowsZone {
    const char* windows;
    const char* iana;
};

constexpr WindowsZone kWindowsZones[] = {
#include "content/calendar/windows_zones.inc"
};

bool same_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::string_view trimmed(std::string_view text)
{
    // Spaces and the quotes some exporters put around the value (TZID="Europe/London").
    auto junk = [](char c) { return c == ' ' || c == '\t' || c == '"' || c == '\''; };
    while (!text.empty() && junk(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && junk(text.back()))
        text.remove_suffix(1);
    return text;
}

bool known(const std::string& name)
{
    return TimeZone::load(name).ok();
}

// Outlook Web Access and older Exchange write a zone's display name as its TZID, with no
// VTIMEZONE: "(GMT+10:00) Canberra, Melbourne, Sydney", "(UTC-05:00) Eastern Time (US & Canada)".
// The name says the standard offset and either places or a Windows zone's name without
// "Standard": the first place (Region/Place) or Windows zone whose standard offset is the one
// written is the zone meant. Nothing is guessed from the offset alone.
std::string iana_for_display_name(std::string_view name)
{
    if (name.size() < 6 || name.front() != '(')
        return {};
    auto close = name.find(')');
    if (close == std::string_view::npos)
        return {};
    std::string_view offset = name.substr(1, close - 1); // "GMT+10:00", "UTC-05:00", "UTC"
    if (offset.size() >= 3 && (same_ignoring_case(offset.substr(0, 3), "GMT") || same_ignoring_case(offset.substr(0, 3), "UTC")))
        offset.remove_prefix(3);
    int stated = 0;
    if (!offset.empty()) {
        if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':')
            return {};
        for (std::size_t i : {1u, 2u, 4u, 5u})
            if (!std::isdigit(static_cast<unsigned char>(offset[i])))
                return {};
        stated = ((offset[1] - '0') * 10 + (offset[2] - '0')) * 3600 + ((offset[4] - '0') * 10 + (offset[5] - '0')) * 60;
        if (offset[0] == '-')
            stated = -stated;
    }
    // The standard offset is the smaller of January's and July's (summer time adds to it).
    auto standard_offset_is_stated = [stated](const std::string& iana) {
        auto zone = TimeZone::load(iana);
        if (!zone.ok())
            return false;
        constexpr feed::Instant kJanuary = 1767268800, kJuly = 1782907200; // 2026-01-01, 2026-07-01 12:00 UTC
        return std::min(zone->utc_offset_at(kJanuary), zone->utc_offset_at(kJuly)) == stated;
    };
    std::string places(trimmed(name.substr(close + 1)));
    // "Eastern Time (US & Canada)" is the Windows zone "Eastern Standard Time".
    if (auto time = places.find(" Time"); time != std::string::npos) {
        auto windows = iana_for_windows_zone(places.substr(0, time) + " Standard Time");
        if (!windows.empty() && standard_offset_is_stated(windows))
            return windows;
    }
    std::size_t from = 0;
    while (from < places.size()) {
        auto comma = places.find(',', from);
        std::string place(trimmed(std::string_view(places).substr(from, comma == std::string::npos ? std::string::npos : comma - from)));
        from = comma == std::string::npos ? places.size() : comma + 1;
        std::replace(place.begin(), place.end(), ' ', '_');
        if (place.empty() || place.find('/') != std::string::npos || place.find('.') != std::string::npos)
            continue;
        for (const char* region : {"Europe", "America", "Asia", "Australia", "Africa", "Pacific", "Atlantic", "Indian"}) {
            auto iana = std::string(region) + "/" + place;
            if (standard_offset_is_stated(iana))
                return iana;
        }
    }
    return {};
}

} // namespace

std::string iana_for_windows_zone(std::string_view windows_name)
{
    for (auto& zone : kWindowsZones)
        if (same_ignoring_case(windows_name, zone.windows))
            return zone.iana;
    return {};
}

std::string iana_zone_for(std::string_view tzid)
{
    std::string_view name = trimmed(tzid);
    if (name.empty() || name.size() > 200)
        return {};
    for (std::string_view utc : {"UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT", "Coordinated Universal Time"})
        if (same_ignoring_case(name, utc))
            return "UTC";
    if (auto windows = iana_for_windows_zone(name); !windows.empty())
        return known(windows) ? windows : std::string();
    if (known(std::string(name)))
        return std::string(name);
    if (auto display = iana_for_display_name(name); !display.empty())
        return display;
    // A vendor prefix ("/mozilla.org/20050126_1/Europe/London",
    // "/softwarestudio.org/Olson_20011030_5/America/New_York"): the longest known tail.
    std::vector<std::size_t> slashes;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (name[i] == '/')
            slashes.push_back(i);
    for (std::size_t slash : slashes) {
        std::string tail(name.substr(slash + 1));
        if (!tail.empty() && tail.find('/') != std::string::npos && known(tail))
            return tail;
    }
    return {};
}

} // namespace coi::calendar
