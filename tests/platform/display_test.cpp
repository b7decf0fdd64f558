// kiosk/platform/display: a frame that is the same as the one on screen is neither drawn nor
// shown again, and the picture stays; anything that may have changed the picture draws anew.
#include "headless.h"
#include "kiosk/platform/display.h"

#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <vector>

using namespace coi;

namespace {

std::unique_ptr<platform::Display> headless() { return coi::testing::headless(320, 240); }

// A frame with a card at x: the same x, the same picture.
void draw(platform::Display& display, float x)
{
    display.begin_frame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(320, 240), IM_COL32(250, 246, 238, 255));
    dl->AddRectFilled(ImVec2(x, 40), ImVec2(x + 100, 140), IM_COL32(40, 70, 60, 255), 12);
    dl->AddText(ImVec2(x, 160), IM_COL32(20, 20, 20, 255), "Bingo, 2 pm");
    display.render();
}

std::vector<Uint32> pixels(platform::Display& display)
{
    std::vector<Uint32> out(320 * 240);
    SDL_RenderReadPixels(display.renderer(), nullptr, SDL_PIXELFORMAT_ARGB8888, out.data(), 320 * 4);
    return out;
}

} // namespace

TEST(Display, AFrameTheSameAsTheOneOnScreenIsNotDrawnAgainAndThePictureStays)
{
    auto display = headless();
    ASSERT_TRUE(display);
    draw(*display, 20);
    EXPECT_FALSE(display->unchanged()); // the first frame is always drawn
    display->present();
    auto first = pixels(*display);

    draw(*display, 20);
    EXPECT_TRUE(display->unchanged());
    display->present();
    EXPECT_TRUE(pixels(*display) == first);

    draw(*display, 60);
    EXPECT_FALSE(display->unchanged());
    display->present();
    EXPECT_FALSE(pixels(*display) == first);
}

TEST(Display, AskedToRepaintOrAfterTheWindowLostItsPictureTheSameFrameIsDrawnAgain)
{
    auto display = headless();
    ASSERT_TRUE(display);
    draw(*display, 20);
    display->present();
    display->repaint_next(); // as after new content: a picture's pixels may have changed
    draw(*display, 20);
    EXPECT_FALSE(display->unchanged());
    display->present();
    draw(*display, 20);
    EXPECT_TRUE(display->unchanged());
    display->present();

    SDL_Event exposed{};
    exposed.type = SDL_WINDOWEVENT;
    exposed.window.event = SDL_WINDOWEVENT_EXPOSED;
    exposed.window.windowID = SDL_GetWindowID(SDL_RenderGetWindow(display->renderer()));
    SDL_PushEvent(&exposed);
    EXPECT_TRUE(display->wait(0).resized);
    draw(*display, 20);
    EXPECT_FALSE(display->unchanged());
}
