// scripts/bench/soak: the kiosk through simulated days (tests/support/soak.h), printing resident
// memory and heap in use at the end of each day and their growth after the warm-up day.
// Usage: soak_bench [DAYS] (simulated days after the warm-up day, default 7)
// Exit status: 0, 1 when a step failed, 3 when resident memory grew more than 2 MB.
#include "tests/support/soak.h"
#include "tests/support/temp_dir.h"

#include <chrono>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    coi::soak::SoakOptions options;
    if (argc > 1)
        options.days = std::atoi(argv[1]);
    coi::test::TempDir dir("soak-bench");
    std::printf("soak at %dx%d: a day is every frame the loop would draw, a visitor every %d minutes while open, a content version every %d hours, the café's edits at 12:30\n",
        options.width, options.height, options.visitor_every_minutes, options.sync_every_hours);
    std::printf("day  date        VmRSS kB  heap kB  frames  check-ins  check-outs  head counts  versions  seconds\n");
    auto started = std::chrono::steady_clock::now();
    auto result = coi::soak::run(options, dir, [](const coi::soak::DayReport& d) {
        std::printf("%-4s %s  %8ld  %7ld  %6ld  %9d  %10d  %11d  %8d  %7.1f\n", d.day == 0 ? "warm" : std::to_string(d.day).c_str(),
            d.date.c_str(), d.rss_kb, d.heap_kb, d.frames, d.check_ins, d.check_outs, d.head_counts, d.versions, d.seconds);
        std::fflush(stdout);
    });
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!result.error.empty()) {
        std::fprintf(stderr, "soak failed: %s\n", result.error.c_str());
        return 1;
    }
    std::printf("rss_growth_kb=%ld heap_growth_kb=%+ld days=%d warm_rss_kb=%ld end_rss_kb=%ld seconds=%.0f\n", result.growth_kb(),
        result.heap_growth_kb(), options.days, result.warm_rss_kb(), result.end_rss_kb(), seconds);
    return result.growth_kb() <= 2048 ? 0 : 3;
}
