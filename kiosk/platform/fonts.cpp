#include "kiosk/platform/fonts.h"

#include "kiosk/platform/atlas_file.h"

#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_internal.h> // ImTextCharFromUtf8

#include <algorithm>
#include <filesystem>

namespace coi::platform {

namespace {

const char* first_existing(std::initializer_list<const char*> paths)
{
    for (const char* p : paths)
        if (std::filesystem::exists(p))
            return p;
    return nullptr;
}

constexpr const char* kNotoDir = "/usr/share/fonts/truetype/noto/";
constexpr const char* kDejaVuDir = "/usr/share/fonts/truetype/dejavu/";

// Always present, whatever the content, so a visitor can type any name in their language:
// ASCII, Latin-1, Latin Extended-A (Polish, Lithuanian), Romanian ș ț, Cyrillic with
// Ukrainian ґ є і ї, the dashes, quotes, bullet and ellipsis the UI uses, £ and €.
const ImWchar kBaseRanges[] = {0x0020, 0x007E, 0x00A0, 0x017F, 0x0218, 0x021B, 0x0400, 0x045F, 0x0490, 0x0491,
    0x2013, 0x2014, 0x2018, 0x201E, 0x2022, 0x2022, 0x2026, 0x2026, 0x20AC, 0x20AC, 0};
constexpr int kBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
constexpr int kAtlasFlags = ImFontAtlasFlags_NoMouseCursors; // the kiosk never draws ImGui's own cursor
constexpr int kGlyphPadding = 1;
constexpr std::size_t kKeptAtlases = 3;

const ImWchar kDisplayRanges[] = {0x0020, 0x007E, 0x00A0, 0x00FF, 0x2013, 0x2014, 0x2026, 0x2026, 0x20AC, 0x20AC, 0};

} // namespace

std::set<unsigned> codepoints_of(const std::vector<std::string>& texts)
{
    std::set<unsigned> out;
    for (auto& text : texts) {
        const char* p = text.data();
        const char* end = p + text.size();
        while (p < end) {
            unsigned c = 0;
            int n = ImTextCharFromUtf8(&c, p, end);
            if (n <= 0)
                break;
            p += n;
            if (c >= 0x20 && c < 0x10000 && c != 0xFFFD)
                out.insert(c);
        }
    }
    return out;
}

bool FontAtlas::covers(const std::vector<std::string>& texts)
{
    // Asked before every frame with the same texts: decoding them all each time cost more
    // than drawing some pages, so the answer is kept until the texts change.
    if (texts == m_covered_texts)
        return true;
    for (unsigned c : codepoints_of(texts))
        if (!m_codepoints.count(c) && !(c >= 0x20 && c <= 0xFF))
            return false;
    m_covered_texts = texts;
    return true;
}

Result<Ok> FontAtlas::build_with_freetype(const std::vector<FontRole>& roles)
{
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    io.Fonts->FontBuilderFlags = kBuilderFlags;
    io.Fonts->TexGlyphPadding = kGlyphPadding;
    io.Fonts->Flags = kAtlasFlags;
    for (const FontRole& role : roles) {
        ImFontConfig config;
        config.OversampleH = config.OversampleV = 1; // FreeType hints; oversampling only costs memory
        config.PixelSnapH = true;
        ImFont* font = io.Fonts->AddFontFromFileTTF(role.main, role.size, &config, role.ranges->Data);
        if (!font)
            return Error{std::string("cannot load fonts from ") + role.main};
        if (role.merge && std::string_view(role.merge) != role.main) {
            ImFontConfig merged = config;
            merged.MergeMode = true;
            io.Fonts->AddFontFromFileTTF(role.merge, role.size, &merged, role.ranges->Data);
        }
    }
    if (!io.Fonts->Build())
        return Error{"cannot build the font atlas"};
    // A character no font has is drawn as a space: never a "?" in someone's name.
    for (ImFont* font : io.Fonts->Fonts) {
        if (const ImFontGlyph* space = font->FindGlyphNoFallback(' ')) {
            font->FallbackChar = ' ';
            font->FallbackGlyph = space;
            font->FallbackAdvanceX = space->AdvanceX;
        }
    }
    return Ok{};
}

void FontAtlas::remember_key(const std::string& key)
{
    // The last few atlases stay on disk (a visitor's large text, then back); older ones go.
    std::erase(m_recent_keys, key);
    m_recent_keys.insert(m_recent_keys.begin(), key);
    if (m_recent_keys.size() > kKeptAtlases)
        m_recent_keys.resize(kKeptAtlases);
    m_cache.keep_only([&](std::string_view name) { return std::find(m_recent_keys.begin(), m_recent_keys.end(), name) != m_recent_keys.end(); });
}

Result<ui::Fonts> FontAtlas::build(const ui::Theme& theme, const std::vector<std::string>& texts, std::string_view large_text)
{
    const char* regular = first_existing({"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
    const char* bold = first_existing({"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    const char* fallback = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
    const char* fallback_bold = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    if (!regular || !bold)
        return Error{std::string("no font found: install fonts-noto-core or fonts-dejavu-core (looked in ") + kNotoDir + " and " + kDejaVuDir + ")"};

    m_covered_texts.clear(); // until this build succeeds
    m_codepoints = codepoints_of(texts);
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(kBaseRanges);
    for (unsigned c : m_codepoints)
        builder.AddChar(static_cast<ImWchar>(c));
    m_ranges.clear();
    builder.BuildRanges(&m_ranges);
    // Headings and titles only ever show content and UI strings, never typed names: they
    // get ASCII, Latin-1 and exactly the characters those strings use, which keeps the
    // atlas (and its texture) about a third smaller.
    ImFontGlyphRangesBuilder display_builder;
    display_builder.AddRanges(kDisplayRanges);
    for (unsigned c : m_codepoints)
        display_builder.AddChar(static_cast<ImWchar>(c));
    m_display_ranges.clear();
    display_builder.BuildRanges(&m_display_ranges);
    ImFontGlyphRangesBuilder clock_builder;
    clock_builder.AddText("0123456789:. ");
    m_clock_ranges.clear();
    clock_builder.BuildRanges(&m_clock_ranges);

    ImGuiIO& io = ImGui::GetIO();
    const ImVector<ImWchar>* text_ranges = &m_ranges;
    const ImVector<ImWchar>* display_ranges = &m_display_ranges;
    // The order the fonts are added in, which is also their order in the atlas.
    std::vector<FontRole> roles{{{regular, fallback, theme.font.small, text_ranges}, {regular, fallback, theme.font.body, text_ranges},
        {bold, fallback_bold, theme.font.body, text_ranges}, {bold, fallback_bold, theme.font.heading, display_ranges},
        {bold, fallback_bold, theme.font.title, display_ranges}, {bold, nullptr, theme.font.clock, &m_clock_ranges}}};
    // "Show identify": the name's letters only (and the space and ellipsis wrapping may use),
    // at a size where a glyph is a few hundred pixels a side.
    bool large = theme.font.identify > 0;
    if (large) {
        ImFontGlyphRangesBuilder large_builder;
        large_builder.AddText(" \u2026");
        for (unsigned c : codepoints_of({std::string(large_text)}))
            large_builder.AddChar(static_cast<ImWchar>(c));
        m_large_ranges.clear();
        large_builder.BuildRanges(&m_large_ranges);
        roles.push_back({bold, fallback_bold, theme.font.identify, &m_large_ranges});
    }
    AtlasInputs inputs;
    inputs.builder_flags = kBuilderFlags;
    inputs.atlas_flags = kAtlasFlags;
    inputs.glyph_padding = kGlyphPadding;
    for (const FontRole& role : roles) {
        inputs.font_files.push_back(role.main);
        inputs.font_files.push_back(role.merge ? role.merge : "");
        inputs.sizes.push_back(role.size);
        inputs.ranges.push_back(role.ranges);
    }
    std::string key = atlas_key(inputs);
    std::optional<std::string> saved = large ? std::nullopt : m_cache.read(key);
    m_from_cache = saved && restore_atlas(*io.Fonts, *saved) && io.Fonts->Fonts.Size == static_cast<int>(roles.size());
    if (!m_from_cache) {
        if (auto built = build_with_freetype(roles); !built)
            return built.error();
        if (!large)
            if (auto bytes = save_atlas(*io.Fonts))
                let_go(m_cache.write(key, *bytes), "not kept: built again next start, nothing lost");
    }
    if (!large)
        remember_key(key);
    ui::Fonts fonts;
    ImFont** slots[] = {&fonts.small, &fonts.body, &fonts.body_bold, &fonts.heading, &fonts.title, &fonts.clock, &fonts.identify};
    for (std::size_t i = 0; i < roles.size(); ++i)
        *slots[i] = io.Fonts->Fonts[static_cast<int>(i)];
    m_texture_size = ImVec2(static_cast<float>(io.Fonts->TexWidth), static_cast<float>(io.Fonts->TexHeight));
    // The atlas keeps a copy of every font file it loaded (eleven loads, about 6.7 MB) until
    // told otherwise, but the files are only needed to build it: the glyphs live in the
    // fonts and the texture from here on. Freed before the texture is made, so the peak
    // drops too. The next build starts with Clear() and loads the files again.
    io.Fonts->ClearInputData();
    m_covered_texts = texts;
    return fonts;
}

} // namespace coi::platform
