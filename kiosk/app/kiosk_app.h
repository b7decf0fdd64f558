#pragma once
// The kiosk, wired: store -> content -> view-model(now) -> UI -> screen. Owns the pieces
// and runs the frame loop, which draws only when something changed (input, the minute,
// the rotation, new content) and otherwise sleeps in the display's wait.

#include "content/feed/types.h"
#include "kiosk/app/config.h"
#include "kiosk/core/checkin.h"
#include "kiosk/core/signage.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/platform/display.h"
#include "kiosk/platform/fonts.h"
#include "kiosk/platform/textures.h"
#include "kiosk/store/checkin_store.h"
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"

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

class KioskApp {
public:
    static Result<std::unique_ptr<KioskApp>> open(const Config&, const std::string& data_dir, const platform::DisplayOptions&);
    ~KioskApp();

    int run();                                                         // the frame loop, until asked to quit
    void start_sync(const std::string& data_dir);                      // the sync thread, if the config names a server or feed
    Result<Ok> screenshot(feed::Page, feed::Instant at, const std::string& png_path); // one frame to a PNG
    Result<Ok> screenshot(core::Step, feed::Instant at, const std::string& png_path); // a check-in step with sample data
    Result<feed::Instant> site_time(const std::string& local);         // "2026-11-25T14:05" in the site's zone
    ui::DrawLog& draw_log() { return m_log; }                          // what the last frame drew (tests)
    void draw_frame(feed::Instant now, std::optional<feed::Page> page = std::nullopt); // one frame at now
    const feed::Feed& feed() const { return m_feed; }
    const FrameStats& stats() const { return m_stats; }
    const core::CheckinState& checkin_state() const { return m_flow; }
    store::CheckinStore& checkins() { return m_checkins; }
    bool pump(feed::Instant now);                                    // take queued input and draw one frame at now; false on quit
    void housekeeping(feed::Instant now);                            // auto sign-out at closing, daily retention purge
    std::string roll_call(feed::Instant now);                        // the fire roll-call as plain text
    Result<int> purge(feed::Instant now);                            // erase names and codes past retention
    platform::Display& display() { return *m_display; }

private:
    KioskApp(Config config, store::Database db); // out of line: SyncLink is complete only in the .cpp
    void handle_checkin(const core::Action&, feed::Instant now);    // step the flow and write what it asks for
    core::FlowSettings flow_settings() const;
    Result<Ok> load_content();                 // current content from the store; the embedded building if none
    void refresh_pairing();                    // the "Pair this screen" line, from the store
    std::vector<feed::Page> rotation_pages() const;
    int dwell_seconds() const;
    Result<Ok> prepare_fonts(const ui::Theme&);
    int milliseconds_until_next_change(feed::Instant now, int now_ms) const;

    Config m_config;
    store::Database m_db;
    store::ContentStore m_content;
    store::CheckinStore m_checkins;
    core::CheckinState m_flow;
    std::vector<core::Match> m_sample_matches; // screenshots of "Leaving?" show these, not real people
    int m_accent_set = 0;
    feed::Feed m_feed;
    core::TimeZone m_zone = core::TimeZone::utc();
    std::unique_ptr<platform::Display> m_display;
    std::unique_ptr<platform::TextureCache> m_textures;
    platform::FontAtlas m_atlas;
    ui::Fonts m_fonts;
    ImVec2 m_fonts_for{0, 0};
    ui::DrawLog m_log;
    FrameStats m_stats;
    std::string m_pairing;                     // "Pair this screen: 483 920", or empty
    std::unique_ptr<SyncLink> m_sync;          // last member: its thread stops before the rest goes
};

} // namespace coi::app
