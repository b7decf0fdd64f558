#pragma once
// The soak: the real kiosk (KioskApp::pump with real SDL events, headless) lives through
// simulated days on a fake clock. The clock steps from one moment the frame loop would wake
// by itself to the next (KioskApp::next_change: the minute on the clock, the next page of
// the rotation, a check-in or staff timeout), with a frame at each, as the real loop draws
// only when something changed; visitors, the café and new content come in between. Signage
// rotates, visitors check in and out through the touchscreen path, the café edits specials
// in staff mode, new content versions arrive from a signed file:// feed that the soak
// rewrites every few simulated hours (each with a new image), closing time signs everyone
// out and a short retention makes the daily purge erase names. After each simulated day
// the process's resident memory and heap in use are read, so a leak (caches, logs, outbox,
// ImGui state, textures, media) shows as growth between the end of the warm-up day and the
// end of the run. It draws at 800x480 (the 7-inch touchscreen, a supported size): the same
// pages and code, a fifth of the pixels for SDL's software rasteriser to fill.
// Shared by tests/app/soak_test.cpp (ctest) and tests/bench/soak.cpp (scripts/bench/soak); the
// implementation is soak.cpp.

#include <functional>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace coi::soak {

struct SoakOptions {
    int days = 7;                   // simulated days after the warm-up day
    int width = 800, height = 480;  // a supported size (7-inch touchscreen)
    int sync_every_hours = 3;       // a new content version this often
    int visitor_every_minutes = 20; // while open
};

struct DayReport {
    int day = 0;                  // 0 is the warm-up day
    std::string date;             // local, YYYY-MM-DD
    long rss_kb = 0;              // VmRSS at the end of the day
    long heap_kb = 0;             // malloc's bytes in use (mallinfo2: arenas + mmapped chunks) at the end of the day
    long frames = 0;              // frames drawn this day
    int check_ins = 0, check_outs = 0, head_counts = 0, special_edits = 0, versions = 0; // this day
    long stored_check_ins = 0;    // every check-in in the store
    int inside_at_end = 0;        // after closing: must be 0 (auto sign-out)
    int named_with_names = 0;     // rows still holding a name (retention purges the rest)
    std::set<int> pages_seen;     // which rotation pages were drawn this day
    double seconds = 0;           // wall time the day took
};

struct SoakResult {
    std::vector<DayReport> days;
    std::string error;            // empty when every step did what the screen promised
    long warm_rss_kb() const { return days.empty() ? 0 : days.front().rss_kb; }
    long end_rss_kb() const { return days.empty() ? 0 : days.back().rss_kb; }
    long growth_kb() const { return end_rss_kb() - warm_rss_kb(); }
    long heap_growth_kb() const { return days.empty() ? 0 : days.back().heap_kb - days.front().heap_kb; }
};

// Lives options.days simulated days (after a warm-up day) in `dir`, calling on_day after each.
SoakResult run(const SoakOptions& options, const std::filesystem::path& dir, const std::function<void(const DayReport&)>& on_day = {});

} // namespace coi::soak
