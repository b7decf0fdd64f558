#pragma once
// Sessions, CSRF and the login rate limit. A session is an HttpOnly SameSite=Strict
// cookie (Secure behind TLS); every state-changing admin request must also carry the
// session's CSRF token in X-CSRF-Token, which a cross-site page cannot read.

#include "config.h"
#include "repository.h"

#include <httplib.h>

#include <deque>
#include <map>
#include <mutex>

namespace coi::server {

// Failed logins per key within the last minute; a key over the limit is refused even
// with the right password until the minute has passed.
class RateLimiter {
public:
    explicit RateLimiter(int per_minute) : m_per_minute(per_minute) {}
    bool blocked(const std::string& key, std::int64_t now);
    void record_failure(const std::string& key, std::int64_t now);

private:
    void forget_old(std::deque<std::int64_t>& times, std::int64_t now);
    int m_per_minute;
    std::mutex m_mutex;
    std::map<std::string, std::deque<std::int64_t>> m_failures;
};

struct LoggedIn {
    NewSession session;
    User user;
};

class Auth {
public:
    Auth(Repository& repository, const Config& config)
        : m_repository(repository), m_config(config), m_by_account(config.login_attempts_per_minute),
          m_by_address(config.login_attempts_per_minute) {}

    Outcome<LoggedIn> login(const std::string& name, const std::string& password, const std::string& address);
    Outcome<Session> session(const httplib::Request& req);            // for reads
    Outcome<Session> session_for_change(const httplib::Request& req); // for writes: CSRF checked too
    void logout(const httplib::Request& req);
    std::string session_cookie(const std::string& token) const;
    std::string cleared_cookie() const;

private:
    Repository& m_repository;
    const Config& m_config;
    RateLimiter m_by_account;
    RateLimiter m_by_address;
};

constexpr const char* kSessionCookie = "coi_session";

} // namespace coi::server
