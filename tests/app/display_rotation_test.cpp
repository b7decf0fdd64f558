// [display] rotate: a TV on its side. SDL's KMS/DRM backend ignores the kernel's
// video=...,rotate= (it turns the text console only) and its touch input ignores libinput's
// calibration matrix, so the kiosk turns the picture and the touches itself.
#include "kiosk/platform/display.h"
#include "kiosk_fixture.h"

#include <SDL.h>
#include <imgui.h>

using namespace coi;
using namespace coi::testing;

namespace {

platform::DisplayOptions turned(int width, int height, int rotation)
{
    platform::DisplayOptions options;
    options.width = width;
    options.height = height;
    options.mode = platform::WindowMode::Headless;
    options.rotation = rotation;
    return options;
}

// A touch where the screen's own coordinates (0..1 each way) say, as the touchscreen reports it.
void touch_screen_at(float x, float y, bool down) { platform::push_finger(x, y, ImVec2(1, 1), down); }

// The colour of the screen's pixel at (x, y), after present(): what the panel shows.
SDL_Color screen_pixel(platform::Display& display, int x, int y)
{
    SDL_Rect one{x, y, 1, 1};
    Uint32 pixel = 0;
    SDL_RenderReadPixels(display.renderer(), &one, SDL_PIXELFORMAT_ABGR8888, &pixel, 4);
    SDL_Color colour;
    SDL_PixelFormat* format = SDL_AllocFormat(SDL_PIXELFORMAT_ABGR8888);
    SDL_GetRGBA(pixel, format, &colour.r, &colour.g, &colour.b, &colour.a);
    SDL_FreeFormat(format);
    return colour;
}

} // namespace

TEST(DisplayRotation, TurnsThePictureClockwiseOntoTheScreen)
{
    for (int rotation : {90, 180, 270}) {
        auto display = platform::Display::open(turned(640, 360, rotation));
        ASSERT_TRUE(display) << display.error().message;
        ImVec2 upright = (*display)->size();
        EXPECT_EQ(upright.x, rotation == 180 ? 640 : 360) << rotation;
        EXPECT_EQ(upright.y, rotation == 180 ? 360 : 640) << rotation;
        // A red square in the upright picture's top-left corner.
        (*display)->begin_frame();
        ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(40, 40), IM_COL32(255, 0, 0, 255));
        (*display)->end_frame();
        // Turned clockwise, that corner is on the screen's top right (90), bottom right (180)
        // or bottom left (270); the opposite corner stays black.
        int x = rotation == 270 ? 5 : 634, y = rotation == 90 ? 5 : 354;
        SDL_Color corner = screen_pixel(**display, x, y);
        EXPECT_EQ(corner.r, 255) << rotation;
        EXPECT_EQ(corner.g, 0) << rotation;
        SDL_Color opposite = screen_pixel(**display, 639 - x, 359 - y);
        EXPECT_EQ(opposite.r, 0) << rotation;
    }
}

TEST(DisplayRotation, TurnsTouchesBackOntoTheUprightPicture)
{
    auto display = platform::Display::open(turned(640, 360, 90));
    ASSERT_TRUE(display) << display.error().message;
    // The screen's top right is the picture's top left; its bottom left, the picture's bottom right.
    touch_screen_at(0.95f, 0.05f, true);
    (*display)->wait(0);
    EXPECT_TRUE((*display)->pointer_down());
    EXPECT_NEAR((*display)->pointer().x, 0.05f * 360, 1);
    EXPECT_NEAR((*display)->pointer().y, 0.05f * 640, 1);
    touch_screen_at(0.05f, 0.95f, false);
    // A wait(0) is one of SDL's poll cycles: the first one's end marker is still queued ahead
    // of the release, so the release comes with the next poll, as the frame loop's next pass.
    for (int i = 0; i < 2 && (*display)->pointer_down(); ++i)
        (*display)->wait(0);
    EXPECT_FALSE((*display)->pointer_down());
    EXPECT_NEAR((*display)->pointer().x, 0.95f * 360, 1);
    EXPECT_NEAR((*display)->pointer().y, 0.95f * 640, 1);
}

TEST(DisplayRotation, APortraitKioskOnALandscapeScreenLaysOutForPortraitAndTakesItsTouches)
{
    auto dir = fresh_data_dir("rotation");
    app::Config config;
    config.read_aloud = false;
    auto kiosk = app::KioskApp::open(config, dir.string(), turned(1920, 1080, 90));
    ASSERT_TRUE(kiosk) << kiosk.error().message;
    feed::Instant now = *(*kiosk)->site_time("2026-11-25T11:05");
    for (int i = 0; i < 2; ++i)
        (*kiosk)->pump(now);
    EXPECT_EQ((*kiosk)->display().size().x, 1080);
    const ui::DrawnText* cta = nullptr;
    for (auto& t : (*kiosk)->draw_log().texts)
        if (t.text == "Touch here to check in")
            cta = &t;
    ASSERT_TRUE(cta);
    EXPECT_GT(cta->min.y, 1920 * 0.8f) << "at the foot of the portrait page";
    // Where the finger lands on the landscape panel: the upright point turned 90 degrees clockwise.
    float ux = (cta->min.x + cta->max.x) / 2 / 1080, uy = (cta->min.y + cta->max.y) / 2 / 1920;
    touch_screen_at(1 - uy, ux, true);
    (*kiosk)->pump(now);
    touch_screen_at(1 - uy, ux, false);
    for (int i = 0; i < 3; ++i)
        (*kiosk)->pump(now);
    EXPECT_EQ((*kiosk)->checkin_state().step, core::Step::Welcome);
    kiosk->reset();
}
