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

// A bit of everything a page has: a rounded card, an opaque band, a translucent veil, an
// outline, a dot, text in two colours.
void draw_scene()
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
    platform::DisplayOptions options;
    options.width = 640;
    options.height = 360;
    options.mode = platform::WindowMode::Headless;
    auto display = platform::Display::open(options);
    ASSERT_TRUE(display) << display.error().message;
    (*display)->begin_frame();
    draw_scene();
    ImGui::Render();
    ImDrawData* data = ImGui::GetDrawData();
    ImGuiIO& io = ImGui::GetIO();
    auto triangles = [&] {
        std::vector<std::pair<bool, std::vector<ImDrawIdx>>> out; // per command, in order: taken, triangles
        for (int n = 0; n < data->CmdListsCount; ++n)
            for (auto& cmd : data->CmdLists[n]->CmdBuffer) {
                const ImDrawIdx* idx = data->CmdLists[n]->IdxBuffer.Data + cmd.IdxOffset;
                out.push_back({cmd.UserCallback != nullptr, std::vector<ImDrawIdx>(idx, idx + cmd.ElemCount)});
                if (!cmd.UserCallback) {
                    EXPECT_EQ(cmd.TextureId, io.Fonts->TexID);
                }
            }
        return out;
    };
    auto before = triangles();
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
    // Taking them twice takes nothing more.
    EXPECT_EQ(platform::take_solid_fills(data, io.Fonts->TexID, io.Fonts->TexUvWhitePixel, (*display)->renderer()), 0);
    ImGui_ImplSDLRenderer_RenderDrawData(data);
}

TEST(SolidFills, TheFrameIsThePixelsItWouldBeWithoutThem)
{
    platform::DisplayOptions options;
    options.width = 640;
    options.height = 360;
    options.mode = platform::WindowMode::Headless;
    auto display = platform::Display::open(options);
    ASSERT_TRUE(display) << display.error().message;
    // As ImGui's own backend draws it: every triangle textured and blended.
    (*display)->begin_frame();
    draw_scene();
    ImGui::Render();
    SDL_SetRenderDrawColor((*display)->renderer(), 0, 0, 0, 255);
    SDL_RenderClear((*display)->renderer());
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    auto plain = pixels(**display);
    // As the kiosk draws it.
    (*display)->begin_frame();
    draw_scene();
    (*display)->render();
    auto fast = pixels(**display);
    ASSERT_EQ(fast.size(), plain.size());
    int differing = 0;
    for (std::size_t i = 0; i < fast.size(); ++i)
        differing += fast[i] != plain[i] ? 1 : 0;
    EXPECT_EQ(differing, 0) << "of " << fast.size() << " pixels";
}
