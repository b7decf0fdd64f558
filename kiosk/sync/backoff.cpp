#include "kiosk/sync/backoff.h"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace coi::sync {

int next_poll_delay(int failures, int poll_seconds, std::optional<int> retry_after_seconds, double jitter01)
{
    poll_seconds = std::clamp(poll_seconds, 1, kMaxBackoffSeconds);
    if (failures <= 0)
        return retry_after_seconds ? std::clamp(*retry_after_seconds, poll_seconds, kMaxBackoffSeconds) : poll_seconds;
    long long delay = std::min(kFirstRetrySeconds, poll_seconds);
    for (int i = 1; i < failures && delay < kMaxBackoffSeconds; ++i)
        delay *= 2;
    delay = std::min<long long>(delay, kMaxBackoffSeconds);
    double jitter = std::clamp(jitter01, 0.0, 1.0);
    int jittered = std::max(1, static_cast<int>(static_cast<double>(delay) * (0.5 + jitter / 2)));
    if (retry_after_seconds)
        jittered = std::max(jittered, std::clamp(*retry_after_seconds, 0, kMaxBackoffSeconds));
    return std::min(jittered, kMaxBackoffSeconds);
}

std::optional<int> parse_retry_after(std::string_view header)
{
    while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
        header.remove_prefix(1);
    while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
        header.remove_suffix(1);
    if (header.empty() || header.size() > 9)
        return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), value);
    if (ec != std::errc() || end != header.data() + header.size() || value < 0)
        return std::nullopt;
    return value;
}

} // namespace coi::sync
