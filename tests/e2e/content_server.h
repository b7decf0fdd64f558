#pragma once
// A real kiosk-content process on 127.0.0.1 (a free port) with the demo building, and an
// admin client that signs in and sends the CSRF token like the web admin does.

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace coi::e2e {

class ContentServer {
public:
    // listen: "127.0.0.1:0" for any free port, or a given one to restart on the same address.
    explicit ContentServer(const std::filesystem::path& data, const std::string& listen = "127.0.0.1:0") : m_data(data)
    {
        std::filesystem::create_directories(data);
        int out[2];
        if (pipe(out) != 0)
            return;
        m_pid = fork();
        if (m_pid == 0) {
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            close(out[1]);
            execl(KIOSK_CONTENT_BINARY, KIOSK_CONTENT_BINARY, "--demo", "--data", data.c_str(), "--listen", listen.c_str(), nullptr);
            _exit(127);
        }
        close(out[1]);
        m_out = fdopen(out[0], "r");
        char line[1024];
        // "...one-time password: X" then "kiosk-content listening on http://127.0.0.1:PORT/admin/"
        while (m_out && std::fgets(line, sizeof line, m_out)) {
            std::string text(line);
            if (auto at = text.find("one-time password: "); at != std::string::npos) {
                password = text.substr(at + 19);
                while (!password.empty() && (password.back() == '\n' || password.back() == '\r'))
                    password.pop_back();
            }
            if (auto at = text.find("listening on http://127.0.0.1:"); at != std::string::npos) {
                port = std::stoi(text.substr(at + 30));
                break;
            }
        }
    }
    ~ContentServer()
    {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            int status = 0;
            waitpid(m_pid, &status, 0);
        }
        if (m_out)
            std::fclose(m_out);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    bool running() const { return port > 0 && !password.empty(); }
    const std::filesystem::path& data() const { return m_data; }

    int port = 0;
    std::string password;

private:
    std::filesystem::path m_data;
    pid_t m_pid = -1;
    std::FILE* m_out = nullptr;
};

// A coordinator at the web admin: signed in, with the session cookie and CSRF token.
class Admin {
public:
    Admin(int port, const std::string& password) : m_client("127.0.0.1", port)
    {
        m_client.set_connection_timeout(5);
        m_client.set_read_timeout(10);
        auto res = m_client.Post("/api/admin/login", nlohmann::json{{"name", "admin"}, {"password", password}}.dump(), "application/json");
        if (!res || res->status != 200)
            return;
        auto cookie = res->get_header_value("Set-Cookie");
        m_cookie = cookie.substr(0, cookie.find(';'));
        m_csrf = nlohmann::json::parse(res->body)["csrf"];
    }
    bool signed_in() const { return !m_csrf.empty(); }

    std::pair<int, nlohmann::json> post(const std::string& path, const nlohmann::json& body)
    {
        auto res = m_client.Post(path, headers(), body.dump(), "application/json");
        return reply(res);
    }
    std::pair<int, nlohmann::json> get(const std::string& path)
    {
        auto res = m_client.Get(path, headers());
        return reply(res);
    }
    std::string get_bytes(const std::string& path)
    {
        auto res = m_client.Get(path, headers());
        return res && res->status == 200 ? res->body : std::string();
    }

private:
    httplib::Headers headers() const { return {{"Cookie", m_cookie}, {"X-CSRF-Token", m_csrf}}; }
    static std::pair<int, nlohmann::json> reply(const httplib::Result& res)
    {
        if (!res)
            return {0, nullptr};
        return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
    }
    httplib::Client m_client;
    std::string m_cookie, m_csrf;
};

} // namespace coi::e2e
