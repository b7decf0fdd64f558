#pragma once
// The app's side of the sync thread: starts the worker from the config, and hands the
// frame loop what it needs between frames (new content to reload, the pairing code)
// without ever blocking it. The worker's callback only sets a flag and wakes the loop.

#include "kiosk/app/config.h"
#include "kiosk/sync/worker.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace coi::app {

class SyncLink {
public:
    // nullptr when the config names no server and no feed.
    static std::unique_ptr<SyncLink> start(const SyncConfig&, const std::string& data_dir, const std::string& app_version);
    bool take_change() { return m_changed.exchange(false); } // true once after content or the pairing code changed
    std::string pairing_code() const { return m_worker->status().pairing_code; }
    sync::SyncStatus status() const { return m_worker->status(); }
    void poll_now() { m_worker->poll_now(); }
    void offer_screenshot(std::string png) { m_worker->offer_screenshot(std::move(png)); } // sent with the next heartbeat
    // Remote actions for the frame loop, each true (or the name) once after it arrived.
    std::optional<std::string> take_identify();
    bool take_screenshot_request() { return m_screenshot_asked.exchange(false); }
    bool take_restart() { return m_restart_asked.exchange(false); }

private:
    SyncLink() = default;
    std::atomic<bool> m_changed{false};
    std::atomic<bool> m_screenshot_asked{false};
    std::atomic<bool> m_restart_asked{false};
    std::mutex m_identify_mutex;
    std::optional<std::string> m_identify; // the screen's name to show
    std::unique_ptr<sync::SyncWorker> m_worker;
};

// One poll on this thread (for --sync-once): the store is updated before the first frame.
sync::PollReport sync_once(const SyncConfig&, const std::string& data_dir, const std::string& app_version = {});

} // namespace coi::app
