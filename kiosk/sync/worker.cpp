#include "kiosk/sync/worker.h"

#include "content/feed/parse.h"
#include "kiosk/sync/backoff.h"
#include "kiosk/sync/footfall.h"
#include "kiosk/sync/outbox.h"

#include <chrono>
#include <optional>
#include <random>

namespace coi::sync {

namespace {

feed::Instant unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

constexpr auto kHeartbeatEvery = std::chrono::minutes(5);

} // namespace

SyncWorker::SyncWorker(std::filesystem::path database_file, SyncSettings settings, LogFunction log, std::function<void()> on_change)
    : m_file(std::move(database_file)), m_settings(std::move(settings)), m_log(std::move(log)), m_on_change(std::move(on_change)),
      m_started(std::chrono::steady_clock::now()),
      m_listener(
          [this](std::int64_t) {
              {
                  std::lock_guard lock(m_mutex);
                  ++m_status.news;
              }
              poll_now();
          },
          [this](std::string_view message) { m_log("warning", "sync: " + std::string(message)); })
{
    m_listener.on_actions([this](std::vector<RemoteAction> actions) { take_actions(std::move(actions)); });
    if (!m_log)
        m_log = [](std::string_view, std::string_view) {};
    if (!m_on_change)
        m_on_change = [] {};
}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start()
{
    if (m_thread.joinable())
        return;
    global_init(); // before the thread: curl_global_init is not thread-safe
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
    if (!m_settings.server.empty()) // a static feed or a file has nowhere to wait
        m_listener.start();
}

void SyncWorker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_listener.stop();
    if (m_thread.joinable())
        m_thread.join();
}

void SyncWorker::poll_now()
{
    {
        std::lock_guard lock(m_mutex);
        m_poll_now = true;
    }
    m_wake.notify_all();
}

void SyncWorker::offer_screenshot(std::string png)
{
    {
        std::lock_guard lock(m_mutex);
        m_screenshot = std::move(png);
        if (m_screenshot_asked.empty())
            return;
        // Asked for from the Screens page: sent now, and confirmed with it.
        m_actions_done.insert(m_actions_done.end(), m_screenshot_asked.begin(), m_screenshot_asked.end());
        m_screenshot_asked.clear();
        m_poll_now = true;
    }
    m_wake.notify_all();
}

void SyncWorker::take_actions(std::vector<RemoteAction> actions)
{
    std::vector<RemoteAction> for_the_app;
    {
        std::lock_guard lock(m_mutex);
        for (auto& action : actions) {
            m_log("info", "sync: asked from the Screens page: " + action.action + " (action " + std::to_string(action.id) + ")");
            if (action.action == "screenshot" && m_on_action)
                m_screenshot_asked.push_back(action.id);
            else if (action.action == "restart" && m_on_action)
                m_restart_asked.push_back(action.id);
            else {
                // refresh: the poll below; identify: shown at once; one this kiosk does not
                // know is confirmed too, so it is not asked again and again.
                m_actions_done.push_back(action.id);
                if (action.action == "identify")
                    for_the_app.push_back(action);
            }
            if (action.action == "screenshot")
                for_the_app.push_back(action);
        }
        m_poll_now = true; // a refresh, and the heartbeat that confirms
    }
    m_wake.notify_all();
    if (m_on_action)
        for (auto& action : for_the_app)
            m_on_action(action);
}

SyncStatus SyncWorker::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

HeartbeatInfo SyncWorker::heartbeat(const PollReport& report, bool failed) const
{
    HeartbeatInfo beat;
    beat.content_version = report.version;
    beat.uptime_seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - m_started).count();
    {
        std::lock_guard lock(m_mutex);
        beat.last_sync_at = m_status.last_success;
    }
    beat.last_error = failed ? report.error : std::string();
    beat.app_version = m_settings.app_version;
    beat.poll_seconds = m_settings.poll_seconds;
    std::error_code ec;
    auto space = std::filesystem::space(m_file.parent_path().empty() ? std::filesystem::path(".") : m_file.parent_path(), ec);
    if (!ec)
        beat.free_disk_bytes = static_cast<std::int64_t>(space.available);
    return beat;
}

void SyncWorker::wait_for(int seconds)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::seconds(seconds), [this] { return m_stopping || m_poll_now; });
    m_poll_now = false;
}

void SyncWorker::run()
{
    // Its own connection: SQLite in WAL mode lets the frame loop read while we write.
    auto db = store::Database::open(m_file);
    if (!db) {
        m_log("error", "sync stopped: " + db.error().message);
        return;
    }
    FeedClient client(*db, m_settings);
    std::mt19937 random(std::random_device{}());
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    std::string logged_error;      // the failure last logged: the same one again is not logged
    std::string shown_code = client.pairing_code();
    int failures = 0;
    Outbox outbox(*db);
    std::string logged_outbox_error;
    std::optional<std::chrono::steady_clock::time_point> last_heartbeat; // none sent yet
    // The current content, parsed once per version: footfall needs its purposes and zone.
    std::int64_t parsed_version = -1;
    std::optional<feed::Feed> current_feed;
    core::TimeZone zone = core::TimeZone::utc();
    std::string logged_footfall_error;
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
        }
        PollReport report = client.poll(unix_now());
        bool changed = false;
        bool failed = report.outcome == PollOutcome::Failed || !report.error.empty();
        if (report.outcome == PollOutcome::Applied) {
            m_log("info", "sync: now showing content version " + std::to_string(report.version) + " (" + std::to_string(report.media_fetched)
                              + " new images, applied in " + std::to_string(static_cast<long>(report.apply_ms)) + " ms)");
            changed = true;
        }
        if (report.outcome == PollOutcome::Unchanged && report.media_fetched > 0) {
            // Images that were damaged in storage were fetched again: the screen draws them anew.
            m_log("info", "sync: fetched " + std::to_string(report.media_fetched) + " damaged image(s) again");
            changed = true;
        }
        if (report.outcome == PollOutcome::Revoked) {
            m_log("warning", "sync: " + report.error + "; wiped downloaded content and showing the pairing code");
            changed = true;
            failed = false;
        }
        std::string code = client.pairing_code();
        if (code != shown_code) {
            if (!code.empty())
                m_log("info", "sync: pair this screen with code " + code + " at " + m_settings.server);
            else if (report.outcome != PollOutcome::Revoked)
                m_log("info", "sync: paired with " + m_settings.server);
            shown_code = code;
            changed = true;
        }
        if (failed) {
            ++failures;
            if (report.error != logged_error) {
                m_log("warning", "sync: " + report.error + " (keeping content version " + std::to_string(report.version) + ")");
                logged_error = report.error;
            }
        } else {
            if (!logged_error.empty())
                m_log("info", "sync: working again after " + std::to_string(failures) + " failed poll" + (failures == 1 ? "" : "s"));
            logged_error.clear();
            failures = 0;
        }
        {
            std::lock_guard lock(m_mutex);
            m_status.pairing_code = code;
            m_status.version = report.version;
            m_status.last_error = failed ? report.error : std::string();
            if (!failed && report.outcome != PollOutcome::Pairing)
                m_status.last_success = unix_now();
            m_status.failures = failures;
            ++m_status.polls;
        }
        // Reporting back: a heartbeat every 5 minutes (or with a screenshot when the frame
        // loop offered one), the anonymous counts with it, then whatever waits, in order.
        auto token = client.token();
        if (!client.settings().server.empty() && token && report.outcome != PollOutcome::Pairing) {
            auto steady = std::chrono::steady_clock::now();
            std::string screenshot;
            std::vector<std::int64_t> actions_done;
            std::vector<std::int64_t> restarts;
            {
                std::lock_guard lock(m_mutex);
                screenshot.swap(m_screenshot);
                actions_done.swap(m_actions_done);
                restarts.swap(m_restart_asked);
            }
            actions_done.insert(actions_done.end(), restarts.begin(), restarts.end());
            // No heartbeat yet is "due now": an empty optional, not time_point::min(), whose
            // distance from now overflows and was never "5 minutes ago".
            bool due = !last_heartbeat || steady - *last_heartbeat >= kHeartbeatEvery;
            if (due || !screenshot.empty() || !actions_done.empty()) {
                HeartbeatInfo beat = heartbeat(report, failed);
                beat.actions_done = actions_done;
                bool queued = false;
                if (!screenshot.empty()) {
                    if (auto r = outbox.enqueue_heartbeat(beat, screenshot, unix_now()); !r)
                        m_log("warning", "sync: screenshot not sent: " + r.error().message);
                    else
                        queued = true;
                }
                if (!queued)
                    if (auto r = outbox.enqueue_heartbeat(beat, unix_now()); !r)
                        m_log("warning", "sync: heartbeat not queued: " + r.error().message);
                last_heartbeat = steady;
                // Anonymous counts ride with every heartbeat, with or without a picture, if
                // the site shares them: a screenshot must not hold them back.
                store::ContentStore content(*db);
                auto current = content.current();
                if (current && current->version != parsed_version && current->source != "embedded") {
                    parsed_version = current->version;
                    current_feed.reset();
                    if (auto parsed = feed::parse_feed(current->feed_bytes)) {
                        current_feed = parsed.release();
                        auto loaded = core::TimeZone::load(current_feed->site.timezone);
                        zone = loaded ? *loaded : core::TimeZone::utc();
                    }
                }
                if (current_feed) {
                    auto queued_counts = enqueue_footfall(*db, *current_feed, zone, unix_now());
                    std::string problem = queued_counts ? std::string() : queued_counts.error().message;
                    if (!problem.empty() && problem != logged_footfall_error)
                        m_log("warning", "sync: " + problem);
                    logged_footfall_error = problem;
                }
            }
            auto sent = outbox.send(client.http(), client.settings().server, *token, m_settings.limits,
                m_settings.allow_http ? HttpPolicy::Allowed : HttpPolicy::LoopbackOnly);
            if (!sent.error.empty() && sent.error != logged_outbox_error)
                m_log("warning", "sync: " + sent.error + " (" + std::to_string(outbox.pending()) + " waiting)");
            if (sent.dropped > 0)
                m_log("warning", "sync: the server refused " + std::to_string(sent.dropped) + " report(s) as bad input; dropped them");
            logged_outbox_error = sent.error;
            // Restarting before the server has the confirmation would restart again and again.
            if (!restarts.empty()) {
                if (sent.error.empty() && outbox.pending() == 0)
                    m_on_action(RemoteAction{restarts.back(), "restart", {}});
                else {
                    std::lock_guard lock(m_mutex);
                    m_restart_asked.insert(m_restart_asked.begin(), restarts.begin(), restarts.end());
                }
            }
        }
        // Where to wait for news until the next poll: only while paired with a server that
        // said where (a static feed, a file, a pairing code have nowhere to wait).
        ListenTarget listen;
        if (token && report.outcome != PollOutcome::Pairing && !report.notify_path.empty())
            listen = ListenTarget{client.settings().server + report.notify_path, *token, report.version, m_settings.poll_seconds,
                m_settings.allow_http ? HttpPolicy::Allowed : HttpPolicy::LoopbackOnly, m_settings.ca_file, client.settings().server + "/api/v1/actions"};
        if (!report.notify_path.empty() || report.outcome == PollOutcome::Pairing || report.outcome == PollOutcome::Revoked)
            m_listener.listen(listen);
        if (changed)
            m_on_change();
        int poll = report.outcome == PollOutcome::Pairing ? std::min(5, m_settings.poll_seconds) : m_settings.poll_seconds;
        wait_for(next_poll_delay(failures, poll, report.retry_after_seconds, jitter(random)));
    }
}

} // namespace coi::sync
