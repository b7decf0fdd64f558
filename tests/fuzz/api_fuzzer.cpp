// The server's JSON request bodies, as the API routes read them (content/server/requests.h),
// without HTTP: the first byte picks the route, the rest is the body. Every body must be
// answered with an Outcome (no exception, crash, leak or undefined behaviour); an accepted
// item must be stored as JSON that reads back to itself (cancelling one date re-reads and
// re-checks the stored event), and every refusal must be sendable as the JSON error reply.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "content/server/requests.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace coi;
using namespace coi::server;

namespace {

[[noreturn]] void broken(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "api_fuzzer: %s: %s\n", what, detail.c_str());
    std::abort();
}

const feed::Site& site()
{
    static const feed::Site site = [] {
        auto feed = feed::parse_feed(sample::feed_json());
        if (!feed)
            broken("the sample feed does not parse", feed.error().message);
        return feed->site;
    }();
    return site;
}

// What send_failure does with a refusal: it must always make a reply.
void check_reply(const Failure& failure)
{
    if (failure.message.empty())
        broken("refused without saying why", "");
    (void)nlohmann::json{{"error", failure.message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template<typename T>
bool answered(const Outcome<T>& outcome)
{
    if (!outcome)
        check_reply(outcome.failure());
    return outcome.ok();
}

void item_route(ItemKind kind, const nlohmann::json& body, const std::string& path_id)
{
    auto item = read_item_request(kind, body, path_id);
    if (!answered(item))
        return;
    auto stored = canonical_item(kind, *item, site());
    if (!answered(stored))
        return;
    if (!path_id.empty() && stored->id != path_id)
        broken("a PUT stored an item under another id", stored->id);
    auto text = stored->item.dump(); // what goes into SQLite; throws on text that is not UTF-8
    auto again = canonical_item(kind, nlohmann::json::parse(text), site());
    if (!again)
        broken("a stored item does not read back", again.failure().message);
    if (again->item != stored->item || again->id != stored->id)
        broken("a stored item reads back differently", text.substr(0, 400));
}

void footfall_route(const nlohmann::json& body)
{
    auto upload = read_footfall_request(body);
    if (!answered(upload))
        return;
    if (upload->rows() > kMaxFootfallRows)
        broken("accepted too many footfall rows", std::to_string(upload->rows()));
    if (!check_footfall_upload(*upload))
        broken("accepted an upload its own check refuses", body.dump().substr(0, 400));
    for (auto& row : upload->counts)
        if (!feed::parse_date(row.date) || row.hour < 0 || row.hour > 23 || row.count < 0 || row.purpose.empty())
            broken("accepted a footfall row out of range", row.date + " " + row.purpose);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto json = parse_json_object("application/json", body);
    if (!answered(json))
        return 0;
    switch (data[0] % 9) {
    case 0: item_route(ItemKind::Event, *json, ""); break;        // POST .../events
    case 1: item_route(ItemKind::Notice, *json, ""); break;       // POST .../notices
    case 2: item_route(ItemKind::Special, *json, ""); break;      // POST .../specials, the café's phone
    case 3: item_route(ItemKind::Event, *json, "bingo"); break;   // PUT .../events/bingo
    case 4: item_route(ItemKind::Notice, *json, "storm"); break;  // PUT .../notices/storm
    case 5: item_route(ItemKind::Special, *json, "soup"); break;  // PUT .../specials/soup
    case 6: {                                                     // POST .../events/<id>/cancel
        auto cancel = read_cancel_request(*json);
        if (answered(cancel) && !feed::parse_date(cancel->date))
            broken("accepted a cancel date that is not a date", cancel->date);
        break;
    }
    case 7: (void)answered(read_calendar_request(*json)); break; // PUT .../ics
    case 8: footfall_route(*json); break;                        // POST /api/v1/footfall
    }
    return 0;
}
