#include "kiosk/platform/atlas_file.h"
#include "kiosk/platform/prefault.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <sodium.h>
#include <sys/stat.h>

#include <cstring>
#include <type_traits>

namespace coi::platform {

namespace {

// Bumped whenever the layout below changes; part of the key and of the bytes.
constexpr std::string_view kMagic = "coi-atlas-2\n";

// Limits far above any real atlas, so a damaged count cannot make us allocate gigabytes.
constexpr std::uint32_t kMaxSide = 8192;
constexpr std::uint32_t kMaxFonts = 64;
constexpr std::uint32_t kMaxGlyphs = 0xFFFE; // IndexLookup holds glyph indices as ImWchar; 0xFFFF means none

static_assert(std::is_trivially_copyable_v<ImFontGlyph> && std::is_trivially_copyable_v<ImVec2> && std::is_trivially_copyable_v<ImVec4>);

class Writer {
public:
    template <class T> void put(const T& value)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        out.append(reinterpret_cast<const char*>(&value), sizeof(T));
    }
    template <class T> void put_vector(const ImVector<T>& v)
    {
        put(static_cast<std::uint32_t>(v.Size));
        out.append(reinterpret_cast<const char*>(v.Data), sizeof(T) * static_cast<std::size_t>(v.Size));
    }
    std::string out;
};

class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    template <class T> bool get(T& value)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        if (m_bytes.size() - m_at < sizeof(T))
            return false;
        std::memcpy(&value, m_bytes.data() + m_at, sizeof(T));
        m_at += sizeof(T);
        return true;
    }
    template <class T> bool get_vector(ImVector<T>& v, std::uint32_t max)
    {
        std::uint32_t n = 0;
        if (!get(n) || n > max || (m_bytes.size() - m_at) / sizeof(T) < n)
            return false;
        v.resize(static_cast<int>(n));
        std::memcpy(v.Data, m_bytes.data() + m_at, sizeof(T) * n);
        m_at += sizeof(T) * n;
        return true;
    }
    bool take(std::string_view expected)
    {
        if (m_bytes.substr(m_at, expected.size()) != expected)
            return false;
        m_at += expected.size();
        return true;
    }
    std::string_view rest(std::size_t n)
    {
        if (m_bytes.size() - m_at < n)
            return {};
        std::string_view out = m_bytes.substr(m_at, n);
        m_at += n;
        return out;
    }
    bool done() const { return m_at == m_bytes.size(); }

private:
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

bool restore_font(Reader& in, ImFont& font, float tex_w, float tex_h)
{
    std::int32_t fallback_index = -1;
    if (!in.get(font.FontSize) || !in.get(font.Ascent) || !in.get(font.Descent) || !in.get(font.FallbackAdvanceX)
        || !in.get(font.FallbackChar) || !in.get(font.EllipsisChar) || !in.get(font.DotChar) || !in.get(font.MetricsTotalSurface)
        || !in.get(fallback_index) || !in.get(font.Used4kPagesMap) || !in.get_vector(font.Glyphs, kMaxGlyphs)
        || !in.get_vector(font.IndexAdvanceX, 0x10000) || !in.get_vector(font.IndexLookup, 0x10000))
        return false;
    if (!(font.FontSize > 0) || font.Glyphs.Size == 0 || fallback_index < 0 || fallback_index >= font.Glyphs.Size)
        return false;
    for (ImWchar index : font.IndexLookup)
        if (index != static_cast<ImWchar>(-1) && index >= font.Glyphs.Size)
            return false;
    for (const ImFontGlyph& g : font.Glyphs)
        if (!(g.U0 >= 0 && g.U1 <= 1.0f + 1.0f / tex_w && g.V0 >= 0 && g.V1 <= 1.0f + 1.0f / tex_h))
            return false; // would sample outside the texture
    font.FallbackGlyph = &font.Glyphs[fallback_index];
    font.DirtyLookupTables = false;
    font.Scale = 1.0f;
    return true;
}

} // namespace

std::string atlas_key(const AtlasInputs& inputs)
{
    if (sodium_init() < 0)
        return {}; // no key: nothing is read or kept, the atlas is built as ever
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 16);
    auto feed = [&](const void* data, std::size_t size) { crypto_generichash_update(&state, static_cast<const unsigned char*>(data), size); };
    auto feed_text = [&](std::string_view text) {
        feed(text.data(), text.size());
        feed("", 1);
    };
    feed_text(kMagic);
    feed_text(IMGUI_VERSION);
    int layout[] = {static_cast<int>(sizeof(ImFontGlyph)), static_cast<int>(sizeof(ImWchar)), static_cast<int>(sizeof(ImFont)),
        FREETYPE_MAJOR, FREETYPE_MINOR, FREETYPE_PATCH, inputs.builder_flags, inputs.atlas_flags, inputs.glyph_padding};
    feed(layout, sizeof layout);
    for (auto& path : inputs.font_files) {
        feed_text(path);
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0) {
            long long facts[] = {static_cast<long long>(st.st_size), static_cast<long long>(st.st_mtim.tv_sec), static_cast<long long>(st.st_mtim.tv_nsec)};
            feed(facts, sizeof facts);
        }
    }
    feed(inputs.sizes.data(), inputs.sizes.size() * sizeof(float));
    for (const ImVector<ImWchar>* ranges : inputs.ranges) {
        feed(ranges->Data, static_cast<std::size_t>(ranges->Size) * sizeof(ImWchar));
        feed("\xff", 1);
    }
    unsigned char hash[16];
    crypto_generichash_final(&state, hash, sizeof hash);
    char hex[2 * sizeof hash + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return std::string("atlas-") + hex;
}

std::optional<std::string> save_atlas(const ImFontAtlas& atlas)
{
    if (!atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0)
        return std::nullopt;
    Writer w;
    w.out.append(kMagic);
    w.put(static_cast<std::uint32_t>(atlas.TexWidth));
    w.put(static_cast<std::uint32_t>(atlas.TexHeight));
    w.put(atlas.TexUvScale);
    w.put(atlas.TexUvWhitePixel);
    w.put(atlas.TexUvLines);
    w.put(static_cast<std::uint32_t>(atlas.Fonts.Size));
    for (const ImFont* font : atlas.Fonts) {
        if (!font->FallbackGlyph || font->DirtyLookupTables)
            return std::nullopt;
        w.put(font->FontSize);
        w.put(font->Ascent);
        w.put(font->Descent);
        w.put(font->FallbackAdvanceX);
        w.put(font->FallbackChar);
        w.put(font->EllipsisChar);
        w.put(font->DotChar);
        w.put(font->MetricsTotalSurface);
        w.put(static_cast<std::int32_t>(font->FallbackGlyph - font->Glyphs.Data));
        w.put(font->Used4kPagesMap);
        w.put_vector(font->Glyphs);
        w.put_vector(font->IndexAdvanceX);
        w.put_vector(font->IndexLookup);
    }
    w.out.append(reinterpret_cast<const char*>(atlas.TexPixelsAlpha8), static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight));
    return std::move(w.out);
}

bool restore_atlas(ImFontAtlas& atlas, std::string_view bytes)
{
    atlas.Clear();
    Reader in(bytes);
    std::uint32_t width = 0, height = 0, font_count = 0;
    if (!in.take(kMagic) || !in.get(width) || !in.get(height) || width == 0 || height == 0 || width > kMaxSide || height > kMaxSide)
        return false;
    ImVec2 uv_scale, uv_white;
    ImVec4 uv_lines[IM_ARRAYSIZE(atlas.TexUvLines)];
    if (!in.get(uv_scale) || !in.get(uv_white) || !in.get(uv_lines) || !in.get(font_count) || font_count == 0 || font_count > kMaxFonts)
        return false;
    for (std::uint32_t n = 0; n < font_count; ++n) {
        ImFont* font = IM_NEW(ImFont);
        atlas.Fonts.push_back(font); // owned by the atlas from here, even if what follows fails
        font->ContainerAtlas = &atlas;
        if (!restore_font(in, *font, static_cast<float>(width), static_cast<float>(height))) {
            atlas.Clear();
            return false;
        }
    }
    std::string_view pixels = in.rest(static_cast<std::size_t>(width) * height);
    if (pixels.empty() || !in.done()) {
        atlas.Clear();
        return false;
    }
    atlas.TexWidth = static_cast<int>(width);
    atlas.TexHeight = static_cast<int>(height);
    atlas.TexUvScale = uv_scale;
    atlas.TexUvWhitePixel = uv_white;
    std::memcpy(atlas.TexUvLines, uv_lines, sizeof uv_lines);
    atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(pixels.size()));
    prefault(atlas.TexPixelsAlpha8, pixels.size()); // written whole just below (prefault.h)
    std::memcpy(atlas.TexPixelsAlpha8, pixels.data(), pixels.size());
    // Software mouse cursors would need the packing rectangles, which are not kept: the
    // atlases this restores are built without them, and the kiosk never draws ImGui's cursor.
    atlas.Flags |= ImFontAtlasFlags_NoMouseCursors;
    atlas.TexReady = true;
    return true;
}

} // namespace coi::platform
