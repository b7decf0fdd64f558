#pragma once
// The parse-and-check half of the API routes that take a JSON body: bytes -> typed values,
// with no HTTP, session or database in sight. Each route calls one of these and then acts;
// tests/fuzz/api_fuzzer calls the same functions directly with arbitrary bodies.

#include "content/feed/types.h"
#include "outcome.h"
#include "repository.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::server {

constexpr std::size_t kMaxJsonBytes = 1024 * 1024;

// Field readers for request objects; every message names the field.
Done only_fields(const nlohmann::json& object, std::initializer_list<std::string_view> allowed, std::string_view what); // a typo must not silently do nothing
Outcome<std::string> string_field(const nlohmann::json& object, std::string_view name, bool required = true);
Outcome<std::int64_t> integer_field(const nlohmann::json& object, std::string_view name, bool required = true);
Outcome<bool> bool_field(const nlohmann::json& object, std::string_view name, bool fallback);

// Nesting deeper than this is refused while parsing. The schema goes a few levels down (a
// translated text in an object in a list in a site); 32 leaves room and is nowhere near the
// stack: nlohmann's parser does not recurse, but copying, dumping and destroying do, and a
// body nested 100,000 deep overflowed the stack after it had parsed.
constexpr int kMaxJsonDepth = 32;
Outcome<nlohmann::json> parse_json(std::string_view text); // any JSON value, depth checked as it is read

// The body as a JSON object: Content-Type application/json, at most kMaxJsonBytes, well-formed.
Outcome<nlohmann::json> parse_json_object(std::string_view content_type, const std::string& body);

// POST .../events|notices|specials (path_id empty) or PUT .../<id>: the item to store, with
// the address's id filled in, after the rules the route adds to the feed's (an urgent notice
// must end by itself).
Outcome<nlohmann::json> read_item_request(ItemKind kind, nlohmann::json body, const std::string& path_id);

// An item as it is stored and sent to kiosks: checked with the feed library (the same rules
// the kiosk applies) and, for events, the site's rooms and libical's reading of the rule.
struct CanonicalItem {
    std::string id;
    nlohmann::json item; // feed::*_to_json of what was read
};
Outcome<CanonicalItem> canonical_item(ItemKind kind, const nlohmann::json& item, const feed::Site& site);

// POST .../events/<id>/cancel: {"date": "2026-11-25", "cancelled": true}
struct CancelRequest {
    std::string date;
    bool cancelled = true;
};
Outcome<CancelRequest> read_cancel_request(const nlohmann::json& body);

// PUT .../ics: {"url": "https://..."}; an empty url unsubscribes.
Outcome<std::string> read_calendar_request(const nlohmann::json& body);

// POST /api/v1/footfall: {"counts": [...], "sessions": [...], "volunteers": [...],
// "feedback": [...], "returning": [...]} (API.md), every row checked, so nothing is stored
// unless all of it is right. At most kMaxFootfallRows rows in all the lists together.
constexpr std::size_t kMaxFootfallRows = 5000;
Outcome<FootfallUpload> read_footfall_request(const nlohmann::json& body);
Done check_footfall_counts(const std::vector<FootfallCount>& counts); // the values' ranges; the repository checks again before storing
Done check_footfall_upload(const FootfallUpload& upload);              // every list's values, counts included

// POST /api/admin/screens/adopt's "code", as a person types what a screen shows: "977 111 204",
// "977-111-204" and a pasted " 977111204" are all 977111204. Anything but nine digits (or an
// older kiosk's six), with spaces, dashes or dots between them, is refused with what a code
// looks like.
Outcome<std::string> read_pairing_code(std::string_view typed);

} // namespace coi::server
