#pragma once
// A headless kiosk on a fresh data directory, optionally with its own content installed
// first, exactly as a kiosk that had received that content would have it.

#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/app/kiosk_app.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <unistd.h>

namespace coi::testing {

// A data directory of the test's own, removed when it goes out of scope (after the kiosk
// that uses it, when declared before it).
inline test::TempDir fresh_data_dir(const std::string& name) { return test::TempDir("ui-" + name); }

// The sample building as JSON, to change before installing.
inline nlohmann::json sample_json() { return nlohmann::json::parse(sample::feed_json()); }

inline void install_content(const std::filesystem::path& dir, const nlohmann::json& feed)
{
    auto db = store::Database::open(dir / "kiosk.db");
    ASSERT_TRUE(db) << db.error().message;
    store::ContentStore content(*db);
    std::string bytes = feed.dump();
    auto parsed = feed::parse_feed(bytes);
    ASSERT_TRUE(parsed) << parsed.error().message;
    std::vector<store::MediaBlob> media;
    for (auto& m : sample::media())
        media.push_back({std::string(m.sha256), std::string(m.type), std::string(m.bytes)});
    ASSERT_TRUE(content.install({parsed->version, bytes, "", "test", 0}, media));
}

inline std::unique_ptr<app::KioskApp> open_kiosk(const std::filesystem::path& dir, int width, int height, app::Config config = {})
{
    platform::DisplayOptions options;
    options.width = width;
    options.height = height;
    options.mode = platform::WindowMode::Headless;
    auto kiosk = app::KioskApp::open(config, dir.string(), options);
    EXPECT_TRUE(kiosk) << (kiosk ? "" : kiosk.error().message);
    if (!kiosk)
        return nullptr;
    // A kiosk whose clock is known good, whatever the machine running the tests says about
    // its own; a test of a doubtful clock says so itself.
    (*kiosk)->use_clock_sync([] { return core::ClockSync::Synchronised; });
    return kiosk.release();
}

} // namespace coi::testing
