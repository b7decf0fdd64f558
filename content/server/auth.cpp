#include "auth.h"

#include "http_util.h"
#include "secrets.h"

namespace coi::server {

void RateLimiter::forget_old(std::deque<std::int64_t>& times, std::int64_t now)
{
    while (!times.empty() && times.front() <= now - 60)
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
    return static_cast<int>(it->second.size()) >= m_per_minute;
}

void RateLimiter::record_failure(const std::string& key, std::int64_t now)
{
    std::lock_guard lock(m_mutex);
    auto& times = m_failures[key];
    forget_old(times, now);
    times.push_back(now);
    // A flood of made-up names must not grow this map without bound.
    if (m_failures.size() > 100000)
        m_failures.clear();
}

Outcome<LoggedIn> Auth::login(const std::string& name, const std::string& password, const std::string& address)
{
    auto now = m_repository.now();
    auto account_key = "account:" + name;
    auto address_key = "address:" + address;
    if (m_by_account.blocked(account_key, now) || m_by_address.blocked(address_key, now))
        return Failure{FailureKind::TooMany, "too many failed sign-ins; wait a minute and try again"};
    auto user = m_repository.check_password(name, password);
    if (!user) {
        m_by_account.record_failure(account_key, now);
        m_by_address.record_failure(address_key, now);
        return user.failure();
    }
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

} // namespace

Outcome<Session> Auth::session_for_change(const httplib::Request& req)
{
    auto found = session(req);
    if (!found)
        return found;
    // Belt and braces beside SameSite=Strict and the token: a browser names the page that
    // sent a request; a change must come from our own pages.
    auto origin = req.get_header_value("Origin");
    if (!origin.empty() && origin != "null" && host_name(origin) != host_name(req.get_header_value("Host")))
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
