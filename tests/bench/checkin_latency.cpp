// Tap-to-confirmation latency of a one-tap check-in, with SDL's software renderer at
// 1920x1080: from the tap on "Café or a cuppa" to the frame that says "Thank you!", in
// frames and milliseconds. A benchmark, not a test: run it with scripts/bench/checkin.
#include "kiosk/app/kiosk_app.h"
#include "kiosk/platform/display.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <vector>

using namespace coi;

namespace {

bool tap(app::KioskApp& kiosk, const std::string& label)
{
    for (auto& t : kiosk.draw_log().texts)
        if (t.text == label) {
            platform::push_tap((t.min.x + t.max.x) / 2, (t.min.y + t.max.y) / 2, kiosk.display().size());
            return true;
        }
    return false;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

} // namespace

int main(int argc, char** argv)
{
    int runs = argc > 1 ? std::atoi(argv[1]) : 100;
    auto dir = std::filesystem::temp_directory_path() / ("coi-latency-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    platform::DisplayOptions options;
    options.mode = platform::WindowMode::Headless;
    auto kiosk = app::KioskApp::open({}, dir.string(), options);
    if (!kiosk) {
        std::fprintf(stderr, "%s\n", kiosk.error().message.c_str());
        return 1;
    }
    auto& k = **kiosk;
    feed::Instant now = *k.site_time("2026-11-25T11:05");
    std::vector<double> frames, millis;
    for (int i = 0; i < runs; ++i) {
        k.pump(now);
        platform::push_tap(960, 500, k.display().size());
        for (int f = 0; f < 3; ++f)
            k.pump(now);
        if (!tap(k, "Check in"))
            return 2;
        for (int f = 0; f < 3; ++f)
            k.pump(now);
        if (!tap(k, "Café or a cuppa"))
            return 3;
        auto start = std::chrono::steady_clock::now();
        int n = 0;
        while (k.checkin_state().step != core::Step::Done || !k.draw_log().contains("Thank you!")) {
            k.pump(now);
            if (++n > 20)
                return 4;
        }
        millis.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        frames.push_back(n);
        now += 30; // the done screen goes back to signage by itself
        k.pump(now);
    }
    std::printf("one-tap check-in, tap to confirmation, software renderer 1920x1080, %d runs:\n", runs);
    std::printf("  frames: median %.0f, p99 %.0f\n", percentile(frames, 0.5), percentile(frames, 0.99));
    std::printf("  ms:     median %.1f, p99 %.1f\n", percentile(millis, 0.5), percentile(millis, 0.99));
    kiosk->reset();
    std::filesystem::remove_all(dir);
    return 0;
}
