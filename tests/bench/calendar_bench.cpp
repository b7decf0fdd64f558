// calendar_bench: the calendar path at the size a big centre's shared calendar reaches.
// Builds an .ics of 5,000 events (1,000 weekly series, in the building's zone, UTC, New York
// and a Windows-named zone, with EXDATEs; 4,000 one-offs, some all-day or multi-day) and 500
// changed occurrences (RECURRENCE-ID: 400 moved, 100 cancelled), then times, per run:
//   import   import_ics: parse with libical, resolve zones, fold the changes into their series
//   expand   one year of every imported event through the shared calendar module, as the
//            kiosk's week view and the public page expand it (the events parsed as a feed)
// and prints the median of each over the runs. Usage: calendar_bench [RUNS] (default 5).
#include "content/calendar/recurrence.h"
#include "content/feed/parse.h"
#include "content/server/ics_import.h"
#include "big_calendar.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace coi;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double ms_since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv)
{
    int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    feed::Site site;
    site.id = "bench";
    site.timezone = "Europe/London";
    site.rooms = {{"hall", feed::Text::plain("Main Hall")}};
    auto zone = *calendar::TimeZone::load(site.timezone);
    auto ics = bench::big_calendar();
    auto from = zone.start_of_day({2027, 1, 1});
    auto to = zone.start_of_day({2028, 1, 1});

    std::vector<double> import_ms, expand_ms;
    std::size_t imported = 0, skipped = 0, occurrences = 0;
    for (int run = 0; run < runs; ++run) {
        auto start = std::chrono::steady_clock::now();
        auto result = server::import_ics(ics, site);
        import_ms.push_back(ms_since(start));
        if (!result) {
            std::fprintf(stderr, "calendar_bench: import failed: %s\n", result.failure().message.c_str());
            return 1;
        }
        imported = result->events.size();
        skipped = result->skipped.size();
        std::vector<feed::Event> events;
        for (auto& item : result->events)
            if (auto event = feed::event_from_json(item, site))
                events.push_back(*event);
        start = std::chrono::steady_clock::now();
        occurrences = calendar::occurrences_between(events, zone, from, to).size();
        expand_ms.push_back(ms_since(start));
    }
    std::printf("calendar: %zu bytes, %d series + %d one-offs + %d changed occurrences -> %zu feed events (%zu skipped)\n",
        ics.size(), bench::kSeries, bench::kOneOffs, bench::kMoved + bench::kCancelled, imported, skipped);
    std::printf("import   median %.0f ms over %d runs\n", median(import_ms), runs);
    std::printf("expand   median %.0f ms over %d runs (one year, %zu occurrences)\n", median(expand_ms), runs, occurrences);
    std::printf("total    median %.0f ms\n", median(import_ms) + median(expand_ms));
    return 0;
}
