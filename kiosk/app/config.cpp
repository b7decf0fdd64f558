#include "kiosk/app/config.h"

#include "content/feed/sign.h"
#include "content/feed/toml_text.h"
#include "kiosk/core/strings.h"
#include "kiosk/sync/http.h"
#include "kiosk/sync/lan_link.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <toml++/toml.h>

namespace coi::app {

namespace {

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

bool is_role(const std::string& s)
{
    if (s.empty() || s.size() > 64)
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

} // namespace

std::vector<std::string> sync_problems(const SyncConfig& sync)
{
    std::vector<std::string> problems;
    auto policy = sync.allow_http ? sync::HttpPolicy::Allowed : sync::HttpPolicy::LoopbackOnly;
    if (!sync.server.empty() && !sync.feed.empty())
        problems.push_back("sync.feed: give either a server to pair with or a feed to follow, not both");
    if (!sync.server.empty()) {
        auto scheme = sync::scheme_of(sync.server);
        if (scheme != sync::Scheme::Https && scheme != sync::Scheme::Http)
            problems.push_back("sync.server: expected an address like https://content.example.org, got \"" + sync.server + "\"");
        else if (auto ok = sync::check_url(sync.server, policy); !ok)
            problems.push_back("sync.server: " + ok.error().message);
    }
    if (!sync.feed.empty()) {
        if (auto ok = sync::check_url(sync.feed, policy); !ok)
            problems.push_back("sync.feed: " + ok.error().message);
        if (sync.feed_key.empty())
            problems.push_back("sync.feed: a feed needs its public key too (sync.feed_key, what `kiosk-content public-key` prints)");
    }
    if (!sync.feed_key.empty()) {
        auto key = feed::base64_decode(sync.feed_key);
        if (!key || key->size() != 32)
            problems.push_back("sync.feed_key: expected the base64 public key that `kiosk-content public-key` prints (32 bytes)");
    }
    return problems;
}

ConfigCheck parse_config(const std::string& text)
{
    ConfigCheck check;
    if (auto unsafe = feed::non_ascii_outside_strings(text)) {
        check.problems.push_back({unsafe->line, unsafe->message});
        return check;
    }
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& e) {
        check.problems.push_back({static_cast<int>(e.source().begin.line), std::string(e.description())});
        return check;
    }
    auto problem = [&](const toml::node& node, std::string message) { check.problems.push_back({line_of(node), std::move(message)}); };
    const std::map<std::string, std::vector<std::string>> known = {
        {"kiosk",
            {"data_dir", "screen_role", "language", "checkin_timeout_seconds", "second_language", "alternate_languages", "second_language_under", "large_text",
                "high_contrast", "read_aloud"}},
        {"site", {"timezone"}},
        {"rotation", {"dwell_seconds", "pages"}},
        {"sync", {"server", "feed", "feed_key", "poll_seconds", "allow_http", "media_cache_mb", "lan_emergency"}},
        {"display", {"blank_when_closed", "on_command", "off_command", "rotate"}},
    };
    for (auto& [key, node] : root) {
        auto section = known.find(std::string(key.str()));
        if (section == known.end() || !node.is_table()) {
            problem(node, "unknown section [" + std::string(key.str()) + "]; expected [kiosk], [site], [rotation], [sync] or [display]");
            continue;
        }
        for (auto& [field, value] : *node.as_table()) {
            auto& fields = section->second;
            if (std::find(fields.begin(), fields.end(), std::string(field.str())) == fields.end())
                problem(value, "unknown setting " + section->first + "." + std::string(field.str()));
        }
    }
    auto string_at = [&](const char* section, const char* key, std::string& out, auto valid, const char* expected) {
        const toml::node* node = root[section][key].node();
        if (!node)
            return;
        if (!node->is_string()) {
            problem(*node, std::string(section) + "." + key + " must be text in quotes");
            return;
        }
        std::string value = node->as_string()->get();
        if (!valid(value)) {
            problem(*node, std::string(section) + "." + key + ": " + expected + ", got \"" + value + "\"");
            return;
        }
        out = value;
    };
    string_at("kiosk", "data_dir", check.config.data_dir, [](const std::string& v) { return !v.empty(); }, "expected a directory");
    string_at("kiosk", "screen_role", check.config.screen_role, is_role, "expected a role like reception or cafe (a-z, 0-9, -)");
    std::string languages;
    for (auto code : core::all_languages())
        languages += (languages.empty() ? "" : ", ") + std::string(code);
    auto is_language = [](const std::string& v) { return core::has_language(v); };
    string_at("kiosk", "language", check.config.language, is_language, ("expected one of " + languages).c_str());
    string_at("kiosk", "second_language", check.config.second_language, is_language, ("expected one of " + languages).c_str());
    for (auto [key, out] : {std::pair{"alternate_languages", &check.config.alternate_languages},
             std::pair{"second_language_under", &check.config.second_language_under}, std::pair{"large_text", &check.config.large_text},
             std::pair{"high_contrast", &check.config.high_contrast}, std::pair{"read_aloud", &check.config.read_aloud}}) {
        if (const toml::node* node = root["kiosk"][key].node()) {
            if (!node->is_boolean())
                problem(*node, std::string("kiosk.") + key + " must be true or false");
            else
                *out = node->as_boolean()->get();
        }
    }
    if (check.config.alternate_languages && check.config.second_language.empty())
        problem(*root["kiosk"]["alternate_languages"].node(), "kiosk.alternate_languages needs kiosk.second_language, the language to take turns with");
    if (check.config.second_language_under && check.config.second_language.empty())
        problem(*root["kiosk"]["second_language_under"].node(), "kiosk.second_language_under needs kiosk.second_language, the language to show under the first");
    if (check.config.second_language_under && check.config.alternate_languages)
        problem(*root["kiosk"]["second_language_under"].node(),
            "kiosk.second_language_under and kiosk.alternate_languages are two ways to show the second language: choose one");
    if (!check.config.second_language.empty() && check.config.second_language == check.config.language)
        problem(*root["kiosk"]["second_language"].node(), "kiosk.second_language is the same as kiosk.language");
    string_at("site", "timezone", check.config.timezone,
        [](const std::string& v) { return !v.empty() && v.find(' ') == std::string::npos; }, "expected an IANA time zone like Europe/London");
    if (const toml::node* node = root["kiosk"]["checkin_timeout_seconds"].node()) {
        auto value = node->value<std::int64_t>();
        if (!node->is_integer() || !value || *value < 10 || *value > 600)
            problem(*node, "kiosk.checkin_timeout_seconds must be a whole number of seconds from 10 to 600");
        else
            check.config.checkin_timeout_seconds = static_cast<int>(*value);
    }
    auto any = [](const std::string&) { return true; };
    string_at("sync", "server", check.config.sync.server, any, "");
    string_at("sync", "feed", check.config.sync.feed, any, "");
    string_at("sync", "feed_key", check.config.sync.feed_key, any, "");
    if (const toml::node* node = root["sync"]["poll_seconds"].node()) {
        auto value = node->value<std::int64_t>();
        if (!node->is_integer() || !value || *value < 10 || *value > 86400)
            problem(*node, "sync.poll_seconds must be a whole number of seconds from 10 to 86400");
        else
            check.config.sync.poll_seconds = static_cast<int>(*value);
    }
    if (const toml::node* node = root["sync"]["media_cache_mb"].node()) {
        auto value = node->value<std::int64_t>();
        if (!node->is_integer() || !value || *value < 10 || *value > 100000)
            problem(*node, "sync.media_cache_mb must be a whole number of megabytes from 10 to 100000");
        else
            check.config.sync.media_cache_mb = static_cast<int>(*value);
    }
    if (const toml::node* node = root["sync"]["lan_emergency"].node()) {
        auto value = node->value<std::string>();
        if (!node->is_string() || !value || (!value->empty() && !sync::parse_lan_address(*value)))
            problem(*node, "sync.lan_emergency must be \"address:port\" (IPv4, e.g. \"239.255.27.1:4227\"), or \"\" for off");
        else
            check.config.sync.lan_emergency = *value;
    }
    if (const toml::node* node = root["sync"]["allow_http"].node()) {
        if (!node->is_boolean())
            problem(*node, "sync.allow_http must be true or false");
        else
            check.config.sync.allow_http = node->as_boolean()->get();
    }
    if (auto* sync_table = root["sync"].as_table()) {
        // Problems with the values together sit on the [sync] line, or on the value's own line.
        int section_line = line_of(*sync_table);
        auto line_for = [&](const char* key) {
            const toml::node* node = root["sync"][key].node();
            return node ? line_of(*node) : section_line;
        };
        for (auto& message : sync_problems(check.config.sync)) {
            const char* key = message.rfind("sync.server", 0) == 0 ? "server"
                            : message.rfind("sync.feed_key", 0) == 0 ? "feed_key"
                            : message.rfind("sync.feed", 0) == 0 ? "feed" : "";
            check.problems.push_back({*key ? line_for(key) : section_line, message});
        }
    }
    if (const toml::node* node = root["rotation"]["dwell_seconds"].node()) {
        auto value = node->value<std::int64_t>();
        if (!node->is_integer() || !value || *value < 3 || *value > 600)
            problem(*node, "rotation.dwell_seconds must be a whole number of seconds from 3 to 600");
        else
            check.config.dwell_seconds = static_cast<int>(*value);
    }
    if (const toml::node* node = root["rotation"]["pages"].node()) {
        if (!node->is_array() || node->as_array()->empty()) {
            problem(*node, "rotation.pages must be a list like [\"whats-on\", \"cafe\", \"notices\", \"week\"]");
        } else {
            std::vector<feed::Page> pages;
            for (auto& item : *node->as_array()) {
                auto page = item.is_string() ? feed::page_from_code(item.as_string()->get()) : std::nullopt;
                if (!page)
                    problem(item, "rotation.pages: expected whats-on, cafe, notices or week");
                else if (std::find(pages.begin(), pages.end(), *page) != pages.end())
                    problem(item, "rotation.pages lists " + std::string(feed::to_code(*page)) + " twice");
                else
                    pages.push_back(*page);
            }
            if (!pages.empty())
                check.config.pages = pages;
        }
    }
    if (const toml::node* node = root["display"]["blank_when_closed"].node()) {
        if (!node->is_boolean())
            problem(*node, "display.blank_when_closed must be true or false");
        else
            check.config.display.blank_when_closed = node->as_boolean()->get();
    }
    if (const toml::node* node = root["display"]["rotate"].node()) {
        auto value = node->value<std::int64_t>();
        if (!node->is_integer() || !value || (*value != 0 && *value != 90 && *value != 180 && *value != 270))
            problem(*node, "display.rotate must be 0, 90, 180 or 270 (degrees clockwise)");
        else
            check.config.display.rotate = static_cast<int>(*value);
    }
    for (auto [key, out] : {std::pair{"on_command", &check.config.display.on_command}, std::pair{"off_command", &check.config.display.off_command}}) {
        const toml::node* node = root["display"][key].node();
        if (!node)
            continue;
        // A list, not a line for a shell: nothing in it is ever interpreted.
        const toml::array* list = node->as_array();
        bool strings = list && !list->empty() && std::all_of(list->begin(), list->end(), [](const toml::node& n) { return n.is_string(); });
        if (!strings) {
            problem(*node, std::string("display.") + key + " must be a list like [\"/usr/bin/cec-ctl\", \"--to\", \"0\", \"--standby\"]");
            continue;
        }
        std::vector<std::string> argv;
        for (auto& item : *list)
            argv.push_back(item.as_string()->get());
        if (argv[0].empty() || argv[0][0] != '/')
            problem(*node, std::string("display.") + key + ": the program must be an absolute path like /usr/bin/cec-ctl, got \"" + argv[0] + "\"");
        else
            *out = argv;
    }
    std::sort(check.problems.begin(), check.problems.end(), [](auto& a, auto& b) { return a.line < b.line; });
    return check;
}

std::string format_problems(const std::string& path, const std::vector<ConfigProblem>& problems)
{
    std::string out;
    for (auto& p : problems)
        out += path + (p.line > 0 ? ":" + std::to_string(p.line) : "") + ": " + p.message + "\n";
    return out;
}

Result<Config> load_config(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return Error{"cannot read the config file " + path + ": it is a directory\n"};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot read the config file " + path + "\n"};
    std::stringstream text;
    text << in.rdbuf();
    auto check = parse_config(text.str());
    if (!check.problems.empty())
        return Error{format_problems(path, check.problems)};
    return check.config;
}

} // namespace coi::app
