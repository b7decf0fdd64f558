#pragma once
// The power-cut campaign: a child process runs the kiosk's real store and sync code doing
// three things at once, as a kiosk does -- the sync code applying new content versions
// (large ones: hundreds of events and a half-megabyte image each) on its own connection,
// visitors checking in and out on another, and the café saving and editing specials
// through staff mode (app::StaffMode, wired to the outbox by KioskApp) on the app's own.
// Each operation is reported to the parent only once it returned, i.e. once the screen
// would have said so. The parent pulls the plug (SIGKILL) at a random moment, again and
// again, and after every cut checks the database file:
//   - PRAGMA integrity_check is "ok" and no foreign key dangles;
//   - every confirmed check-in and check-out is there;
//   - every confirmed special is there, shown, and queued for the server; a content
//     special edited at the screen is never hidden without its replacement;
//   - the content is exactly one whole version the parent produced in full (the bytes'
//     sha256 matches, every event belongs to that version, every image it names is
//     stored and intact), and never older than a version the sync code reported applied.
// Shared by tests/app/power_cut_test.cpp (ctest) and tests/bench/power_cut.cpp; the
// implementation is power_cut.cpp.

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace coi::power_cut {

struct Options {
    int kills = 25;
    unsigned seed = 20261125;
    int min_delay_ms = 20, max_delay_ms = 600; // how long the child runs before the cut
    int events_per_version = 600;              // makes a version take a while to parse, verify and apply
    int image_bytes = 512 * 1024;              // one new image per version
};

struct Report {
    int kills = 0;
    int rounds_checked = 0;
    long check_ins = 0, check_outs = 0, specials = 0, sold_out = 0, versions_applied = 0; // confirmed
    long lost = 0;                   // confirmed operations missing after a cut: must be 0
    int integrity_failures = 0;      // PRAGMA integrity_check not "ok" (or a dangling key)
    int torn_content = 0;            // current content not exactly one whole produced version
    int rolled_back = 0;             // content older than a version reported applied
    std::set<std::int64_t> versions_seen_after_cuts;
    std::vector<std::string> problems; // the first few, for the failure message
    bool ok() const { return lost == 0 && integrity_failures == 0 && torn_content == 0 && rolled_back == 0 && problems.empty(); }
};

// Runs the campaign in `dir` (removed and made again first) and says what it found.
Report run(const std::filesystem::path& dir, const Options& options);

} // namespace coi::power_cut
