#include "config.h"

#include "content/feed/toml_text.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace coi::server {

namespace {

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// One setter per known key; anything else in the file is a problem on its line.
using Setter = std::function<std::string(const toml::node&, Config&)>;

Setter string_key(std::string Config::*member)
{
    return [member](const toml::node& node, Config& config) -> std::string {
        auto value = node.value<std::string>();
        if (!node.is_string() || !value)
            return "must be a string in quotes";
        config.*member = *value;
        return {};
    };
}

Setter bool_key(bool Config::*member)
{
    return [member](const toml::node& node, Config& config) -> std::string {
        if (!node.is_boolean())
            return "must be true or false";
        config.*member = *node.value<bool>();
        return {};
    };
}

Setter int_key(int Config::*member, int low, int high)
{
    return [member, low, high](const toml::node& node, Config& config) -> std::string {
        if (!node.is_integer())
            return "must be a whole number";
        auto value = *node.value<std::int64_t>();
        if (value < low || value > high)
            return "must be between " + std::to_string(low) + " and " + std::to_string(high);
        config.*member = static_cast<int>(value);
        return {};
    };
}

// A string that must start with `prefix` (or be empty, where that means "off").
Setter prefixed_string_key(std::string Config::*member, std::string prefix, std::string example)
{
    return [member, prefix, example](const toml::node& node, Config& config) -> std::string {
        auto value = node.value<std::string>();
        if (!node.is_string() || !value)
            return "must be a string in quotes: " + example;
        if (!value->empty() && value->rfind(prefix, 0) != 0)
            return "must be " + example;
        config.*member = *value;
        return {};
    };
}

Setter listen_key()
{
    return [](const toml::node& node, Config& config) -> std::string {
        auto value = node.value<std::string>();
        if (!node.is_string() || !value)
            return "must be a string in quotes, like \"127.0.0.1:8080\"";
        if (auto listen = parse_listen(*value); !listen)
            return listen.failure().message;
        config.listen = *value;
        return {};
    };
}

// [mail]'s keys live in Config::mail, which a pointer to a Config member cannot reach.
Setter mail_key(std::string MailSettings::*member, const std::function<std::string(const std::string&)>& check)
{
    return [member, check](const toml::node& node, Config& config) -> std::string {
        auto value = node.value<std::string>();
        if (!node.is_string() || !value)
            return "must be a string in quotes";
        if (auto wrong = check(*value); !wrong.empty())
            return wrong;
        config.mail.*member = *value;
        return {};
    };
}

std::string smtp_url_problem(const std::string& url)
{
    if (url.empty())
        return {};
    if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0)
        return "must start with smtp:// (STARTTLS when the server offers it) or smtps://, like \"smtp://mail.example.org:587\"";
    if (url.find_first_of(" \t\r\n") != std::string::npos)
        return "may not hold spaces or line breaks";
    return {};
}

std::string from_problem(const std::string& from)
{
    if (from.empty())
        return {};
    if (auto wrong = mail_address_problem(from); !wrong.empty())
        return wrong + " (just the address, like \"screens@example.org\")";
    return {};
}

std::string one_line(const std::string& text) { return text.find_first_of("\r\n") == std::string::npos ? std::string{} : "may not hold line breaks"; }

const std::map<std::string, std::map<std::string, Setter>>& known_keys()
{
    // One line per key, grouped by section: it reads as the TOML file does.
    // clang-format off
    static const std::map<std::string, std::map<std::string, Setter>> keys{
        {"server", {
            {"listen", listen_key()},
            {"data_dir", string_key(&Config::data_dir)},
            {"web_root", string_key(&Config::web_root)},
            {"public_url", string_key(&Config::public_url)},
            {"trust_proxy", bool_key(&Config::trust_proxy)},
            {"threads", int_key(&Config::threads, 1, 256)},
        }},
        {"security", {
            {"secure_cookies", bool_key(&Config::secure_cookies)},
            {"session_hours", int_key(&Config::session_hours, 1, 24 * 30)},
            {"login_attempts_per_minute", int_key(&Config::login_attempts_per_minute, 1, 1000)},
        }},
        {"screens", {
            {"offline_after_seconds", int_key(&Config::offline_after_seconds, 10, 86400)},
            {"check_seconds", int_key(&Config::check_seconds, 1, 3600)},
        }},
        {"ics", {
            {"refresh_minutes", int_key(&Config::ics_refresh_minutes, 1, 24 * 60)},
            {"allow_private_addresses", bool_key(&Config::ics_allow_private_addresses)},
        }},
        {"notify", {
            // Under nginx's proxy_read_timeout (60 s) and the connection guard's 120 s.
            {"wait_seconds", int_key(&Config::wait_seconds, 5, 55)},
            {"nchan_publish_url", prefixed_string_key(&Config::nchan_publish_url, "http://", "an address like \"http://127.0.0.1:8091/notify/pub/\"")},
            {"nchan_subscribe_path", prefixed_string_key(&Config::nchan_subscribe_path, "/", "a path like \"/notify/sub/\"")},
        }},
        {"preview", {
            {"kiosk_binary", string_key(&Config::preview_kiosk_binary)},
        }},
        {"counts", {
            {"keep_years", int_key(&Config::keep_counts_years, 1, 100)},
        }},
        {"mail", {
            {"smtp_url", mail_key(&MailSettings::smtp_url, smtp_url_problem)},
            {"from", mail_key(&MailSettings::from, from_problem)},
            {"username", mail_key(&MailSettings::username, one_line)},
            {"password", mail_key(&MailSettings::password, one_line)},
        }},
    };
    // clang-format on
    return keys;
}

// [mail]'s keys only make sense together: an address to send from and a server to send
// through, a password with its user name. Said on the [mail] line, as no one key is wrong.
void check_mail_together(const toml::table& root, ConfigCheck& check)
{
    auto* section = root.get("mail");
    if (!section || !section->is_table())
        return;
    auto& mail = check.config.mail;
    auto* table = section->as_table();
    // A key given with a wrong value has its own problem already; one not given, or given
    // empty, is missing.
    auto said = [&](const char* key) {
        auto* node = table->get(key);
        return node && !(node->is_string() && node->value<std::string>()->empty());
    };
    auto problem = [&](std::string message) { check.problems.push_back({line_of(*section), std::move(message)}); };
    if (!mail.smtp_url.empty() && mail.from.empty() && !said("from"))
        problem("[mail] needs from = \"screens@example.org\" (the address emails come from) as well as smtp_url");
    if (mail.smtp_url.empty() && !mail.from.empty() && !said("smtp_url"))
        problem("[mail] needs smtp_url = \"smtp://mail.example.org:587\" (the server that sends them) as well as from");
    if (!mail.password.empty() && mail.username.empty() && !said("username"))
        problem("[mail] has a password but no username");
    if (!mail.username.empty() && !said("password"))
        problem("[mail] has a username but no password");
}

} // namespace

ConfigCheck check_config(const std::string& toml_text)
{
    ConfigCheck check;
    // toml++ 3.3.0 reaches undefined behaviour on some non-ASCII characters outside strings
    // (content/feed/toml_text.h): those are refused before it sees the text.
    if (auto unsafe = feed::non_ascii_outside_strings(toml_text)) {
        check.problems.push_back({unsafe->line, unsafe->message});
        return check;
    }
    toml::table root;
    try {
        root = toml::parse(toml_text);
    } catch (const toml::parse_error& error) {
        // toml++ stops at the first syntax error: there is no table to look further into.
        check.problems.push_back({static_cast<int>(error.source().begin.line), std::string(error.description())});
        return check;
    }
    auto problem = [&](const toml::node& node, std::string message) { check.problems.push_back({line_of(node), std::move(message)}); };
    for (auto&& [section_key, section_node] : root) {
        std::string section{section_key.str()};
        auto known = known_keys().find(section);
        if (known == known_keys().end()) {
            problem(section_node, "unknown section [" + section + "] (known: [server], [security], [screens], [ics], [notify], [preview], [counts], [mail])");
            continue;
        }
        auto* table = section_node.as_table();
        if (!table) {
            problem(section_node, "\"" + section + "\" must be a [section]");
            continue;
        }
        for (auto&& [key_name, value] : *table) {
            std::string key{key_name.str()};
            auto setter = known->second.find(key);
            if (setter == known->second.end())
                problem(value, "unknown key \"" + key + "\" in [" + section + "]");
            else if (auto wrong = setter->second(value, check.config); !wrong.empty())
                problem(value, "[" + section + "] " + key + " " + wrong);
        }
    }
    check_mail_together(root, check);
    std::stable_sort(check.problems.begin(), check.problems.end(), [](auto& a, auto& b) { return a.line < b.line; });
    return check;
}

std::string format_problems(const std::string& source_name, const std::vector<ConfigProblem>& problems)
{
    std::string out;
    for (auto& p : problems)
        out += (out.empty() ? "" : "\n") + source_name + (p.line > 0 ? ":" + std::to_string(p.line) : "") + ": " + p.message;
    return out;
}

Outcome<Config> parse_config(const std::string& toml_text, const std::string& source_name)
{
    auto check = check_config(toml_text);
    if (!check.problems.empty())
        return bad_input(format_problems(source_name, check.problems));
    return check.config;
}

Outcome<std::string> read_config_file(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return bad_input("cannot read config file " + path + ": it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return bad_input("cannot read config file " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Outcome<Config> load_config(const std::string& path)
{
    auto text = read_config_file(path);
    if (!text)
        return text.failure();
    return parse_config(*text, path);
}

Outcome<ListenAddress> parse_listen(const std::string& text)
{
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        return bad_input("\"" + text + "\" must look like 127.0.0.1:8080");
    ListenAddress address;
    address.host = text.substr(0, colon);
    if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']')
        address.host = address.host.substr(1, address.host.size() - 2);
    int port = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9')
            return bad_input("port in \"" + text + "\" must be a number");
        port = port * 10 + (c - '0');
        if (port > 65535)
            return bad_input("port in \"" + text + "\" must be 0..65535");
    }
    address.port = port;
    return address;
}

} // namespace coi::server
