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
#include <semaphore>

namespace coi::server {

// Events per key within a sliding window (failed sign-ins a minute, new pairing codes per
// ten minutes); a key at the limit is refused until the oldest leaves the window.
class RateLimiter {
public:
    explicit RateLimiter(int limit, std::int64_t window_seconds = 60) : m_limit(limit), m_window(window_seconds) {}
    bool blocked(const std::string& key, std::int64_t now);
    void record(const std::string& key, std::int64_t now);
    // Counts the attempt before the work it guards, so simultaneous attempts cannot all get
    // past blocked() first: false (and nothing counted) when the key is at its limit.
    bool try_record(const std::string& key, std::int64_t now);
    void forget_one(const std::string& key); // the attempt turned out fine: it does not count

private:
    void forget_old(std::deque<std::int64_t>& times, std::int64_t now);
    int m_limit;
    std::int64_t m_window;
    std::mutex m_mutex;
    std::map<std::string, std::deque<std::int64_t>> m_failures;
};

// The key a client's address is counted under: an IPv4 address, or an IPv6 address's /64
// (one household or server gets a whole /64, so per address would be no limit at all).
std::string address_key(const std::string& address);

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
    std::counting_semaphore<> m_hashing{2}; // password checks at once (64 MiB each)
};

constexpr const char* kSessionCookie = "coi_session";

} // namespace coi::server
