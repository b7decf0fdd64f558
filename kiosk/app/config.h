#pragma once
// The kiosk's TOML configuration. Loading checks every value and reports each problem
// with its line, so `kiosk --check-config FILE` can tell an installer exactly what to fix.

#include "content/feed/result.h"
#include "content/feed/types.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::app {

struct Config {
    std::string data_dir;               // empty: the default
    std::string screen_role = "reception";
    std::string language = "en";
    int checkin_timeout_seconds = 60;   // a half-finished check-in returns to signage
    std::string timezone;               // empty: from the content
    std::optional<int> dwell_seconds;   // unset: from the content
    std::optional<std::vector<feed::Page>> pages;
};

struct ConfigProblem {
    int line = 0; // 0 when the problem is not on one line
    std::string message;
};

struct ConfigCheck {
    Config config;
    std::vector<ConfigProblem> problems; // empty when the file is good
};

ConfigCheck parse_config(const std::string& toml_text);        // every problem, not just the first
Result<Config> load_config(const std::string& path);           // the file, or one error listing its problems
std::string format_problems(const std::string& path, const std::vector<ConfigProblem>&); // "FILE:3: ..." lines

} // namespace coi::app
