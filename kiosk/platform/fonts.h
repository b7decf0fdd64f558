#pragma once
// Fonts from Debian's font packages through FreeType: Noto Sans, with DejaVu Sans merged
// in for anything Noto lacks. The atlas holds only the characters the kiosk can show
// (its strings and the current content), at exactly the theme's sizes: small on memory,
// sharp at every size, and no "?" for a Polish, Romanian, Lithuanian or Ukrainian letter.

#include "content/feed/result.h"
#include "kiosk/platform/disk_cache.h"
#include "kiosk/ui/canvas.h"
#include "kiosk/ui/theme.h"

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace coi::platform {

class FontAtlas {
public:
    // Where built atlases are kept, so the next start (or the same texts again) restores one
    // instead of building it; without a folder every build is made with FreeType.
    void use_cache(DiskCache cache) { m_cache = std::move(cache); }
    // Builds ImGui's atlas for theme and the characters of texts; Display::upload_fonts() then
    // puts it on the screen's renderer. With theme.font.identify set, one more font at that
    // size holds only large_text's letters (ui::Fonts::identify); such an atlas is never kept
    // on disk (it lives for 30 s, and would push the usual ones out).
    Result<ui::Fonts> build(const ui::Theme&, const std::vector<std::string>& texts, std::string_view large_text = {});
    bool covers(const std::vector<std::string>& texts); // false: rebuild before drawing them
    std::size_t glyph_count() const { return m_codepoints.size(); }
    ImVec2 texture_size() const { return m_texture_size; } // pixels of the last atlas, for the log and benchmarks
    bool from_cache() const { return m_from_cache; }       // the last build was restored from disk

private:
    struct FontRole {
        const char* main;
        const char* merge; // a second font for what the first lacks, or null
        float size;
        const ImVector<ImWchar>* ranges;
    };
    Result<Ok> build_with_freetype(const std::vector<FontRole>&);
    void remember_key(const std::string& key);
    DiskCache m_cache;
    bool m_from_cache = false;
    std::vector<std::string> m_recent_keys; // newest first
    std::set<unsigned> m_codepoints;
    std::vector<std::string> m_covered_texts; // the texts covers() (or build) last found covered
    ImVec2 m_texture_size{0, 0};
    ImVector<ImWchar> m_ranges;       // must outlive the atlas build
    ImVector<ImWchar> m_display_ranges;
    ImVector<ImWchar> m_clock_ranges;
    ImVector<ImWchar> m_large_ranges;
};

std::set<unsigned> codepoints_of(const std::vector<std::string>& texts); // UTF-8 decode, invalid bytes skipped

} // namespace coi::platform
