// hot_paths: does exactly one of the kiosk's hot paths, with callgrind's instrumentation on
// around it and nowhere else, so `valgrind --tool=callgrind --instr-atstart=no` counts the
// instructions of that path alone. Instruction counts hardly move on a busy machine, where
// timings do. Run it with scripts/bench/callgrind; outside valgrind it just runs the path.
//   feed          verify the signature, parse + validate, install with its media (one transaction)
//   feed-verify   only the Ed25519 verification of the feed bytes
//   feed-parse    only parse + validate
//   feed-install  only the store's install of the parsed version and its media
//   whats-on, cafe, notices, week   one frame of that signage page at 1920x1080 (software renderer)
//   welcome       one frame of the check-in welcome screen
//   unchanged     What's on drawn again the same as on screen: laid out and compared, not drawn
//   housekeeping  one steady-state KioskApp::housekeeping (auto sign-out and purge checks),
//                 which the frame loop runs on every pass besides the frame, so not in the above
// Frames are steady-state: the same frame is drawn twice first, uninstrumented, so fonts,
// images and ImGui's layout are settled, as on a screen that has been running.
#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "content/sample/sample.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/platform/display.h"
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"

#include <valgrind/callgrind.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>

using namespace coi;

namespace {

// The instrumented region: nothing outside it is counted.
struct Counted {
    Counted() { CALLGRIND_START_INSTRUMENTATION; }
    ~Counted() { CALLGRIND_STOP_INSTRUMENTATION; }
};

int fail(const std::string& message)
{
    std::fprintf(stderr, "hot_paths: %s\n", message.c_str());
    return 1;
}

int feed_path(const std::string& which, const std::filesystem::path& dir)
{
    const std::string bytes(sample::feed_json());
    const feed::KeyPair keys = feed::generate_key_pair();
    auto signature = feed::sign_bytes(bytes, keys.secret_key);
    if (!signature)
        return fail(signature.error().message);
    std::vector<store::MediaBlob> media;
    for (auto& m : sample::media())
        media.push_back({std::string(m.sha256), std::string(m.type), std::string(m.bytes)});
    auto db = store::Database::open(dir / "kiosk.db");
    if (!db)
        return fail(db.error().message);
    store::ContentStore content(*db);

    auto install = [&](std::int64_t version) {
        return content.install(store::StoredContent{version, bytes, *signature, "bench", 1764068700}, media, store::ContentStore::Replace::Any);
    };
    if (which == "feed-verify") {
        Counted counted;
        if (auto ok = feed::verify_bytes(bytes, *signature, keys.public_key); !ok)
            return fail(ok.error().message);
    } else if (which == "feed-parse") {
        Counted counted;
        if (auto parsed = feed::parse_feed(bytes); !parsed)
            return fail(parsed.error().message);
    } else if (which == "feed-install") {
        auto parsed = feed::parse_feed(bytes);
        if (!parsed)
            return fail(parsed.error().message);
        Counted counted;
        if (auto ok = install(parsed->version); !ok)
            return fail(ok.error().message);
    } else {
        // As the sync thread applies a new feed (kiosk/sync/feed_client.cpp), without the network.
        Counted counted;
        if (auto ok = feed::verify_bytes(bytes, *signature, keys.public_key); !ok)
            return fail(ok.error().message);
        auto parsed = feed::parse_feed(bytes);
        if (!parsed)
            return fail(parsed.error().message);
        if (auto ok = install(parsed->version); !ok)
            return fail(ok.error().message);
    }
    return 0;
}

int frame_path(const std::string& which, const std::filesystem::path& dir)
{
    const std::map<std::string, feed::Page> pages = {
        {"whats-on", feed::Page::WhatsOn}, {"cafe", feed::Page::Cafe}, {"notices", feed::Page::Notices}, {"week", feed::Page::Week}};
    platform::DisplayOptions options;
    options.mode = platform::WindowMode::Headless;
    auto opened = app::KioskApp::open({}, dir.string(), options);
    if (!opened)
        return fail(opened.error().message);
    auto& kiosk = **opened;
    // A Wednesday late morning: sessions on now and next, café open, specials on.
    auto now = kiosk.site_time("2026-11-25T11:05");
    if (!now)
        return fail(now.error().message);
    if (which == "housekeeping") {
        // Steady state: the first pass has done the day's purge, as on a screen that has been running.
        kiosk.pump(*now);
        kiosk.housekeeping(*now);
        Counted counted;
        kiosk.housekeeping(*now);
        return 0;
    }
    if (which == "welcome") {
        kiosk.pump(*now);
        platform::push_tap(960, 500, kiosk.display().size()); // a touch on signage starts a check-in
        for (int i = 0; i < 3; ++i)
            kiosk.pump(*now);
        if (!kiosk.draw_log().contains("Check in"))
            return fail("the welcome screen did not come up after a tap");
        kiosk.display().repaint_next(); // counted as a frame that changed, drawn and shown
        {
            Counted counted;
            kiosk.draw_frame(*now);
            kiosk.display().present();
        }
        if (kiosk.display().unchanged())
            return fail("the counted frame was skipped");
        return kiosk.draw_log().contains("Check in") ? 0 : fail("the counted frame was not the welcome screen");
    }
    // "unchanged": What's on drawn again exactly as it is on screen, as the second of the two
    // frames after a change is: laid out, compared, and neither drawn nor shown.
    bool unchanged = which == "unchanged";
    auto page = pages.find(unchanged ? "whats-on" : which);
    if (page == pages.end())
        return fail("no hot path named \"" + which + "\"");
    for (int i = 0; i < 2; ++i) {
        kiosk.draw_frame(*now, page->second);
        kiosk.display().present();
    }
    if (!unchanged)
        kiosk.display().repaint_next(); // counted as a frame that changed, drawn and shown
    {
        Counted counted;
        kiosk.draw_frame(*now, page->second);
        kiosk.display().present();
    }
    if (kiosk.display().unchanged() != unchanged)
        return fail(unchanged ? "the same frame was drawn again" : "the counted frame was skipped");
    return kiosk.draw_log().texts.empty() ? fail("the counted frame drew no text") : 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: hot_paths feed|feed-verify|feed-parse|feed-install|whats-on|cafe|notices|week|welcome|unchanged|housekeeping\n");
        return 2;
    }
    const std::string which = argv[1];
    auto dir = std::filesystem::temp_directory_path() / ("coi-hot-paths-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    int result = which.rfind("feed", 0) == 0 ? feed_path(which, dir) : frame_path(which, dir);
    std::filesystem::remove_all(dir);
    return result;
}
