#pragma once
// A real kiosk-content HTTP server on 127.0.0.1 (any free port) over a fresh temporary
// data directory, and a small libcurl client that keeps the session cookie and CSRF
// token like a browser would. Nothing leaves loopback.

#include "content/server/config.h"
#include "content/server/feed_cache.h"
#include "content/server/http_server.h"
#include "content/server/repository.h"
#include "content/server/signing_key.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <thread>

namespace coi::server::test {

struct Reply {
    long status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers; // lower-case names
    nlohmann::json json() const;
    std::string header(const std::string& name) const; // first value, or ""
};

// One client = one "browser": its own cookie and CSRF token.
class Client {
public:
    explicit Client(int port) : m_port(port) {}
    Reply request(const std::string& method, const std::string& path, const std::string& body = {},
                  const std::string& content_type = "application/json",
                  const std::map<std::string, std::string>& headers = {});
    Reply get(const std::string& path, const std::map<std::string, std::string>& headers = {});
    Reply post(const std::string& path, const nlohmann::json& body);
    Reply put(const std::string& path, const nlohmann::json& body);
    Reply del(const std::string& path);
    Reply login(const std::string& name, const std::string& password); // keeps cookie + csrf on success
    void forget_csrf() { m_csrf.clear(); }
    const std::string& cookie() const { return m_cookie; }

private:
    int m_port;
    std::string m_cookie; // "coi_session=..."
    std::string m_csrf;
};

class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    Client client() { return Client(m_port); }
    Client admin(); // signed in as the admin made in SetUp
    // An account made directly in the repository, then signed in.
    Client signed_in(const std::string& name, Role role, std::vector<std::string> sites);
    static nlohmann::json site_json(const std::string& id, const std::string& name = "Ashby Hill");
    static nlohmann::json event_json(const std::string& id, const std::string& rrule = "");
    // Pairs a screen through the real API and returns its device token.
    std::string pair_screen(const std::string& site, const std::string& role, const std::string& code = "123456789");

    Config m_config;
    std::unique_ptr<TempDir> m_dir;
    std::unique_ptr<Repository> m_repository;
    std::unique_ptr<FeedCache> m_feeds;
    std::unique_ptr<HttpServer> m_server;
    std::thread m_thread;
    SigningKey m_key;
    int m_port = 0;
    static constexpr const char* kAdminPassword = "correct horse battery";
};

} // namespace coi::server::test
