#include "kiosk/app/sync_link.h"

#include "kiosk/app/kiosk_app.h"
#include "kiosk/platform/wake.h"

namespace coi::app {

namespace {

sync::SyncSettings settings_of(const SyncConfig& config, const std::string& app_version)
{
    sync::SyncSettings settings;
    settings.server = config.server;
    settings.feed_url = config.feed;
    settings.feed_key = config.feed_key;
    settings.poll_seconds = config.poll_seconds;
    settings.allow_http = config.allow_http;
    settings.media_cache_bytes = static_cast<std::int64_t>(config.media_cache_mb) * 1024 * 1024;
    settings.app_version = app_version;
    return settings;
}

} // namespace

std::unique_ptr<SyncLink> SyncLink::start(const SyncConfig& config, const std::string& data_dir, const std::string& app_version)
{
    if (!config.enabled())
        return nullptr;
    std::unique_ptr<SyncLink> link(new SyncLink());
    auto* raw = link.get();
    link->m_worker = std::make_unique<sync::SyncWorker>(std::filesystem::path(data_dir) / "kiosk.db", settings_of(config, app_version),
        [](std::string_view level, std::string_view message) { log_line(level, message); },
        [raw] {
            raw->m_changed = true;
            platform::wake_main_loop();
        });
    link->m_worker->on_action([raw](const sync::RemoteAction& action) {
        if (action.action == "identify") {
            std::lock_guard lock(raw->m_identify_mutex);
            raw->m_identify = action.screen_name;
        } else if (action.action == "screenshot")
            raw->m_screenshot_asked = true;
        else if (action.action == "restart")
            raw->m_restart_asked = true;
        platform::wake_for_action();
    });
    link->m_worker->start();
    log_line("info", "sync: following " + (config.server.empty() ? config.feed : config.server) + " every "
                         + std::to_string(config.poll_seconds) + " s");
    return link;
}

sync::PollReport sync_once(const SyncConfig& config, const std::string& data_dir, const std::string& app_version)
{
    auto db = store::Database::open(std::filesystem::path(data_dir) / "kiosk.db");
    if (!db) {
        sync::PollReport report;
        report.error = db.error().message;
        return report;
    }
    sync::FeedClient client(*db, settings_of(config, app_version));
    return client.poll(wall_clock_now());
}

std::optional<std::string> SyncLink::take_identify()
{
    std::lock_guard lock(m_identify_mutex);
    return std::exchange(m_identify, std::nullopt);
}

} // namespace coi::app
