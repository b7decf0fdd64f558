#include "ics_fetch.h"

#include "ics_import.h"
#include "socket_info.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>

namespace coi::server {

namespace {

constexpr int kMaxBackoffDoublings = 6;

bool is_private(const sockaddr* address)
{
    if (address->sa_family == AF_INET) {
        auto ip = ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr);
        auto in = [ip](std::uint32_t net, int bits) { return (ip >> (32 - bits)) == (net >> (32 - bits)); };
        return in(0x00000000, 8) || in(0x7f000000, 8) || in(0x0a000000, 8) || in(0xac100000, 12) ||
               in(0xc0a80000, 16) || in(0xa9fe0000, 16) || in(0x64400000, 10) || in(0xe0000000, 4) ||
               in(0xc6120000, 15) /* 198.18/15 benchmarking */ || in(0xf0000000, 4) /* 240/4 reserved, and broadcast */ ||
               in(0xc0000000, 24) /* 192.0.0/24 protocol assignments */;
    }
    if (address->sa_family == AF_INET6) {
        auto& ip = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
        // ::ffff:a.b.c.d and 64:ff9b::a.b.c.d (NAT64) reach an IPv4 address: judge that one.
        static constexpr unsigned char kNat64[12] = {0x00, 0x64, 0xff, 0x9b};
        if (IN6_IS_ADDR_V4MAPPED(&ip) || std::memcmp(ip.s6_addr, kNat64, sizeof kNat64) == 0) {
            sockaddr_in v4{};
            v4.sin_family = AF_INET;
            std::memcpy(&v4.sin_addr, ip.s6_addr + 12, 4);
            return is_private(reinterpret_cast<const sockaddr*>(&v4));
        }
        return IN6_IS_ADDR_LOOPBACK(&ip) || IN6_IS_ADDR_UNSPECIFIED(&ip) || IN6_IS_ADDR_LINKLOCAL(&ip) ||
               IN6_IS_ADDR_MULTICAST(&ip) || (ip.s6_addr[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    return true;
}

bool is_host_character(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

std::vector<std::string> system_resolve(const std::string& host)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::vector<std::string> addresses;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found)
        return addresses;
    for (auto* entry = found; entry; entry = entry->ai_next) {
        char text[NI_MAXHOST] = {};
        if (getnameinfo(entry->ai_addr, entry->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
            addresses.emplace_back(text);
        else
            addresses.emplace_back(); // not an address we can judge: refused below
    }
    freeaddrinfo(found);
    return addresses;
}

// The one address the fetch will connect to, as text: the first the name resolves to, after
// every address it resolves to has been checked. One lookup per hop, never a second.
Outcome<std::string> checked_address(const std::string& host, PrivateAddresses private_addresses,
                                     const FetchNetwork& network)
{
    auto addresses = network.resolve ? network.resolve(host) : system_resolve(host);
    if (addresses.empty())
        return bad_input("cannot find the calendar's host \"" + host + "\"");
    auto allowed = [&](const std::string& address) {
        if (network.allowed)
            return network.allowed(address);
        return private_addresses == PrivateAddresses::Allow || !is_own_network_address(address);
    };
    if (!std::all_of(addresses.begin(), addresses.end(), allowed))
        return forbidden("calendar addresses on this server's own network are not allowed ([ics] allow_private_addresses)");
    if (addresses.front().empty())
        return bad_input("cannot find the calendar's host \"" + host + "\"");
    return addresses.front();
}

// Ends a fetch from outside: at its deadline, or once the socket has received more than
// `max_bytes` (the kernel's count, TLS and headers included), checked every 20 ms.
class Watchdog {
public:
    Watchdog(httplib::ClientImpl& client, std::chrono::milliseconds deadline, std::size_t max_bytes)
        : m_client(client), m_deadline(std::chrono::steady_clock::now() + deadline), m_max_bytes(max_bytes),
          m_thread([this] { watch(); })
    {
    }
    ~Watchdog()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    void set_socket(int fd) { m_socket = fd; }
    const char* reason() const { return m_reason.load(); }

private:
    void watch()
    {
        std::unique_lock lock(m_mutex);
        while (!m_done) {
            if (std::chrono::steady_clock::now() >= m_deadline)
                return stop("the calendar took too long to arrive");
            if (int fd = m_socket.load(); fd >= 0) {
                if (auto received = tcp_bytes_received(fd); received && *received > m_max_bytes)
                    return stop("the calendar's answer is too large");
            }
            m_wake.wait_for(lock, std::chrono::milliseconds(20));
        }
    }
    void stop(const char* reason)
    {
        m_reason = reason;
        m_client.stop(); // shuts the socket down; the blocked read returns and the fetch fails
    }

    httplib::ClientImpl& m_client;
    std::chrono::steady_clock::time_point m_deadline;
    std::size_t m_max_bytes;
    std::atomic<int> m_socket{-1};
    std::atomic<const char*> m_reason{nullptr};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_done = false;
    std::thread m_thread; // last: started once the rest is ready
};

// Where a redirect's Location leads from `from`: an absolute http(s) address, or a path on
// the same host. nullopt for anything else (a relative path, "//host", another scheme).
std::optional<std::string> redirect_target(const CalendarAddress& from, const std::string& location)
{
    if (location.rfind("https://", 0) == 0 || location.rfind("http://", 0) == 0)
        return location;
    if (location.empty() || location.front() != '/' || location.rfind("//", 0) == 0)
        return std::nullopt;
    bool v6 = from.host.find(':') != std::string::npos;
    return std::string(from.tls ? "https://" : "http://") + (v6 ? "[" + from.host + "]" : from.host) + ":" +
           std::to_string(from.port) + location;
}

bool is_redirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

struct Hop {
    std::string body;                       // a 200's
    int status = 0;
    std::string location;                   // a redirect's
};

} // namespace

bool is_own_network_address(const std::string& numeric_address)
{
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    if (inet_pton(AF_INET, numeric_address.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        return is_private(reinterpret_cast<const sockaddr*>(&v4));
    }
    auto unscoped = numeric_address.substr(0, numeric_address.find('%')); // fe80::1%eth0
    if (inet_pton(AF_INET6, unscoped.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        return is_private(reinterpret_cast<const sockaddr*>(&v6));
    }
    return true;
}

Outcome<CalendarAddress> parse_calendar_url(const std::string& url)
{
    CalendarAddress address;
    std::size_t rest = 0;
    if (url.rfind("https://", 0) == 0) {
        address.tls = true;
        rest = 8;
    } else if (url.rfind("http://", 0) == 0) {
        rest = 7;
    } else {
        return bad_input("the calendar address must start with https:// or http://");
    }
    auto end = url.find_first_of("/?#", rest);
    auto authority = url.substr(rest, end == std::string::npos ? std::string::npos : end - rest);
    if (auto at = authority.rfind('@'); at != std::string::npos)
        authority = authority.substr(at + 1); // never sent: the client has no way to send it
    std::string port;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string::npos)
            return bad_input("the calendar address has an unclosed [ in its host");
        address.host = authority.substr(1, close - 1);
        if (address.host.empty() || address.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos)
            return bad_input("the calendar address's host is not an IPv6 address");
        auto after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':')
            return bad_input("the calendar address has something after its host");
        port = after.empty() ? "" : after.substr(1);
    } else {
        auto colon = authority.find(':');
        address.host = authority.substr(0, colon);
        port = colon == std::string::npos ? "" : authority.substr(colon + 1);
        if (address.host.empty() || !std::all_of(address.host.begin(), address.host.end(), is_host_character))
            return bad_input("the calendar address's host may only have letters, digits, dots and dashes");
    }
    if (port.empty()) {
        address.port = address.tls ? 443 : 80;
    } else {
        if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
            std::stoi(port) > 65535)
            return bad_input("the calendar address's port must be a number from 1 to 65535");
        address.port = std::stoi(port);
    }
    address.path = end == std::string::npos ? "/" : url.substr(end);
    if (auto hash = address.path.find('#'); hash != std::string::npos)
        address.path.erase(hash);
    if (address.path.empty() || address.path.front() != '/')
        address.path.insert(0, "/");
    return address;
}

namespace {

// One GET, to the address that was checked, within what is left of the fetch's deadline.
Outcome<Hop> fetch_one(const CalendarAddress& address, const std::string& ip, std::chrono::milliseconds time_left,
                       std::size_t max_body, std::size_t max_wire)
{
    std::unique_ptr<httplib::ClientImpl> client;
    if (address.tls)
        client = std::make_unique<httplib::SSLClient>(address.host, address.port);
    else
        client = std::make_unique<httplib::ClientImpl>(address.host, address.port);
    // The name keeps going out as Host and in TLS (SNI, the certificate's name); the
    // connection goes to the address that was checked, not to a second lookup's answer.
    client->set_hostname_addr_map({{address.host, ip}});
    client->set_connection_timeout(10);
    client->set_read_timeout(20);
    client->set_follow_location(false); // followed by fetch_url, each hop checked again
    Watchdog watchdog(*client, time_left, max_wire);
    client->set_socket_options([&watchdog](socket_t fd) { watchdog.set_socket(fd); });
    Hop hop;
    bool too_big = false;
    auto result = client->Get(address.path.c_str(), [&](const char* data, std::size_t size) {
        too_big = hop.body.size() + size > max_body;
        if (!too_big)
            hop.body.append(data, size);
        return !too_big;
    });
    if (too_big)
        return Failure{FailureKind::TooLarge, "the calendar is over " + std::to_string(max_body / (1024 * 1024)) + " MB"};
    if (auto* reason = watchdog.reason())
        return bad_input(std::string("could not fetch the calendar: ") + reason);
    if (!result)
        return bad_input("could not fetch the calendar: " + httplib::to_string(result.error()));
    hop.status = result->status;
    hop.location = result->get_header_value("Location");
    return hop;
}

} // namespace

Outcome<std::string> fetch_url(const std::string& url, PrivateAddresses private_addresses, FetchLimits limits,
                               const FetchNetwork& network)
{
    auto max_body = limits.max_body_bytes ? limits.max_body_bytes : kMaxIcsBytes;
    auto max_wire = limits.max_wire_bytes ? limits.max_wire_bytes : max_body + 256 * 1024;
    auto deadline = std::chrono::steady_clock::now() + limits.deadline;
    std::string current = url;
    for (int redirects = 0;; ++redirects) {
        auto address = parse_calendar_url(current);
        if (!address)
            return address.failure();
        auto ip = checked_address(address->host, private_addresses, network);
        if (!ip)
            return ip.failure();
        auto time_left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (time_left <= std::chrono::milliseconds::zero())
            return bad_input("could not fetch the calendar: the calendar took too long to arrive");
        auto hop = fetch_one(*address, *ip, time_left, max_body, max_wire);
        if (!hop)
            return hop.failure();
        if (hop->status == 200)
            return std::move(hop->body);
        if (!is_redirect(hop->status))
            return bad_input("the calendar address answered " + std::to_string(hop->status));
        if (redirects == kMaxRedirects)
            return bad_input("the calendar address redirected more than " + std::to_string(kMaxRedirects) + " times");
        auto next = redirect_target(*address, hop->location);
        if (!next)
            return bad_input("the calendar address redirected somewhere that cannot be followed");
        if (address->tls && next->rfind("https://", 0) != 0)
            return bad_input("the calendar address redirected from https to http, which is not followed");
        current = *next;
    }
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
    m_repository.record_ics_report(site_id, import_report(*imported, m_repository.now()));
    return imported->events.size();
}

std::int64_t refresh_interval_seconds(int refresh_minutes, int failures_in_a_row)
{
    return (std::int64_t{refresh_minutes} * 60) << std::clamp(failures_in_a_row, 0, kMaxBackoffDoublings);
}

Outcome<std::size_t> IcsRefresher::refresh_site(const std::string& site_id)
{
    if (m_fetching.fetch_add(1) >= 2) {
        m_fetching.fetch_sub(1);
        return Failure{FailureKind::TooMany, "calendars are being fetched already; try again in a minute"};
    }
    Outcome<std::size_t> result = Failure{FailureKind::Internal, "the calendar refresh did not finish"};
    // Whatever a calendar host sends, the refresh ends as a recorded failure: an exception
    // escaping the refresher thread ends the whole server, and again after every restart.
    try {
        result = refresh_site_once(site_id);
    } catch (const std::exception& error) {
        result = Failure{FailureKind::Internal, std::string("the calendar refresh failed: ") + error.what()};
    } catch (...) {
        result = Failure{FailureKind::Internal, "the calendar refresh failed"};
    }
    m_fetching.fetch_sub(1);
    {
        std::lock_guard lock(m_mutex);
        if (result)
            m_failures.erase(site_id);
        else if (result.failure().kind != FailureKind::NotFound)
            m_failures[site_id] = std::min(m_failures[site_id] + 1, kMaxBackoffDoublings);
    }
    return result;
}

Outcome<std::size_t> IcsRefresher::refresh_site_once(const std::string& site_id)
{
    auto site = m_repository.site(site_id);
    if (!site)
        return site.failure();
    if (site->ics_url.empty())
        return bad_input("site \"" + site_id + "\" has no calendar subscription");
    auto text = fetch_url(site->ics_url, m_private);
    Outcome<std::size_t> result = text ? import_text(site_id, *text) : Outcome<std::size_t>(text.failure());
    m_repository.record_ics_refresh(site_id, result ? std::string{} : result.failure().message);
    return result;
}

bool IcsRefresher::due(const SiteRow& site)
{
    if (site.ics_url.empty())
        return false;
    int failures = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_failures.find(site.id); it != m_failures.end())
            failures = it->second;
    }
    return m_repository.now() - site.ics_refreshed_at >= refresh_interval_seconds(m_minutes, failures);
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
        try {
            for (auto& site : m_repository.sites()) {
                {
                    std::lock_guard lock(m_mutex);
                    if (m_stopping)
                        return;
                }
                if (due(site)) {
                    let_go(refresh_site(site.id), "kept on the site for its calendar panel, and tried again after the back-off");
                    if (m_on_refreshed)
                        m_on_refreshed();
                }
            }
        } catch (const std::exception& error) {
            // refresh_site catches what a calendar can cause; this is the database failing
            // under us. The next round tries again; ending the thread would end the server.
            std::cerr << "kiosk-content: calendar refresh: " << error.what() << "\n";
        }
        std::unique_lock lock(m_mutex);
        // Wake each minute to pick up new subscriptions; each site refreshes on its own schedule.
        if (m_wake.wait_for(lock, std::chrono::minutes(1), [this] { return m_stopping; }))
            return;
    }
}

} // namespace coi::server
