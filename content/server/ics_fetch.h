#pragma once
// Calendar subscriptions refreshed in the background (every [ics] refresh_minutes,
// 15 by default). A failed refresh keeps the events from the last good one and records
// the reason for the admin page.

#include "repository.h"

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <condition_variable>
#include <functional>
#include <vector>
#include <mutex>
#include <thread>

namespace coi::server {

enum class PrivateAddresses { Refuse, Allow };

// A calendar address taken apart by our own rules, not the HTTP client's: its port parser
// threw on ":99999999999" from the refresher thread, which took the server down.
struct CalendarAddress {
    bool tls = false;
    std::string host; // without IPv6 brackets
    int port = 0;
    std::string path; // "/..." with the query, without the fragment
};
Outcome<CalendarAddress> parse_calendar_url(const std::string& url);

struct FetchLimits {
    std::chrono::milliseconds deadline{30'000}; // the whole fetch: connect, TLS, headers, body
    std::size_t max_body_bytes = 0;              // 0: kMaxIcsBytes
    std::size_t max_wire_bytes = 0;              // 0: max_body_bytes + 256 kB for headers and TLS
};

// Where a calendar host's name leads, and which addresses may be fetched from. Empty, each
// is the server's own: the system's resolver, and "not this server's own network" (unless
// PrivateAddresses::Allow). Tests put theirs in, e.g. a name that answers differently on its
// second lookup (DNS rebinding).
struct FetchNetwork {
    std::function<std::vector<std::string>(const std::string& host)> resolve; // numeric addresses
    std::function<bool(const std::string& numeric_address)> allowed;
};

// Loopback, private, link-local, CGNAT, benchmarking (198.18.0.0/15), reserved (240.0.0.0/4,
// 255.255.255.255), 192.0.0.0/24, multicast, unspecified, IPv6 unique-local, or an IPv4-mapped
// or NAT64 form of those; and anything that is not a numeric address.
bool is_own_network_address(const std::string& numeric_address);

constexpr int kMaxRedirects = 5;

// http(s) GET of one calendar. The host is looked up once, every address it gives is checked
// (is_own_network_address: a calendar address must not become a way to probe the server's own
// network) and the connection goes to exactly the address checked, so a name that answers
// differently the second time (DNS rebinding) gains nothing. A redirect (301, 302, 303, 307,
// 308) is followed only as a new address would be: parsed by our rules, looked up and checked
// again; at most kMaxRedirects of them, never from https to http, all within one deadline.
// A watchdog ends the fetch at its deadline or once the bytes received, headers included,
// pass max_wire_bytes: cpp-httplib's client reads headers without any limit of its own.
Outcome<std::string> fetch_url(const std::string& url, PrivateAddresses private_addresses, FetchLimits limits = {},
                               const FetchNetwork& network = {});

// How long after its last refresh a calendar is fetched again: refresh_minutes, doubled for
// each failure in a row, at most 64 times as long (a calendar that has gone away is still
// looked at a few times a day, and never hammered).
std::int64_t refresh_interval_seconds(int refresh_minutes, int failures_in_a_row);

class IcsRefresher {
public:
    IcsRefresher(Repository& repository, int refresh_minutes, PrivateAddresses private_addresses)
        : m_repository(repository), m_minutes(refresh_minutes), m_private(private_addresses) {}
    ~IcsRefresher() { stop(); }

    void start();
    void stop();
    Outcome<std::size_t> refresh_site(const std::string& site_id);                              // fetch + import now
    Outcome<std::size_t> import_text(const std::string& site_id, const std::string& ics_text); // an uploaded .ics
    // Called after each background refresh (which may have made a new version): no request
    // carries those saves, so the screens' notifier hears of them this way. Before start().
    void on_refreshed(std::function<void()> callback) { m_on_refreshed = std::move(callback); }

private:
    void run();
    bool due(const SiteRow& site);
    Outcome<std::size_t> refresh_site_once(const std::string& site_id);
    Repository& m_repository;
    int m_minutes;
    PrivateAddresses m_private;
    std::function<void()> m_on_refreshed;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    // A calendar that keeps failing is tried less often: refresh_minutes, then twice, four
    // times ... up to 64 times as long; one good fetch resets it. Guarded by m_mutex.
    std::map<std::string, int> m_failures;
    // Fetches at once, the background one included: a coordinator pressing Refresh on slow
    // calendars must not hold the threads that serve screens.
    std::atomic<int> m_fetching{0};
};

} // namespace coi::server
