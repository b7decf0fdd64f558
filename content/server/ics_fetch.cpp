#include "ics_fetch.h"

#include "ics_import.h"

#include <httplib.h>

namespace coi::server {

Outcome<std::string> fetch_url(const std::string& url)
{
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos)
        return bad_input("the calendar address must start with https:// or http://");
    auto path_start = url.find('/', scheme_end + 3);
    auto origin = url.substr(0, path_start);
    auto path = path_start == std::string::npos ? std::string("/") : url.substr(path_start);
    httplib::Client client(origin);
    client.set_connection_timeout(10);
    client.set_read_timeout(20);
    client.set_follow_location(true);
    std::string body;
    bool too_big = false;
    auto result = client.Get(path.c_str(), [&](const char* data, std::size_t size) {
        body.append(data, size);
        too_big = body.size() > kMaxIcsBytes;
        return !too_big;
    });
    if (too_big)
        return Failure{FailureKind::TooLarge, "the calendar is over 4 MB"};
    if (!result)
        return bad_input("could not fetch the calendar: " + httplib::to_string(result.error()));
    if (result->status != 200)
        return bad_input("the calendar address answered " + std::to_string(result->status));
    return body;
}

Outcome<std::size_t> IcsRefresher::import_text(const std::string& site_id, const std::string& ics_text)
{
    auto feed = m_repository.assemble_feed(site_id, std::nullopt);
    if (!feed)
        return feed.failure();
    auto imported = import_ics(ics_text, feed->site);
    if (!imported)
        return imported.failure();
    if (auto replaced = m_repository.replace_ics_events(site_id, imported->events); !replaced)
        return replaced.failure();
    return imported->events.size();
}

Outcome<std::size_t> IcsRefresher::refresh_site(const std::string& site_id)
{
    auto site = m_repository.site(site_id);
    if (!site)
        return site.failure();
    if (site->ics_url.empty())
        return bad_input("site \"" + site_id + "\" has no calendar subscription");
    auto text = fetch_url(site->ics_url);
    Outcome<std::size_t> result = text ? import_text(site_id, *text) : Outcome<std::size_t>(text.failure());
    m_repository.record_ics_refresh(site_id, result ? std::string{} : result.failure().message);
    return result;
}

void IcsRefresher::start()
{
    m_thread = std::thread([this] { run(); });
}

void IcsRefresher::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void IcsRefresher::run()
{
    for (;;) {
        for (auto& site : m_repository.sites()) {
            {
                std::lock_guard lock(m_mutex);
                if (m_stopping)
                    return;
            }
            if (!site.ics_url.empty() && m_repository.now() - site.ics_refreshed_at >= std::int64_t{m_minutes} * 60)
                (void)refresh_site(site.id);
        }
        std::unique_lock lock(m_mutex);
        // Wake each minute to pick up new subscriptions; each site refreshes on its own schedule.
        if (m_wake.wait_for(lock, std::chrono::minutes(1), [this] { return m_stopping; }))
            return;
    }
}

} // namespace coi::server
