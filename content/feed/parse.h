#pragma once
// Bytes <-> Feed. Parsing validates everything README.md states and refuses the whole
// feed on the first problem, with a message naming the item, the field and what was
// expected: `events[3] "bingo": field "end": must be after "start"`.

#include "result.h"
#include "types.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace coi::feed {

constexpr std::size_t kMaxFeedBytes = 4 * 1024 * 1024;

Result<Feed> parse_feed(std::string_view json_bytes);   // parse + validate, all or nothing
Result<Feed> feed_from_json(const nlohmann::json& doc); // validate an already-parsed document
nlohmann::json feed_to_json(const Feed& feed);          // the inverse; parse_feed(dump) == feed
std::string serialise_feed(const Feed& feed);           // compact UTF-8 JSON bytes

// Pieces the server reuses to validate single items posted by the admin pages.
Result<Event> event_from_json(const nlohmann::json& item, const Site& site);
Result<Notice> notice_from_json(const nlohmann::json& item);
Result<Special> special_from_json(const nlohmann::json& item);
Result<Text> text_from_json(const nlohmann::json& value);
nlohmann::json event_to_json(const Event&);
nlohmann::json notice_to_json(const Notice&);
nlohmann::json special_to_json(const Special&);
nlohmann::json text_to_json(const Text&);

} // namespace coi::feed
