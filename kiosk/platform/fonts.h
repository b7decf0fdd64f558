#pragma once
// Fonts from Debian's font packages through FreeType: Noto Sans, with DejaVu Sans merged
// in for anything Noto lacks. The atlas holds only the characters the kiosk can show
// (its strings and the current content), at exactly the theme's sizes: small on memory,
// sharp at every size, and no "?" for a Polish, Romanian, Lithuanian or Ukrainian letter.

#include "content/feed/result.h"
#include "kiosk/ui/canvas.h"
#include "kiosk/ui/theme.h"

#include <set>
#include <string>
#include <vector>

namespace coi::platform {

class FontAtlas {
public:
    // Builds the atlas for theme and the characters of texts, and uploads it.
    Result<ui::Fonts> build(const ui::Theme&, const std::vector<std::string>& texts);
    bool covers(const std::vector<std::string>& texts); // false: rebuild before drawing them
    std::size_t glyph_count() const { return m_codepoints.size(); }
    ImVec2 texture_size() const { return m_texture_size; } // pixels of the last atlas, for the log and benchmarks

private:
    std::set<unsigned> m_codepoints;
    std::vector<std::string> m_covered_texts; // the texts covers() (or build) last found covered
    ImVec2 m_texture_size{0, 0};
    ImVector<ImWchar> m_ranges;       // must outlive the atlas build
    ImVector<ImWchar> m_display_ranges;
    ImVector<ImWchar> m_clock_ranges;
};

std::set<unsigned> codepoints_of(const std::vector<std::string>& texts); // UTF-8 decode, invalid bytes skipped

} // namespace coi::platform
