#include "ics_fetch.h"

#include "ics_import.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace coi::server {

namespace {

bool is_private(const sockaddr* address)
{
    if (address->sa_family == AF_INET) {
        auto ip = ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr);
        auto in = [ip](std::uint32_t net, int bits) { return (ip >> (32 - bits)) == (net >> (32 - bits)); };
        return in(0x00000000, 8) || in(0x7f000000, 8) || in(0x0a000000, 8) || in(0xac100000, 12) ||
               in(0xc0a80000, 16) || in(0xa9fe0000, 16) || in(0x64400000, 10) || in(0xe0000000, 4);
    }
    if (address->sa_family == AF_INET6) {
        auto& ip = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(&ip)) {
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

// scheme://[user@]host[:port]/... -> host (without IPv6 brackets)
std::string host_of(const std::string& url, std::size_t authority_start)
{
    auto end = url.find_first_of("/?#", authority_start);
    auto authority = url.substr(authority_start, end == std::string::npos ? std::string::npos : end - authority_start);
    if (auto at = authority.rfind('@'); at != std::string::npos)
        authority = authority.substr(at + 1);
    if (!authority.empty() && authority.front() == '[')
        return authority.substr(1, authority.find(']') - 1);
    return authority.substr(0, authority.find(':'));
}

Done check_host(const std::string& host)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found)
        return bad_input("cannot find the calendar's host \"" + host + "\"");
    bool refused = false;
    for (auto* entry = found; entry; entry = entry->ai_next)
        refused = refused || is_private(entry->ai_addr);
    freeaddrinfo(found);
    if (refused)
        return forbidden("calendar addresses on this server's own network are not allowed ([ics] allow_private_addresses)");
    return done();
}

} // namespace

Outcome<std::string> fetch_url(const std::string& url, PrivateAddresses private_addresses)
{
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos)
        return bad_input("the calendar address must start with https:// or http://");
    if (private_addresses == PrivateAddresses::Refuse)
        if (auto allowed = check_host(host_of(url, scheme_end + 3)); !allowed)
            return allowed.failure();
    auto path_start = url.find('/', scheme_end + 3);
    auto origin = url.substr(0, path_start);
    auto path = path_start == std::string::npos ? std::string("/") : url.substr(path_start);
    httplib::Client client(origin);
    client.set_connection_timeout(10);
    client.set_read_timeout(20);
    // Redirects are not followed: each hop would need the same address check.
    client.set_follow_location(false);
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
    auto text = fetch_url(site->ics_url, m_private);
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
