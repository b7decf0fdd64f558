#include "auth.h"

#include "http_util.h"
#include "secrets.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace coi::server {

void RateLimiter::forget_old(std::deque<std::int64_t>& times, std::int64_t now)
{
    while (!times.empty() && times.front() <= now - m_window)
        times.pop_front();
}

bool RateLimiter::blocked(const std::string& key, std::int64_t now)
{
    std::lock_guard lock(m_mutex);
    auto it = m_failures.find(key);
    if (it == m_failures.end())
        return false;
    forget_old(it->second, now);
    if (it->second.empty()) {
        m_failures.erase(it);
        return false;
    }
    return static_cast<int>(it->second.size()) >= m_limit;
}

bool RateLimiter::try_record(const std::string& key, std::int64_t now)
{
    std::lock_guard lock(m_mutex);
    auto& times = m_failures[key];
    forget_old(times, now);
    if (static_cast<int>(times.size()) >= m_limit)
        return false;
    times.push_back(now);
    if (m_failures.size() > 100000)
        m_failures.clear();
    return true;
}

void RateLimiter::forget_one(const std::string& key)
{
    std::lock_guard lock(m_mutex);
    auto it = m_failures.find(key);
    if (it != m_failures.end() && !it->second.empty())
        it->second.pop_back();
}

std::string address_key(const std::string& address)
{
    in6_addr ip{};
    if (address.find(':') == std::string::npos || inet_pton(AF_INET6, address.c_str(), &ip) != 1)
        return address;
    if (IN6_IS_ADDR_V4MAPPED(&ip))
        return std::to_string(ip.s6_addr[12]) + "." + std::to_string(ip.s6_addr[13]) + "." +
               std::to_string(ip.s6_addr[14]) + "." + std::to_string(ip.s6_addr[15]);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string prefix;
    for (int i = 0; i < 8; ++i) {
        prefix += kHex[ip.s6_addr[i] >> 4];
        prefix += kHex[ip.s6_addr[i] & 15];
        if (i % 2 == 1)
            prefix += ':';
    }
    return prefix + ":/64";
}

void RateLimiter::record(const std::string& key, std::int64_t now)
{
    std::lock_guard lock(m_mutex);
    auto& times = m_failures[key];
    forget_old(times, now);
    times.push_back(now);
    // A flood of made-up names must not grow this map without bound.
    if (m_failures.size() > 100000)
        m_failures.clear();
}

Outcome<LoggedIn> Auth::login(const std::string& name, const std::string& password, const std::string& address_text)
{
    auto now = m_repository.now();
    // Keys of bounded size: a megabyte of name is one more key, not a megabyte of memory.
    auto account_key = "account:" + name.substr(0, 128);
    auto address = "address:" + coi::server::address_key(address_text);
    // Each attempt is counted before its password is hashed; counted after, sixteen at once
    // all passed a limit of five. A good password takes its count back.
    if (!m_by_account.try_record(account_key, now))
        return Failure{FailureKind::TooMany, "too many failed sign-ins; wait a minute and try again"};
    if (!m_by_address.try_record(address, now)) {
        m_by_account.forget_one(account_key);
        return Failure{FailureKind::TooMany, "too many failed sign-ins; wait a minute and try again"};
    }
    // Each check takes 64 MiB (argon2id): two at a time, whoever asks.
    if (!m_hashing.try_acquire_for(std::chrono::seconds(5)))
        return Failure{FailureKind::TooMany, "the server is busy checking other sign-ins; try again in a moment"};
    struct Release {
        std::counting_semaphore<>& semaphore;
        ~Release() { semaphore.release(); }
    } release{m_hashing};
    auto user = m_repository.check_password(name, password);
    if (!user)
        return user.failure();
    m_by_account.forget_one(account_key);
    m_by_address.forget_one(address);
    auto session = m_repository.create_session(user->id, m_config.session_hours);
    return LoggedIn{session, user.release()};
}

Outcome<Session> Auth::session(const httplib::Request& req)
{
    auto token = cookie(req, kSessionCookie);
    if (!token || token->empty())
        return Failure{FailureKind::Unauthorised, "please sign in"};
    auto found = m_repository.session(*token);
    if (!found)
        return Failure{FailureKind::Unauthorised, "your session has ended; please sign in again"};
    return *found;
}

namespace {

// "https://signs.example.org:8443" or "signs.example.org:8443" -> "signs.example.org"
std::string host_name(std::string text)
{
    if (auto scheme = text.find("://"); scheme != std::string::npos)
        text = text.substr(scheme + 3);
    text = text.substr(0, text.find('/'));
    if (!text.empty() && text.front() == '[')
        return text.substr(0, text.find(']') + 1);
    return text.substr(0, text.find(':'));
}

// The port of "https://host[:port]" (the scheme's own when none is written), or of a Host
// header "host[:port]" (empty when none is written: behind nginx, Host is $host).
std::string port_of(const std::string& text, bool is_origin)
{
    auto scheme_end = text.find("://");
    auto authority = scheme_end == std::string::npos ? text : text.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find('/'));
    auto bracket = authority.rfind(']');
    auto colon = authority.rfind(':');
    if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket))
        return authority.substr(colon + 1);
    if (!is_origin)
        return {};
    return text.rfind("https://", 0) == 0 ? "443" : "80";
}

// An Origin a change may come from: our own pages. "null" (a sandboxed frame, a file, some
// redirects) is not ours; neither is another port of the same host.
bool same_origin(const std::string& origin, const std::string& host)
{
    if (origin == "null" || host_name(origin) != host_name(host))
        return false;
    auto host_port = port_of(host, false);
    return host_port.empty() || port_of(origin, true) == host_port;
}

} // namespace

Outcome<Session> Auth::session_for_change(const httplib::Request& req)
{
    auto found = session(req);
    if (!found)
        return found;
    // Belt and braces beside SameSite=Strict and the token: a browser names the page that
    // sent a request; a change must come from our own pages.
    auto origin = req.get_header_value("Origin");
    if (!origin.empty() && !same_origin(origin, req.get_header_value("Host")))
        return forbidden("this change came from another web site (" + origin + ") and was refused");
    auto sent = req.get_header_value("X-CSRF-Token");
    if (sent.empty() || !same_secret(sent, found->csrf))
        return forbidden("missing or wrong X-CSRF-Token; reload the page and try again");
    return found;
}

void Auth::logout(const httplib::Request& req)
{
    if (auto token = cookie(req, kSessionCookie))
        m_repository.delete_session(*token);
}

std::string Auth::session_cookie(const std::string& token) const
{
    return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
           std::to_string(m_config.session_hours * 3600) + (m_config.secure_cookies ? "; Secure" : "");
}

std::string Auth::cleared_cookie() const
{
    return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
           (m_config.secure_cookies ? "; Secure" : "");
}

} // namespace coi::server
