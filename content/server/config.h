#pragma once
// The server's configuration (TOML). Every key has a default so an empty file works;
// unknown keys, wrong types and bad values are refused with the line they are on, because a
// typo in `secure_cookies` must not silently leave sessions on plain HTTP. Every problem in
// the file is reported, not just the first, so `--check-config` lists all there is to fix.

#include "mail.h"
#include "outcome.h"

#include <cstdint>
#include <string>
#include <vector>

namespace coi::server {

struct Config {
    // [server]
    std::string listen = "127.0.0.1:8080";
    std::string data_dir = "/var/lib/kiosk-content";
    std::string web_root;        // empty: the built-in default
    std::string public_url;      // e.g. https://signs.example.org, for What's on links
    bool trust_proxy = false;    // client address from X-Forwarded-For (behind nginx)
    int threads = 16;           // cpp-httplib holds one per open connection
    // [security]
    bool secure_cookies = false; // add Secure to the session cookie (behind TLS)
    int session_hours = 12;
    int login_attempts_per_minute = 5;
    // [screens]
    int offline_after_seconds = 180;
    int check_seconds = 60; // how often screens are looked at for problems to tell (alerts.h)
    // [ics]
    int ics_refresh_minutes = 15;
    bool ics_allow_private_addresses = false; // calendars on loopback / the LAN (SSRF guard off)
    // [notify] telling screens "version N is out" (docs/content-server.md, "Instant updates")
    int wait_seconds = 25;              // how long GET /api/v1/wait holds a screen that has no news
    std::string nchan_publish_url;      // nginx + nchan's publisher location; empty: kiosk-content holds the screens itself
    std::string nchan_subscribe_path = "/notify/sub/"; // where screens subscribe through nginx (the site id is appended)
    // [preview]
    std::string preview_kiosk_binary; // the kiosk program that draws previews; empty: none
    // [counts]
    int keep_counts_years = 7; // anonymous counts older than this are deleted (docs/privacy.md)
    // [mail] how screens that ask for help are told to coordinators by email (empty: no email)
    MailSettings mail;
};

struct ConfigProblem {
    int line = 0;        // 0 when the problem is not on one line
    std::string message; // "unknown key \"secure_cookie\" in [security]"
};

struct ConfigCheck {
    Config config;                       // the good values, defaults for the rest
    std::vector<ConfigProblem> problems; // in line order; empty when the file is good
};

ConfigCheck check_config(const std::string& toml_text);          // every problem (a TOML syntax error stops at the first)
std::string format_problems(const std::string& source_name, const std::vector<ConfigProblem>&); // "FILE:3: ..." lines
Outcome<Config> parse_config(const std::string& toml_text, const std::string& source_name); // the config, or all its problems in one message
Outcome<std::string> read_config_file(const std::string& path);
Outcome<Config> load_config(const std::string& path);

struct ListenAddress {
    std::string host;
    int port = 0;
};
Outcome<ListenAddress> parse_listen(const std::string& text); // "127.0.0.1:8080", "[::1]:8080"

} // namespace coi::server
