#include "power_cut.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "content/sample/sample.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/store/checkin_store.h"
#include "kiosk/store/staff_store.h"
#include "kiosk/sync/feed_client.h"
#include <nlohmann/json.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace coi::power_cut {
namespace {

// [SECTION] Content versions, produced whole by the parent before a child may see them

struct Version {
    std::int64_t number = 0;
    std::string sha256;       // of the feed bytes
    std::string url;          // file://.../vN/feed.json
};

class Producer {
public:
    Producer(std::filesystem::path dir, const Options& options) : m_dir(std::move(dir)), m_options(options)
    {
        m_keys = feed::generate_key_pair();
        m_base = nlohmann::json::parse(sample::feed_json());
    }
    const std::string& public_key() const { return m_keys.public_key; }
    const std::map<std::int64_t, Version>& versions() const { return m_versions; }

    // Version n, written in full (media, signature, then the feed) before it is listed.
    void produce(std::int64_t n)
    {
        if (m_versions.count(n))
            return;
        auto folder = m_dir / ("v" + std::to_string(n));
        std::filesystem::create_directories(folder / "media");
        nlohmann::json doc = m_base;
        doc["version"] = n;
        for (int i = 0; i < m_options.events_per_version; ++i)
            doc["events"].push_back({{"id", "v" + std::to_string(n) + "-e" + std::to_string(i)},
                {"title", "Session " + std::to_string(i) + " of version " + std::to_string(n)}, {"room", "main-hall"},
                {"start", "2026-12-" + two(1 + i % 28) + "T" + two(9 + i % 10) + ":00:00Z"},
                {"end", "2026-12-" + two(1 + i % 28) + "T" + two(10 + i % 10) + ":00:00Z"}});
        std::mt19937 random(static_cast<unsigned>(n));
        std::string image(static_cast<std::size_t>(m_options.image_bytes), '\0');
        for (auto& c : image)
            c = static_cast<char>(random());
        std::string sha = feed::sha256_hex(image);
        doc["media"].push_back({{"sha256", sha}, {"type", "image/png"}, {"bytes", image.size()}});
        doc["notices"].push_back({{"id", "v" + std::to_string(n)}, {"title", "Version " + std::to_string(n)}, {"body", "Whole or nothing."}, {"image", sha}});
        write(folder / "media" / sha, image);
        for (auto& m : sample::media())
            write(folder / "media" / std::string(m.sha256), std::string(m.bytes));
        std::string bytes = doc.dump();
        write(folder / "feed.json.sig", *feed::sign_bytes(bytes, m_keys.secret_key));
        write(folder / "feed.json", bytes);
        m_versions[n] = Version{n, feed::sha256_hex(bytes), "file://" + (folder / "feed.json").string()};
    }

private:
    static std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }
    static void write(const std::filesystem::path& path, const std::string& bytes)
    {
        std::ofstream(path, std::ios::binary) << bytes;
    }

    std::filesystem::path m_dir;
    Options m_options;
    feed::KeyPair m_keys;
    nlohmann::json m_base;
    std::map<std::int64_t, Version> m_versions;
};

// [SECTION] The child: three writers at once until the plug is pulled

class Child {
public:
    Child(std::filesystem::path data_dir, int round, int report_fd, std::vector<Version> versions, std::string key)
        : m_data(std::move(data_dir)), m_round(round), m_fd(report_fd), m_versions(std::move(versions)), m_key(std::move(key)) {}

    [[noreturn]] void run()
    {
        int null = ::open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO); // the app's log lines are not what is tested
        // In the kiosk's order: the app opens (on a first start it installs the embedded
        // building) before the sync thread starts and before anyone can check in.
        app::Config config;
        config.read_aloud = false;
        platform::DisplayOptions none;
        none.mode = platform::WindowMode::None;
        auto kiosk = app::KioskApp::open(config, m_data.string(), none);
        if (!kiosk) {
            say("X the kiosk did not open: " + kiosk.error().message);
            _exit(6);
        }
        std::thread sync([this] { apply_versions(); });
        std::thread visitors([this] { check_in_and_out(); });
        edit_specials(**kiosk);
        sync.join();
        visitors.join();
        _exit(0); // the parent kills us long before
    }

private:
    void say(const std::string& line)
    {
        std::string out = line + "\n"; // under PIPE_BUF: one write, never interleaved
        if (::write(m_fd, out.data(), out.size()) != static_cast<ssize_t>(out.size()))
            _exit(5);
    }

    // Each round is another day, so the content specials are there to edit again.
    feed::Instant now() const { return 1764320400 + static_cast<feed::Instant>(m_round) * 86400; } // 2026-11-28 09:00 UTC + round days

    // The sync code, on its own connection as the worker has: each newer produced version in turn.
    void apply_versions()
    {
        auto db = store::Database::open(m_data / "kiosk.db");
        if (!db)
            _exit(3);
        for (auto& version : m_versions) {
            // A version applied just before the last cut (never confirmed) is not offered again.
            auto current = store::ContentStore(*db).current();
            if (current && current->source != "embedded" && current->version >= version.number)
                continue;
            sync::SyncSettings settings;
            settings.feed_url = version.url;
            settings.feed_key = m_key;
            settings.media_cache_bytes = 2 * 1024 * 1024;
            sync::FeedClient client(*db, settings);
            auto report = client.poll(now());
            if (report.outcome == sync::PollOutcome::Applied)
                say("V " + std::to_string(report.version));
            else if (report.outcome == sync::PollOutcome::Failed)
                say("E " + report.error);
        }
    }

    void check_in_and_out()
    {
        auto db = store::Database::open(m_data / "kiosk.db");
        if (!db)
            _exit(3);
        store::CheckinStore store(*db);
        std::mt19937 random(static_cast<unsigned>(m_round) * 7919u);
        for (int i = 0;; ++i) {
            std::string name = "r" + std::to_string(m_round) + "v" + std::to_string(i);
            auto saved = store.check_in("volunteering", "named", "", name, "", [&] {
                std::string code;
                for (int k = 0; k < 4; ++k)
                    code += "ACDEFGHJKMNPQRTUVWXY34679"[random() % 25];
                return code;
            }, now() + i);
            if (!saved)
                _exit(4);
            say("I " + name);
            if (i % 3 == 0) {
                if (!store.check_out(saved->id, store::CheckoutKind::Self, now() + i + 1))
                    _exit(4);
                say("O " + name);
            }
        }
    }

    // The café through staff mode's own code: the PIN pad, then new specials, edits of the
    // coordinators' specials (which hide the content one today and save a local one) and
    // sold-out toggles. Confirmed when the screen would show the result.
    void edit_specials(app::KioskApp& kiosk)
    {
        auto& staff = kiosk.staff();
        auto zone = *core::TimeZone::load("Europe/London");
        auto intent = [&](ui::StaffIntent::Kind kind, std::string text = {}) {
            ui::StaffIntent in;
            in.kind = kind;
            in.text = std::move(text);
            if (kind == ui::StaffIntent::Kind::Open)
                in.screen = ui::StaffScreen::Specials;
            staff.handle(in, kiosk.shown_feed(now()), zone, now());
        };
        staff.open_pad(now());
        for (const char* d : {"1", "3", "5", "7"})
            intent(ui::StaffIntent::Kind::PadDigit, d);
        intent(ui::StaffIntent::Kind::PadOk);
        if (staff.role() != core::StaffRole::Cafe)
            _exit(7);
        say("R"); // started: every writer is at work
        intent(ui::StaffIntent::Kind::Open);
        const char* const content_specials[] = {"bacon-roll", "beans-on-toast", "cheese-toastie", "jacket-potato", "vegan-chilli"};
        const char* const sold_out[] = {"mug-of-tea", "filter-coffee", "victoria-sponge"};
        for (int i = 0;; ++i) {
            std::string day = feed::format_date(zone.local_date(now()));
            if (i % 3 == 0 || i / 3 >= 5) {
                std::string name = "Pie " + letters(m_round) + " " + letters(i);
                intent(ui::StaffIntent::Kind::AddSpecial);
                intent(ui::StaffIntent::Kind::EditName);
                intent(ui::StaffIntent::Kind::Type, name);
                intent(ui::StaffIntent::Kind::Done);
                intent(ui::StaffIntent::Kind::EditPrice);
                for (char c : std::to_string(100 + i))
                    intent(ui::StaffIntent::Kind::PadDigit, std::string(1, c));
                intent(ui::StaffIntent::Kind::Done);
                intent(ui::StaffIntent::Kind::SaveSpecial);
                if (shown_price(kiosk, name) == 100 + i)
                    say("S " + day + " " + std::to_string(100 + i) + " " + name);
            } else if (i % 3 == 1) {
                // A coordinators' special changed at the screen: a new price for today.
                const char* id = content_specials[i / 3];
                std::string name;
                for (auto& s : kiosk.feed().specials)
                    if (s.id == id)
                        name = s.name.get("en");
                intent(ui::StaffIntent::Kind::EditSpecial, id);
                intent(ui::StaffIntent::Kind::EditPrice);
                for (int k = 0; k < 5; ++k)
                    intent(ui::StaffIntent::Kind::PadBackspace);
                for (char c : std::to_string(900 + i))
                    intent(ui::StaffIntent::Kind::PadDigit, std::string(1, c));
                intent(ui::StaffIntent::Kind::Done);
                intent(ui::StaffIntent::Kind::SaveSpecial);
                if (shown_price(kiosk, name) == 900 + i)
                    say("S " + day + " " + std::to_string(900 + i) + " " + name);
            } else if (i / 3 < 3) {
                const char* id = sold_out[i / 3];
                intent(ui::StaffIntent::Kind::ToggleSoldOut, id);
                for (auto& s : kiosk.shown_feed(now()).specials)
                    if (s.id == id && s.sold_out)
                        say("T " + day + " " + id);
            }
        }
    }

    static std::string letters(int n)
    {
        std::string out;
        do {
            out += static_cast<char>('a' + n % 26);
            n /= 26;
        } while (n > 0);
        return out;
    }

    int shown_price(app::KioskApp& kiosk, const std::string& name)
    {
        for (auto& s : kiosk.shown_feed(now()).specials)
            if (s.name.get("en") == name)
                return static_cast<int>(s.price_pence);
        return -1;
    }

    std::filesystem::path m_data;
    int m_round;
    int m_fd;
    std::vector<Version> m_versions;
    std::string m_key;
};

// [SECTION] The parent: cut, then check everything that was confirmed

class Campaign {
public:
    Campaign(std::filesystem::path dir, Options options) : m_dir(std::move(dir)), m_options(options), m_producer(m_dir / "feeds", options) {}

    Report run()
    {
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir / "data");
        {
            auto db = store::Database::open(m_dir / "data" / "kiosk.db");
            if (!db || !store::StaffStore(*db).set_pin(core::StaffRole::Cafe, "1357")) {
                m_report.problems.push_back("cannot prepare the database");
                return m_report;
            }
        }
        std::mt19937 random(m_options.seed);
        for (int round = 0; m_report.kills < m_options.kills; ++round) {
            if (round > m_options.kills * 3) {
                m_report.problems.push_back("the child kept stopping by itself");
                break;
            }
            cut_once(round, random);
            check(m_dir / "data" / "kiosk.db");
            ++m_report.rounds_checked;
        }
        return m_report;
    }

private:
    void problem(const std::string& what)
    {
        if (m_report.problems.size() < 20)
            m_report.problems.push_back(what);
    }

    void cut_once(int round, std::mt19937& random)
    {
        // The next few versions, whole on disk before the child starts.
        std::vector<Version> next;
        std::int64_t from = std::max<std::int64_t>(std::max(m_newest_applied, m_stored_version), 1);
        for (std::int64_t n = from + 1; n <= from + 4; ++n) {
            m_producer.produce(n); // 1 is the embedded building
            next.push_back(m_producer.versions().at(n));
        }
        int fds[2];
        if (pipe(fds) != 0)
            return problem("pipe failed");
        pid_t child = fork();
        if (child < 0)
            return problem("fork failed");
        if (child == 0) {
            close(fds[0]);
            Child(m_dir / "data", round, fds[1], next, m_producer.public_key()).run();
        }
        close(fds[1]);
        // Every other cut comes at a random moment after the start, which may be during the
        // kiosk's first start or its opening of the store; the others a random moment after
        // the child says all three writers are at work (opening the kiosk and checking the
        // café PIN, an argon2id hash, take long enough on a busy machine that cuts timed from
        // the start alone would rarely reach the café's edits).
        std::string pending, buffer(1 << 16, '\0');
        auto read_some = [&](int timeout_ms) {
            pollfd p{fds[0], POLLIN, 0};
            if (::poll(&p, 1, timeout_ms) <= 0)
                return false;
            ssize_t n = read(fds[0], buffer.data(), buffer.size());
            if (n <= 0)
                return false;
            pending.append(buffer.data(), static_cast<std::size_t>(n));
            return true;
        };
        int status = 0;
        bool reaped = false; // it stopped by itself while we waited: said below
        if (round % 2 == 1)
            for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
                 pending.find("R\n") == std::string::npos && std::chrono::steady_clock::now() < until && !reaped;)
                if (!read_some(100))
                    reaped = waitpid(child, &status, WNOHANG) == child;
        int delay_ms = std::uniform_int_distribution<int>(m_options.min_delay_ms, m_options.max_delay_ms)(random);
        if (!reaped) {
            usleep(static_cast<useconds_t>(delay_ms * 1000));
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
        }
        for (ssize_t n; (n = read(fds[0], buffer.data(), buffer.size())) > 0;)
            pending.append(buffer.data(), static_cast<std::size_t>(n));
        close(fds[0]);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            ++m_report.kills;
        else
            problem("round " + std::to_string(round) + ": the child stopped by itself with status " + std::to_string(WEXITSTATUS(status)));
        // A line cut off by the kill was not confirmed; whole lines were.
        std::size_t start = 0;
        for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1)
            confirm(pending.substr(start, end - start));
    }

    void confirm(const std::string& line)
    {
        if (line.size() < 2)
            return;
        std::string rest = line.substr(2);
        switch (line[0]) {
        case 'I': m_checked_in.insert(rest); ++m_report.check_ins; break;
        case 'O': m_checked_out.insert(rest); ++m_report.check_outs; break;
        case 'V':
            m_newest_applied = std::max<std::int64_t>(m_newest_applied, std::stoll(rest));
            ++m_report.versions_applied;
            break;
        case 'S': {
            // "S <day> <price> <name>"
            auto a = rest.find(' '), b = rest.find(' ', a + 1);
            m_specials.push_back({rest.substr(0, a), std::stoi(rest.substr(a + 1, b - a - 1)), rest.substr(b + 1)});
            ++m_report.specials;
            break;
        }
        case 'T': m_sold_out.insert(rest); ++m_report.sold_out; break;
        case 'E': problem("the sync code refused a produced version: " + rest); break;
        case 'X': problem(rest); break;
        }
    }

    struct ConfirmedSpecial {
        std::string day;
        int price = 0;
        std::string name;
    };

    void check(const std::filesystem::path& file)
    {
        auto db = store::Database::open(file);
        if (!db)
            return problem("the database does not open after a cut: " + db.error().message);
        auto integrity = db->integrity_check();
        auto keys = db->query("PRAGMA foreign_key_check");
        if (!integrity || *integrity != "ok" || !keys || !keys->empty()) {
            ++m_report.integrity_failures;
            problem("integrity after kill " + std::to_string(m_report.kills) + ": " + (integrity ? *integrity : integrity.error().message));
        }
        check_visitors(*db);
        check_specials(*db);
        check_content(*db);
    }

    void check_visitors(store::Database& db)
    {
        auto rows = db.query("SELECT first_name, checked_out_at IS NOT NULL FROM checkin");
        if (!rows)
            return problem(rows.error().message);
        std::map<std::string, bool> stored;
        for (auto& r : *rows)
            stored[r[0].bytes] = r[1].integer != 0;
        for (auto& name : m_checked_in)
            if (!stored.count(name)) {
                ++m_report.lost;
                problem("confirmed check-in " + name + " is gone");
            }
        for (auto& name : m_checked_out)
            if (stored.count(name) && !stored[name]) {
                ++m_report.lost;
                problem("confirmed check-out of " + name + " is gone");
            }
    }

    void check_specials(store::Database& db)
    {
        auto locals = db.query("SELECT id, day, special, removed FROM local_special");
        auto outbox = db.query("SELECT body FROM outbox WHERE kind = 'special'");
        auto overrides = db.query("SELECT special_id, day, sold_out, removed FROM special_override");
        if (!locals || !outbox || !overrides)
            return problem("cannot read the specials");
        std::set<std::string> queued_ids;
        for (auto& r : *outbox)
            queued_ids.insert(nlohmann::json::parse(r[0].bytes)["special"].value("id", ""));
        std::map<std::pair<std::string, std::string>, int> local_price; // (day, name) -> price
        for (auto& r : *locals) {
            auto special = nlohmann::json::parse(r[2].bytes);
            std::string name = special["name"].is_string() ? special["name"].get<std::string>() : special["name"].value("en", "");
            if (r[3].integer == 0)
                local_price[{r[1].bytes, name}] = special.value("price_pence", -1);
            // Saved at the screen means on its way to the coordinators: never one without the other.
            if (!queued_ids.count(r[0].bytes)) {
                ++m_report.lost;
                problem("special " + name + " (" + r[0].bytes + ") is saved but not queued for the server");
            }
        }
        for (auto& s : m_specials) {
            auto it = local_price.find({s.day, s.name});
            if (it == local_price.end() || it->second != s.price) {
                ++m_report.lost;
                problem("confirmed special " + s.name + " at " + std::to_string(s.price) + "p on " + s.day + " is gone");
            }
        }
        auto content = feed::parse_feed(sample::feed_json());
        std::set<std::string> sold;
        for (auto& r : *overrides) {
            if (r[2].integer)
                sold.insert(r[1].bytes + " " + r[0].bytes);
            if (!r[3].integer)
                continue;
            // A coordinators' special hidden today must have its replacement saved with it.
            std::string name;
            for (auto& s : content->specials)
                if (s.id == r[0].bytes)
                    name = s.name.get("en");
            if (!local_price.count({r[1].bytes, name})) {
                ++m_report.lost;
                problem("special " + r[0].bytes + " is hidden on " + r[1].bytes + " but its edited version was not saved");
            }
        }
        for (auto& t : m_sold_out)
            if (!sold.count(t)) {
                ++m_report.lost;
                problem("confirmed sold-out " + t + " is gone");
            }
    }

    void check_content(store::Database& db)
    {
        store::ContentStore store(db);
        auto current = store.current();
        if (!current) {
            // Cut before the kiosk's first start finished installing the embedded building:
            // fine, as long as no version had arrived yet.
            if (m_newest_applied > 0)
                problem("no current content after a cut, though version " + std::to_string(m_newest_applied) + " was applied");
            return;
        }
        m_report.versions_seen_after_cuts.insert(current->version);
        m_stored_version = current->source == "embedded" ? 0 : current->version;
        if (current->version < m_newest_applied) {
            ++m_report.rolled_back;
            problem("content went back to version " + std::to_string(current->version) + " after " + std::to_string(m_newest_applied) + " was applied");
        }
        if (current->source == "embedded")
            return; // the embedded building, before the first version arrived
        auto& produced = m_producer.versions();
        auto it = produced.find(current->version);
        bool whole = it != produced.end() && feed::sha256_hex(current->feed_bytes) == it->second.sha256;
        auto parsed = feed::parse_feed(current->feed_bytes);
        if (whole && parsed) {
            // Every generated event and notice is of this one version.
            std::string mine = "v" + std::to_string(current->version) + "-";
            int own = 0;
            for (auto& e : parsed->events)
                if (e.id.rfind("v", 0) == 0 && e.id.find("-e") != std::string::npos)
                    own += e.id.rfind(mine, 0) == 0 ? 1 : -100000;
            whole = own == m_options.events_per_version;
            for (auto& m : parsed->media) {
                auto blob = store.media(m.sha256);
                whole = whole && blob && feed::sha256_hex(blob->bytes) == m.sha256;
            }
        }
        if (!whole) {
            ++m_report.torn_content;
            problem("content version " + std::to_string(current->version) + " is not one whole produced version");
        }
    }

    std::filesystem::path m_dir;
    Options m_options;
    Producer m_producer;
    Report m_report;
    std::int64_t m_newest_applied = 0; // the newest version the sync code reported applied
    std::int64_t m_stored_version = 0; // what the store held after the last cut
    std::set<std::string> m_checked_in, m_checked_out, m_sold_out;
    std::vector<ConfirmedSpecial> m_specials;
};

} // namespace

Report run(const std::filesystem::path& dir, const Options& options)
{
    return Campaign(dir, options).run();
}

} // namespace coi::power_cut
