// Specification of the kiosk for every visitor: each language on every check-in screen with
// nothing cut off, touch targets a finger can hit, text that meets WCAG AA in both themes,
// a whole check-in in Ukrainian, and read aloud in every language.
#include "kiosk/core/strings.h"
#include "kiosk/platform/display.h"
#include "kiosk/platform/speech.h"
#include "kiosk/ui/theme.h"
#include "kiosk_fixture.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>

using namespace coi;
using namespace coi::testing;

namespace {

const core::Step kSteps[] = {core::Step::Welcome, core::Step::Purpose, core::Step::Name, core::Step::Done, core::Step::Checkout,
    core::Step::CheckoutDone, core::Step::Remember};
const char* step_name(core::Step s)
{
    switch (s) {
    case core::Step::Welcome: return "welcome";
    case core::Step::Purpose: return "purpose";
    case core::Step::Name: return "name";
    case core::Step::Done: return "done";
    case core::Step::Checkout: return "checkout";
    case core::Step::CheckoutDone: return "goodbye";
    case core::Step::Remember: return "remember";
    default: return "signage";
    }
}

struct Screen {
    int width, height;
    bool large_text = false;
    bool high_contrast = false;
};

std::string describe(const Screen& s)
{
    return std::to_string(s.width) + "x" + std::to_string(s.height) + (s.large_text ? " large text" : "") + (s.high_contrast ? " high contrast" : "");
}

// What must never be cut short with "…": the words on buttons and the screen's question.
bool must_fit(const ui::DrawnText& t, const ui::DrawLog& log)
{
    for (auto& [min, max] : log.buttons)
        if (t.min.x >= min.x - 1 && t.max.x <= max.x + 1 && t.min.y >= min.y - 1 && t.max.y <= max.y + 1)
            return true;
    return false;
}

} // namespace

class EveryLanguage : public ::testing::TestWithParam<Screen> {};

TEST_P(EveryLanguage, CheckInScreensFitWithNothingCutOff)
{
    Screen screen = GetParam();
    auto dir = fresh_data_dir("languages");
    for (auto language : core::all_languages()) {
        app::Config config;
        config.language = std::string(language);
        config.large_text = screen.large_text;
        config.high_contrast = screen.high_contrast;
        auto kiosk = open_kiosk(dir, screen.width, screen.height, config);
        ASSERT_TRUE(kiosk);
        feed::Instant at = *kiosk->site_time("2026-11-25T11:05");
        for (core::Step step : kSteps) {
            SCOPED_TRACE(std::string(language) + " " + step_name(step) + " at " + describe(screen));
            ASSERT_TRUE(kiosk->screenshot(step, at, (dir / "shot.png").string()));
            const ui::DrawLog& log = kiosk->draw_log();
            ASSERT_FALSE(log.texts.empty());
            for (const ui::DrawnText& t : log.texts) {
                if (t.text.empty())
                    continue;
                EXPECT_GE(t.min.x, 0) << t.text;
                EXPECT_GE(t.min.y, 0) << t.text;
                EXPECT_LE(t.max.x, screen.width + 0.5f) << t.text;
                EXPECT_LE(t.max.y, screen.height + 0.5f) << t.text;
                bool ellipsised = t.text.find("\xE2\x80\xA6") != std::string::npos && t.text != "\xE2\x80\xA6"; // the accent key is "…"
                if (ellipsised && must_fit(t, log))
                    ADD_FAILURE() << "a button's words are cut short: \"" << t.text << "\"";
            }
            for (auto& [min, max] : log.buttons) {
                EXPECT_GE(min.x, -0.5f);
                EXPECT_GE(min.y, -0.5f);
                EXPECT_LE(max.x, screen.width + 0.5f);
                EXPECT_LE(max.y, screen.height + 0.5f);
            }
            if (step == core::Step::Welcome) {
                for (auto name : {"English", "Polski", "Română", "Lietuvių", "Українська"})
                    EXPECT_TRUE(log.contains(name)) << name << " is offered on the welcome screen, in itself";
                EXPECT_TRUE(log.contains(std::string(core::tr("welcome.check_in", language))));
            }
        }
    }
    std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Screens, EveryLanguage,
    ::testing::Values(Screen{1920, 1080}, Screen{800, 480}, Screen{1080, 1920}, Screen{1280, 800}, Screen{1920, 1080, true, true}, Screen{800, 480, true, false}),
    [](const auto& info) { return std::to_string(info.param.width) + "x" + std::to_string(info.param.height) + (info.param.large_text ? "_large" : "")
                                  + (info.param.high_contrast ? "_contrast" : ""); });

TEST(TouchTargets, EveryTargetIsAtLeast96PixelsAt1920x1080)
{
    auto dir = fresh_data_dir("targets");
    for (bool large : {false, true}) {
        app::Config config;
        config.large_text = large;
        for (auto language : {"en", "uk"}) {
            config.language = language;
            auto kiosk = open_kiosk(dir, 1920, 1080, config);
            ASSERT_TRUE(kiosk);
            feed::Instant at = *kiosk->site_time("2026-11-25T11:05");
            for (core::Step step : kSteps) {
                ASSERT_TRUE(kiosk->screenshot(step, at, (dir / "shot.png").string()));
                auto& buttons = kiosk->draw_log().buttons;
                if (step != core::Step::Done && step != core::Step::CheckoutDone) {
                    EXPECT_FALSE(buttons.empty()) << step_name(step);
                }
                for (auto& [min, max] : buttons) {
                    EXPECT_GE(max.x - min.x, 96.0f) << step_name(step) << " " << language << ": a target at " << min.x << "," << min.y;
                    EXPECT_GE(max.y - min.y, 96.0f) << step_name(step) << " " << language << ": a target at " << min.x << "," << min.y;
                }
            }
        }
    }
    std::filesystem::remove_all(dir);
}

TEST(Contrast, RelativeLuminanceFollowsWcag)
{
    EXPECT_NEAR(ui::contrast_ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)), 21.0, 0.01);
    EXPECT_NEAR(ui::contrast_ratio(IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255)), 1.0, 0.001);
    EXPECT_NEAR(ui::contrast_ratio(IM_COL32(0x76, 0x76, 0x76, 255), IM_COL32(255, 255, 255, 255)), 4.54, 0.01); // #767676, the lightest AA grey on white
}

TEST(Contrast, EveryTextColourMeetsAaInBothThemes)
{
    for (auto contrast : {ui::Contrast::Standard, ui::Contrast::High}) {
        ui::Theme theme = ui::make_theme(ImVec2(1920, 1080), {contrast, ui::TextSize::Standard});
        for (const ui::ColourPair& pair : ui::text_colour_pairs(theme.palette)) {
            double ratio = ui::contrast_ratio(pair.text, pair.background);
            EXPECT_GE(ratio, contrast == ui::Contrast::High ? 7.0 : 4.5)
                << (contrast == ui::Contrast::High ? "high contrast: " : "standard: ") << pair.what << " is " << ratio << ":1";
        }
    }
}

// Every text the screens actually draw, read against what it is actually drawn on (the
// page, cards, faded cards of finished sessions, pills, buttons, banners), opacity included:
// not a list of pairs someone remembered to keep up to date. WCAG AA asks 4.5:1 of normal
// text; the kiosk holds all text to it, headings too, rather than use large text's 3:1.
TEST(Contrast, EveryTextDrawnMeetsAaOnWhatItIsDrawnOnInBothThemes)
{
    auto dir = fresh_data_dir("drawn-contrast");
    auto json = sample_json();
    for (auto& e : json["events"])
        if (e["id"] == "youth-club")
            e["cancelled_dates"] = {"2026-11-25"};
    for (auto& n : json["notices"])
        if (n.value("urgent", false))
            n.erase("show_until");
    json["version"] = 2;
    install_content(dir, json);
    {
        auto db = store::Database::open(dir / "kiosk.db");
        ASSERT_TRUE(db);
        ASSERT_TRUE(store::StaffStore(*db).set_pin(core::StaffRole::Staff, "2468"));
    }
    for (bool high : {false, true}) {
        app::Config config;
        config.high_contrast = high;
        auto kiosk = open_kiosk(dir, 1920, 1080, config);
        ASSERT_TRUE(kiosk);
        int checked = 0, faded = 0;
        auto check = [&](const std::string& where) {
            for (const ui::DrawnText& t : kiosk->draw_log().texts) {
                if (t.text.empty())
                    continue;
                float alpha = static_cast<float>((t.colour >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f;
                double ratio = ui::contrast_ratio(ui::blend(t.colour, alpha, t.background), t.background);
                EXPECT_GE(ratio, 4.5) << (high ? "high contrast, " : "standard, ") << where << ": \"" << t.text << "\" is " << ratio << ":1";
                ++checked;
            }
        };
        // 11:05: Now, Next, sold out, the urgent banner; 19:30: most of the day finished and faded.
        for (const char* time : {"2026-11-25T11:05", "2026-11-25T19:30"})
            for (feed::Page page : {feed::Page::WhatsOn, feed::Page::Cafe, feed::Page::Notices, feed::Page::Week}) {
                kiosk->draw_frame(*kiosk->site_time(time), page);
                check(std::string(feed::to_code(page)) + " at " + time);
                ImU32 faded_colour = ui::make_theme(ImVec2(1920, 1080), {high ? ui::Contrast::High : ui::Contrast::Standard, ui::TextSize::Standard}).palette.faded;
                for (const ui::DrawnText& t : kiosk->draw_log().texts)
                    faded += t.colour == faded_colour;
            }
        for (core::Step step : kSteps) {
            ASSERT_TRUE(kiosk->screenshot(step, *kiosk->site_time("2026-11-25T11:05"), (dir / "shot.png").string()));
            check(step_name(step));
        }
        // Staff mode: the PIN pad, the menu and each of its screens.
        feed::Instant now = *kiosk->site_time("2026-11-25T11:05");
        auto frames = [&](int n) {
            for (int i = 0; i < n; ++i)
                kiosk->pump(now);
        };
        auto tap = [&](const std::string& label) {
            auto& texts = kiosk->draw_log().texts;
            auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
            ASSERT_NE(it, texts.end()) << "nothing labelled \"" << label << "\" on screen";
            platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk->display().size());
            frames(3);
        };
        for (const char* screen : {"Café specials", "Who's in", "Notice on this screen", "Device status"}) {
            kiosk->staff().open_pad(now);
            frames(2);
            check("staff PIN pad");
            for (const char* key : {"2", "4", "6", "8", "OK"})
                tap(key);
            ASSERT_TRUE(kiosk->staff().active());
            check("staff menu");
            tap(screen);
            check(std::string("staff: ") + screen);
            kiosk->staff().lock();
            frames(2);
        }
        EXPECT_GT(checked, 200);
        EXPECT_GT(faded, 0) << "the finished morning sessions were on screen, faded, and checked";
    }
    std::filesystem::remove_all(dir);
}

TEST(Languages, AFullCheckInInUkrainianWithTaps)
{
    auto dir = fresh_data_dir("ukrainian");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    feed::Instant now = *kiosk->site_time("2026-11-25T11:05");
    auto frames = [&](int n) {
        for (int i = 0; i < n; ++i)
            kiosk->pump(now);
    };
    auto tap = [&](const std::string& label) {
        auto& texts = kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << "nothing labelled \"" << label << "\" on screen";
        platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk->display().size());
        frames(3);
    };
    frames(2);
    platform::push_tap(960, 400, kiosk->display().size());
    frames(3);
    ASSERT_EQ(kiosk->checkin_state().step, core::Step::Welcome);
    tap("Українська");
    EXPECT_TRUE(kiosk->draw_log().contains("Ласкаво просимо")) << "the welcome screen turns Ukrainian at once";
    EXPECT_TRUE(kiosk->draw_log().contains("Середа 25 листопада")) << "the date too, in UK order";
    tap("Реєстрація");
    EXPECT_TRUE(kiosk->draw_log().contains("Що привело вас сьогодні?"));
    tap("Волонтерство");
    ASSERT_EQ(kiosk->checkin_state().step, core::Step::Name);
    EXPECT_TRUE(kiosk->draw_log().contains("14 днів")) << "fourteen days, in the plural form for 14";
    EXPECT_TRUE(kiosk->draw_log().contains("Пробіл")) << "the keyboard's keys in Ukrainian";
    platform::push_text("Оксана");
    frames(3);
    tap("Готово");
    ASSERT_EQ(kiosk->checkin_state().step, core::Step::Done);
    EXPECT_TRUE(kiosk->draw_log().contains("Вітаємо, Оксана!"));
    EXPECT_TRUE(kiosk->draw_log().contains("Ваш код для виходу"));
    auto inside = kiosk->checkins().inside();
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0].first_name, "Оксана");
    EXPECT_EQ(inside[0].purpose_id, "volunteering");
    now += 60; // the done screen offers "Remember me" (it waits 20 s); a whole rotation later, What's on again
    frames(2);
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage);
    EXPECT_TRUE(kiosk->draw_log().contains("What's on today")) << "the next visitor is met in the site's language";
    std::filesystem::remove_all(dir);
}

TEST(Languages, BiggerTextAndContrastAreTheVisitorsUntilTheyLeave)
{
    auto dir = fresh_data_dir("reading");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    feed::Instant now = *kiosk->site_time("2026-11-25T11:05");
    auto frames = [&](int n) {
        for (int i = 0; i < n; ++i)
            kiosk->pump(now);
    };
    frames(2);
    platform::push_tap(960, 400, kiosk->display().size());
    frames(3);
    auto font_of = [&](const std::string& label) {
        for (auto& t : kiosk->draw_log().texts)
            if (t.text == label)
                return t.font_size;
        return 0.0f;
    };
    float before = font_of("Back");
    auto tap = [&](const std::string& label) {
        auto& texts = kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << label;
        platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk->display().size());
        frames(3);
    };
    tap("Bigger text");
    EXPECT_GT(font_of("Back"), before * 1.2f);
    EXPECT_TRUE(kiosk->checkin_state().large_text.value_or(false));
    tap("High contrast");
    EXPECT_TRUE(kiosk->checkin_state().high_contrast.value_or(false));
    now += 120; // walks away
    frames(2);
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage);
    EXPECT_FALSE(kiosk->checkin_state().large_text.has_value());
    std::filesystem::remove_all(dir);
}

TEST(ReadAloud, ListenReadsTheQuestionAndChoicesInTheVisitorsLanguage)
{
    auto dir = fresh_data_dir("listen");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    feed::Instant now = *kiosk->site_time("2026-11-25T11:05");
    auto frames = [&](int n) {
        for (int i = 0; i < n; ++i)
            kiosk->pump(now);
    };
    auto tap = [&](const std::string& label) {
        auto& texts = kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << label;
        platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk->display().size());
        frames(3);
    };
    frames(2);
    platform::push_tap(960, 400, kiosk->display().size());
    frames(3);
    tap("Polski");
    tap("Wpisz się");
    tap("Posłuchaj");
    EXPECT_EQ(kiosk->last_spoken().rfind("pl: Co Cię dziś do nas sprowadza?", 0), 0u) << kiosk->last_spoken();
    EXPECT_NE(kiosk->last_spoken().find("Wolontariat."), std::string::npos) << "the choices too";
    std::filesystem::remove_all(dir);
}

TEST(ReadAloud, ASiteCanSwitchItOff)
{
    auto dir = fresh_data_dir("quiet");
    app::Config config;
    config.read_aloud = false;
    auto kiosk = open_kiosk(dir, 1920, 1080, config);
    ASSERT_TRUE(kiosk);
    ASSERT_TRUE(kiosk->screenshot(core::Step::Welcome, *kiosk->site_time("2026-11-25T11:05"), (dir / "shot.png").string()));
    EXPECT_FALSE(kiosk->draw_log().contains("Listen"));
    EXPECT_TRUE(kiosk->draw_log().contains("Bigger text"));
    std::filesystem::remove_all(dir);
}

TEST(ReadAloud, TheKioskStartsWithoutEspeakWhichIsLoadedOnTheFirstWordsAskedFor)
{
    // The libraries the kiosk loads at start, as the dynamic loader lists them.
    std::string command = std::string("LD_TRACE_LOADED_OBJECTS=1 ") + COI_KIOSK_BINARY;
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string libraries;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        libraries.append(buffer, n);
    ASSERT_EQ(::pclose(pipe), 0);
    EXPECT_NE(libraries.find("libSDL2"), std::string::npos) << libraries;
    EXPECT_EQ(libraries.find("libespeak-ng"), std::string::npos) << "a kiosk nobody asks to read aloud never loads espeak-ng";

    auto speech = platform::Speech::open();
    ASSERT_TRUE(speech) << speech.error().message;
    (*speech)->say("Welcome", "en");
    ASSERT_TRUE((*speech)->wait_until_idle(std::chrono::seconds(60)));
    EXPECT_EQ((*speech)->status().played, 1) << (*speech)->status().last_error;
    std::ifstream maps("/proc/self/maps");
    std::string all((std::istreambuf_iterator<char>(maps)), std::istreambuf_iterator<char>());
    EXPECT_NE(all.find("libespeak-ng"), std::string::npos) << "loaded for the first words";
}

TEST(ReadAloud, EspeakSpeaksEveryLanguageThroughTheWorkerIntoAudioThatIsNotSilent)
{
    auto speech = platform::Speech::open();
    ASSERT_TRUE(speech) << speech.error().message;
    long played = 0;
    for (auto language : core::all_languages()) {
        std::string text = std::string(core::tr("checkin.what_brings_you", language)) + " " + std::string(core::tr("checkin.tile_one_tap", language));
        (*speech)->say(text, language);
        ASSERT_TRUE((*speech)->wait_until_idle(std::chrono::seconds(60))) << language << ": the worker never finished";
        platform::SpeechStatus status = (*speech)->status();
        ASSERT_EQ(status.played, ++played) << language << ": " << status.last_error;
        EXPECT_EQ(status.last_played_text, text);
        EXPECT_GT(status.last_played.sample_rate, 8000) << language;
        EXPECT_GT(status.last_played.seconds(), 1.0) << language;
        EXPECT_GT(platform::rms(status.last_played), 500.0) << language << ": the buffer is (nearly) silent";
    }
    (*speech)->say("hello", "xx");
    ASSERT_TRUE((*speech)->wait_until_idle(std::chrono::seconds(60)));
    EXPECT_EQ((*speech)->status().failed, 1) << "no voice for an unknown language";
    EXPECT_NE((*speech)->status().last_error.find("no voice"), std::string::npos) << (*speech)->status().last_error;
    EXPECT_TRUE((*speech)->take_error()) << "the failure waits for the app's log";
    EXPECT_FALSE((*speech)->take_error()) << "once";
    EXPECT_FALSE(platform::Speech::open()) << "espeak-ng is one per process";
    (*speech)->cancel();
}

namespace {

// A synthesiser the test holds up: each request waits until the test lets it go, so a frame
// that waited for synthesis would never return.
struct HeldSynthesiser {
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    int started = 0;
    int silenced = 0;
    std::vector<std::string> played;

    platform::Speech::Synthesiser synthesiser()
    {
        return [this](const platform::SpeechRequest& request, const std::function<bool()>&) -> Result<platform::Audio> {
            std::unique_lock lock(mutex);
            ++started;
            changed.notify_all();
            changed.wait(lock, [&] { return released; });
            platform::Audio audio;
            audio.sample_rate = 22050;
            audio.samples.assign(22050, static_cast<std::int16_t>(request.text.size() % 2 ? 4000 : -4000));
            return audio;
        };
    }
    platform::Speech::Output output()
    {
        return {[this](const platform::Audio& a) -> Result<Ok> {
                    std::lock_guard lock(mutex);
                    played.push_back(std::to_string(a.samples.size()));
                    return Ok{};
                },
            [this] {
                std::lock_guard lock(mutex);
                ++silenced;
            }};
    }
    void release()
    {
        std::lock_guard lock(mutex);
        released = true;
        changed.notify_all();
    }
    bool wait_started(int n) // the worker has picked up n requests (a guard against hanging, not a timing)
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(30), [&] { return started >= n; });
    }
};

} // namespace

TEST(ReadAloud, ListenQueuesTheWordsAndTheFrameCarriesOnWhileTheyAreSynthesised)
{
    auto dir = fresh_data_dir("listen-worker");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    HeldSynthesiser held;
    kiosk->use_speech(platform::Speech::start(held.synthesiser(), held.output()));
    feed::Instant now = *kiosk->site_time("2026-11-25T11:05");
    auto frames = [&](int n) {
        for (int i = 0; i < n; ++i)
            kiosk->pump(now);
    };
    auto tap = [&](const std::string& label) {
        auto& texts = kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << label;
        platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk->display().size());
        frames(3);
    };
    frames(2);
    platform::push_tap(960, 400, kiosk->display().size());
    frames(3);
    tap("Listen");
    // The synthesiser is held, yet the frames after the tap were drawn and returned.
    ASSERT_TRUE(held.wait_started(1));
    EXPECT_EQ(kiosk->speech()->status().requested, 1);
    EXPECT_EQ(kiosk->speech()->status().played, 0) << "nothing played: synthesis is still held";
    long frames_before = kiosk->stats().frames;
    frames(2);
    EXPECT_EQ(kiosk->stats().frames, frames_before + 2) << "frames go on while the words are synthesised";

    // A second tap replaces the first: the first is dropped when its synthesis ends, the second plays.
    tap("Listen");
    EXPECT_EQ(kiosk->speech()->status().requested, 2);
    held.release();
    ASSERT_TRUE(kiosk->speech()->wait_until_idle(std::chrono::seconds(30)));
    platform::SpeechStatus status = kiosk->speech()->status();
    EXPECT_EQ(status.cancelled, 1) << "the first tap's words never play";
    EXPECT_EQ(status.played, 1);
    EXPECT_EQ(status.last_played_text.rfind("Welcome to Ashby Hill", 0), 0u) << status.last_played_text;
    std::filesystem::remove_all(dir);
}

TEST(ReadAloud, LeavingTheScreenSilencesTheWordsAndDropsThemIfNotYetReady)
{
    auto dir = fresh_data_dir("listen-leave");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    HeldSynthesiser held;
    kiosk->use_speech(platform::Speech::start(held.synthesiser(), held.output()));
    feed::Instant now = *kiosk->site_time("2026-11-25T11:05");
    auto frames = [&](int n) {
        for (int i = 0; i < n; ++i)
            kiosk->pump(now);
    };
    auto tap = [&](const std::string& label) {
        auto& texts = kiosk->draw_log().texts;
        auto it = std::find_if(texts.begin(), texts.end(), [&](const ui::DrawnText& t) { return t.text == label; });
        ASSERT_NE(it, texts.end()) << label;
        platform::push_tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2, kiosk->display().size());
        frames(3);
    };
    frames(2);
    platform::push_tap(960, 400, kiosk->display().size());
    frames(3);
    tap("Listen");
    ASSERT_TRUE(held.wait_started(1));
    int silenced_before = [&] { std::lock_guard lock(held.mutex); return held.silenced; }();
    tap("Check in");
    ASSERT_EQ(kiosk->checkin_state().step, core::Step::Purpose);
    held.release();
    ASSERT_TRUE(kiosk->speech()->wait_until_idle(std::chrono::seconds(30)));
    EXPECT_EQ(kiosk->speech()->status().cancelled, 1) << "the welcome screen's words are not read on the next screen";
    EXPECT_EQ(kiosk->speech()->status().played, 0);
    std::lock_guard lock(held.mutex);
    EXPECT_GT(held.silenced, silenced_before) << "and whatever was playing stops";
    std::filesystem::remove_all(dir);
}
