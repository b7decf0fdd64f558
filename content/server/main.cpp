// kiosk-content: wiring and the command line only. See API.md and docs/content-server.md.
#include "config.h"
#include "demo.h"
#include "export.h"
#include "feed_cache.h"
#include "http_server.h"
#include "migrations.h"
#include "repository.h"
#include "signing_key.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <sys/stat.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace coi::server;

namespace {

int fail(const std::string& message)
{
    // One line per problem, each saying whose it is (a config can have several).
    std::size_t start = 0;
    while (start <= message.size()) {
        std::size_t end = message.find('\n', start);
        std::cerr << "kiosk-content: " << message.substr(start, end - start) << "\n";
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return 1;
}

// --check-config: every problem in the file on its own line, "FILE:LINE: what is wrong",
// and exit 1; or "FILE: ok" and exit 0.
int check_config_file(const std::string& check_path, const std::string& config_path)
{
    if (!check_path.empty() && !config_path.empty() && check_path != config_path)
        return fail("--check-config " + check_path + " and --config " + config_path + " name two files: give one");
    std::string path = check_path.empty() ? config_path : check_path;
    if (path.empty())
        return fail("--check-config needs a file: --check-config FILE");
    auto text = read_config_file(path);
    if (!text)
        return fail(text.failure().message);
    auto check = check_config(*text);
    if (!check.problems.empty()) {
        std::cerr << format_problems(path, check.problems) << "\n";
        return 1;
    }
    std::cout << path << ": ok\n";
    return 0;
}

Outcome<std::unique_ptr<Repository>> open_data(const std::string& data_dir)
{
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    if (ec)
        return Failure{FailureKind::Internal, "cannot create data directory " + data_dir + ": " + ec.message()};
    ::chmod(data_dir.c_str(), 0700); // keys, sessions and screenshots live here
    return Repository::open((fs::path(data_dir) / "content.db").string());
}

int serve(Config config, bool demo)
{
    auto listen = parse_listen(config.listen);
    if (!listen)
        return fail(listen.failure().message);
    auto repository = open_data(config.data_dir);
    if (!repository)
        return fail(repository.failure().message);
    if (!(*repository)->read_only_reason().empty())
        std::cerr << "kiosk-content: cannot save anything (" << (*repository)->read_only_reason()
                  << "): the disk is full or read-only; serving what the database holds, read-only\n";
    if (auto purged = (*repository)->purge_expired_counts(config.keep_counts_years))
        std::cout << "Deleted " << purged << " rows of anonymous counts older than " << config.keep_counts_years << " years.\n";
    if (auto purged = (*repository)->purge_expired_suggestions())
        std::cout << "Deleted " << purged << " suggestions from the public older than 90 days.\n";
    auto key = load_or_create_key(config.data_dir);
    if (!key)
        return fail(key.failure().message);
    if (demo) {
        auto password = load_demo(**repository);
        if (!password)
            return fail("cannot load the demo building: " + password.failure().message);
        std::cout << "Demo building loaded. Sign in as \"admin\" with the one-time password: " << *password << "\n";
    } else if ((*repository)->user_count() == 0) {
        std::cout << "No accounts yet: run `kiosk-content --data " << config.data_dir
                  << " create-admin --user NAME` and type a password.\n";
    }

    // Signals are taken by one thread with sigwait, so stopping never runs inside a handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    FeedCache feeds(**repository, *key);
    HttpServer server(config, **repository, feeds);
    auto port = server.bind(listen->host, listen->port);
    if (!port)
        return fail(port.failure().message);
    server.start_background_jobs();
    std::cout << "kiosk-content listening on http://" << listen->host << ":" << *port << "/admin/" << std::endl;

    std::thread waiter([&server, signals] {
        int received = 0;
        sigwait(&signals, &received);
        server.stop();
    });
    bool ok = server.run();
    if (waiter.joinable()) {
        pthread_kill(waiter.native_handle(), SIGTERM); // release sigwait if run() ended on its own
        waiter.join();
    }
    return ok ? 0 : 1;
}

// [SECTION] A password typed at a terminal is not shown (nor left in its scrollback)
termios g_terminal_before{};

void restore_terminal_and_exit(int signal)
{
    tcsetattr(STDIN_FILENO, TCSANOW, &g_terminal_before);
    _exit(128 + signal);
}

// One line from standard input. On a terminal: a prompt, and no echo while it is typed (the
// Enter still moves to a new line); Ctrl-C puts the terminal back as it was. From a pipe or
// a file (a script, the packaging), the line as it comes, with no prompt.
std::string read_password(const std::string& prompt)
{
    std::string line;
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &g_terminal_before) != 0) {
        std::getline(std::cin, line);
        return line;
    }
    auto previous_int = std::signal(SIGINT, restore_terminal_and_exit);
    auto previous_term = std::signal(SIGTERM, restore_terminal_and_exit);
    termios quiet = g_terminal_before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::cerr << prompt << std::flush; // only once nothing typed can show
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &g_terminal_before);
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
    return line;
}

int create_admin(const Config& config, const std::string& name)
{
    auto repository = open_data(config.data_dir);
    if (!repository)
        return fail(repository.failure().message);
    std::string password = read_password("Password for " + name + " (at least 10 characters, not counting spaces): ");
    if (!password.empty() && password.back() == '\r')
        password.pop_back();
    auto user = (*repository)->create_user(name, password, Role::Admin, {});
    if (!user)
        return fail(user.failure().message);
    std::cout << "Created admin account \"" << name << "\".\n";
    return 0;
}

int print_public_key(const Config& config)
{
    std::error_code ec;
    fs::create_directories(config.data_dir, ec);
    auto key = load_or_create_key(config.data_dir);
    if (!key)
        return fail(key.failure().message);
    std::cout << key->public_key << "\n";
    return 0;
}

int list_sites(const Config& config)
{
    auto repository = open_data(config.data_dir);
    if (!repository)
        return fail(repository.failure().message);
    for (auto& site : (*repository)->sites()) {
        auto name = site.site.value("name", nlohmann::json(""));
        std::cout << site.id << "\t" << (name.is_object() ? name.value("en", "") : name.get<std::string>()) << "\n";
    }
    return 0;
}

int rotate(const Config& config)
{
    auto endorsement = rotate_key(config.data_dir);
    if (!endorsement)
        return fail(endorsement.failure().message);
    std::cout << "New public key: " << endorsement->public_key << "\n"
              << "Old public key: " << endorsement->previous_public_key << "\n"
              << "Restart kiosk-content to sign with the new key. Screens learn it from GET /api/v1/key\n"
              << "(the new key signed by the old one), or re-pair them; see docs/content-server.md.\n";
    return 0;
}

int export_command(const Config& config, const std::string& site, const std::string& out)
{
    auto repository = open_data(config.data_dir);
    if (!repository)
        return fail(repository.failure().message);
    auto key = load_key(config.data_dir);
    if (!key)
        return fail(key.failure().message);
    auto summary = export_site(**repository, *key, site, out);
    if (!summary)
        return fail(summary.failure().message);
    std::cout << "Exported site \"" << site << "\" version " << summary->version << " to " << out << ": feed "
              << summary->feed_bytes << " bytes, " << summary->media_files << " images.\n";
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // Everything this program writes (the database, its journal, keys, screenshots) is its
    // own: content.db was created 0644.
    umask(077);
    CLI::App app{"kiosk-content: the coordinators' content service for Come On In screens"};
    std::string config_path, data_dir, listen_address, check_path;
    bool demo = false;
    app.add_option("--config", config_path, "TOML configuration file (see config/kiosk-content.example.toml)");
    app.add_option("--data", data_dir, "data directory: database and signing key");
    app.add_option("--listen", listen_address, "address to listen on, e.g. 127.0.0.1:8080 (port 0: any free port)");
    app.add_flag("--demo", demo, "load the sample building and print a one-time admin password");
    // Both `--check-config FILE` (as the kiosk takes it) and `--config FILE --check-config`
    // (as kiosk-content.service's ExecStartPre has it).
    auto* check_option = app.add_option("--check-config", check_path,
                                        "check a configuration file (FILE, or the one --config names), print each problem with its line, and exit")
                             ->expected(0, 1);

    std::string admin_name;
    auto* create_cmd = app.add_subcommand("create-admin", "create an admin account; password from standard input");
    create_cmd->add_option("--user", admin_name, "account name")->required();
    auto* key_cmd = app.add_subcommand("public-key", "print the feed-signing public key (creating the key if needed)");
    auto* sites_cmd = app.add_subcommand("sites", "list site ids and names");
    auto* rotate_cmd = app.add_subcommand("rotate-key", "replace the signing key; see docs/content-server.md");
    std::string export_site_id, export_dir;
    auto* export_cmd = app.add_subcommand("export", "write a site's signed feed and media for static hosting");
    export_cmd->add_option("--site", export_site_id, "site id")->required();
    export_cmd->add_option("--out", export_dir, "output directory")->required();
    app.require_subcommand(0, 1);

    CLI11_PARSE(app, argc, argv);

    if (check_option->count() > 0)
        return check_config_file(check_path, config_path);
    Config config;
    if (!config_path.empty()) {
        auto loaded = load_config(config_path);
        if (!loaded)
            return fail(loaded.failure().message);
        config = loaded.release();
    }
    if (!listen_address.empty()) {
        if (auto parsed = parse_listen(listen_address); !parsed)
            return fail("--listen: " + parsed.failure().message);
        config.listen = listen_address;
    }
    if (!data_dir.empty()) {
        config.data_dir = data_dir;
    } else if (demo) {
        // A demo with no --data runs in a fresh directory and leaves the real one alone.
        std::string pattern = (fs::temp_directory_path() / "kiosk-content-demo-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            return fail("cannot create a demo data directory");
        config.data_dir = pattern;
        std::cout << "Demo data in " << config.data_dir << "\n";
    }

    if (*create_cmd)
        return create_admin(config, admin_name);
    if (*key_cmd)
        return print_public_key(config);
    if (*sites_cmd)
        return list_sites(config);
    if (*rotate_cmd)
        return rotate(config);
    if (*export_cmd)
        return export_command(config, export_site_id, export_dir);
    return serve(config, demo);
}
