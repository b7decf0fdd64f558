#include "kiosk/app/kiosk_app.h"

#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/app/service.h"
#include "kiosk/app/sync_link.h"
#include "kiosk/core/display_schedule.h"
#include "kiosk/core/format.h"
#include "kiosk/core/reporting.h"
#include "kiosk/core/rotation.h"
#include "kiosk/core/strings.h"
#include "kiosk/core/text_input.h"
#include "kiosk/platform/wake.h"
#include "kiosk/sync/outbox.h"
#include "kiosk/ui/checkin_screens.h"
#include "kiosk/ui/emergency_screen.h"
#include "kiosk/ui/identify_screen.h"
#include "kiosk/ui/signage_screen.h"

#include <arpa/inet.h>
#include <chrono>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <imgui.h>

namespace coi::app {

// [SECTION] Small shared pieces

std::string default_data_dir()
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::string(xdg) + "/come-on-in";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/come-on-in";
    return "come-on-in-data";
}

void log_line(std::string_view level, std::string_view message)
{
    // The sd-daemon(3) prefix gives journald the level ("<3>" error, "<4>" warning, "<6>" info);
    // it strips the prefix from the message. One event, one line: a newline inside a message
    // would start a line journald takes for a new event.
    const char* priority = level == "error" ? "<3>" : level == "warning" ? "<4>" : level == "debug" ? "<7>" : "<6>";
    std::string line(message);
    for (char& c : line)
        if (c == '\n' || c == '\r')
            c = ' ';
    std::printf("%skiosk: %.*s: %s\n", priority, static_cast<int>(level.size()), level.data(), line.c_str());
    std::fflush(stdout);
}

feed::Instant wall_clock_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

static int wall_clock_millis()
{
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return static_cast<int>(ms % 1000);
}

// [SECTION] Opening

// The database whatever the storage does: a screen shows the last content it can read (or the
// embedded building) rather than nothing, and the roll-call reads whatever is readable.
static Result<store::OpenedStore> open_store(const std::string& data_dir, StoreUse use)
{
    std::filesystem::path file = data_dir + "/kiosk.db";
    if (use == StoreUse::Run)
        return store::open_or_recover(file, wall_clock_now());
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        auto empty = store::Database::open_in_memory(); // no kiosk has run here: nobody is in
        if (!empty)
            return empty.error();
        return store::OpenedStore{empty.release(), store::StorageHealth::InMemory, "no database at " + file.string() + " yet"};
    }
    auto read = store::Database::open_for_reading(file);
    if (!read)
        return read.error();
    return store::OpenedStore{read.release(), store::StorageHealth::Healthy, ""};
}

Result<std::unique_ptr<KioskApp>> KioskApp::open(const Config& config, const std::string& data_dir, const platform::DisplayOptions& display,
                                                 StoreUse use)
{
    auto opened = open_store(data_dir, use);
    if (!opened)
        return opened.error();
    std::unique_ptr<KioskApp> app(new KioskApp(config, std::move(opened->db)));
    app->m_storage_problem = opened->problem;
    app->m_storage_health = use == StoreUse::Run ? opened->health : store::StorageHealth::Healthy;
    if (use == StoreUse::Run && opened->health != store::StorageHealth::Healthy)
        log_line("error", "storage: " + opened->problem);
    app->m_data_dir = data_dir;
    app->m_lockdown = display.lockdown || display.mode == platform::WindowMode::Fullscreen;
    if (auto r = app->load_content(); !r)
        return r.error();
    if (auto kept = app->m_kept.get(store::Setting::LocalEmergency)) {
        // What staff here started, or another kiosk said, survives a restart: a screen that
        // restarts mid-evacuation must not go back to "What's on today".
        auto doc = nlohmann::json::parse(*kept, nullptr, false);
        // Read by the feed's own reader, inside the smallest feed it takes.
        nlohmann::json wrapped = nlohmann::json::object();
        wrapped["format"] = 1;
        wrapped["version"] = 1;
        wrapped["generated_at"] = "2026-01-01T00:00:00Z";
        wrapped["site"] = nlohmann::json{{"id", "x"}, {"name", "x"}, {"timezone", "UTC"}};
        wrapped["emergency"] = doc;
        if (auto parsed = feed::feed_from_json(wrapped); parsed && parsed->emergency)
            app->m_local_emergency = parsed->emergency;
    }
    if (display.mode == platform::WindowMode::None)
        return app;
    auto screen = platform::Display::open(display);
    if (!screen)
        return screen.error();
    app->m_display = screen.release();
    app->m_planner = std::make_unique<Planner>([] { platform::wake_for_plans(); });
    if (config.read_aloud) {
        if (auto speech = platform::Speech::open())
            app->m_speech = speech.release();
        else
            log_line("warning", "no read aloud: " + speech.error().message);
    }
    auto load = [app = app.get()](const std::string& sha) {
        std::optional<platform::ImageBytes> out;
        if (auto blob = app->m_content.media(sha))
            out = platform::ImageBytes{blob->type, std::move(blob->bytes)};
        return out;
    };
    app->m_textures = std::make_unique<platform::TextureCache>(app->m_display->renderer(), load, platform::DiskCache(data_dir + "/cache/pictures"));
    app->m_textures->keep_rasters_of(app->media_in_use());
    app->m_atlas.use_cache(platform::DiskCache(data_dir + "/cache/fonts"));
    return app;
}

KioskApp::KioskApp(Config config, store::Database db)
    : m_config(std::move(config)), m_db(std::move(db)), m_content(m_db), m_kept(m_db), m_checkins(m_db), m_staff_store(m_db),
      m_staff(m_staff_store, m_checkins, [this](const feed::Special& special, const std::string& id, feed::Instant now) {
          // Specials posted here go to the content server through the outbox.
          nlohmann::json body = feed::special_to_json(special);
          body["id"] = id;
          auto queued = sync::Outbox(m_db).enqueue_special(body, now);
          if (!queued) {
              log_line("warning", "special not saved: it could not be queued for the server: " + queued.error().message);
              return Result<Ok>(queued.error());
          }
          return Result<Ok>(Ok{});
      })
{
    m_started = wall_clock_now();
}

KioskApp::~KioskApp()
{
    m_sync.reset(); // the sync thread first: it may still wake the display
    m_planner.reset(); // so may the planning thread
    m_speech.reset(); // its worker may be playing through SDL audio, which goes with the display
    m_textures.reset(); // textures belong to the display's renderer: free them first
    m_display.reset();
}

static store::StoredContent embedded_content(const feed::Feed& feed, feed::Instant now)
{
    return store::StoredContent{feed.version, std::string(sample::feed_json()), "", "embedded", now};
}

Result<Ok> KioskApp::load_content(Swap swap, feed::Instant now)
{
    auto embedded = feed::parse_feed(sample::feed_json());
    if (!embedded)
        return Error{"the embedded content is invalid: " + embedded.error().message};
    auto stored = m_content.current();
    bool first_start = !stored;
    bool embedded_changed = stored && stored->source == "embedded" && stored->feed_bytes != sample::feed_json();
    if (first_start || embedded_changed) {
        // The embedded building goes into the store and the kiosk runs from the store. A kiosk
        // still on an older build's embedded building takes this build's.
        std::vector<store::MediaBlob> media;
        for (auto& m : sample::media())
            media.push_back({std::string(m.sha256), std::string(m.type), std::string(m.bytes)});
        if (auto r = m_content.install(embedded_content(*embedded, wall_clock_now()), media, store::ContentStore::Replace::SameVersion); !r) {
            // A store that cannot be written (a tool reading a read-only disk): the building is
            // still shown, from the program itself.
            log_line("warning", "cannot store the embedded content (" + r.error().message + "); showing it from the program");
            if (!stored)
                return take_feed(embedded.release(), swap, now);
        } else {
            log_line("info", first_start ? "first start: loaded the embedded default content into the store"
                                         : "updated the embedded default content in the store");
        }
    }
    auto current = m_content.current();
    auto parsed = feed::parse_feed(current->feed_bytes);
    if (parsed)
        return take_feed(parsed.release(), swap, now);
    // Never a blank screen: content that no longer parses gives way to the embedded building.
    log_line("error", "stored content version " + std::to_string(current->version) + " is unreadable (" + parsed.error().message + "); showing the embedded content");
    return take_feed(embedded.release(), swap, now);
}

core::TimeZone KioskApp::zone_for(const feed::Feed& feed) const
{
    std::string zone_name = m_config.timezone.empty() ? feed.site.timezone : m_config.timezone;
    auto zone = core::TimeZone::load(zone_name);
    if (zone)
        return *zone;
    log_line("error", zone.error().message + "; showing times in UTC");
    return core::TimeZone::utc();
}

Result<Ok> KioskApp::take_feed(feed::Feed next, Swap swap, feed::Instant now)
{
    if (swap == Swap::WhenPlanned && m_planner) {
        // Expanded on the planning thread; keep_plans swaps content and plans in together, so
        // the screen never shows new notices beside the old timetable, nor waits for either.
        auto planned = std::make_shared<const feed::Feed>(std::move(next));
        core::TimeZone zone = zone_for(*planned);
        m_planner->request(planned, zone, zone.local_date(now));
        return Ok{};
    }
    m_feed = std::move(next);
    m_plans.reset(); // planned before the first frame that needs them (plans_for)
    return finish_loading();
}

void KioskApp::content_changed(feed::Instant now)
{
    // New content or a new pairing state, from the sync thread: planned on the planning
    // thread, then swapped in between frames with its plans (keep_plans).
    if (auto r = load_content(Swap::WhenPlanned, now); !r)
        log_line("error", "reloading content: " + r.error().message);
}

bool KioskApp::keep_plans(feed::Instant now)
{
    if (!m_planner)
        return false;
    bool changed = false;
    if (auto ready = m_planner->take_ready()) {
        if (!m_plans || ready->feed != m_plans->feed) {
            m_feed = *ready->feed; // new content, swapped in with its plans between frames
            if (auto r = finish_loading(); !r)
                log_line("error", "reloading content: " + r.error().message);
        }
        m_plans = std::move(ready);
        changed = true;
    }
    // The local date moved on (midnight): the plans in hand still cover today and the week
    // (they reach kDaysPlanned days), so the next ones are made while frames keep using them.
    // Only when the planner is idle: a pending request for new content must not be replaced.
    feed::Date today = m_zone.local_date(now);
    if (m_plans && core::replan_due(*m_plans, today) && m_planner->idle())
        m_planner->request(m_plans->feed, m_zone, today);
    return changed;
}

std::shared_ptr<const core::Plans> KioskApp::plans_for(feed::Instant now)
{
    feed::Date today = m_zone.local_date(now);
    if (!m_plans || !core::can_draw(*m_plans, today)) {
        // Nothing planned reaches this day: the first frame, a screenshot of another day, or a
        // clock that jumped further than the plans reach (a Pi's first time sync). Only then
        // is a plan made on the frame's own thread; the loop's days are planned ahead of it.
        auto content = m_plans ? m_plans->feed : std::make_shared<const feed::Feed>(m_feed);
        m_plans = std::make_shared<const core::Plans>(core::plan_ahead(std::move(content), m_zone, today));
    }
    return m_plans;
}

Result<Ok> KioskApp::finish_loading()
{
    m_feed_texts = core::all_texts(m_feed); // what the font atlas must cover, asked before every frame
    if (m_local_emergency)
        m_feed_texts.push_back(m_local_emergency->message);
    if (m_lan)
        m_lan->set_building(m_feed.site.id, m_feed.lan_key);
    m_zone = zone_for(m_feed);
    if (m_textures) {
        m_textures->clear();
        m_textures->keep_rasters_of(media_in_use());
    }
    if (m_display)
        m_display->repaint_next(); // new pictures may reuse old textures' addresses
    refresh_pairing();
    if (m_feed.site.public_url != m_qr_for) {
        m_qr_for = m_feed.site.public_url;
        m_qr = {};
        if (!m_qr_for.empty()) {
            if (auto qr = platform::encode_qr(m_qr_for))
                m_qr = qr.release();
            else
                log_line("warning", "no QR code on signage: " + qr.error().message);
        }
    }
    return Ok{};
}

void KioskApp::refresh_pairing()
{
    m_pairing.clear();
    m_pairing_code.clear();
    m_waiting_to_pair = false;
    if (m_config.sync.server.empty() || m_kept.get(store::Setting::SyncToken))
        return;
    if (auto code = m_kept.get(store::Setting::PairCode)) {
        m_pairing_code = sync::format_pairing_code(*code);
        m_pairing = "Pair this screen: " + m_pairing_code;
        // Never given its building's content (a new screen, or one revoked and wiped): the
        // demo building's timetable and check-ins would be for a building that does not
        // exist, so it shows only how to pair it. One that had content keeps showing it,
        // with the band, while it pairs again.
        auto current = m_content.current();
        m_waiting_to_pair = !current || current->source == "embedded";
    }
}

void KioskApp::start_sync(const std::string& data_dir)
{
    m_sync = SyncLink::start(m_config.sync, data_dir, COI_VERSION);
    if (m_sync && !m_config.sync.lan_emergency.empty())
        start_lan(m_config.sync.lan_emergency);
}

// [SECTION] Emergency mode

void KioskApp::start_lan(const std::string& address)
{
    auto parsed = sync::parse_lan_address(address);
    if (!parsed)
        return log_line("warning", "emergency messages on the local network: cannot use \"" + address + "\"");
    auto link = sync::LanLink::open(
        *parsed, wall_clock_now, [](std::string_view level, std::string_view message) { log_line(level, message); }, [] { platform::wake_for_emergency(); });
    if (!link)
        return log_line("warning", "emergency messages on the local network are off: " + link.error().message);
    m_lan = link.release();
    m_lan->set_building(m_feed.site.id, m_feed.lan_key);
    log_line("info", "emergency messages on the local network: " + address);
}

void KioskApp::keep_local_emergency(const feed::Emergency& emergency)
{
    m_local_emergency = emergency;
    m_feed_texts.push_back(emergency.message); // typed words another kiosk sent: the font atlas must cover them
    feed::Feed holder;
    holder.emergency = emergency;
    nlohmann::json doc = feed::feed_to_json(holder)["emergency"];
    if (auto kept = m_kept.set(store::Setting::LocalEmergency, doc.dump()); !kept)
        log_line("warning", "emergency state not kept for a restart: " + kept.error().message);
}

void KioskApp::emergency_here(const StaffMode::EmergencyAsk& ask, feed::Instant now)
{
    auto current = emergency();
    feed::Emergency state;
    if (ask.end) {
        if (!core::emergency_on(current))
            return;
        state = core::ended_here(*current, now);
    } else {
        state = core::started_here(ask.kind, ask.message, m_config.screen_role, now);
    }
    keep_local_emergency(state);
    log_line(
        "warning", ask.end ? "emergency ended by staff at this screen" : "emergency started by staff at this screen: " + std::string(feed::to_code(ask.kind)));
    if (m_lan)
        if (auto sent = m_lan->send(state); !sent)
            log_line("warning", "emergency not told to the other screens on the local network: " + sent.error().message);
    // The server hears it through the outbox: at once when it is reachable, else when it is
    // again. A state older than the server's is refused there and dropped here.
    if (!m_config.sync.server.empty()) {
        nlohmann::json body
            = ask.end ? nlohmann::json{{"action", "end"}, {"at", now}} : nlohmann::json{{"action", "start"}, {"kind", feed::to_code(ask.kind)}, {"at", now}};
        if (!ask.end && !ask.message.empty())
            body["message"] = ask.message;
        if (auto queued = sync::Outbox(m_db).enqueue("emergency", "/api/v1/emergency", body.dump(), now); !queued)
            log_line("warning", "emergency not queued for the server: " + queued.error().message);
        if (m_sync)
            m_sync->poll_now();
    }
}

void KioskApp::emergency_heard(const feed::Emergency& heard, feed::Instant)
{
    auto newer = core::newer_emergency(m_local_emergency, heard);
    if (newer && newer != m_local_emergency)
        keep_local_emergency(*newer);
}

// [SECTION] Rotation and timing

std::vector<feed::Page> KioskApp::rotation_pages(const feed::Feed& shown, feed::Instant now) const
{
    feed::Rotation rotation = shown.rotation;
    if (m_config.pages)
        rotation.pages = *m_config.pages;
    core::Screen screen{m_config.screen_role, m_config.language};
    // Which pages exist depends on the moment shown, not the moment drawn: a screenshot
    // "--at" another day must skip the café page only if that day has no specials.
    feed::Date today = m_zone.local_date(now);
    // The shown feed, not the received one: a special or notice posted at this screen
    // brings its page back even when the coordinators' feed has none today.
    bool has_specials = !core::specials_on(shown, today).empty();
    bool has_notices = !core::notices_showing(shown, now, screen, false).empty();
    return core::pages_to_show(rotation, has_specials, has_notices);
}

int KioskApp::dwell_seconds() const { return m_config.dwell_seconds.value_or(m_feed.rotation.dwell_seconds); }

feed::Instant KioskApp::next_change(feed::Instant now) { return next_change_at(rotation_pages(shown_feed(now), now), now); }

feed::Instant KioskApp::next_change_at(const std::vector<feed::Page>& pages, feed::Instant now) const
{
    feed::Instant next_minute = (now / 60 + 1) * 60;
    feed::Instant next_page = core::slot_at(pages, dwell_seconds(), now).next_change;
    feed::Instant next = std::min(next_minute, next_page);
    if (m_staff.active())
        next = std::min(next, m_staff.deadline());
    if (m_flow.step != core::Step::Signage) {
        core::FlowSettings settings = flow_settings();
        next = std::min(next, m_flow.last_input + settings.timeout_seconds);
        if (m_flow.step == core::Step::Done || m_flow.step == core::Step::CheckoutDone)
            next = std::min(next, core::done_until(m_flow, settings));
    }
    if (m_config.display.blank_when_closed)
        next = std::min(next, core::display_state(m_feed, m_zone, now, m_last_touch ? std::optional(m_last_touch) : std::nullopt).next_change);
    return next;
}

int KioskApp::milliseconds_until_next_change(const std::vector<feed::Page>& pages, feed::Instant now, int now_ms) const
{
    long long ms = (next_change_at(pages, now) - now) * 1000 - now_ms;
    if (m_display && m_display->pointer_down())
        ms = std::min<long long>(ms, 250); // a held finger may be opening staff mode
    if (int watchdog = watchdog_interval_ms(); watchdog > 0)
        ms = std::min<long long>(ms, watchdog); // systemd restarts a frame loop that stops pinging
    return static_cast<int>(std::clamp<long long>(ms, 0, 60000));
}

// [SECTION] Drawing

Result<Ok> KioskApp::prepare_fonts(const ui::Theme& theme)
{
    const auto& texts = m_feed_texts;
    float identify_size = m_fonts.identify ? m_fonts.identify->FontSize : 0;
    if (m_fonts.body && m_fonts_for.x == theme.screen.x && m_fonts_for.y == theme.screen.y && m_fonts.body->FontSize == theme.font.body
        && m_fonts.heading->FontSize == theme.font.heading && identify_size == theme.font.identify && m_atlas.covers(texts))
        return Ok{};
    // The identify name's large type is baked with the atlas while it is shown, and the next
    // build after its 30 s leaves it out: its glyphs' memory goes with it.
    auto fonts = m_atlas.build(theme, texts, theme.font.identify > 0 ? std::string_view(m_identify_name) : std::string_view());
    if (!fonts)
        return fonts.error();
    if (auto uploaded = m_display->upload_fonts(); !uploaded)
        return uploaded.error();
    m_fonts = *fonts;
    m_fonts_for = theme.screen;
    log_line("info", "font atlas " + std::to_string(static_cast<int>(m_atlas.texture_size().x)) + "x"
                         + std::to_string(static_cast<int>(m_atlas.texture_size().y)) + " for a "
                         + std::to_string(static_cast<int>(theme.screen.x)) + "x" + std::to_string(static_cast<int>(theme.screen.y)) + " screen"
                         + (m_atlas.from_cache() ? " (restored from disk)" : ""));
    return Ok{};
}

std::vector<std::string> KioskApp::media_in_use() const
{
    std::vector<std::string> out;
    for (auto& m : m_feed.media)
        out.push_back(m.sha256);
    return out;
}

void KioskApp::draw_frame(feed::Instant now, std::optional<feed::Page> forced_page)
{
    // The visitor's language and reading settings during a check-in; the site's otherwise.
    core::FlowSettings visitor = core::for_visitor(m_flow, flow_settings());
    ui::Theme theme = ui::make_theme(m_display->size(), {visitor.high_contrast ? ui::Contrast::High : ui::Contrast::Standard,
                                                            visitor.large_text ? ui::TextSize::Large : ui::TextSize::Standard});
    // Worked out once per identify, measured with the atlas in hand (the bold face, with every
    // letter a typed name may have), then baked at that size by prepare_fonts.
    if (now < m_identify_until) {
        if (m_identify_size == 0 && m_fonts.body_bold)
            m_identify_size = ui::identify_type_size(m_fonts.body_bold, theme.screen, m_identify_name);
        theme.font.identify = m_identify_size;
    }
    if (auto r = prepare_fonts(theme); !r) {
        log_line("error", r.error().message);
        return;
    }
    feed::Feed shown = shown_feed(now);
    std::shared_ptr<const core::Plans> plans = plans_for(now); // held for the frame: its sessions point into its content
    auto pages = rotation_pages(shown, now);
    core::RotationSlot slot = core::slot_at(pages, dwell_seconds(), now);
    feed::Page page = forced_page.value_or(slot.page);
    core::Screen screen{m_config.screen_role, m_config.language};
    if (m_config.alternate_languages && !m_config.second_language.empty() && (slot.started / std::max(1, dwell_seconds())) % 2 == 1)
        screen.language = m_config.second_language; // every other page in the second language
    if (m_config.second_language_under && m_flow.step == core::Step::Signage)
        screen.second_language = m_config.second_language; // under the first, on every page
    if (m_flow.step != core::Step::Signage)
        screen.language = visitor.language; // the header's date in the visitor's language
    // The check-in and staff screens show only signage's header: the page (what's on and the
    // week expand recurrences) is built only when this frame draws signage.
    bool drawing_signage = !m_staff.active() && m_flow.step == core::Step::Signage;
    core::SignageView view;
    if (drawing_signage)
        view = core::build_signage(shown, m_zone, now, page, screen, *plans);
    else
        view.header = core::signage_header(shown, m_zone, now, screen);
    auto at = std::find(pages.begin(), pages.end(), page);
    view.page_index = at == pages.end() ? 0 : static_cast<int>(at - pages.begin());
    view.page_count = static_cast<int>(pages.size());
    view.pairing = m_pairing;
    view.waiting_to_pair = m_waiting_to_pair;
    view.pairing_code = m_pairing_code;
    if (m_waiting_to_pair)
        view.header.site_name = "Come On In"; // not the demo building's name
    view.qr_modules = m_qr.modules;
    view.qr_size = m_qr.size;
    view.rotation_cycle = static_cast<int>(slot.started / std::max<feed::Instant>(1, dwell_seconds() * static_cast<feed::Instant>(pages.size())));

    m_display->begin_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(theme.screen);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin("##kiosk", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings
                                          | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoBringToFrontOnFocus);
    m_log.clear();
    ui::Canvas canvas(ImGui::GetWindowDrawList(), theme, m_fonts, &m_log, m_textures.get());
    std::optional<core::Action> action;
    std::optional<ui::StaffIntent> staff_intent;
    auto emergency_now = emergency();
    bool takeover = core::emergency_on(emergency_now);
    m_staff.set_emergency(takeover,
        takeover ? core::fill(core::tr("staff.emergency_on"), {core::clock_text(m_zone.to_local(emergency_now->started_at).minutes)}) + ": "
                + std::string(core::tr("emergency." + std::string(feed::to_code(emergency_now->kind)) + ".title"))
                 : std::string());
    if (takeover && !m_staff.active()) {
        // Check-in stops: a visitor half-way through is let go, and no tap starts one. Only the
        // hidden hold on the top right corner (where the clock is on every other screen) opens
        // staff mode, for the roll-call and to end it.
        if (m_flow.step != core::Step::Signage)
            m_flow = core::CheckinState{};
        ImVec2 pointer = m_display->pointer();
        bool on_corner = m_display->pointer_down() && pointer.x > theme.screen.x * 0.7f && pointer.y < theme.header_height;
        core::HoldResult hold = core::update_hold(m_hold, on_corner, now);
        m_hold = hold.hold;
        if (hold.open_pad)
            m_staff.open_pad(now);
        std::string since = core::clock_text(m_zone.to_local(emergency_now->started_at).minutes);
        ui::draw_emergency(canvas, core::emergency_view(*emergency_now, m_feed.site, since));
    } else if (m_staff.active()) {
        m_staff.status = device_status(now);
        ui::StaffView sv = m_staff.view(shown, m_zone, now);
        sv.header = view.header;
        staff_intent = ui::draw_staff(canvas, sv);
    } else if (drawing_signage) {
        // The hidden way into staff mode: a 3-second press on the clock.
        ImVec2 pointer = m_display->pointer();
        bool on_clock = m_display->pointer_down() && pointer.x > theme.screen.x * 0.7f && pointer.y < theme.header_height;
        core::HoldResult hold = core::update_hold(m_hold, on_clock, now);
        m_hold = hold.hold;
        if (hold.open_pad) {
            m_staff.open_pad(now);
        } else if (ui::draw_signage(canvas, view) == ui::SignageIntent::StartCheckIn && !m_hold.held) {
            action = core::Action{core::ActionKind::Touch, "", 0};
        }
        if (m_staff.active())
            ui::draw_signage(canvas, view);
    } else {
        const core::FlowSettings& settings = visitor;
        ui::CheckinView cv;
        cv.header = view.header;
        cv.site_name = m_feed.site.name.get(settings.language);
        cv.language = settings.language;
        cv.state = &m_flow;
        cv.code_only = m_feed.site.checkin.checkout == feed::CheckoutMode::CodeOnly;
        cv.accent_set = m_accent_set;
        cv.large_text = visitor.large_text;
        cv.high_contrast = visitor.high_contrast;
        cv.read_aloud = m_speech != nullptr;
        if (m_flow.step == core::Step::Purpose)
            cv.tiles = core::tiles(m_feed, *plans, m_zone, now, settings);
        if (m_flow.step == core::Step::Name)
            cv.privacy = core::privacy_line(m_feed.site, settings);
        if (m_flow.step == core::Step::Remember)
            cv.privacy = core::count_text("remember.privacy", m_feed.site.checkin.retention_days, settings.language);
        if (m_flow.step == core::Step::Checkout) {
            std::vector<core::Person> inside;
            for (auto& r : m_checkins.inside())
                inside.push_back({r.id, r.first_name, r.initial, r.code});
            cv.matches = core::find_matches(inside, m_flow.query, m_feed.site.checkin.checkout);
            if (!m_sample_matches.empty())
                cv.matches = m_sample_matches;
        }
        ui::CheckinInput input = ui::draw_checkin(canvas, cv);
        if (input.more_accents)
            m_accent_set = (m_accent_set + 1) % 3;
        action = input.action;
        if (input.speak && m_speech) {
            m_last_spoken = input.speak->language + ": " + input.speak->text;
            // Queued for the speech worker: synthesis never happens inside a frame.
            m_speech->say(input.speak->text, input.speak->language);
            m_speaking_on = m_flow.step;
        }
    }
    if (now < m_identify_until)
        ui::draw_identify(canvas, m_identify_name, static_cast<int>(m_identify_until - now));
    ImGui::End();
    ImGui::PopStyleVar(2);
    m_display->render();
    ++m_stats.frames;
    if (action)
        handle_checkin(*action, now);
    quiet_if_left();
    if (staff_intent && m_staff.handle(*staff_intent, shown, m_zone, now) == StaffMode::Outcome::ExitToDesktop) {
        log_line("info", "exit to desktop from staff mode");
        m_exit = true;
    }
    if (auto ask = m_staff.take_emergency())
        emergency_here(*ask, now);
}

void KioskApp::quiet_if_left()
{
    // Words read aloud belong to the screen they were asked for: leaving it stops them.
    if (m_speech && m_speaking_on && *m_speaking_on != m_flow.step) {
        m_speech->cancel();
        m_speaking_on.reset();
    }
    if (m_speech)
        if (auto error = m_speech->take_error())
            log_line("warning", "read aloud: " + *error); // the worker failed since the last frame
}

void KioskApp::use_speech(std::unique_ptr<platform::Speech> speech)
{
    m_speech = std::move(speech);
    m_speaking_on.reset();
}

feed::Feed KioskApp::shown_feed(feed::Instant now)
{
    feed::Date today = m_zone.local_date(now);
    return core::with_local_changes(m_feed, m_staff_store.local_specials(), m_staff_store.overrides(today), m_staff_store.notices(now), today);
}

// The machine's own addresses, for whoever is checking the screen is on the network.
static std::string network_addresses()
{
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0)
        return "unknown";
    std::string out;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK))
            continue;
        char text[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
        out += (out.empty() ? "" : ", ") + std::string(a->ifa_name) + " " + text;
    }
    freeifaddrs(list);
    return out.empty() ? "no network" : out;
}

std::vector<std::pair<std::string, std::string>> KioskApp::device_status(feed::Instant now)
{
    std::vector<std::pair<std::string, std::string>> lines;
    auto when = [&](feed::Instant t) {
        core::LocalDateTime local = m_zone.to_local(t);
        return core::short_date_text(local.date) + " " + core::clock_text(local.minutes);
    };
    auto current = m_content.current();
    lines.push_back({"Content version", current ? std::to_string(current->version) + ", since " + when(current->received_at) : "none"});
    lines.push_back({"Content from", current ? current->source : "embedded"});
    std::string sync = "not set up (showing local content)";
    if (m_sync) {
        auto st = m_sync->status();
        sync = st.last_error.empty() ? (st.last_success ? "ok, " + when(st.last_success) : "waiting for the first poll")
                                     : st.last_error + (st.last_success ? " (last good " + when(st.last_success) + ")" : "");
        if (!st.pairing_code.empty())
            sync = "waiting to be paired: " + st.pairing_code;
    }
    lines.push_back({"Last sync", sync});
    lines.push_back({"Network", network_addresses()});
    std::error_code ec;
    auto space = std::filesystem::space(m_data_dir, ec);
    lines.push_back({"Free disk", ec ? "unknown" : std::to_string(space.available / (1024 * 1024)) + " MB"});
    feed::Instant up = now - m_started;
    lines.push_back({"Uptime", std::to_string(up / 86400) + " d " + std::to_string(up / 3600 % 24) + " h " + std::to_string(up / 60 % 60) + " min"});
    lines.push_back({"App version", COI_VERSION});
    auto integrity = m_db.integrity_check();
    lines.push_back({"Database", std::to_string(m_db.size_bytes() / 1024) + " KB, integrity " + (integrity ? *integrity : integrity.error().message)});
    if (!m_storage_problem.empty())
        lines.push_back({"Storage problem", m_storage_problem});
    lines.push_back({"Screen role", m_config.screen_role});
    return lines;
}

// [SECTION] Check-in

core::FlowSettings KioskApp::flow_settings() const
{
    core::FlowSettings settings;
    settings.language = m_config.language;
    settings.large_text = m_config.large_text;
    settings.high_contrast = m_config.high_contrast;
    settings.timeout_seconds = m_config.checkin_timeout_seconds;
    settings.feedback = m_feed.site.checkin.feedback;
    settings.remember = m_feed.site.checkin.remember;
    settings.retention_days = m_feed.site.checkin.retention_days;
    return settings;
}

void KioskApp::handle_checkin(const core::Action& action, feed::Instant now)
{
    core::FlowSettings settings = flow_settings();
    core::StepResult result = core::step(m_flow, action, m_feed, *plans_for(now), m_zone, now, settings);
    m_flow = result.state;
    if (!result.record)
        return;
    const core::Record& r = *result.record;
    auto sorry = [&](const std::string& why) {
        log_line("error", "check-in not saved: " + why); // never the visitor's name: logs leave the building
        m_flow = core::failed(m_flow, std::string(core::tr("checkin.saving_failed", core::for_visitor(m_flow, settings).language)), now);
    };
    switch (r.kind) {
    case core::Record::Kind::HeadCount: {
        core::LocalDateTime local = m_zone.to_local(now);
        if (auto saved = m_checkins.count_head(r.purpose_id, feed::format_date(local.date), local.minutes / 60); !saved)
            return sorry(saved.error().message);
        m_flow = core::confirmed_check_in(m_flow, "", now, settings);
        break;
    }
    case core::Record::Kind::Named: {
        static std::random_device random;
        auto next_code = [] { return core::code_from_random((static_cast<unsigned long long>(random()) << 32) ^ random()); };
        std::string kind(feed::to_code(r.purpose_kind == feed::PurposeKind::Discreet ? feed::PurposeKind::Discreet : feed::PurposeKind::Named));
        auto saved = m_checkins.check_in(r.purpose_id, kind, r.event_id, r.first_name, r.initial, next_code, now, {r.occurrence_start, r.volunteer});
        if (!saved)
            return sorry(saved.error().message);
        // Only now, with the row committed and synced to disk, does the screen say so.
        m_flow = core::confirmed_check_in(m_flow, saved->code, now, settings);
        if (m_storage_health == store::StorageHealth::InMemory) // kept, but only until the kiosk stops: the visitor is told
            m_flow.done_detail += " " + std::string(core::tr("checkin.kept_in_memory", core::for_visitor(m_flow, settings).language));
        break;
    }
    case core::Record::Kind::CheckOutById:
    case core::Record::Kind::CheckOutByCode: {
        std::optional<store::CheckinRecord> person = r.kind == core::Record::Kind::CheckOutById ? m_checkins.by_id(r.id) : m_checkins.inside_by_code(r.code);
        if (!person || person->checked_out_at) {
            m_flow = core::failed(m_flow, std::string(core::tr("checkout.unknown_code", core::for_visitor(m_flow, settings).language)), now);
            return;
        }
        if (auto done = m_checkins.check_out(person->id, store::CheckoutKind::Self, now); !done)
            return sorry(done.error().message);
        // The face, if the site asks, counts under what the visit may be reported as: a
        // discreet one only as "private", and not at all where the site does not count those.
        m_flow = core::confirmed_check_out(m_flow, person->first_name, now, settings,
            core::reported_purpose(m_feed.site.checkin, person->purpose_id, person->kind));
        tally_volunteers();
        break;
    }
    case core::Record::Kind::Feedback: {
        auto face = core::face_from_code(r.face);
        if (!face || r.purpose_id.empty())
            return;
        if (auto saved = m_checkins.count_feedback(feed::format_date(m_zone.local_date(now)), r.purpose_id, *face); !saved)
            return sorry(saved.error().message);
        m_flow = core::confirmed_feedback(m_flow, now, settings);
        break;
    }
    case core::Record::Kind::Remember: {
        store::RememberStore remembered(m_db);
        auto kept = remembered.remember(r.words, feed::format_date(m_zone.local_date(now)), now);
        if (!kept)
            return sorry(kept.error().message);
        m_flow = core::confirmed_remember(m_flow, *kept != store::Remembered::New, now, settings);
        break;
    }
    }
}

bool KioskApp::pump(feed::Instant now)
{
    // The same pieces as run(), in the same order as one of its passes meets them, but on
    // the caller's clock and with a frame every time the screen is on.
    platform::Input input = m_display->wait(0);
    take_input(input, now);
    if (m_sync && m_sync->take_change())
        content_changed(now);
    keep_plans(now);
    housekeeping(now);
    update_power(now);
    if (!m_blank)
        show_frame(now);
    // As run() does: a locked-down kiosk ignores quit requests; SIGTERM always ends it.
    return !input.terminate_requested && !(input.quit_requested && !m_lockdown) && !m_exit;
}

void KioskApp::housekeeping(feed::Instant now)
{
    m_staff.tick(now);
    m_flow = core::tick(m_flow, now, flow_settings());
    quiet_if_left();
    feed::Date today = m_zone.local_date(now);
    std::string day = feed::format_date(today);
    // Closing time on a clock that is not known good may be the middle of the day: nobody
    // is signed out until it is (a check runs only when the clock says closing has come).
    if (auto closes = core::closing_time(m_feed, m_zone, today);
        closes && now >= *closes && m_kept.get(store::Setting::AutoSignoutDay) != day && core::may_sign_out_at_closing(clock_trust(now))) {
        if (auto n = m_checkins.check_out_everyone(store::CheckoutKind::Auto, now); n) {
            let_go(m_kept.set(store::Setting::AutoSignoutDay, day), "not kept: the next tick signs out nobody, as nobody is left inside");
            if (*n > 0)
                log_line("info", "closing time: signed out " + std::to_string(*n) + " visitors automatically");
        }
    }
    if (now / 60 != m_tallied_minute) { // staff sign-outs and the automatic one end volunteer visits too
        m_tallied_minute = now / 60;
        tally_volunteers();
    }
    if (m_kept.get(store::Setting::PurgeDay) != day) {
        if (auto n = purge(now); n) {
            let_go(m_kept.set(store::Setting::PurgeDay, day), "not kept: purging again erases nothing more");
            if (*n > 0)
                log_line("info", "retention: erased the names and codes of " + std::to_string(*n) + " old visits");
        }
    }
}

Result<int> KioskApp::purge(feed::Instant now)
{
    auto trust = clock_trust(now);
    auto ended_before = core::erase_visits_ended_before(trust, now, m_feed.site.checkin.retention_days);
    if (!ended_before)
        return Error{"nothing erased: " + core::describe(trust, {m_clock_sync(), m_feed.generated_at})};
    Result<int> erased = 0;
    auto done = m_db.transaction([&]() -> Result<Ok> {
        if (auto pulled = m_checkins.pull_back_future_check_outs(now); !pulled)
            return pulled.error();
        // Volunteers' hours are summed into the day's anonymous totals before the names go.
        if (auto tallied = m_checkins.tally_volunteer_hours(m_feed, m_zone); !tallied)
            return tallied.error();
        if (auto forgotten = store::RememberStore(m_db).forget_unused_before(*ended_before); !forgotten)
            return forgotten.error();
        erased = m_checkins.erase_personal_data(*ended_before);
        return erased ? Result<Ok>(Ok{}) : Result<Ok>(erased.error());
    });
    if (!done)
        return done.error();
    return erased;
}

void KioskApp::tally_volunteers()
{
    if (auto tallied = m_checkins.tally_volunteer_hours(m_feed, m_zone); !tallied)
        log_line("error", "volunteer hours not summed yet: " + tallied.error().message);
}

void KioskApp::use_clock_sync(std::function<core::ClockSync()> sync) { m_clock_sync = std::move(sync); }

core::ClockTrust KioskApp::clock_trust(feed::Instant now)
{
    if (!m_clock_sync)
        m_clock_sync = [] { return system_clock_sync(); };
    // The content's generated_at is a lower bound: a server signed it (or it came with this
    // program), so the time cannot be earlier than that.
    core::ClockWitness witness{m_clock_sync(), m_feed.generated_at};
    auto trust = core::judge_clock(witness, now);
    std::string note = trust == core::ClockTrust::Good ? std::string() : core::describe(trust, witness);
    if (note != m_clock_note) {
        log_line(note.empty() ? "info" : "warning", "clock: " + (note.empty() ? core::describe(trust, witness) : note));
        m_clock_note = note;
    }
    return trust;
}

std::string KioskApp::roll_call(feed::Instant now)
{
    std::vector<core::RollCallEntry> inside;
    for (auto& r : m_checkins.inside())
        inside.push_back({r.first_name, r.initial, r.purpose_id, r.event_id, r.checked_in_at, r.located_at.has_value(), r.is_private()});
    std::vector<core::RollCallCount> counts;
    for (auto& c : m_checkins.head_counts(feed::format_date(m_zone.local_date(now)))) {
        auto it = std::find_if(counts.begin(), counts.end(), [&](auto& x) { return x.purpose_id == c.purpose_id; });
        if (it == counts.end())
            counts.push_back({c.purpose_id, c.count});
        else
            it->count += c.count;
    }
    return core::roll_call_text(m_feed, m_zone, now, inside, counts);
}

Result<Ok> KioskApp::screenshot(feed::Page page, feed::Instant at, const std::string& png_path)
{
    draw_frame(at, page);
    // A second frame: ImGui settles layout and textures on the frame after they first appear.
    draw_frame(at, page);
    auto saved = m_display->save_png(png_path);
    m_display->present();
    return saved;
}

Result<Ok> KioskApp::screenshot(core::Step step, feed::Instant at, const std::string& png_path)
{
    core::CheckinState saved = m_flow;
    m_flow = core::sample_state(step, m_feed, *plans_for(at), m_zone, at, flow_settings());
    if (step == core::Step::Checkout)
        m_sample_matches = {{1, "Sam K."}, {2, "Sandra P."}};
    auto result = screenshot(feed::Page::WhatsOn, at, png_path);
    m_sample_matches.clear();
    m_flow = saved;
    return result;
}

Result<feed::Instant> KioskApp::site_time(const std::string& local)
{
    if (local.size() != 16 || local[10] != 'T')
        return Error{"expected a local time like 2026-11-25T14:05, got \"" + local + "\""};
    auto date = feed::parse_date(local.substr(0, 10));
    auto clock = feed::parse_clock(local.substr(11));
    if (!date || !clock)
        return Error{"expected a local time like 2026-11-25T14:05, got \"" + local + "\""};
    return m_zone.from_local(*date, *clock);
}

// [SECTION] The frame loop

void KioskApp::offer_screenshot(feed::Instant now)
{
    // Every 15 minutes the coordinators see what the screen shows. Only signage: a check-in
    // screen may show a visitor's name, and names never leave the building.
    if (!m_sync || m_flow.step != core::Step::Signage || m_stats.frames < 2 || (m_last_screenshot != 0 && now - m_last_screenshot < 15 * 60))
        return;
    m_last_screenshot = now;
    auto png = m_display->png_bytes(480);
    if (!png) {
        log_line("warning", "screenshot for the coordinators: " + png.error().message);
        return;
    }
    m_sync->offer_screenshot(png.release());
}

void KioskApp::show_identify(std::string screen_name, feed::Instant now)
{
    m_identify_name = std::move(screen_name);
    m_identify_until = now + kIdentifySeconds;
    m_identify_size = 0; // this name's, on this screen: worked out at the next frame
}

int KioskApp::take_remote_actions(feed::Instant now)
{
    int frames = 0;
    if (auto name = m_sync->take_identify()) {
        log_line("info", "showing this screen's name for 30 s (asked from the Screens page)");
        show_identify(*name, now);
        frames = 2;
    }
    if (m_sync->take_screenshot_request()) {
        m_last_screenshot = 0; // the next frame offers one, whatever the 15-minute rhythm says
        frames = std::max(frames, 1);
    }
    if (m_sync->take_restart())
        m_restart_asked = true;
    return frames;
}

void KioskApp::take_input(const platform::Input& input, feed::Instant now)
{
    if (!input.activity)
        return;
    // While the building is closed the screen stays on for two minutes after the last touch,
    // not the first: someone reading or checking in keeps it awake.
    m_last_touch = now;
    // A blank screen shows nothing to aim at: the touch that wakes it only wakes it. Neither
    // its press nor its release reaches the page that appears (no check-in starts, no button
    // under the finger is pressed); the next touch does.
    if (m_blank)
        m_display->drop_pointer_until_release();
}

bool KioskApp::update_power(feed::Instant now)
{
    // Never blank in the middle of a check-in or staff mode; never before the first frame
    // (fonts are built there).
    if (!m_config.display.blank_when_closed || m_stats.frames == 0)
        return false;
    auto state = core::display_state(m_feed, m_zone, now, m_last_touch ? std::optional(m_last_touch) : std::nullopt);
    // An emergency is shown whatever the hour: a screen blanked for the night comes on for it.
    bool busy = m_staff.active() || m_flow.step != core::Step::Signage || core::emergency_on(emergency());
    bool blank = !busy && state.power == core::DisplayPower::Blank;
    // The commands run on a change only, never every frame. The first decision after a start
    // runs one too: a kiosk restarted in opening hours may find the TV still in standby.
    if (m_power_known && blank == m_blank)
        return false;
    m_power_known = true;
    m_blank = blank;
    log_line("info", blank ? "closed: blanking the screen" : state.woken ? "woken by a touch while closed" : "open: the screen is on");
    if (blank)
        draw_blank();
    if (auto& command = blank ? m_config.display.off_command : m_config.display.on_command; !command.empty())
        run_command(command);
    return !blank;
}

void KioskApp::draw_blank()
{
    m_log.clear(); // nothing is drawn: tests read the last frame's texts from here
    m_display->begin_frame();
    ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), m_display->size(), IM_COL32(0, 0, 0, 255));
    m_display->end_frame();
}

void KioskApp::show_frame(feed::Instant now)
{
    draw_frame(now);
    offer_screenshot(now); // between render and present: the frame is whole in the renderer
    m_display->present();
}

int KioskApp::run()
{
    int frames_due = 2; // ImGui settles hover and layout on the frame after a change
    feed::Instant last_minute = -1;
    feed::Page last_page = feed::Page::WhatsOn;
    feed::Instant last_identify_second = -1;
    for (;;) {
        feed::Instant now = wall_clock_now();
        if (m_sync && m_sync->take_change())
            content_changed(now);
        if (keep_plans(now))
            frames_due = std::max(frames_due, 2);
        if (m_sync)
            frames_due = std::max(frames_due, take_remote_actions(now));
        if (m_lan)
            if (auto heard = m_lan->take()) {
                bool was_on = core::emergency_on(emergency());
                emergency_heard(*heard, now);
                if (core::emergency_on(emergency()) != was_on)
                    frames_due = std::max(frames_due, 2);
            }
        if (m_restart_asked) {
            // kiosk.service has Restart=always: a clean exit brings the kiosk straight back.
            log_line("info", "restart asked from the Screens page; closing cleanly for the service manager to start again");
            notify_stopping();
            return 0;
        }
        // The identify screen counts its seconds down, and goes when they are over.
        if (m_identify_until != 0 && now != last_identify_second) {
            last_identify_second = now;
            frames_due = std::max(frames_due, 1);
            if (now >= m_identify_until)
                m_identify_until = 0;
        }
        core::Step before = m_flow.step;
        housekeeping(now);
        if (m_flow.step != before)
            frames_due = std::max(frames_due, 1);
        auto pages = rotation_pages(shown_feed(now), now);
        feed::Page page = core::slot_at(pages, dwell_seconds(), now).page;
        if (now / 60 != last_minute || page != last_page) {
            frames_due = std::max(frames_due, 1);
            last_minute = now / 60;
            last_page = page;
        }
        if (update_power(now))
            frames_due = std::max(frames_due, 2);
        // A finger held down is looked at again at each wake-up (every 250 ms while it is down):
        // the hold on the clock that opens staff mode is seen only in a frame, and with nothing
        // else changing no frame came, so a three-second hold opened nothing. A frame the same
        // as the one on screen costs little (the display skips drawing it).
        if (m_display->pointer_down())
            frames_due = std::max(frames_due, 1);
        if (frames_due > 0 && !m_blank) {
            show_frame(now);
            --frames_due;
            if (m_stats.frames == 1) {
                log_line("info", "first frame on screen"); // scripts/bench times process start to this line
                notify_ready();
            }
        }
        notify_watchdog();
        int timeout = frames_due > 0 && !m_blank ? 0 : milliseconds_until_next_change(pages, now, wall_clock_millis());
        platform::Input input = m_display->wait(timeout);
        ++m_stats.wakeups;
        if (input.terminate_requested) {
            log_line("info", "stopped by the service manager; closing cleanly");
            notify_stopping();
            return 0;
        }
        take_input(input, wall_clock_now()); // a touch on a blank screen wakes it on the next pass
        if (input.quit_requested) {
            // Fullscreen is kiosk use: a closed window, Alt+F4 or a stray quit must not
            // leave a reception screen showing a desktop. Staff mode has "Exit to desktop".
            if (!m_lockdown) {
                log_line("info", "asked to quit; closing cleanly");
                return 0;
            }
            log_line("info", "ignored a request to quit: this is a locked-down kiosk");
        }
        if (m_exit)
            return 0;
        if (input.activity || input.resized)
            frames_due = std::max(frames_due, 2);
    }
}

} // namespace coi::app
