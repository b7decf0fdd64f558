#pragma once
// The kiosk's TOML configuration. Loading checks every value and reports each problem
// with its line, so `kiosk --check-config FILE` can tell an installer exactly what to fix.

#include "content/feed/result.h"
#include "content/feed/types.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::app {

// [sync]: where this screen's content comes from. Neither set: the embedded building only.
struct SyncConfig {
    std::string server;                 // a kiosk-content to pair with and follow, e.g. https://content.example.org
    std::string feed;                   // or a static feed: https://.../feed.json, file:///media/usb/feed.json
    std::string feed_key;               // the public key `kiosk-content public-key` prints (base64)
    int poll_seconds = 60;
    bool allow_http = false;            // plain http:// beyond this machine (a trusted network only)
    int media_cache_mb = 500;           // downloaded images no current content uses go, oldest first, above this
    // Where the building's kiosks tell each other of emergency mode (signed UDP, docs/security.md):
    // "group:port" for IPv4 multicast, or any IPv4 "address:port" (a broadcast address, or
    // 127.255.255.255 for kiosks on one machine); empty: off.
    std::string lan_emergency = "239.255.27.1:4227";
    bool enabled() const { return !server.empty() || !feed.empty(); }
};

// [display]: the screen outside opening hours (docs/raspberry-pi.md).
struct DisplayConfig {
    bool blank_when_closed = false;     // black screen, nothing drawn, while the building is closed; a touch wakes it for 2 minutes
    std::vector<std::string> on_command;  // run (no shell) when the screen comes on, e.g. ["/usr/bin/cec-ctl", "--to", "0", "--image-view-on"]
    std::vector<std::string> off_command; // run when it blanks, e.g. ["/usr/bin/cec-ctl", "--to", "0", "--standby"]
    int rotate = 0;                       // degrees clockwise to turn the picture (and touches) for a screen on its side: 0, 90, 180, 270
};

struct Config {
    std::string data_dir;               // empty: the default
    std::string screen_role = "reception";
    std::string language = "en";
    std::string second_language;        // signage: the other language (alternate_languages or second_language_under); empty: none
    bool alternate_languages = false;   // signage: each page in language, then in second_language, taking turns
    bool second_language_under = false; // signage: second_language under the first on every page, where the content has it
    bool large_text = false;            // every screen's text a quarter bigger (a visitor may change it for their check-in)
    bool high_contrast = false;         // light text on black (likewise)
    bool read_aloud = true;             // a "Listen" button on every check-in screen (espeak-ng)
    int checkin_timeout_seconds = 60;   // a half-finished check-in returns to signage
    std::string timezone;               // empty: from the content
    std::optional<int> dwell_seconds;   // unset: from the content
    std::optional<std::vector<feed::Page>> pages;
    SyncConfig sync;
    DisplayConfig display;
};

struct ConfigProblem {
    int line = 0; // 0 when the problem is not on one line
    std::string message;
};

struct ConfigCheck {
    Config config;
    std::vector<ConfigProblem> problems; // empty when the file is good
};

std::vector<std::string> sync_problems(const SyncConfig&);     // what is wrong with the [sync] values together (also for the command line)
ConfigCheck parse_config(const std::string& toml_text);        // every problem, not just the first
Result<Config> load_config(const std::string& path);           // the file, or one error listing its problems
std::string format_problems(const std::string& path, const std::vector<ConfigProblem>&); // "FILE:3: ..." lines

} // namespace coi::app
