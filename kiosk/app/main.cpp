// kiosk: the on-site app. Command line and wiring only; everything else lives in the libraries.
#include "kiosk/app/config.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/sync_link.h"
#include "kiosk/core/strings.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include "kiosk/store/staff_store.h"
#include <map>

using namespace coi;

int main(int argc, char** argv)
{
    CLI::App cli{"Come On In: the kiosk for a community building's reception and café screens"};
    std::string config_path, data_dir, check_path, screenshot_path, at, page_name, size = "1920x1080";
    bool fullscreen = false, accelerated = false;
    cli.add_option("--config", config_path, "TOML config file (see config/kiosk.example.toml)");
    cli.add_option("--data", data_dir, "where the database and media live");
    cli.add_flag("--fullscreen", fullscreen, "fill the screen, for kiosk use");
    cli.add_flag("--accelerated", accelerated, "use the GPU renderer where there is one (default: software)");
    cli.add_option("--size", size, "window or screenshot size, WxH")->check([](const std::string& s) {
        int w = 0, h = 0;
        char x = 0;
        return std::sscanf(s.c_str(), "%d%c%d", &w, &x, &h) == 3 && x == 'x' && w >= 320 && h >= 240 && w <= 7680 && h <= 7680
                   ? std::string()
                   : std::string("expected a size like 1920x1080");
    });
    // `--check-config FILE`, or `--config FILE --check-config` as kiosk-content also takes it.
    auto* check_option = cli.add_option("--check-config", check_path, "check a config file (FILE, or the one --config names), print each problem with its line, and exit")
                             ->expected(0, 1);
    cli.add_option("--screenshot", screenshot_path, "render one frame to this PNG without a display, and exit");
    std::string emergency;
    cli.add_option("--emergency", emergency, "with --screenshot: the emergency takeover: evacuate, closed, stay_inside, or message:TEXT");
    cli.add_option("--at", at, "with --screenshot: the site's local time, YYYY-MM-DDTHH:MM (default: now)");
    cli.add_option("--page", page_name, "with --screenshot: whats-on, cafe, notices, week, or a check-in step: welcome, purpose, name, done, checkout, goodbye")
        ->check(CLI::IsMember({"whats-on", "cafe", "notices", "week", "welcome", "purpose", "name", "done", "checkout", "goodbye", "remember"}));
    std::string language;
    cli.add_option("--lang", language, "show the screens in this language: en, pl, ro, lt or uk; overrides [kiosk] language")
        ->check([](const std::string& code) {
            return core::has_language(code) ? std::string() : "no translation for \"" + code + "\"; expected en, pl, ro, lt or uk";
        });
    std::string server, feed_url, feed_key;
    bool sync_once = false;
    cli.add_option("--server", server, "pair with this kiosk-content (https://...) and follow its feed; overrides [sync] server");
    cli.add_option("--feed", feed_url, "follow a static feed: https://.../feed.json or file:///media/usb/feed.json; overrides [sync] feed");
    cli.add_option("--feed-key", feed_key, "the feed's public key, as `kiosk-content public-key` prints it; overrides [sync] feed_key");
    cli.add_flag("--sync-once", sync_once, "poll the server or feed once before starting (or before --screenshot)");
    // Tools that work on the database while the kiosk is not running (or is).
    auto* roll_call = cli.add_subcommand("roll-call", "print who is in the building, for a fire roll-call");
    auto* purge = cli.add_subcommand("purge", "erase visitors' names and codes older than the site's retention days");
    auto* set_pin = cli.add_subcommand("set-pin", "set the cafe or staff PIN (4 to 8 digits), read from standard input");
    std::string pin_role;
    set_pin->add_option("--role", pin_role, "cafe or staff")->required()->check(CLI::IsMember({"cafe", "staff"}));
    for (auto* sub : {roll_call, purge, set_pin}) {
        sub->add_option("--config", config_path, "TOML config file");
        sub->add_option("--data", data_dir, "where the database lives");
    }
    CLI11_PARSE(cli, argc, argv);

    if (check_option->count() > 0) {
        if (!check_path.empty() && !config_path.empty() && check_path != config_path) {
            std::fprintf(stderr, "kiosk: --check-config %s and --config %s name two files: give one\n", check_path.c_str(), config_path.c_str());
            return 1;
        }
        if (check_path.empty())
            check_path = config_path;
        if (check_path.empty()) {
            std::fputs("kiosk: --check-config needs a file: --check-config FILE\n", stderr);
            return 1;
        }
        auto loaded = app::load_config(check_path);
        if (!loaded) {
            std::fputs(loaded.error().message.c_str(), stderr);
            return 1;
        }
        std::printf("%s: ok\n", check_path.c_str());
        return 0;
    }

    app::Config config;
    if (!config_path.empty()) {
        auto loaded = app::load_config(config_path);
        if (!loaded) {
            std::fputs(loaded.error().message.c_str(), stderr);
            return 2;
        }
        config = *loaded;
    }
    if (!language.empty())
        config.language = language;
    if (data_dir.empty())
        data_dir = config.data_dir.empty() ? app::default_data_dir() : config.data_dir;
    if (!server.empty() || !feed_url.empty()) {
        config.sync.server = server;
        config.sync.feed = feed_url;
    }
    if (!feed_key.empty())
        config.sync.feed_key = feed_key;
    if (auto problems = app::sync_problems(config.sync); !problems.empty()) {
        for (auto& p : problems)
            std::fprintf(stderr, "kiosk: %s\n", p.c_str());
        return 2;
    }
    if (sync_once && config.sync.enabled()) {
        auto report = app::sync_once(config.sync, data_dir);
        if (!report.error.empty())
            app::log_line("warning", "sync: " + report.error);
        if (!report.pairing_code.empty())
            app::log_line("info", "sync: pair this screen with code " + report.pairing_code);
        if (report.outcome == sync::PollOutcome::Applied)
            app::log_line("info", "sync: now showing content version " + std::to_string(report.version));
    }

    if (set_pin->parsed()) {
        std::string pin;
        std::getline(std::cin, pin);
        while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' '))
            pin.pop_back();
        auto db = store::Database::open(data_dir + "/kiosk.db");
        if (!db) {
            app::log_line("error", db.error().message);
            return 1;
        }
        store::StaffStore staff(*db);
        auto role = *core::staff_role_from_code(pin_role);
        if (auto saved = staff.set_pin(role, pin); !saved) {
            std::fprintf(stderr, "kiosk set-pin: %s\n", saved.error().message.c_str());
            return 2;
        }
        std::printf("the %s PIN is set\n", pin_role.c_str());
        return 0;
    }
    if (roll_call->parsed() || purge->parsed()) {
        platform::DisplayOptions none;
        none.mode = platform::WindowMode::None;
        auto kiosk = app::KioskApp::open(config, data_dir, none, roll_call->parsed() ? app::StoreUse::ReadOnly : app::StoreUse::Run);
        if (!kiosk) {
            app::log_line("error", kiosk.error().message);
            return 1;
        }
        if (roll_call->parsed()) {
            std::fputs((*kiosk)->roll_call(app::wall_clock_now()).c_str(), stdout);
            return 0;
        }
        auto erased = (*kiosk)->purge(app::wall_clock_now());
        if (!erased) {
            app::log_line("error", erased.error().message);
            return 1;
        }
        std::printf("erased the names and codes of %d visits older than %d days\n", *erased, (*kiosk)->feed().site.checkin.retention_days);
        return 0;
    }

    platform::DisplayOptions display;
    std::sscanf(size.c_str(), "%dx%d", &display.width, &display.height);
    display.mode = !screenshot_path.empty() ? platform::WindowMode::Headless
                   : fullscreen             ? platform::WindowMode::Fullscreen
                                            : platform::WindowMode::Windowed;
    display.rendering = accelerated ? platform::Rendering::Accelerated : platform::Rendering::Software;
    if (screenshot_path.empty())
        display.rotation = config.display.rotate; // a screenshot is of the upright picture, at --size

    auto kiosk = app::KioskApp::open(config, data_dir, display);
    if (!kiosk) {
        app::log_line("error", kiosk.error().message);
        return 1;
    }
    if (!screenshot_path.empty()) {
        feed::Instant when = app::wall_clock_now();
        if (!at.empty()) {
            auto parsed = (*kiosk)->site_time(at);
            if (!parsed) {
                app::log_line("error", parsed.error().message);
                return 2;
            }
            when = *parsed;
        }
        const std::map<std::string, core::Step> steps = {{"welcome", core::Step::Welcome}, {"purpose", core::Step::Purpose},
            {"name", core::Step::Name}, {"done", core::Step::Done}, {"checkout", core::Step::Checkout}, {"goodbye", core::Step::CheckoutDone}, {"remember", core::Step::Remember}};
        if (!emergency.empty()) {
            auto colon = emergency.find(':');
            auto kind = feed::emergency_kind_from_code(emergency.substr(0, colon));
            if (!kind) {
                app::log_line("error", "--emergency: expected evacuate, closed, stay_inside or message:TEXT");
                return 2;
            }
            (*kiosk)->show_emergency(core::started_here(*kind, colon == std::string::npos ? "" : emergency.substr(colon + 1), "screenshot", when));
        }
        auto step = steps.find(page_name);
        feed::Page page = page_name.empty() || step != steps.end() ? feed::Page::WhatsOn : *feed::page_from_code(page_name);
        auto r = step != steps.end() ? (*kiosk)->screenshot(step->second, when, screenshot_path) : (*kiosk)->screenshot(page, when, screenshot_path);
        if (!r) {
            app::log_line("error", r.error().message);
            return 1;
        }
        return 0;
    }
    app::log_line("info", "showing " + (*kiosk)->feed().site.name.get("en") + " from " + data_dir);
    (*kiosk)->start_sync(data_dir);
    return (*kiosk)->run();
}
