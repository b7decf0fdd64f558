#pragma once
// Internal: what embed.cmake generates at build time from feed.json and media/.
// sample.h is the public face; only sample.cpp and the generated source include this.

#include "content/sample/sample.h"

#include <string_view>
#include <vector>

namespace coi::sample::detail {

std::string_view embedded_feed();
std::vector<EmbeddedMedia> embedded_media();

} // namespace coi::sample::detail
