// An .ics calendar, uploaded by a coordinator or fetched from any URL they subscribe to:
// import_ics must read what it can, skip with a reason what it cannot show, and never
// crash, leak or hit undefined behaviour (libical itself is not instrumented; our side is).
// Every event it does return goes through the same checks as an event posted in the admin
// (feed::event_from_json) and is stored as JSON text, so each must pass those checks and
// serialise: one bad event would otherwise make the whole calendar's import fail.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "content/server/ics_import.h"
#include "content/server/recurrence.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void broken(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "ics_fuzzer: %s: %s\n", what, detail.c_str());
    std::abort();
}

// The demo building's site: several rooms, Europe/London (floating times and all-day
// dates are read in the site's zone).
const coi::feed::Site& site()
{
    static const coi::feed::Site site = [] {
        auto feed = coi::feed::parse_feed(coi::sample::feed_json());
        if (!feed)
            broken("the sample feed does not parse", feed.error().message);
        return feed->site;
    }();
    return site;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    auto imported = coi::server::import_ics(text, site());
    if (!imported) {
        if (imported.failure().message.empty())
            broken("refused without saying why", text.substr(0, 200));
        return 0;
    }
    for (auto& item : imported->events) {
        auto event = coi::feed::event_from_json(item, site());
        if (!event)
            broken("an imported event is not a valid feed event", event.error().message);
        if (!event->rrule.empty() && !coi::server::check_rrule(event->rrule))
            broken("an imported event has a rule check_rrule refuses", event->rrule);
        (void)coi::feed::event_to_json(*event).dump(); // throws on text that is not UTF-8
    }
    for (auto& reason : imported->skipped)
        (void)nlohmann::json(reason).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return 0;
}
