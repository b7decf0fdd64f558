// kiosk/platform/app_events: each source that wakes the frame loop has an SDL event type of its
// own, distinct from every other and from SDL's; a wake-up never reads as a request to stop.
#include "headless.h"
#include "kiosk/platform/app_events.h"
#include "kiosk/platform/wake.h"

#include <SDL.h>
#include <gtest/gtest.h>

#include <csignal>
#include <set>

using namespace coi;
using platform::AppEvent;

namespace {

const AppEvent every_kind[] = {AppEvent::Terminate, AppEvent::ContentChanged, AppEvent::PlansReady, AppEvent::ActionArrived, AppEvent::EmergencyHeard};
static_assert(std::size(every_kind) == platform::app_event_count, "every kind is listed here");

} // namespace

TEST(AppEvents, EveryKindHasItsOwnTypeInSDLsUserRangeAndNoneIsTheRawUserEvent)
{
    auto display = coi::testing::headless(320, 240); // opening the display registers them
    ASSERT_TRUE(display);
    std::set<std::uint32_t> types;
    for (AppEvent kind : every_kind) {
        std::uint32_t type = platform::app_event_type(kind);
        EXPECT_GT(type, static_cast<std::uint32_t>(SDL_USEREVENT)) << "the raw SDL_USEREVENT is kept back";
        EXPECT_LT(type, static_cast<std::uint32_t>(SDL_LASTEVENT));
        EXPECT_EQ(platform::app_event_of(type), kind);
        types.insert(type);
    }
    EXPECT_EQ(types.size(), std::size(every_kind));
    EXPECT_EQ(platform::app_event_of(SDL_USEREVENT), std::nullopt);
    EXPECT_EQ(platform::app_event_of(SDL_FINGERDOWN), std::nullopt);
}

TEST(AppEvents, RegisteringAgainKeepsTheSameNumbersAndANewRegistrationCannotTakeThem)
{
    auto display = coi::testing::headless(320, 240);
    ASSERT_TRUE(display);
    std::uint32_t terminate = platform::app_event_type(AppEvent::Terminate);
    platform::register_app_events();
    EXPECT_EQ(platform::app_event_type(AppEvent::Terminate), terminate);
    // Someone else's registration (a library, a later module) gets numbers past ours.
    Uint32 theirs = SDL_RegisterEvents(1);
    EXPECT_EQ(platform::app_event_of(theirs), std::nullopt);
}

TEST(AppEvents, AWakeUpFromTheSyncThreadWakesTheLoopAndDoesNotStopIt)
{
    auto display = coi::testing::headless(320, 240);
    ASSERT_TRUE(display);
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT); // the window's own start-up events
    platform::wake_main_loop();
    platform::Input input = display->wait(1000);
    EXPECT_TRUE(input.woken);
    EXPECT_FALSE(input.terminate_requested);
    EXPECT_FALSE(input.quit_requested);
}

TEST(AppEvents, ARawUserEventPushedByAnyoneMeansNothing)
{
    auto display = coi::testing::headless(320, 240);
    ASSERT_TRUE(display);
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    SDL_Event raw{};
    raw.type = SDL_USEREVENT;
    SDL_PushEvent(&raw);
    platform::Input input = display->wait(1000);
    EXPECT_FALSE(input.terminate_requested);
    EXPECT_FALSE(input.woken);
}

TEST(AppEvents, SigtermStopsTheLoop)
{
    auto display = coi::testing::headless(320, 240);
    ASSERT_TRUE(display);
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    std::raise(SIGTERM);
    platform::Input input = display->wait(1000);
    EXPECT_TRUE(input.terminate_requested);
    EXPECT_FALSE(input.woken);
}
