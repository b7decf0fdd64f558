// kiosk/platform/glyph_blits: text drawn at its own size is blended straight from the atlas's
// pixels into the window, and the picture is exactly the one SDL's software renderer draws.
#include "headless.h"
#include "kiosk/platform/display.h"
#include "kiosk/platform/fonts.h"
#include "kiosk/platform/glyph_blits.h"

#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <vector>

using namespace coi;

namespace {

const char* kText = "Bingo 2:30, caf\xc3\xa9 \xc5\xbc\xc3\xb3\xc5\x82\x74\x61 \xe2\x82\xac" "5 \xe2\x80\x94 Tea & cake";

// Text in every font of the atlas, in several colours (one translucent), over stripes, a
// line of it cut by a clip rectangle, and one drawn at another size than its font's.
void draw_scene(const ui::Fonts& fonts, ImVec2 size)
{
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    for (int y = 0; y < static_cast<int>(size.y); y += 20)
        dl->AddRectFilled(ImVec2(0, static_cast<float>(y)), ImVec2(size.x, static_cast<float>(y + 10)), (y / 20) % 2 ? IM_COL32(250, 246, 238, 255) : IM_COL32(40, 70, 60, 255));
    const ImU32 colours[] = {IM_COL32(20, 20, 20, 255), IM_COL32(255, 255, 255, 255), IM_COL32(200, 40, 40, 128), IM_COL32(230, 160, 20, 255)};
    float y = 4;
    int n = 0;
    for (ImFont* font : {fonts.small, fonts.body, fonts.body_bold, fonts.heading, fonts.title}) {
        dl->AddText(font, font->FontSize, ImVec2(8.5f, y), colours[n++ % 4], kText);
        y += font->FontSize;
    }
    dl->PushClipRect(ImVec2(30, y + 5), ImVec2(200, y + 20), true);
    dl->AddText(fonts.body, fonts.body->FontSize, ImVec2(8, y), colours[0], kText);
    dl->PopClipRect();
    dl->AddText(fonts.body, fonts.body->FontSize * 1.37f, ImVec2(8, y + 40), colours[1], kText); // scaled: left to SDL
}

std::vector<Uint32> pixels(platform::Display& display)
{
    ImVec2 size = display.size();
    std::vector<Uint32> out(static_cast<std::size_t>(size.x * size.y));
    SDL_RenderReadPixels(display.renderer(), nullptr, SDL_PIXELFORMAT_ARGB8888, out.data(), static_cast<int>(size.x) * 4);
    return out;
}

} // namespace

TEST(GlyphBlits, TextBlendedFromTheAtlasIsThePictureSdlDraws)
{
    auto display = coi::testing::headless(800, 480);
    ASSERT_TRUE(display);
    platform::FontAtlas atlas;
    auto fonts = atlas.build(ui::make_theme(display->size()), {kText});
    ASSERT_TRUE(fonts) << fonts.error().message;
    ASSERT_TRUE(display->upload_fonts());

    // As ImGui's own backend draws it: every glyph two triangles through SDL.
    display->begin_frame();
    draw_scene(*fonts, display->size());
    ImGui::Render();
    SDL_SetRenderDrawColor(display->renderer(), 0, 0, 0, 255);
    SDL_RenderClear(display->renderer());
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    auto plain = pixels(*display);

    // As the kiosk draws it.
    display->repaint_next();
    display->begin_frame();
    draw_scene(*fonts, display->size());
    display->render();
    auto fast = pixels(*display);
    ASSERT_EQ(fast.size(), plain.size());
    int differing = 0, text = 0;
    for (std::size_t i = 0; i < fast.size(); ++i) {
        differing += fast[i] != plain[i] ? 1 : 0;
        text += (plain[i] & 0xFFFFFF) != 0xFAF6EE && (plain[i] & 0xFFFFFF) != 0x28463C ? 1 : 0;
    }
    EXPECT_GT(text, 5000) << "the scene has text to compare";
    EXPECT_EQ(differing, 0) << "of " << fast.size() << " pixels";
}

TEST(GlyphBlits, EveryAtlasCommandIsTakenAndNothingElse)
{
    auto display = coi::testing::headless(320, 240);
    ASSERT_TRUE(display);
    display->begin_frame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddText(ImVec2(10, 10), IM_COL32(20, 20, 20, 255), "Soup");
    dl->AddCallback([](const ImDrawList*, const ImDrawCmd*) {}, nullptr);
    dl->AddText(ImVec2(10, 40), IM_COL32(20, 20, 20, 255), "Cake");
    ImGui::Render();
    ImGuiIO& io = ImGui::GetIO();
    platform::GlyphSource source{display->renderer(), io.Fonts->TexPixelsAlpha8, io.Fonts->TexWidth, io.Fonts->TexHeight};
    ASSERT_NE(source.alpha, nullptr);
    EXPECT_EQ(platform::take_glyphs(ImGui::GetDrawData(), io.Fonts->TexID, &source), 2);
    EXPECT_EQ(platform::take_glyphs(ImGui::GetDrawData(), io.Fonts->TexID, &source), 0) << "taken already";
    platform::GlyphSource nothing{display->renderer(), nullptr, 0, 0};
    EXPECT_EQ(platform::take_glyphs(ImGui::GetDrawData(), io.Fonts->TexID, &nothing), 0) << "no pixels to blend from";
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
}
