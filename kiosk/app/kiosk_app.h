#pragma once
// The kiosk, wired: store -> content -> view-model(now) -> UI -> screen. Owns the pieces
// and runs the frame loop, which draws only when something changed (input, the minute,
// the rotation, new content) and otherwise sleeps in the display's wait.

#include "content/feed/types.h"
#include "kiosk/app/config.h"
#include "kiosk/app/planner.h"
#include "kiosk/app/staff_mode.h"
#include "kiosk/core/checkin.h"
#include "kiosk/core/emergency.h"
#include "kiosk/core/retention.h"
#include "kiosk/core/signage.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/platform/display.h"
#include "kiosk/platform/fonts.h"
#include "kiosk/platform/qr.h"
#include "kiosk/platform/speech.h"
#include "kiosk/platform/textures.h"
#include "kiosk/store/checkin_store.h"
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"
#include "kiosk/store/remember_store.h"
#include "kiosk/store/settings_store.h"
#include "kiosk/store/staff_store.h"
#include "kiosk/sync/lan_link.h"

#include <functional>
#include <memory>
#include <string>

namespace coi::app {

std::string default_data_dir();                   // $XDG_DATA_HOME/come-on-in or ~/.local/share/come-on-in
void log_line(std::string_view level, std::string_view message); // one line on stdout, for journald
feed::Instant wall_clock_now();                   // the only clock read in the kiosk

struct FrameStats {
    long frames = 0;   // frames drawn since start
    long wakeups = 0;  // times the loop woke up
};

class SyncLink;

// How a program uses the kiosk's database: the kiosk itself opens it whatever the storage does
// (store::open_or_recover); a tool that only reads (`kiosk roll-call`) never writes or moves it.
enum class StoreUse { Run, ReadOnly };

class KioskApp {
public:
    static Result<std::unique_ptr<KioskApp>> open(const Config&, const std::string& data_dir, const platform::DisplayOptions&,
                                                  StoreUse = StoreUse::Run);
    ~KioskApp();

    int run();                                                         // the frame loop, until asked to quit
    void start_sync(const std::string& data_dir);                      // the sync thread, if the config names a server or feed
    Result<Ok> screenshot(feed::Page, feed::Instant at, const std::string& png_path); // one frame to a PNG
    Result<Ok> screenshot(core::Step, feed::Instant at, const std::string& png_path); // a check-in step with sample data
    Result<feed::Instant> site_time(const std::string& local);         // "2026-11-25T14:05" in the site's zone
    ui::DrawLog& draw_log() { return m_log; }                          // what the last frame drew (tests)
    ImVec2 font_texture_size() const { return m_atlas.texture_size(); }                // the font atlas's pixels now (tests, the log)
    void draw_frame(feed::Instant now, std::optional<feed::Page> page = std::nullopt); // one frame at now
    void show_identify(std::string screen_name, feed::Instant now);                    // "Show identify": the name over everything for 30 s
    const feed::Feed& feed() const { return m_feed; }
    const FrameStats& stats() const { return m_stats; }
    const core::CheckinState& checkin_state() const { return m_flow; }
    const std::string& last_spoken() const { return m_last_spoken; }  // "uk: Що привело вас сьогодні? ..." after a Listen tap
    platform::Speech* speech() { return m_speech.get(); }              // read aloud, or nullptr when off
    void use_speech(std::unique_ptr<platform::Speech>);                // another speech engine (tests: one they can hold up)
    store::CheckinStore& checkins() { return m_checkins; }
    store::Database& database() { return m_db; }                    // the store's connection (tests read what is kept)
    StaffMode& staff() { return m_staff; }
    store::StaffStore& staff_store() { return m_staff_store; }
    feed::Feed shown_feed(feed::Instant now);                        // the content with today's changes made at this screen
    bool exit_requested() const { return m_exit; }                   // "Exit to desktop" in staff mode
    bool pump(feed::Instant now);                                    // one pass of the frame loop at now, as run() makes them: input, new content, housekeeping, the display schedule, a frame unless blank; false on quit
    bool blank() const { return m_blank; }                           // the display schedule has blanked the screen (closed, untouched)
    feed::Instant next_change(feed::Instant now);                    // when the frame loop next wakes by itself: the minute, the next page, a timeout, the display schedule (a fake clock steps with it)
    void housekeeping(feed::Instant now);                            // auto sign-out at closing, daily retention purge
    std::string roll_call(feed::Instant now);                        // the fire roll-call as plain text
    void tally_volunteers();                                         // ended volunteer visits into the day's anonymous totals
    Result<int> purge(feed::Instant now);                            // erase names and codes past retention (counted from check-out); an Error while the clock is not known good
    void use_clock_sync(std::function<core::ClockSync()>);           // what says whether the clock is synchronised (tests; default: systemd-timesyncd's state)
    platform::Display& display() { return *m_display; }
    void content_changed(feed::Instant now);                         // the store has new content (the sync thread said so): plan it, swap it in when planned
    std::shared_ptr<const core::Plans> plans() const { return m_plans; } // the day plans frames draw from (tests)
    Planner* planner() { return m_planner.get(); }                     // the planning thread, or nullptr without a display (tests)
    SyncLink* sync() { return m_sync.get(); }                          // the sync thread's side, or nullptr
    // Emergency mode: the newer of the feed's state and what this kiosk's staff did or heard
    // from the building's other kiosks (kept in the store, so a restart keeps it).
    std::optional<feed::Emergency> emergency() const { return core::newer_emergency(m_feed.emergency, m_local_emergency); }
    void emergency_here(const StaffMode::EmergencyAsk&, feed::Instant now); // staff started or ended one at this screen
    void emergency_heard(const feed::Emergency&, feed::Instant now);        // another kiosk said so on the local network
    void show_emergency(const feed::Emergency& e)
    {
        m_local_emergency = e;
        m_feed_texts.push_back(e.message);
    }                                            // a screenshot's, never kept
    void start_lan(const std::string& address);  // listen for (and send) the building's emergency messages
    sync::LanLink* lan() { return m_lan.get(); } // or nullptr

private:
    KioskApp(Config config, store::Database db); // out of line: SyncLink is complete only in the .cpp
    void handle_checkin(const core::Action&, feed::Instant now);    // step the flow and write what it asks for
    core::FlowSettings flow_settings() const;
    // New content swaps in with its day plans: at once (start-up, no planning thread), or
    // WhenPlanned, once the planning thread has expanded it, the previous content shown meanwhile.
    enum class Swap { Now, WhenPlanned };
    Result<Ok> load_content(Swap = Swap::Now, feed::Instant now = 0); // current content from the store; the embedded building if none
    Result<Ok> take_feed(feed::Feed, Swap, feed::Instant now);
    core::TimeZone zone_for(const feed::Feed&) const;      // the config's zone, else the site's; UTC if this machine has neither
    bool keep_plans(feed::Instant now);        // between frames: swap in finished plans, ask for the next day's; true when the screen changes
    std::shared_ptr<const core::Plans> plans_for(feed::Instant now); // plans that reach now's day (planned here only if none do)
    void refresh_pairing();                    // the "Pair this screen" line, from the store
    std::vector<feed::Page> rotation_pages(const feed::Feed& shown, feed::Instant now) const;
    int dwell_seconds() const;
    Result<Ok> prepare_fonts(const ui::Theme&);
    std::vector<std::string> media_in_use() const; // the content's pictures, whose rasters stay cached
    feed::Instant next_change_at(const std::vector<feed::Page>& pages, feed::Instant now) const;
    int milliseconds_until_next_change(const std::vector<feed::Page>& pages, feed::Instant now, int now_ms) const;
    // Identify, screenshot and restart asked from the Screens page: the frames they need now.
    int take_remote_actions(feed::Instant now);
    static constexpr feed::Instant kIdentifySeconds = 30;
    bool m_restart_asked = false;
    void offer_screenshot(feed::Instant now);  // a small PNG for the sync thread's next heartbeat, every 15 minutes
    void take_input(const platform::Input&, feed::Instant now); // what a wait brought: a touch keeps a closed screen awake; the one that wakes it goes nowhere
    bool update_power(feed::Instant now);      // the display schedule: blank or wake the screen, run the on/off command; true when it came on
    void draw_blank();                         // one black frame
    void show_frame(feed::Instant now);        // draw, hand the coordinators a screenshot, present
    void quiet_if_left();                      // stop reading aloud once the visitor leaves the screen it was for
    core::ClockTrust clock_trust(feed::Instant now); // may the clock erase names and sign people out? Logs when it may not

    Config m_config;
    Result<Ok> finish_loading(); // what follows from a new m_feed: zone, textures, pairing, QR code
    store::Database m_db;
    store::StorageHealth m_storage_health = store::StorageHealth::Healthy;
    std::string m_storage_problem; // what is wrong with the storage, for the log and the staff device page; "" when healthy
    store::ContentStore m_content;
    store::SettingsStore m_kept; // pairing, and the days the daily jobs last ran
    store::CheckinStore m_checkins;
    core::CheckinState m_flow;
    std::vector<core::Match> m_sample_matches;
    store::StaffStore m_staff_store;
    StaffMode m_staff;
    core::Hold m_hold;       // the press on the clock that opens staff mode
    bool m_exit = false;
    bool m_lockdown = false; // fullscreen kiosk: nothing but staff or the service manager ends it
    feed::Instant m_started = 0;
    std::string m_data_dir;
    std::vector<std::pair<std::string, std::string>> device_status(feed::Instant now); // screenshots of "Leaving?" show these, not real people
    int m_accent_set = 0;
    std::unique_ptr<platform::Speech> m_speech; // read aloud; null when the site turns it off or espeak-ng is missing
    std::string m_last_spoken;                  // what "Listen" last read, and in which language (tests)
    std::optional<core::Step> m_speaking_on;    // the check-in step the words being read belong to
    feed::Feed m_feed;
    std::shared_ptr<const core::Plans> m_plans; // the day plans of m_feed's content, made off the frame; null until the first frame
    std::unique_ptr<Planner> m_planner;         // null without a display: tools and one-off screenshots plan on their own thread
    std::vector<std::string> m_feed_texts; // every text of m_feed, for the font atlas
    core::TimeZone m_zone = core::TimeZone::utc();
    std::unique_ptr<platform::Display> m_display;
    std::unique_ptr<platform::TextureCache> m_textures;
    platform::FontAtlas m_atlas;
    ui::Fonts m_fonts;
    ImVec2 m_fonts_for{0, 0};
    ui::DrawLog m_log;
    FrameStats m_stats;
    std::string m_pairing;                     // "Pair this screen: 483 920 117", or empty
    std::string m_pairing_code;                // "483 920 117", or empty
    bool m_waiting_to_pair = false;            // unpaired and never given its building's content
    platform::QrMatrix m_qr;                   // the site's public What's on page, encoded once per content
    std::string m_qr_for;                      // the address m_qr encodes
    std::string m_identify_name;               // "Show identify": the screen's name, drawn over everything
    feed::Instant m_identify_until = 0;        // until then (30 s from when it arrived)
    float m_identify_size = 0;                 // the name's type size (ui::identify_type_size); 0: not worked out yet
    feed::Instant m_last_screenshot = 0;       // when the last screenshot went to the sync thread
    bool m_blank = false;                      // closed: the screen is black and nothing is drawn
    bool m_power_known = false;                // whether the on or off command has run since start (the TV's state is unknown until then)
    feed::Instant m_last_touch = 0;            // the last touch or key (while closed the screen stays on 2 minutes after it)
    std::function<core::ClockSync()> m_clock_sync; // systemd-timesyncd's state, unless a test says otherwise
    feed::Instant m_tallied_minute = 0;        // volunteer hours were last summed in this minute (now / 60)
    std::string m_clock_note;                  // why the clock was last not trusted, as logged (logged once per reason)
    std::optional<feed::Emergency> m_local_emergency; // from staff here or the local network; persisted as the "emergency.local" setting
    void keep_local_emergency(const feed::Emergency&);
    std::unique_ptr<sync::LanLink> m_lan;      // before m_sync: its thread may wake the display too
    std::unique_ptr<SyncLink> m_sync;          // last member: its thread stops before the rest goes
};

} // namespace coi::app
