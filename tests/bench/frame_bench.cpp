// frame_bench: how long the kiosk's frame takes to build and draw with a heavy calendar, the
// 5,000 events and 500 changed occurrences of big_calendar.h imported as kiosk-content imports
// them, on the sample building. A headless kiosk at 1920x1080 (software renderer) draws the
// What's on page and the week page on a Wednesday with sessions on; each timed frame is one
// draw_frame, a minute later than the one before and forced to repaint, as the frame loop
// draws the clock's minute. The first frame of each page is not timed (fonts, pictures and,
// since the day plans, the first plan are made there). Prints the median per page.
// With --expand-in-frame each timed frame also expands what the frame expanded before the
// day plans were made off it (the day for What's on, seven days for the week:
// core::plan_for_day, core::plan_for_days), for a before-and-after on one build.
// Usage: frame_bench [--expand-in-frame] [FRAMES] (default 21). Only KioskApp's public frame
// calls are used, so the same file also measures an earlier commit (docs/performance.md).
#include "big_calendar.h"
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "content/server/ics_import.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/core/schedule.h"
#include "kiosk/platform/display.h"
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace coi;

namespace {

int fail(const std::string& message)
{
    std::fprintf(stderr, "frame_bench: %s\n", message.c_str());
    return 1;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The sample building with the big calendar's events in place of its own.
Result<std::string> heavy_feed(std::size_t& events)
{
    auto json = nlohmann::json::parse(sample::feed_json());
    auto sample = feed::parse_feed(sample::feed_json());
    if (!sample)
        return sample.error();
    auto imported = server::import_ics(bench::big_calendar(), sample->site);
    if (!imported)
        return Error{"import failed: " + imported.failure().message};
    json["events"] = nlohmann::json::array();
    for (auto& item : imported->events)
        json["events"].push_back(item);
    events = imported->events.size();
    return json.dump();
}

} // namespace

int main(int argc, char** argv)
{
    bool expand_in_frame = argc > 1 && std::string(argv[1]) == "--expand-in-frame";
    if (expand_in_frame) {
        --argc;
        ++argv;
    }
    int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 21;
    std::size_t events = 0;
    auto bytes = heavy_feed(events);
    if (!bytes)
        return fail(bytes.error().message);
    auto parsed = feed::parse_feed(*bytes);
    if (!parsed)
        return fail("the heavy feed does not parse: " + parsed.error().message);

    auto dir = std::filesystem::temp_directory_path() / ("coi-frame-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    {
        auto db = store::Database::open(dir / "kiosk.db");
        if (!db)
            return fail(db.error().message);
        store::ContentStore content(*db);
        std::vector<store::MediaBlob> media;
        for (auto& m : sample::media())
            media.push_back({std::string(m.sha256), std::string(m.type), std::string(m.bytes)});
        if (auto ok = content.install({parsed->version, *bytes, "", "bench", 0}, media); !ok)
            return fail(ok.error().message);
    }
    int status = 0;
    {
        platform::DisplayOptions options;
        options.mode = platform::WindowMode::Headless;
        auto opened = app::KioskApp::open({}, dir.string(), options);
        if (!opened)
            return fail(opened.error().message);
        auto& kiosk = **opened;
        auto start = kiosk.site_time("2027-03-03T11:05"); // a Wednesday: the building open, the calendar's sessions on
        if (!start)
            return fail(start.error().message);
        auto zone = core::TimeZone::load(kiosk.feed().site.timezone);
        if (!zone)
            return fail(zone.error().message);
        std::printf("frame_bench: %zu feed events, 1920x1080, %d timed frames per page%s\n", events, frames,
            expand_in_frame ? ", each also expanding its days as frames did before the day plans" : "");
        for (auto [name, page] : {std::pair{"whats-on", feed::Page::WhatsOn}, std::pair{"week", feed::Page::Week}}) {
            feed::Instant now = *start;
            kiosk.draw_frame(now, page); // untimed: fonts, pictures, the first plan
            std::vector<double> ms;
            for (int i = 0; i < frames; ++i) {
                now += 60;
                kiosk.display().repaint_next();
                auto t0 = std::chrono::steady_clock::now();
                if (expand_in_frame) {
                    feed::Date today = zone->local_date(now);
                    std::size_t sessions = page == feed::Page::Week ? core::plan_for_days(kiosk.feed(), *zone, today, 7).size()
                                                                    : core::plan_for_day(kiosk.feed(), *zone, today).sessions.size();
                    if (sessions == 0 && page == feed::Page::Week)
                        return fail("the week planned no days");
                }
                kiosk.draw_frame(now, page);
                ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            }
            if (kiosk.draw_log().texts.empty())
                status = fail(std::string(name) + ": the timed frames drew no text");
            std::printf("%-9s median %.2f ms per frame (min %.2f, max %.2f)\n", name, median(ms), *std::min_element(ms.begin(), ms.end()),
                *std::max_element(ms.begin(), ms.end()));
        }
    }
    std::filesystem::remove_all(dir);
    return status;
}
