// The kiosk's TOML config (kiosk.toml): written by hand by a volunteer installer, so any
// text at all. parse_config must report problems with their lines and never crash, leak
// or hit undefined behaviour; a config it accepts must hold only values the kiosk can use.
// toml++ is compiled in header-only here (tests/fuzz/CMakeLists.txt) so the parser itself
// is instrumented too.
#include "kiosk/app/config.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void broken(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "config_fuzzer: %s: %s\n", what, detail.c_str());
    std::abort();
}

void check_usable(const coi::app::Config& config)
{
    if (config.checkin_timeout_seconds < 10 || config.checkin_timeout_seconds > 600)
        broken("accepted checkin_timeout_seconds", std::to_string(config.checkin_timeout_seconds));
    if (config.sync.poll_seconds < 10 || config.sync.poll_seconds > 86400)
        broken("accepted poll_seconds", std::to_string(config.sync.poll_seconds));
    if (config.sync.media_cache_mb < 10 || config.sync.media_cache_mb > 100000)
        broken("accepted media_cache_mb", std::to_string(config.sync.media_cache_mb));
    if (config.dwell_seconds && (*config.dwell_seconds < 3 || *config.dwell_seconds > 600))
        broken("accepted dwell_seconds", std::to_string(*config.dwell_seconds));
    if (config.pages && config.pages->empty())
        broken("accepted an empty page list", "");
    if (config.screen_role.empty() || config.screen_role.size() > 64)
        broken("accepted screen_role", config.screen_role);
    for (auto* command : {&config.display.on_command, &config.display.off_command})
        if (!command->empty() && (command->front().empty() || command->front()[0] != '/'))
            broken("accepted a display command that is not an absolute path", command->front());
    if (config.alternate_languages && config.second_language.empty())
        broken("accepted alternate_languages without second_language", "");
    if (!coi::app::sync_problems(config.sync).empty())
        broken("accepted a [sync] with problems", coi::app::sync_problems(config.sync).front());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    auto check = coi::app::parse_config(text);
    if (check.problems.empty()) {
        check_usable(check.config);
        return 0;
    }
    auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (auto& problem : check.problems) {
        if (problem.message.empty())
            broken("a problem without a message", text.substr(0, 200));
        if (problem.line < 0 || problem.line > lines)
            broken("a problem on a line the file does not have", std::to_string(problem.line) + ": " + problem.message);
    }
    (void)coi::app::format_problems("kiosk.toml", check.problems);
    return 0;
}
