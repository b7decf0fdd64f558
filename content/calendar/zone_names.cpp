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
