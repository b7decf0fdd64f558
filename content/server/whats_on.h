#pragma once
// The public "What's on" page for one site: today and the next six days, as plain HTML
// that reads well on a phone and needs no script. Rendered from the same feed a
// reception screen gets, so the two never disagree.

#include "content/feed/types.h"

#include <string>

namespace coi::server {

std::string render_whats_on(const feed::Feed& feed, feed::Instant now, const std::string& language);
std::string html_escape(std::string_view text);

} // namespace coi::server
