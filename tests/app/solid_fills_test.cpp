// kiosk/platform/solid_fills: opaque one-colour shapes are filled without blending, which is
// far cheaper in SDL's software renderer, and the picture stays exactly the same.
#include "kiosk/platform/display.h"
#include "kiosk/platform/solid_fills.h"

#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <vector>

using namespace coi;

namespace {

// A picture: a square of colours, half of it translucent, as a feed's image or a ring could be.
SDL_Texture* make_picture(SDL_Renderer* renderer)
{
    std::vector<Uint32> argb(64 * 64);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            argb[static_cast<std::size_t>(y * 64 + x)] = (y < 32 ? 0xFF000000u : 0x80000000u) | static_cast<Uint32>(x * 4) << 16 | static_cast<Uint32>(y * 4) << 8 | 0x40u;
    SDL_Texture* texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, 64, 64);
    SDL_UpdateTexture(texture, nullptr, argb.data(), 64 * 4);
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    return texture;
}

// A bit of everything a page has: a rounded card, an opaque band, a translucent veil, an
// outline, a dot, text in two colours, a picture and a tinted one.
void draw_scene(SDL_Texture* picture)
{
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(640, 360), IM_COL32(250, 246, 238, 255));
    dl->AddRectFilled(ImVec2(20.5f, 30.25f), ImVec2(400, 300), IM_COL32(255, 255, 255, 255), 18);
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(640, 24), IM_COL32(40, 70, 60, 255));
    dl->AddText(ImVec2(40, 50), IM_COL32(20, 20, 20, 255), "Bingo in the main hall, 2 pm");
    dl->AddRectFilled(ImVec2(300, 100), ImVec2(600, 340), IM_COL32(200, 40, 40, 120), 12);
    dl->AddRect(ImVec2(60, 150), ImVec2(380, 280), IM_COL32(40, 70, 60, 255), 10, 0, 3);
    dl->AddCircleFilled(ImVec2(500, 60), 20, IM_COL32(230, 160, 20, 255));
    dl->AddText(ImVec2(320, 200), IM_COL32(255, 255, 255, 255), "Caf\xc3\xa9 open");
    dl->AddImage(picture, ImVec2(420, 180), ImVec2(484, 244));
    dl->AddText(ImVec2(430, 250), IM_COL32(20, 20, 20, 255), "between two pictures");
    dl->AddImage(picture, ImVec2(500, 200), ImVec2(532, 232), ImVec2(0, 0), ImVec2(1, 1), IM_COL32(34, 94, 88, 255));
}

// A headless 640x360 screen with SDL's software renderer, as the kiosk draws on.
auto open_display()
{
    platform::DisplayOptions options;
    options.width = 640;
    options.height = 360;
    options.mode = platform::WindowMode::Headless;
    return platform::Display::open(options);
}

std::vector<Uint32> pixels(platform::Display& display)
{
    ImVec2 size = display.size();
    std::vector<Uint32> out(static_cast<std::size_t>(size.x * size.y));
    SDL_RenderReadPixels(display.renderer(), nullptr, SDL_PIXELFORMAT_ARGB8888, out.data(), static_cast<int>(size.x) * 4);
    return out;
}

} // namespace

TEST(SolidFills, OnlyOpaqueOneColourTrianglesOnTheWhitePixelAreTakenAndInTheirOrder)
{
    auto display = open_display();
    ASSERT_TRUE(display) << display.error().message;
    SDL_Texture* picture = make_picture((*display)->renderer());
    (*display)->begin_frame();
    draw_scene(picture);
    ImGui::Render();
    ImDrawData* data = ImGui::GetDrawData();
    ImGuiIO& io = ImGui::GetIO();
    std::vector<std::pair<bool, std::vector<ImDrawIdx>>> pictures; // the same for the pictures' commands
    auto triangles = [&] {
        std::vector<std::pair<bool, std::vector<ImDrawIdx>>> out; // per command on the atlas, in order: taken, triangles
        for (int n = 0; n < data->CmdListsCount; ++n)
            for (auto& cmd : data->CmdLists[n]->CmdBuffer) {
                const ImDrawIdx* idx = data->CmdLists[n]->IdxBuffer.Data + cmd.IdxOffset;
                if (cmd.TextureId == io.Fonts->TexID)
                    out.push_back({cmd.UserCallback != nullptr, std::vector<ImDrawIdx>(idx, idx + cmd.ElemCount)});
                else
                    pictures.push_back({cmd.UserCallback != nullptr, std::vector<ImDrawIdx>(idx, idx + cmd.ElemCount)});
            }
        return out;
    };
    auto before = triangles();
    auto pictures_before = pictures;
    pictures.clear();
    int marked = platform::take_solid_fills(data, io.Fonts->TexID, io.Fonts->TexUvWhitePixel, (*display)->renderer());
    auto after = triangles();
    EXPECT_GT(marked, 0);
    EXPECT_GT(after.size(), before.size()) << "solid and textured runs are separate commands";
    // The same triangles in the same order; the solid ones taken, and only those.
    std::vector<ImDrawIdx> all_before, all_after;
    int untextured = 0;
    for (auto& [taken, idx] : before)
        all_before.insert(all_before.end(), idx.begin(), idx.end());
    for (auto& [taken, idx] : after) {
        all_after.insert(all_after.end(), idx.begin(), idx.end());
        if (taken)
            untextured += static_cast<int>(idx.size() / 3);
    }
    EXPECT_EQ(all_after, all_before);
    EXPECT_EQ(untextured, marked);
    // The pictures' commands are drawn by a callback too, handing SDL only their own vertices,
    // with the same triangles.
    ASSERT_EQ(pictures.size(), 2u);
    ASSERT_EQ(pictures_before.size(), 2u);
    for (std::size_t i = 0; i < pictures.size(); ++i) {
        EXPECT_FALSE(pictures_before[i].first);
        EXPECT_TRUE(pictures[i].first);
        EXPECT_EQ(pictures[i].second, pictures_before[i].second);
    }
    // Taking them twice takes nothing more.
    EXPECT_EQ(platform::take_solid_fills(data, io.Fonts->TexID, io.Fonts->TexUvWhitePixel, (*display)->renderer()), 0);
    ImGui_ImplSDLRenderer_RenderDrawData(data);
    SDL_DestroyTexture(picture);
}

TEST(SolidFills, TheFrameIsThePixelsItWouldBeWithoutThem)
{
    auto display = open_display();
    ASSERT_TRUE(display) << display.error().message;
    SDL_Texture* picture = make_picture((*display)->renderer());
    // As ImGui's own backend draws it: every triangle textured and blended.
    (*display)->begin_frame();
    draw_scene(picture);
    ImGui::Render();
    SDL_SetRenderDrawColor((*display)->renderer(), 0, 0, 0, 255);
    SDL_RenderClear((*display)->renderer());
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    auto plain = pixels(**display);
    // As the kiosk draws it.
    (*display)->begin_frame();
    draw_scene(picture);
    (*display)->render();
    auto fast = pixels(**display);
    ASSERT_EQ(fast.size(), plain.size());
    int differing = 0;
    for (std::size_t i = 0; i < fast.size(); ++i)
        differing += fast[i] != plain[i] ? 1 : 0;
    EXPECT_EQ(differing, 0) << "of " << fast.size() << " pixels";
    SDL_DestroyTexture(picture);
}

TEST(SolidFills, AFrameThatDoesNotBeginWithTheWholeScreenIsDrawnOnACleanScreen)
{
    // A page begins with its background over the whole screen, so the screen is not cleared
    // first; any other frame is, so nothing of the last one shows through.
    auto display = open_display();
    ASSERT_TRUE(display) << display.error().message;
    (*display)->begin_frame();
    ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(640, 360), IM_COL32(250, 246, 238, 255));
    (*display)->render();
    EXPECT_EQ(pixels(**display)[300 * 640 + 600], 0xFFFAF6EEu);
    (*display)->begin_frame();
    ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(10, 10), ImVec2(20, 20), IM_COL32(200, 40, 40, 255));
    (*display)->render();
    auto after = pixels(**display);
    EXPECT_EQ(after[15 * 640 + 15], 0xFFC82828u);
    EXPECT_EQ(after[300 * 640 + 600], 0xFF000000u) << "the last frame's background shows through";
}
