#pragma once
// Screens that ask for help: what is wrong with a screen, worked out from what the server
// knows of it (its polls and heartbeats) and of its building (opening hours, the content
// version it should show, the building's limit). Pure: time is a parameter, nothing is read
// or sent here; the checker (alerts.h) keeps each problem's state and tells people.

#include "content/feed/types.h"
#include "repository.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::server {

enum class ProblemKind {
    Silent,         // no poll for longer than the building's limit, counted in opening hours only
    OldContent,     // a heartbeat more than two polls after a new version still says an older one
    RepeatingError, // the same error in kErrorRepeats heartbeats in a row
    LowDisk,        // under kLowDiskBytes free (and not yet back over kDiskRecoveredBytes)
};
std::string_view to_code(ProblemKind); // "silent", "old_content", "repeating_error", "low_disk"
std::optional<ProblemKind> problem_from_code(std::string_view);

constexpr int kDefaultSilentMinutes = 15;
constexpr int kMaxSilentMinutes = 7 * 24 * 60;
constexpr std::int64_t kErrorRepeats = 3;
constexpr std::int64_t kLowDiskBytes = 100LL * 1024 * 1024;
// A screen hovering around the line would be told about again and again: once low, it is
// well again only with half as much again free.
constexpr std::int64_t kDiskRecoveredBytes = 150LL * 1024 * 1024;

struct Problem {
    ProblemKind kind = ProblemKind::Silent;
    std::string words; // for people: "silent for 22 minutes of opening hours (last heard 09:12)"
    bool operator==(const Problem&) const = default;
};

// What problems_of needs to know of the screen's building.
struct SiteHealth {
    feed::Site site;                  // timezone, opening hours, closed dates
    std::int64_t content_version = 0; // what its screens should be showing
    std::int64_t version_at = 0;      // since when (unix seconds)
    int silent_minutes = kDefaultSilentMinutes;
};

// Every problem `screen` has at `now` (unix seconds), in ProblemKind order. `open`: the
// problems it was already known to have, for those that clear only well past their line.
// A revoked screen has none: it is not expected to speak.
std::vector<Problem> problems_of(const Screen& screen, const SiteHealth& site, std::int64_t now, const std::vector<ProblemKind>& open = {});

// Seconds of [from, to) in which the building was open by its opening hours (a closed date
// counts as shut all day).
std::int64_t open_seconds_between(const feed::Site& site, std::int64_t from, std::int64_t to);

} // namespace coi::server
