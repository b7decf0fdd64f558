#pragma once
// Calendar subscriptions: an .ics document (Google, Outlook ...) -> feed events, with
// libical. Events that cannot be shown (no start, longer than a day) are skipped with a
// reason rather than failing the whole calendar; a document that is not a calendar at
// all is refused.

#include "content/feed/types.h"
#include "outcome.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace coi::server {

struct IcsImport {
    std::vector<nlohmann::json> events; // feed event objects, ids "ics-<hash of UID>"
    std::vector<std::string> skipped;   // one plain sentence per event left out
};

constexpr std::size_t kMaxIcsBytes = 4 * 1024 * 1024;

Outcome<IcsImport> import_ics(const std::string& ics_text, const feed::Site& site);

} // namespace coi::server
