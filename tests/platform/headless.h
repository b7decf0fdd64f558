#pragma once
// A display with no window, for the platform tests: SDL's software renderer on the dummy driver.
#include "kiosk/platform/display.h"

#include <gtest/gtest.h>

#include <memory>

namespace coi::testing {

inline std::unique_ptr<platform::Display> headless(int width, int height)
{
    platform::DisplayOptions options;
    options.width = width;
    options.height = height;
    options.mode = platform::WindowMode::Headless;
    auto display = platform::Display::open(options);
    EXPECT_TRUE(display) << display.error().message;
    return display ? std::move(*display) : nullptr;
}

} // namespace coi::testing
