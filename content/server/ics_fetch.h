#pragma once
// Calendar subscriptions refreshed in the background (every [ics] refresh_minutes,
// 15 by default). A failed refresh keeps the events from the last good one and records
// the reason for the admin page.

#include "repository.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace coi::server {

enum class PrivateAddresses { Refuse, Allow };

// http(s) GET, 4 MB limit, 20 s timeout. Refuses hosts that resolve to loopback, private,
// link-local or unspecified addresses unless allowed: a coordinator's calendar address
// must not become a way to probe the server's own network.
Outcome<std::string> fetch_url(const std::string& url, PrivateAddresses private_addresses);

class IcsRefresher {
public:
    IcsRefresher(Repository& repository, int refresh_minutes, PrivateAddresses private_addresses)
        : m_repository(repository), m_minutes(refresh_minutes), m_private(private_addresses) {}
    ~IcsRefresher() { stop(); }

    void start();
    void stop();
    Outcome<std::size_t> refresh_site(const std::string& site_id);                              // fetch + import now
    Outcome<std::size_t> import_text(const std::string& site_id, const std::string& ics_text); // an uploaded .ics

private:
    void run();
    Repository& m_repository;
    int m_minutes;
    PrivateAddresses m_private;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

} // namespace coi::server
