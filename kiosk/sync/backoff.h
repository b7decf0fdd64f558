#pragma once
// When to poll next: a pure function of how many polls in a row have failed, the poll
// interval, what the server asked for (Retry-After) and a jitter value the caller draws.
// No clock and no randomness inside, so tests can walk it step by step.

#include <optional>
#include <string_view>

namespace coi::sync {

constexpr int kMaxBackoffSeconds = 15 * 60;
constexpr int kFirstRetrySeconds = 5;

// Seconds until the next poll.
//   failures == 0: poll_seconds (the normal rhythm).
//   failures >= 1: 5 s (or poll_seconds if shorter), 10 s, 20 s ... doubling, capped at 15 minutes, then "full jitter"
//   in the upper half: delay * (0.5 + jitter01 / 2), so a building full of screens that
//   lost the network together does not hammer the server together when it comes back.
//   retry_after (429/503) is a floor the server asked for, itself capped at 15 minutes.
int next_poll_delay(int failures, int poll_seconds, std::optional<int> retry_after_seconds, double jitter01);

// Parses a Retry-After header: delta-seconds only (an HTTP date is treated as absent).
std::optional<int> parse_retry_after(const std::string_view header);

} // namespace coi::sync
