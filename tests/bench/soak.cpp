// scripts/bench/soak: the kiosk through simulated days (tests/app/soak.h), printing resident
// memory at the end of each day and the growth after the warm-up day.
// Usage: soak [DAYS] (simulated days after the warm-up day, default 7)
#include "../app/soak.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    coi::soak::SoakOptions options;
    if (argc > 1)
        options.days = std::atoi(argv[1]);
    auto dir = std::filesystem::temp_directory_path() / ("coi-soak-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::printf("day  date        VmRSS kB  frames   check-ins  check-outs  versions  seconds\n");
    auto result = coi::soak::Soak(options, dir).run([](const coi::soak::DayReport& d) {
        std::printf("%-4s %s  %8ld  %7ld  %9d  %10d  %8d  %7.1f\n", d.day == 0 ? "warm" : std::to_string(d.day).c_str(), d.date.c_str(),
            d.rss_kb, d.frames, d.check_ins, d.check_outs, d.versions, d.seconds);
        std::fflush(stdout);
    });
    std::filesystem::remove_all(dir);
    if (!result.error.empty()) {
        std::fprintf(stderr, "soak failed: %s\n", result.error.c_str());
        return 1;
    }
    std::printf("growth after the warm-up day: %ld kB over %d simulated days (%ld -> %ld kB)\n", result.growth_kb(), options.days,
        result.warm_rss_kb(), result.end_rss_kb());
    return result.growth_kb() <= 2048 ? 0 : 3;
}
