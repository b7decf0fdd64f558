// Specification of text layout: wrapping on words, ellipsis instead of cutting, and fonts
// that carry every letter our visitors' languages need.
#include "kiosk_fixture.h"

#include <imgui.h>
#include <imgui_internal.h>

using namespace coi;
using namespace coi::testing;

namespace {

struct CanvasTest : ::testing::Test {
    void SetUp() override
    {
        dir = fresh_data_dir("canvas");
        kiosk = open_kiosk(dir, 1920, 1080);
        ASSERT_TRUE(kiosk);
        kiosk->draw_frame(*kiosk->site_time("2026-11-25T11:05"), feed::Page::WhatsOn);
        font = ImGui::GetIO().Fonts->Fonts[1]; // body
        theme = ui::make_theme(ImVec2(1920, 1080));
    }
    void TearDown() override
    {
        kiosk.reset();
        std::filesystem::remove_all(dir);
    }
    ui::Canvas canvas() { return ui::Canvas(nullptr, theme, fonts, nullptr, nullptr); }
    std::filesystem::path dir;
    std::unique_ptr<app::KioskApp> kiosk;
    ImFont* font = nullptr;
    ui::Theme theme{};
    ui::Fonts fonts;
};

const std::string kEllipsis = "\xE2\x80\xA6";

bool ends_with(const std::string& s, const std::string& end)
{
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

} // namespace

TEST_F(CanvasTest, WrapsOnWordsAndKeepsEveryWord)
{
    auto c = canvas();
    std::string text = "Crafts, tombola, mince pies and Santa's grotto in the Main Hall";
    float width = c.measure(font, "Crafts, tombola, mince pies").x + 2;
    auto lines = c.wrap(font, text, width, 10);
    ASSERT_GE(lines.size(), 2u);
    std::string joined;
    for (auto& l : lines) {
        EXPECT_LE(c.measure(font, l).x, width) << l;
        joined += (joined.empty() ? "" : " ") + l;
    }
    EXPECT_EQ(joined, text);
}

TEST_F(CanvasTest, TooManyLinesEndWithAnEllipsis)
{
    auto c = canvas();
    auto lines = c.wrap(font, "one two three four five six seven eight nine ten", c.measure(font, "one two").x + 2, 2);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(ends_with(lines[1], kEllipsis)) << lines[1];
    EXPECT_LE(c.measure(font, lines[1]).x, c.measure(font, "one two").x + 2);
}

TEST_F(CanvasTest, AWordWiderThanTheLineIsEllipsisedNotCut)
{
    auto c = canvas();
    std::string huge(10000, 'W');
    auto lines = c.wrap(font, huge, 400, 3);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(ends_with(lines[0], kEllipsis));
    EXPECT_LE(c.measure(font, lines[0]).x, 400);
}

TEST_F(CanvasTest, EllipsisNeverSplitsAUtf8Character)
{
    auto c = canvas();
    std::string text = "Zażółć gęślą jaźń, Київ, Română ș ț";
    for (float w = 60; w < 600; w += 17) {
        std::string cut = c.ellipsize(font, text, w);
        EXPECT_TRUE(ImGui::GetIO().Fonts->Fonts.Size > 0);
        // Decoding the whole string must succeed character by character.
        const char* p = cut.c_str();
        const char* end = p + cut.size();
        while (p < end) {
            unsigned ch = 0;
            int n = ImTextCharFromUtf8(&ch, p, end);
            ASSERT_GT(n, 0);
            ASSERT_NE(ch, 0xFFFDu) << cut;
            p += n;
        }
    }
}

TEST_F(CanvasTest, TextFontsHavePoundEuroPolishRomanianLithuanianAndUkrainianLetters)
{
    // small, body and body bold: what any name a visitor types is drawn in.
    auto& all = ImGui::GetIO().Fonts->Fonts;
    ASSERT_GE(all.Size, 3);
    for (int i = 0; i < 3; ++i)
        for (unsigned ch : {0x00A3u, 0x20ACu, 0x0142u, 0x0105u, 0x0219u, 0x021Bu, 0x0117u, 0x016Bu, 0x0457u, 0x0491u, 0x0454u})
            EXPECT_NE(all[i]->FindGlyphNoFallback(static_cast<ImWchar>(ch)), nullptr) << std::hex << ch << " at " << all[i]->FontSize;
}

TEST_F(CanvasTest, HeadingFontsCoverEveryCharacterOfTheContentAndStrings)
{
    auto& all = ImGui::GetIO().Fonts->Fonts;
    ASSERT_GE(all.Size, 5);
    for (const std::string& text : core::all_texts(kiosk->feed())) {
        const char* p = text.c_str();
        const char* end = p + text.size();
        while (p < end) {
            unsigned ch = 0;
            p += ImTextCharFromUtf8(&ch, p, end);
            if (ch < 0x20)
                continue;
            for (int i = 3; i < 5; ++i)
                EXPECT_NE(all[i]->FindGlyphNoFallback(static_cast<ImWchar>(ch)), nullptr) << std::hex << ch << " in \"" << text << "\"";
        }
    }
}

TEST_F(CanvasTest, AMissingGlyphIsDrawnAsSpaceNotAQuestionMark)
{
    ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
    const ImFontGlyph* g = f->FindGlyph(static_cast<ImWchar>(0x4E2D)); // a CJK character no font here carries
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->Codepoint, static_cast<unsigned>(' '));
}
