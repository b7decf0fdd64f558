#pragma once
// A check of TOML text before toml++ reads it. Debian 12's toml++ 3.3.0 reaches
// __builtin_unreachable (undefined behaviour) when it meets some non-ASCII characters
// where TOML allows none, e.g. "£x = 1" or "language = укр" (toml++ issues #190 and
// #295; found by tests/fuzz/config_fuzzer). TOML allows non-ASCII only inside strings and
// comments, so refusing it elsewhere first loses no valid config and gives a clearer message.
// Both config loaders use it (the kiosk's kiosk.toml and kiosk-content's), so it lives in
// coi_feed, the one library both link: it knows nothing of toml++ or of either config.

#include <optional>
#include <string>
#include <string_view>

namespace coi::feed {

struct TomlTextProblem {
    int line = 0;
    std::string message;
};

std::optional<TomlTextProblem> non_ascii_outside_strings(std::string_view toml_text);

} // namespace coi::feed
