#include "kiosk/platform/fonts.h"

#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_internal.h> // ImTextCharFromUtf8
#include <imgui_impl_sdlrenderer.h>

#include <filesystem>
#include <malloc.h>

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

Result<ui::Fonts> FontAtlas::build(const ui::Theme& theme, const std::vector<std::string>& texts)
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
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    io.Fonts->TexGlyphPadding = 1;

    auto add = [&](const char* main, const char* merge, float size, const ImWchar* ranges) -> ImFont* {
        ImFontConfig config;
        config.OversampleH = config.OversampleV = 1; // FreeType hints; oversampling only costs memory
        config.PixelSnapH = true;
        ImFont* font = io.Fonts->AddFontFromFileTTF(main, size, &config, ranges);
        if (font && merge && merge != main) {
            ImFontConfig merged = config;
            merged.MergeMode = true;
            io.Fonts->AddFontFromFileTTF(merge, size, &merged, ranges);
        }
        return font;
    };
    ui::Fonts fonts;
    fonts.small = add(regular, fallback, theme.font.small, m_ranges.Data);
    fonts.body = add(regular, fallback, theme.font.body, m_ranges.Data);
    fonts.body_bold = add(bold, fallback_bold, theme.font.body, m_ranges.Data);
    fonts.heading = add(bold, fallback_bold, theme.font.heading, m_display_ranges.Data);
    fonts.title = add(bold, fallback_bold, theme.font.title, m_display_ranges.Data);
    fonts.clock = add(bold, nullptr, theme.font.clock, m_clock_ranges.Data);
    if (!fonts.small || !fonts.body || !fonts.body_bold || !fonts.heading || !fonts.title || !fonts.clock)
        return Error{std::string("cannot load fonts from ") + regular};
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
    m_texture_size = ImVec2(static_cast<float>(io.Fonts->TexWidth), static_cast<float>(io.Fonts->TexHeight));
    // The atlas keeps a copy of every font file it loaded (eleven loads, about 6.7 MB) until
    // told otherwise, but the files are only needed to build it: the glyphs live in the
    // fonts and the texture from here on. Freed before the texture is made, so the peak
    // drops too. The next build starts with Clear() and loads the files again.
    io.Fonts->ClearInputData();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    io.Fonts->ClearTexData(); // the renderer has its own copy now
    // Building freed megabytes of scratch (FreeType's, the atlas's 8-bit and 32-bit pixels)
    // that glibc would otherwise keep resident for reuse that never comes.
    ::malloc_trim(0);
    m_covered_texts = texts;
    return fonts;
}

} // namespace coi::platform
