#include "screen_health.h"

#include "content/calendar/time_zone.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace coi::server {

namespace {

constexpr std::array<std::string_view, 4> kCodes{"silent", "old_content", "repeating_error", "low_disk"};

// Looking back further than this for open hours is never needed to pass a limit of at most
// a week, and bounds the walk for a building that is never open.
constexpr int kMostDaysBack = 400;

calendar::TimeZone zone_of(const feed::Site& site)
{
    auto zone = calendar::TimeZone::load(site.timezone);
    return zone ? *zone : calendar::TimeZone::utc();
}

std::string clock_text(const calendar::TimeZone& zone, std::int64_t at)
{
    auto local = zone.to_local(at);
    std::array<char, 32> text{};
    std::snprintf(
        text.data(), text.size(), "%02d:%02d on %04d-%02d-%02d", local.minutes / 60, local.minutes % 60, local.date.year, local.date.month, local.date.day);
    return text.data();
}

std::string megabytes(std::int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MB"; }

bool was_open(const std::vector<ProblemKind>& open, ProblemKind kind) { return std::find(open.begin(), open.end(), kind) != open.end(); }

} // namespace

std::string_view to_code(ProblemKind kind) { return kCodes[static_cast<std::size_t>(kind)]; }

std::optional<ProblemKind> problem_from_code(std::string_view code)
{
    for (std::size_t i = 0; i < kCodes.size(); ++i)
        if (kCodes[i] == code)
            return static_cast<ProblemKind>(i);
    return std::nullopt;
}

std::int64_t open_seconds_between(const feed::Site& site, std::int64_t from, std::int64_t to)
{
    if (to <= from)
        return 0;
    auto zone = zone_of(site);
    auto first = zone.local_date(from);
    auto day = zone.local_date(to);
    std::int64_t total = 0;
    for (int back = 0; back <= kMostDaysBack && day >= first; ++back, day = feed::add_days(day, -1)) {
        auto hours = feed::open_hours_on(site, day);
        if (!hours)
            continue;
        std::int64_t opens = zone.from_local(day, hours->open), closes = zone.from_local(day, hours->close);
        total += std::max<std::int64_t>(0, std::min(closes, to) - std::max(opens, from));
    }
    return total;
}

std::vector<Problem> problems_of(const Screen& screen, const SiteHealth& site, std::int64_t now, const std::vector<ProblemKind>& open)
{
    std::vector<Problem> problems;
    if (screen.revoked)
        return problems;
    auto zone = zone_of(site.site);

    // Silent: a screen that has never polled is counted from when it was adopted.
    std::int64_t heard = screen.last_seen > 0 ? screen.last_seen : screen.created_at;
    std::int64_t silent = open_seconds_between(site.site, heard, now);
    if (silent > static_cast<std::int64_t>(site.silent_minutes) * 60)
        problems.push_back({ProblemKind::Silent,
            "silent for " + std::to_string(silent / 60) + " minutes of opening hours ("
                + (screen.last_seen > 0 ? "last heard at " + clock_text(zone, screen.last_seen) : std::string("never heard since it was added")) + ")"});

    // Old content: judged only from a heartbeat that came more than two polls after the new
    // version, so a screen is given its two polls, and a save made a moment ago is no problem.
    if (screen.status_at > 0 && screen.content_version > 0 && screen.content_version < site.content_version) {
        std::int64_t poll = screen.poll_seconds.value_or(60);
        if (screen.status_at - site.version_at > 2 * poll)
            problems.push_back({ProblemKind::OldContent,
                "still showing content version " + std::to_string(screen.content_version) + " of " + std::to_string(site.content_version)
                    + " (the newest since " + clock_text(zone, site.version_at) + ")"});
    }

    if (!screen.last_error.empty() && screen.error_repeats >= kErrorRepeats)
        problems.push_back(
            {ProblemKind::RepeatingError, "the same error in its last " + std::to_string(screen.error_repeats) + " reports: " + screen.last_error});

    if (screen.free_disk_bytes) {
        std::int64_t line = was_open(open, ProblemKind::LowDisk) ? kDiskRecoveredBytes : kLowDiskBytes;
        if (*screen.free_disk_bytes < line)
            problems.push_back({ProblemKind::LowDisk, "low on disk space: " + megabytes(*screen.free_disk_bytes) + " free"});
    }
    return problems;
}

} // namespace coi::server
