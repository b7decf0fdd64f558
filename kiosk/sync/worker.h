#pragma once
// The sync thread: polls the feed every poll_seconds on its own SQLite connection, backs
// off exponentially with jitter on failure (up to 15 minutes), logs one line per distinct
// failure (not one per retry) and one when it recovers. It never touches the screen: when
// the content or the pairing code changes it calls on_change (from its own thread), and
// the app reloads between frames. Between polls its UpdateListener waits at the server for
// "version N is out" and, when it comes, ends the wait at once (update_listener.h).

#include "kiosk/sync/feed_client.h"
#include "kiosk/sync/outbox.h"
#include "kiosk/sync/update_listener.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace coi::sync {

struct SyncStatus {
    std::string pairing_code;          // "483 920 117" while waiting to be adopted, else ""
    std::int64_t version = 0;          // current content version in the store
    std::string last_error;            // "" after a good poll
    feed::Instant last_success = 0;    // unix seconds of the last good poll, 0 for never
    int failures = 0;                  // polls failed in a row
    long polls = 0;
    long news = 0;                     // polls brought forward by "version N is out"
};

using LogFunction = std::function<void(std::string_view level, std::string_view message)>;

class SyncWorker {
public:
    SyncWorker(std::filesystem::path database_file, SyncSettings, LogFunction log, std::function<void()> on_change);
    ~SyncWorker();                      // stops and joins
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void start();
    void stop();                        // wakes the thread and joins it; a transfer in flight ends at its time-out
    void poll_now();                    // skip the wait (tests, "check for updates" in staff mode)
    void offer_screenshot(std::string png); // from the frame loop: goes with the next heartbeat (the newest one wins)
    // Remote actions the app carries out itself ("identify", "restart", "screenshot": the
    // frame loop offers one at once), from the sync or listener thread. Set before start().
    // "refresh" the worker does itself. "restart" is handed on only once the heartbeat that
    // confirms it is sent, so the restarted kiosk is not asked again.
    void on_action(std::function<void(const RemoteAction&)> on_action) { m_on_action = std::move(on_action); }
    SyncStatus status() const;          // a copy, safe from any thread

private:
    void run();
    void wait_for(int seconds);
    HeartbeatInfo heartbeat(const PollReport&, bool failed) const; // what POST /api/v1/status gets now
    void take_actions(std::vector<RemoteAction> actions);

    std::filesystem::path m_file;
    SyncSettings m_settings;
    LogFunction m_log;
    std::function<void()> m_on_change;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_poll_now = false;
    std::string m_screenshot;           // a PNG waiting for the next heartbeat, or empty
    std::function<void(const RemoteAction&)> m_on_action;
    std::vector<std::int64_t> m_actions_done;     // confirmed with the next heartbeat
    std::vector<std::int64_t> m_screenshot_asked; // done once the frame loop offers a screenshot
    std::vector<std::int64_t> m_restart_asked;    // handed on once its confirmation is sent
    SyncStatus m_status;
    std::chrono::steady_clock::time_point m_started; // for the heartbeat's uptime
    UpdateListener m_listener;
    std::thread m_thread;
};

} // namespace coi::sync
