#pragma once
// A built font atlas as bytes and back. Building it with FreeType is the slowest step of a
// start (a tenth of a second on a PC, far more on a Pi, before the first frame can show),
// and the same fonts, sizes and characters always give the same atlas: so the kiosk keeps
// it on disk and restores it exactly, glyphs, lookup tables and pixels, instead.
//
// The bytes are for this machine and this build only: the name they are kept under
// (atlas_key) covers everything that shapes the atlas, and restore_atlas checks every count
// and index before it touches the atlas, so a torn or foreign file is refused, never used.

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::platform {

// What an atlas is built from; any change gives another key.
struct AtlasInputs {
    std::vector<std::string> font_files;      // each file's path, size and modification time count
    std::vector<float> sizes;                 // pixel sizes, in the order the fonts are added
    std::vector<const ImVector<ImWchar>*> ranges; // the glyph ranges, in the same order
    int builder_flags = 0;  // FreeType's
    int atlas_flags = 0;    // ImFontAtlasFlags
    int glyph_padding = 0;
};
std::string atlas_key(const AtlasInputs&); // a file name: "atlas-" and 32 hex digits

// The atlas just built (its 8-bit pixels still held) as bytes; nothing when there are no pixels.
std::optional<std::string> save_atlas(const ImFontAtlas&);
// Replaces the atlas's fonts and pixels with the saved ones. False, and the atlas is left
// cleared, when the bytes are not a whole atlas this build wrote.
bool restore_atlas(ImFontAtlas&, std::string_view bytes);

} // namespace coi::platform
