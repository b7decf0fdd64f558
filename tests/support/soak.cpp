#include "soak.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "content/sample/sample.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/app/sync_link.h"
#include "kiosk/platform/display.h"
#include "kiosk/store/staff_store.h"
#include "kiosk/ui/theme.h"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <malloc.h>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace coi::soak {
namespace {

long resident_kb()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

long heap_in_use_kb()
{
    struct mallinfo2 info = mallinfo2(); // every arena, so the sync thread's too
    return static_cast<long>((info.uordblks + info.hblkhd) / 1024);
}

class Soak {
public:
    Soak(SoakOptions options, std::filesystem::path dir) : m_options(options), m_dir(std::move(dir)) {}

    SoakResult run(const std::function<void(const DayReport&)>& on_day = {})
    {
        SoakResult result;
        if (auto problem = open(); !problem.empty()) {
            result.error = problem;
            return result;
        }
        for (int day = 0; day <= m_options.days && m_error.empty(); ++day) {
            auto started = std::chrono::steady_clock::now();
            DayReport report = live_one_day(day);
            report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            result.days.push_back(report);
            if (on_day)
                on_day(report);
        }
        result.error = m_error;
        m_kiosk.reset();
        return result;
    }

private:
    // [SECTION] Setting up: PINs, the first signed feed, the kiosk following it.

    std::string open()
    {
        std::filesystem::create_directories(m_dir / "feed" / "media");
        {
            auto db = store::Database::open(m_dir / "data" / "kiosk.db");
            if (!db)
                return db.error().message;
            store::StaffStore pins(*db);
            if (!pins.set_pin(core::StaffRole::Cafe, "1357"))
                return "cannot set the café PIN";
        }
        m_keys = feed::generate_key_pair();
        m_base = nlohmann::json::parse(sample::feed_json());
        // Two days' retention so the daily purge has names to erase within a week.
        m_base["site"]["checkin"]["retention_days"] = 2;
        auto zone = core::TimeZone::load(m_base["site"]["timezone"].get<std::string>());
        if (!zone)
            return zone.error().message;
        m_zone = *zone;
        for (auto& m : sample::media())
            write_file(m_dir / "feed" / "media" / std::string(m.sha256), std::string(m.bytes));
        app::Config config;
        config.read_aloud = false; // no audio device headless; speech is not what is soaked
        config.sync.feed = "file://" + (m_dir / "feed" / "feed.json").string();
        config.sync.feed_key = m_keys.public_key;
        config.sync.poll_seconds = 24 * 3600; // the soak says when to poll (poll_now), on its clock
        config.sync.media_cache_mb = 1;
        platform::DisplayOptions display;
        display.width = m_options.width;
        display.height = m_options.height;
        display.mode = platform::WindowMode::Headless;
        auto kiosk = app::KioskApp::open(config, (m_dir / "data").string(), display);
        if (!kiosk)
            return kiosk.error().message;
        m_kiosk = kiosk.release();
        m_kiosk->use_clock_sync([] { return core::ClockSync::Synchronised; }); // the soak's clock is right
        // Monday 30 November 2026, midnight in the building's zone.
        auto start = m_kiosk->site_time("2026-11-30T00:00");
        if (!start)
            return start.error().message;
        m_now = *start;
        publish_version(); // before the sync thread's first poll
        m_kiosk->start_sync((m_dir / "data").string());
        if (!m_kiosk->sync())
            return "the sync thread did not start";
        if (!wait_for_version(m_version))
            return "the first content version never arrived";
        return {};
    }

    static void write_file(const std::filesystem::path& path, const std::string& bytes)
    {
        auto temp = path.string() + ".tmp";
        std::ofstream(temp, std::ios::binary) << bytes;
        std::filesystem::rename(temp, path); // the kiosk never reads half a file
    }

    // A new content version: a notice with its own new image, today's soup, the
    // coordinators' edit of the same base building. Signed over the exact bytes.
    void publish_version()
    {
        ++m_version;
        nlohmann::json doc = m_base;
        doc["version"] = m_version;
        std::string today = feed::format_date(local_date());
        std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\" viewBox=\"0 0 400 300\">"
                          "<rect width=\"400\" height=\"300\" fill=\"#"
            + hex_colour(m_version) + "\"/><circle cx=\"" + std::to_string(100 + m_version % 200) + "\" cy=\"150\" r=\"80\" fill=\"#fff\"/></svg>";
        std::string sha = feed::sha256_hex(svg);
        write_file(m_dir / "feed" / "media" / sha, svg);
        doc["media"].push_back({{"sha256", sha}, {"type", "image/svg+xml"}, {"bytes", svg.size()}});
        doc["notices"].push_back({{"id", "update-" + std::to_string(m_version)}, {"title", "News " + std::to_string(m_version)},
            {"body", "Content version " + std::to_string(m_version) + ", sent by the coordinators."}, {"image", sha}});
        doc["specials"].push_back({{"id", "soup-" + std::to_string(m_version)}, {"name", "Soup number " + std::to_string(m_version)},
            {"price_pence", 300 + m_version % 50}, {"allergens", {"celery"}}, {"days", {today}}});
        std::string bytes = doc.dump();
        auto signature = feed::sign_bytes(bytes, m_keys.secret_key);
        write_file(m_dir / "feed" / "feed.json.sig", *signature);
        write_file(m_dir / "feed" / "feed.json", bytes);
    }

    static std::string hex_colour(int n)
    {
        char out[8];
        std::snprintf(out, sizeof out, "%06x", (n * 2654435761u) & 0xffffff);
        return out;
    }

    bool wait_for_version(int version)
    {
        // The sync thread applies it on its own connection; the frame loop picks it up at
        // the next pump, as between two frames of the real loop.
        for (int i = 0; i < 10000; ++i) {
            auto status = m_kiosk->sync()->status();
            if (status.version == version)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return false;
    }

    // [SECTION] Frames and taps

    feed::Date local_date() { return m_zone.local_date(m_now); }

    void frame()
    {
        m_kiosk->pump(m_now);
        if (!m_kiosk->blank())
            m_pages_today.insert(page_drawn());
    }

    // Step the clock to each moment the frame loop would wake by itself before `until`, with
    // a frame there, then to `until` (without a frame: what happens then draws its own).
    void idle_until(feed::Instant until)
    {
        while (m_error.empty()) {
            feed::Instant next = std::max(m_kiosk->next_change(m_now), m_now + 1);
            if (next >= until)
                break;
            m_now = next;
            frame();
        }
        m_now = std::max(m_now, until);
    }

    int page_drawn()
    {
        // The rotation's pages differ in their headings; a check-in or staff screen is -1.
        auto& log = m_kiosk->draw_log();
        if (m_kiosk->staff().active() || m_kiosk->checkin_state().step != core::Step::Signage)
            return -1;
        for (auto [text, page] : {std::pair{"Café today", 1}, std::pair{"Notices", 2}, std::pair{"This week", 3}})
            if (log.contains(text))
                return page;
        return 0;
    }

    bool shows(const std::string& text) { return m_kiosk->draw_log().contains(text); }

    void tap(const std::string& label)
    {
        if (!m_error.empty())
            return;
        auto& texts = m_kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        if (it == texts.end()) {
            std::string drawn;
            for (auto& t : texts)
                drawn += (drawn.empty() ? "" : " | ") + t.text;
            fail("nothing labelled \"" + label + "\" on screen (it shows: " + drawn + ")");
            return;
        }
        tap_at((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2);
        if (std::getenv("SOAK_DEBUG")) { std::string drawn; for (auto& t : m_kiosk->draw_log().texts) drawn += t.text + "|"; std::fprintf(stderr, "tapped %s at %.0f,%.0f: %s\n", label.c_str(), (it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, drawn.c_str()); }
    }

    void tap_at(float x, float y)
    {
        platform::push_tap(x, y, m_kiosk->display().size());
        for (int i = 0; i < 3; ++i) // press, release, and the frame that shows the result
            frame();
        m_now += 1;
    }

    // Typed on a keyboard: the frame that takes the text, and the one that shows what it
    // changed (as the frame loop draws two after any input).
    void type(const std::string& text)
    {
        platform::push_text(text);
        frame();
        frame();
        m_now += 1;
    }

    void fail(const std::string& why)
    {
        if (m_error.empty()) {
            auto local = m_zone.to_local(m_now);
            m_error = feed::format_date(local.date) + " " + feed::format_clock(local.minutes) + ": " + why;
        }
    }

    // Until the flow is back on signage (the thank-you screen times out by itself).
    void back_to_signage()
    {
        for (int i = 0; i < 60 && m_error.empty() && m_kiosk->checkin_state().step != core::Step::Signage; ++i) {
            m_now = std::max(m_kiosk->next_change(m_now), m_now + 1);
            frame();
        }
        if (m_kiosk->checkin_state().step != core::Step::Signage)
            fail("the check-in screens did not return to signage");
    }

    // [SECTION] What happens in a day

    void visitor(int n)
    {
        static const char* const names[] = {"Sam", "Priya", "Olek", "Ioana", "Rasa", "Mykola", "Bernadette", "Tom", "Aisha", "Jan"};
        tap_at(m_options.width / 2.0f, m_options.height / 2.0f); // anywhere on signage
        auto inside = m_kiosk->checkins().inside();
        if (n % 4 == 3 && !inside.empty()) {
            // Leaving: by name, or by code every other time.
            const auto& person = inside[static_cast<std::size_t>(n) % inside.size()];
            tap("Leaving?");
            if (n % 8 == 3) {
                // The first two letters, as the screen asks (typing a whole short name,
                // "Jan", would put a second "Jan" on screen: the search field's own text).
                type(person.first_name.substr(0, 2));
                tap(person.first_name + (person.initial.empty() ? "" : " " + person.initial + "."));
            } else {
                type(person.code);
                tap("Check out with this code");
            }
            if (m_error.empty() && m_kiosk->checkin_state().step != core::Step::CheckoutDone)
                fail("checking out " + person.first_name + " did not say goodbye");
            ++m_report.check_outs;
        } else if (n % 2 == 0) {
            tap("Check in");
            tap("Café or a cuppa");
            ++m_report.head_counts;
        } else {
            tap("Check in");
            tap(n % 3 == 0 ? "Volunteering" : "Visiting someone");
            type(names[n % 10]);
            platform::push_enter();
            for (int i = 0; i < 3; ++i)
                frame();
            if (m_error.empty() && m_kiosk->checkin_state().step != core::Step::Done)
                fail(std::string("checking in ") + names[n % 10] + " was not confirmed");
            ++m_report.check_ins;
        }
        back_to_signage();
    }

    // The café at lunchtime: staff mode by the hidden press on the clock, a new special
    // typed on the screen's keyboard, the first one on the list changed, one marked sold out.
    void cafe_edits(int day)
    {
        ImVec2 size = m_kiosk->display().size();
        ImVec2 clock{size.x - 20, ui::make_theme(size).header_height / 2};
        // Each press and release needs a frame of its own, and the frame loop draws two
        // after any input; a pointer held down wakes it every 250 ms (here: each second).
        platform::push_finger(clock.x, clock.y, size, true);
        frame();
        frame();
        for (int second = 0; second < 3; ++second) {
            m_now += 1;
            frame();
        }
        platform::push_finger(clock.x, clock.y, size, false);
        frame();
        frame();
        if (!shows("Staff PIN")) {
            fail("the press on the clock did not open the PIN pad");
            return;
        }
        for (const char* k : {"1", "3", "5", "7", "OK"})
            tap(k);
        tap("Café specials");
        tap("Add a special");
        tap("Name");
        for (const char* k : {"P", "i", "e"})
            tap(k);
        tap("Done");
        tap("Price");
        for (char k : std::to_string(200 + day * 10))
            tap(std::string(1, k));
        tap("Done");
        tap("7  Milk");
        tap("Save");
        ++m_report.special_edits;
        tap("Change"); // the first special on the list
        tap("Vegetarian");
        tap("Save");
        ++m_report.special_edits;
        tap("Sold out");
        ++m_report.special_edits;
        tap("Back");
        tap("Lock");
        if (m_kiosk->staff().active())
            fail("staff mode did not lock");
    }

    void new_content()
    {
        publish_version();
        m_kiosk->sync()->poll_now();
        if (!wait_for_version(m_version))
            fail("content version " + std::to_string(m_version) + " never arrived");
        frame(); // the frame loop swaps it in and draws it
        ++m_report.versions;
    }

    DayReport live_one_day(int day)
    {
        m_report = DayReport{};
        m_report.day = day;
        m_report.date = feed::format_date(local_date());
        m_pages_today.clear();
        long frames_before = m_kiosk->stats().frames;
        feed::Date date = local_date();
        feed::Instant midnight = m_zone.start_of_day(date);
        feed::Instant end = m_zone.start_of_day(feed::add_days(date, 1));
        // The day's happenings in time order: a new content version every few hours, a
        // visitor every few minutes while open, the café's edits at half past twelve.
        enum class What { Content, Visitor, Cafe };
        std::vector<std::pair<feed::Instant, What>> plan;
        for (int minute = 90; minute < 24 * 60; minute += m_options.sync_every_hours * 60)
            plan.push_back({midnight + minute * 60, What::Content});
        auto closes = core::closing_time(m_kiosk->feed(), m_zone, date);
        // Visitors come from ten until an hour before closing.
        for (int minute = 10 * 60 + 7; closes && m_zone.from_local(date, minute) + 3600 < *closes; minute += m_options.visitor_every_minutes)
            plan.push_back({m_zone.from_local(date, minute), What::Visitor});
        if (closes && m_zone.from_local(date, 12 * 60 + 30) < *closes)
            plan.push_back({m_zone.from_local(date, 12 * 60 + 30), What::Cafe});
        std::sort(plan.begin(), plan.end());
        for (auto [when, what] : plan) {
            idle_until(when);
            if (!m_error.empty())
                break;
            switch (what) {
            case What::Content: new_content(); break;
            case What::Visitor: visitor(m_visitors++); break;
            case What::Cafe: cafe_edits(day); break;
            }
        }
        idle_until(end);
        frame(); // the new day's first frame: purge runs in housekeeping
        m_report.rss_kb = resident_kb();
        m_report.heap_kb = heap_in_use_kb();
        m_report.frames = m_kiosk->stats().frames - frames_before;
        m_report.stored_check_ins = m_kiosk->checkins().count_all();
        m_report.inside_at_end = static_cast<int>(m_kiosk->checkins().inside().size());
        m_report.pages_seen = m_pages_today;
        auto db = store::Database::open(m_dir / "data" / "kiosk.db");
        if (auto rows = db->query("SELECT COUNT(*) FROM checkin WHERE first_name IS NOT NULL AND first_name != ''"); rows && !rows->empty())
            m_report.named_with_names = static_cast<int>((*rows)[0][0].integer);
        return m_report;
    }

    SoakOptions m_options;
    std::filesystem::path m_dir;
    std::unique_ptr<app::KioskApp> m_kiosk;
    feed::KeyPair m_keys;
    core::TimeZone m_zone = core::TimeZone::utc();
    nlohmann::json m_base;
    int m_version = 1;
    feed::Instant m_now = 0;
    int m_visitors = 0;
    DayReport m_report;
    std::set<int> m_pages_today;
    std::string m_error;
};

} // namespace

SoakResult run(const SoakOptions& options, const std::filesystem::path& dir, const std::function<void(const DayReport&)>& on_day)
{
    return Soak(options, dir).run(on_day);
}

} // namespace coi::soak
