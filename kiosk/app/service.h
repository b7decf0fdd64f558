#pragma once
// Living under systemd: readiness and the watchdog (sd_notify, kiosk.service has
// Type=notify and WatchdogSec), and running the display's on/off commands. Outside systemd
// the notifications do nothing.

#include "kiosk/core/retention.h"

#include <filesystem>
#include <string>
#include <vector>

namespace coi::app {

void notify_ready();          // READY=1, once the first frame is on screen
void notify_stopping();       // STOPPING=1, when the frame loop ends
void notify_watchdog();       // WATCHDOG=1 (at most once a second); call from every frame-loop pass
int watchdog_interval_ms();   // half of WatchdogSec, the longest the frame loop may sleep; 0: no watchdog

// What systemd-timesyncd says about the clock: it keeps `synchronized` in its run
// directory once it has set the clock since boot, and the directory exists while it runs.
// No directory: nobody to ask (core::ClockSync::Unknown).
core::ClockSync system_clock_sync(const std::filesystem::path& timesync_dir = "/run/systemd/timesync");

// Runs argv[0] (an absolute path) with argv, without a shell, waiting at most timeout_seconds
// before killing it. Logs what it ran and how it ended; true if it exited with status 0.
bool run_command(const std::vector<std::string>& argv, int timeout_seconds = 10);

} // namespace coi::app
