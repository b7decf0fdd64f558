#include "update_notifier.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace coi::server {

VersionWaiters::Held VersionWaiters::wait(const std::function<bool()>& news, std::chrono::milliseconds longest)
{
    std::unique_lock lock(m_mutex);
    if (m_stopping || m_held >= m_limit)
        return Held::NotHeld;
    ++m_held;
    auto deadline = std::chrono::steady_clock::now() + longest;
    auto result = Held::TimedOut;
    for (;;) {
        auto seen = m_saves;
        // Asked without the lock: news() reads the repository, which a save holds while it commits.
        lock.unlock();
        bool fresh = news();
        lock.lock();
        if (fresh) {
            result = Held::News;
            break;
        }
        // A save between news() and here changed m_saves: look again rather than sleep through it.
        if (!m_wake.wait_until(lock, deadline, [&] { return m_stopping || m_saves != seen; }))
            break;
        if (m_stopping)
            break;
    }
    --m_held;
    return result;
}

void VersionWaiters::saved()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_saves;
    }
    m_wake.notify_all();
}

void VersionWaiters::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
}

std::size_t VersionWaiters::held() const
{
    std::lock_guard lock(m_mutex);
    return m_held;
}

std::size_t waiter_limit_for(std::size_t screen_requests) { return std::max<std::size_t>(1, screen_requests / 2); }

std::string screen_channel(std::int64_t screen_id) { return "screen/" + std::to_string(screen_id); }

NchanPublisher::NchanPublisher(
    std::string publish_url, std::function<std::vector<SiteVersion>()> versions, std::function<std::vector<ScreenActionWaiting>()> waiting)
    : m_url(std::move(publish_url)), m_versions(std::move(versions)), m_waiting(std::move(waiting))
{
}

NchanPublisher::~NchanPublisher() { stop(); }

void NchanPublisher::start()
{
    if (m_thread.joinable())
        return;
    // What every site has now is what nchan is told first, so a screen subscribing after a
    // restart of either program hears the current version at once.
    m_pending = true;
    m_thread = std::thread([this] { run(); });
}

void NchanPublisher::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void NchanPublisher::saved()
{
    {
        std::lock_guard lock(m_mutex);
        m_pending = true;
    }
    m_wake.notify_all();
}

std::int64_t NchanPublisher::published() const
{
    std::lock_guard lock(m_mutex);
    return m_published;
}

void NchanPublisher::run()
{
    bool retry = false; // nginx refused or was away: try again in a few seconds, not only at the next save
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            auto woken = [this] { return m_stopping || m_pending; };
            if (retry)
                m_wake.wait_for(lock, std::chrono::seconds(5), woken);
            else
                m_wake.wait(lock, woken);
            if (m_stopping)
                return;
            m_pending = false;
        }
        bool versions_told = publish_versions();
        bool actions_told = publish_actions();
        retry = !versions_told || !actions_told;
    }
}

bool NchanPublisher::publish_versions()
{
    bool all = true;
    for (auto& site : m_versions()) {
        auto told = m_told.find(site.site_id);
        if (told != m_told.end() && told->second == site.version)
            continue;
        if (publish(site.site_id, nlohmann::json{{"version", site.version}}.dump(), "version " + std::to_string(site.version) + " of site " + site.site_id))
            m_told[site.site_id] = site.version;
        else
            all = false;
    }
    return all;
}

bool NchanPublisher::publish_actions()
{
    if (!m_waiting)
        return true;
    bool all = true;
    // Only the newest action's id, never what it is: anyone who guesses a screen's number
    // may subscribe to its channel, and learns no more than that something was asked.
    for (auto& screen : m_waiting()) {
        auto told = m_told_actions.find(screen.screen_id);
        if (told != m_told_actions.end() && told->second >= screen.newest_action)
            continue;
        if (publish(screen_channel(screen.screen_id), nlohmann::json{{"action_waiting", screen.newest_action}}.dump(),
                "an action for screen " + std::to_string(screen.screen_id)))
            m_told_actions[screen.screen_id] = screen.newest_action;
        else
            all = false;
    }
    return all;
}

bool NchanPublisher::publish(const std::string& channel, const std::string& body, const std::string& what)
{
    // "http://host:port/path/": cpp-httplib's client takes the scheme, host and port, the request the path.
    auto scheme_end = m_url.find("://");
    auto path_start = m_url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    std::string origin = path_start == std::string::npos ? m_url : m_url.substr(0, path_start);
    std::string path = path_start == std::string::npos ? "/" : m_url.substr(path_start);
    httplib::Client client(origin);
    client.set_connection_timeout(2);
    client.set_read_timeout(5);
    client.set_write_timeout(5);
    auto answer = client.Post(path + channel, body, "application/json");
    if (!answer || answer->status >= 300) {
        std::cerr << "kiosk-content: could not tell nchan at " << m_url << " about " << what << " ("
                  << (answer ? "it answered " + std::to_string(answer->status) : httplib::to_string(answer.error()))
                  << "); screens hear of it at their next poll or heartbeat\n";
        return false;
    }
    std::lock_guard lock(m_mutex);
    ++m_published;
    return true;
}

} // namespace coi::server
