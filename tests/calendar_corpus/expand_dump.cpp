// expand_dump [--time] FILE.ics ZONE FIRST_DAY LAST_DAY
//
// What the server would show, day by day, for a calendar subscription: the .ics is imported
// for a building whose clock is ZONE (an IANA name) and every local day from FIRST_DAY to
// LAST_DAY (YYYY-MM-DD, both included) is listed as JSON on standard output:
//   {"zone": ..., "from": ..., "to": ..., "imported": N, "skipped": ["reason", ...],
//    "days": {"YYYY-MM-DD": [{"start": "YYYY-MM-DDTHH:MM", "end": "..." or null,
//                             "title": ..., "cancelled": false}, ...], ...}}
// Days with nothing on are left out. With --time it prints instead how long the import and
// the listing of every day took (scripts/bench/calendar):
//   {"import_ms": ..., "days_ms": ..., "days": N, "occurrences": N, "imported": N}
// Exit 0; 1 when the calendar is refused (the reason on
// standard error); 2 on bad arguments. tests/calendar_corpus/compare.test.mjs runs it next
// to an independent expander.
#include "engine.h"

#include "content/feed/types.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

int usage(const char* why)
{
    std::fprintf(stderr, "expand_dump: %s\nusage: expand_dump [--time] FILE.ics ZONE FIRST_DAY LAST_DAY\n", why);
    return 2;
}

double milliseconds_since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv)
{
    using namespace coi;
    bool timing = argc > 1 && std::string(argv[1]) == "--time";
    if (timing) {
        --argc;
        ++argv;
    }
    if (argc != 5)
        return usage("four arguments are needed");
    std::ifstream in(argv[1], std::ios::binary);
    if (!in)
        return usage("the calendar file cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    std::string zone = argv[2];
    auto first = feed::parse_date(argv[3]);
    auto last = feed::parse_date(argv[4]);
    if (!first || !last || *last < *first)
        return usage("FIRST_DAY and LAST_DAY must be dates, YYYY-MM-DD, in order");
    if (feed::add_days(*first, 3700) < *last)
        return usage("at most ten years at a time");

    corpus::ImportFailure failure;
    auto import_start = std::chrono::steady_clock::now();
    auto calendar = corpus::import_calendar(text.str(), zone, failure);
    auto import_ms = milliseconds_since(import_start);
    if (!calendar) {
        std::fprintf(stderr, "expand_dump: the calendar is refused: %s\n", failure.message.c_str());
        return 1;
    }
    if (timing) {
        auto days_start = std::chrono::steady_clock::now();
        std::size_t days = 0, occurrences = 0;
        for (auto date = *first; date <= *last; date = feed::add_days(date, 1), ++days)
            occurrences += calendar->day(date).size();
        nlohmann::json out{{"import_ms", import_ms},
                           {"days_ms", milliseconds_since(days_start)},
                           {"days", days},
                           {"occurrences", occurrences},
                           {"imported", calendar->imported()}};
        std::cout << out.dump() << "\n";
        return 0;
    }
    nlohmann::json days = nlohmann::json::object();
    for (auto date = *first; date <= *last; date = feed::add_days(date, 1)) {
        auto shown = calendar->day(date);
        if (shown.empty())
            continue;
        auto& list = days[feed::format_date(date)] = nlohmann::json::array();
        for (auto& occurrence : shown)
            list.push_back({{"start", occurrence.start},
                            {"end", occurrence.end ? nlohmann::json(*occurrence.end) : nlohmann::json(nullptr)},
                            {"title", occurrence.title},
                            {"cancelled", occurrence.cancelled}});
    }
    nlohmann::json out{{"zone", zone},
                       {"from", feed::format_date(*first)},
                       {"to", feed::format_date(*last)},
                       {"imported", calendar->imported()},
                       {"skipped", calendar->skipped()},
                       {"days", days}};
    std::cout << out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
}
