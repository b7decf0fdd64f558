// scripts/bench/power-cut: the power-cut campaign (tests/support/power_cut.h), printing what was
// confirmed, what was lost and what the integrity checks said. Usage: power_cut [KILLS] [SEED]
#include "tests/support/power_cut.h"
#include "tests/support/temp_dir.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
    coi::power_cut::Options options;
    options.kills = argc > 1 ? std::atoi(argv[1]) : 200;
    options.seed = argc > 2 ? static_cast<unsigned>(std::atol(argv[2])) : 20261125u;
    coi::test::TempDir dir("power-cut-bench");
    auto started = std::chrono::steady_clock::now();
    auto r = coi::power_cut::run(dir, options);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("kill -9                  %d (seed %u, %.0f s)\n", r.kills, options.seed, seconds);
    std::printf("confirmed check-ins      %ld\n", r.check_ins);
    std::printf("confirmed check-outs     %ld\n", r.check_outs);
    std::printf("confirmed specials       %ld (new and edited)\n", r.specials);
    std::printf("confirmed sold-out       %ld\n", r.sold_out);
    std::printf("content versions applied %ld (distinct versions found after cuts: %zu)\n", r.versions_applied, r.versions_seen_after_cuts.size());
    std::printf("lost                     %ld\n", r.lost);
    std::printf("integrity_check ok       %d of %d\n", r.rounds_checked - r.integrity_failures, r.rounds_checked);
    std::printf("torn or rolled back      %d\n", r.torn_content + r.rolled_back);
    for (auto& p : r.problems)
        std::printf("problem: %s\n", p.c_str());
    return r.ok() && r.kills == options.kills ? 0 : 1;
}
