#pragma once
// The embedded default content: a whole realistic building (Ashby Hill People's Centre)
// whose timetable is recurring, so it is always "today". A kiosk that has never been
// paired shows this instead of a blank screen, and tests and demos start from it.
// feed.json and media/ beside this file are the source; the build compiles them in.

#include <string_view>
#include <vector>

namespace coi::sample {

std::string_view feed_json(); // the exact bytes of feed.json (unsigned; it ships inside the binary)

struct EmbeddedMedia {
    std::string_view sha256; // 64 lowercase hex of bytes, computed at build time
    std::string_view type;   // image/svg+xml, image/png or image/jpeg
    std::string_view bytes;  // the file, byte for byte
};

const std::vector<EmbeddedMedia>& media();                // every file in media/, sorted by file name
const EmbeddedMedia* find_media(std::string_view sha256); // nullptr when no file has that hash

} // namespace coi::sample
