// Specification of the signage pages, rendered headlessly with SDL's software renderer at
// the four screen sizes: what a visitor must be able to read, and that nothing is cut off,
// off screen or drawn over something else.
#include "kiosk/core/strings.h"
#include "kiosk/ui/theme.h"
#include "kiosk_fixture.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>

using namespace coi;
using namespace coi::testing;

namespace {

struct Size {
    int width, height;
};

const Size kSizes[] = {{1920, 1080}, {1080, 1920}, {1280, 800}, {800, 480}};
const feed::Page kPages[] = {feed::Page::WhatsOn, feed::Page::Cafe, feed::Page::Notices, feed::Page::Week};

bool overlaps(const ui::DrawnText& a, const ui::DrawnText& b)
{
    // Glyph boxes include line spacing; a pixel of touching is not an overlap.
    const float slack = 1.5f;
    return a.min.x + slack < b.max.x && b.min.x + slack < a.max.x && a.min.y + slack < b.max.y && b.min.y + slack < a.max.y;
}

std::string describe(const ui::DrawnText& t)
{
    char buf[128];
    std::snprintf(buf, sizeof buf, " at (%.0f,%.0f)-(%.0f,%.0f)", t.min.x, t.min.y, t.max.x, t.max.y);
    return "\"" + t.text + "\"" + buf;
}

feed::Instant at(app::KioskApp& kiosk, const char* local)
{
    auto t = kiosk.site_time(local);
    EXPECT_TRUE(t);
    return t ? *t : 0;
}

} // namespace

class EveryPageAtEverySize : public ::testing::TestWithParam<std::tuple<Size, feed::Page>> {};

TEST_P(EveryPageAtEverySize, FitsOnScreenWithNothingOverlapping)
{
    auto [size, page] = GetParam();
    auto dir = fresh_data_dir("fit");
    auto kiosk = open_kiosk(dir, size.width, size.height);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), page);
    auto& log = kiosk->draw_log();
    ASSERT_FALSE(log.texts.empty());
    for (auto& t : log.texts) {
        EXPECT_GE(t.min.x, 0) << describe(t);
        EXPECT_GE(t.min.y, 0) << describe(t);
        EXPECT_LE(t.max.x, size.width) << describe(t);
        EXPECT_LE(t.max.y, size.height) << describe(t);
    }
    for (std::size_t i = 0; i < log.texts.size(); ++i)
        for (std::size_t j = i + 1; j < log.texts.size(); ++j)
            EXPECT_FALSE(overlaps(log.texts[i], log.texts[j])) << describe(log.texts[i]) << " overlaps " << describe(log.texts[j]);
    for (auto& img : log.images) {
        EXPECT_GE(img.first.x, 0);
        EXPECT_LE(img.second.y, size.height);
    }
    EXPECT_TRUE(log.contains("Ashby Hill People's Centre"));
    EXPECT_TRUE(log.contains("Wednesday 25 November"));
    EXPECT_TRUE(log.contains("11:05"));
    EXPECT_TRUE(log.contains("Touch here to check in"));
}

std::string size_and_page_name(const ::testing::TestParamInfo<std::tuple<Size, feed::Page>>& info)
{
    const Size& size = std::get<0>(info.param);
    std::string name(feed::to_code(std::get<1>(info.param)));
    std::replace(name.begin(), name.end(), '-', '_');
    return name + "_" + std::to_string(size.width) + "x" + std::to_string(size.height);
}

INSTANTIATE_TEST_SUITE_P(Signage, EveryPageAtEverySize, ::testing::Combine(::testing::ValuesIn(kSizes), ::testing::ValuesIn(kPages)),
    size_and_page_name);

TEST(Signage, WhatsOnMarksNowAndNextInTimeOrder)
{
    auto dir = fresh_data_dir("nownext");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
    auto& log = kiosk->draw_log();
    EXPECT_TRUE(log.contains("What's on today"));
    EXPECT_TRUE(log.contains("Now"));
    EXPECT_TRUE(log.contains("Next"));
    EXPECT_TRUE(log.contains("Lunch club")) << "the next session, at 12:00";
}

TEST(Signage, CancelledSessionIsStruckThroughAndSaysCancelled)
{
    auto dir = fresh_data_dir("cancelled");
    auto feed = sample_json();
    // Cancel this evening's youth club.
    for (auto& e : feed["events"])
        if (e["id"] == "youth-club")
            e["cancelled_dates"] = {"2026-11-25"};
    feed["version"] = 2;
    install_content(dir, feed);
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T16:00"), feed::Page::WhatsOn);
    EXPECT_TRUE(kiosk->draw_log().contains("Youth club"));
    EXPECT_TRUE(kiosk->draw_log().contains("Cancelled"));
}

TEST(Signage, CafeShowsPricesSoldOutAndTheAllergenLine)
{
    auto dir = fresh_data_dir("cafe");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::Cafe);
    auto& log = kiosk->draw_log();
    EXPECT_TRUE(log.contains("Café today"));
    EXPECT_TRUE(log.contains("\xC2\xA3" "5.50"));
    EXPECT_TRUE(log.contains("80p"));
    EXPECT_TRUE(log.contains("Sold out"));
    EXPECT_TRUE(log.contains("Please ask staff about allergens."));
    EXPECT_TRUE(log.contains("Cereals containing gluten")) << "the allergen key";
}

// The last word of a drawn line, split at ordinary spaces only (a no-break space joins).
std::string last_word(const std::string& line)
{
    std::size_t space = line.find_last_of(' ');
    return space == std::string::npos ? line : line.substr(space + 1);
}

bool all_digits(const std::string& word)
{
    return !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char ch) { return std::isdigit(ch); });
}

TEST(Signage, CafeAllergenKeyNeverSeparatesANumberFromItsAllergen)
{
    // A key that wraps as "... 4 Eggs · 13" / "Soya" sends a reader to the wrong allergen.
    const std::string dot = "\xC2\xB7";
    for (const char* language : {"en", "lt", "pl", "ro", "uk"})
        for (Size size : kSizes) {
            SCOPED_TRACE(std::string(language) + " " + std::to_string(size.width) + "x" + std::to_string(size.height));
            auto dir = fresh_data_dir("cafe-key");
            app::Config config;
            config.language = language;
            auto kiosk = open_kiosk(dir, size.width, size.height, config);
            ASSERT_TRUE(kiosk);
            kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::Cafe);
            int key_lines = 0;
            for (auto& t : kiosk->draw_log().texts) {
                bool in_key = t.text.find(dot) != std::string::npos && t.text.find(' ') != std::string::npos;
                if (!in_key)
                    continue;
                ++key_lines;
                EXPECT_FALSE(all_digits(last_word(t.text))) << "a line ends with an allergen's number: " << describe(t);
                EXPECT_NE(t.text.rfind(dot, 0), 0u) << "a line starts with the separator: " << describe(t);
            }
            EXPECT_GE(key_lines, 1) << "the allergen key is drawn";
        }
}

TEST(Signage, TheCallToActionIsWholeInEveryLanguageAtEverySize)
{
    // The QR code and its caption give way before the words that invite a visitor in.
    for (auto language : core::all_languages())
        for (Size size : kSizes) {
            SCOPED_TRACE(std::string(language) + " " + std::to_string(size.width) + "x" + std::to_string(size.height));
            auto dir = fresh_data_dir("cta");
            app::Config config;
            config.language = std::string(language);
            auto kiosk = open_kiosk(dir, size.width, size.height, config);
            ASSERT_TRUE(kiosk);
            kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
            EXPECT_TRUE(kiosk->draw_log().contains(std::string(core::tr("cta.check_in", language)))) << "drawn whole, not cut short";
        }
}

TEST(Signage, TheSampleBuildingIsDrawnWholeOnEveryPageInEveryLanguageAtEverySize)
{
    // Translations run longer than English: a week's day column widens, a session's badge
    // moves beside its room, a sold-out item gives up its marks, a day with too many
    // sessions says how many more. Nothing of the sample building is cut short with "…".
    const std::string ellipsis = "\xE2\x80\xA6";
    for (auto language : core::all_languages())
        for (Size size : kSizes) {
            SCOPED_TRACE(std::string(language) + " " + std::to_string(size.width) + "x" + std::to_string(size.height));
            auto dir = fresh_data_dir("whole");
            app::Config config;
            config.language = std::string(language);
            auto kiosk = open_kiosk(dir, size.width, size.height, config);
            ASSERT_TRUE(kiosk);
            for (auto page : kPages) {
                kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), page);
                for (auto& t : kiosk->draw_log().texts)
                    EXPECT_EQ(t.text.find(ellipsis), std::string::npos) << "cut short on page " << feed::to_code(page) << ": " << describe(t);
            }
        }
}

TEST(Signage, UrgentNoticeTakesABannerOnEveryPage)
{
    auto dir = fresh_data_dir("urgent");
    auto feed = sample_json();
    std::string title;
    for (auto& n : feed["notices"])
        if (n.value("urgent", false)) {
            n.erase("show_until");
            title = n["title"].is_string() ? n["title"].get<std::string>() : n["title"]["en"].get<std::string>();
        }
    ASSERT_FALSE(title.empty()) << "the sample has an urgent notice, switched off";
    feed["version"] = 2;
    install_content(dir, feed);
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    for (feed::Page page : kPages) {
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), page);
        EXPECT_TRUE(kiosk->draw_log().contains(title)) << feed::to_code(page);
        EXPECT_TRUE(kiosk->draw_log().contains("Important")) << feed::to_code(page);
    }
}

TEST(Signage, UrgentNoticeThatIsOffShowsNoBanner)
{
    auto dir = fresh_data_dir("urgentoff");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
    EXPECT_FALSE(kiosk->draw_log().contains("Important"));
}

TEST(Signage, BodyTextIsAtLeast36PixelsAt1920x1080)
{
    auto dir = fresh_data_dir("size36");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    for (feed::Page page : kPages) {
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), page);
        for (auto& t : kiosk->draw_log().texts)
            EXPECT_GE(t.font_size, 36.0f) << describe(t) << " on " << feed::to_code(page);
    }
}

TEST(Signage, ClosedDaySaysWhenTheDoorsOpenAgain)
{
    auto dir = fresh_data_dir("closed");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-12-25T10:00"), feed::Page::WhatsOn);
    EXPECT_TRUE(kiosk->draw_log().contains("We're closed today.")) << "Christmas Day is a closed date";
    EXPECT_TRUE(kiosk->draw_log().contains("We open again"));
}

TEST(Signage, ShowsTheStoreNotTheEmbeddedContent)
{
    auto dir = fresh_data_dir("fromstore");
    auto feed = sample_json();
    feed["site"]["name"] = "Brynmawr Community Hub";
    feed["version"] = 5;
    install_content(dir, feed);
    auto other = fresh_data_dir("fromstore-other");
    {
        auto kiosk = open_kiosk(dir, 1280, 800);
        ASSERT_TRUE(kiosk);
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
        EXPECT_TRUE(kiosk->draw_log().contains("Brynmawr Community Hub"));
    }
    auto kiosk = open_kiosk(other, 1280, 800);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
    EXPECT_TRUE(kiosk->draw_log().contains("Ashby Hill")) << "another data directory shares nothing";
}

TEST(Signage, UnreadableStoredContentFallsBackToTheEmbeddedBuilding)
{
    auto dir = fresh_data_dir("corrupt");
    {
        auto db = store::Database::open(dir / "kiosk.db");
        ASSERT_TRUE(db);
        store::ContentStore content(*db);
        ASSERT_TRUE(content.install({9, "{\"format\": 1, \"truncated", "", "test", 0}, {}));
    }
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
    EXPECT_TRUE(kiosk->draw_log().contains("Ashby Hill People's Centre")) << "never a blank screen";
}

TEST(Signage, ScreenshotWritesAPng)
{
    auto dir = fresh_data_dir("png");
    auto kiosk = open_kiosk(dir, 800, 480);
    ASSERT_TRUE(kiosk);
    auto path = dir / "shot.png";
    ASSERT_TRUE(kiosk->screenshot(feed::Page::Week, at(*kiosk, "2026-11-25T11:05"), path.string()));
    std::ifstream in(path, std::ios::binary);
    char magic[8] = {};
    in.read(magic, 8);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
    EXPECT_GT(std::filesystem::file_size(path), 5000u) << "a real picture, not an empty frame";
}

TEST(Signage, TimesFollowTheClocksGoingBack)
{
    auto dir = fresh_data_dir("dst");
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    // Sunday 25 October 2026, the day BST ends: 12:30 local is 12:30 GMT.
    kiosk->draw_frame(at(*kiosk, "2026-10-25T12:30"), feed::Page::WhatsOn);
    EXPECT_TRUE(kiosk->draw_log().contains("12:30"));
    EXPECT_TRUE(kiosk->draw_log().contains("Sunday 25 October"));
}

TEST(Signage, QrCodeToThePublicPageSitsInTheFooterClearOfEveryText)
{
    auto qr = platform::encode_qr("https://ashby-hill.example.org/whats-on/ashby-hill");
    ASSERT_TRUE(qr) << qr.error().message;
    EXPECT_GE(qr->size, 21);
    EXPECT_EQ(qr->modules.size(), static_cast<std::size_t>(qr->size * qr->size));
    EXPECT_TRUE(qr->dark(0, 0) && qr->dark(6, 6) && !qr->dark(7, 7)); // a finder pattern's corner and its light border
    EXPECT_FALSE(platform::encode_qr(""));

    for (Size size : kSizes) {
        auto dir = fresh_data_dir("qr");
        auto json = sample_json();
        json["site"]["public_url"] = "https://ashby-hill.example.org/whats-on/ashby-hill";
        json["version"] = 2;
        install_content(dir, json);
        auto kiosk = open_kiosk(dir, size.width, size.height);
        ASSERT_TRUE(kiosk);
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
        auto& log = kiosk->draw_log();
        float footer_top = static_cast<float>(size.height) * 0.85f;
        std::vector<std::pair<ImVec2, ImVec2>> codes;
        for (auto& img : log.images)
            if (img.first.y > footer_top)
                codes.push_back(img);
        if (size.width < 1000 && size.height < 600) {
            EXPECT_TRUE(codes.empty()) << "a 7-inch screen has no room for a code a phone can read";
        } else {
            ASSERT_EQ(codes.size(), 1u) << size.width << "x" << size.height;
            auto [min, max] = codes[0];
            EXPECT_GE(max.x - min.x, 60.0f) << "big enough to scan";
            EXPECT_LE(max.x, static_cast<float>(size.width));
            EXPECT_LE(max.y, static_cast<float>(size.height));
            EXPECT_GT(min.x, static_cast<float>(size.width) / 2) << "on the right";
            for (auto& t : log.texts)
                EXPECT_FALSE(t.min.x < max.x && min.x < t.max.x && t.min.y < max.y && min.y < t.max.y) << describe(t) << " is under the QR code";
        }
        EXPECT_TRUE(log.contains("Touch here to check in"));
        if (size.width == 1920) {
            EXPECT_TRUE(log.contains("Scan for this")) << "the caption beside the code";
        }
    }
}

// [SECTION] A second language under the first

struct LanguagePair {
    const char* second;
    const char* whats_on; // the page headings in the second language
    const char* cafe;
    const char* notices;
    const char* week;
    const char* check_in; // the footer's call to action
};

void PrintTo(const LanguagePair& p, std::ostream* os) { *os << p.second; }

const LanguagePair kPairs[] = {
    {"pl", "Dziś w programie", "Kawiarnia dziś", "Ogłoszenia", "W tym tygodniu", "Dotknij tutaj, aby się wpisać"},
    {"uk", "Сьогодні у нас", "Кафе сьогодні", "Оголошення", "Цього тижня", "Торкніться тут, щоб зареєструватися"},
};

// The drawn line a text starts with: the whole text, or its first wrapped or ellipsised line.
const ui::DrawnText* drawn_start_of(const ui::DrawLog& log, const std::string& text)
{
    const std::string ellipsis = "\xE2\x80\xA6";
    for (auto& t : log.texts) {
        std::string line = t.text;
        if (line.size() > ellipsis.size() && line.compare(line.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0)
            line.resize(line.size() - ellipsis.size());
        if (line.size() >= 4 && text.rfind(line, 0) == 0)
            return &t;
    }
    return nullptr;
}

std::string without_no_break_spaces(std::string text)
{
    for (std::size_t at; (at = text.find("\xC2\xA0")) != std::string::npos;)
        text.replace(at, 2, " ");
    return text;
}

class SecondLanguageUnder : public ::testing::TestWithParam<std::tuple<Size, LanguagePair>> {};

TEST_P(SecondLanguageUnder, EveryPageShowsItSmallerAndQuieterWithNothingCutOrOverlapping)
{
    auto [size, pair] = GetParam();
    auto dir = fresh_data_dir("second-under");
    app::Config config;
    config.second_language = pair.second;
    config.second_language_under = true;
    auto kiosk = open_kiosk(dir, size.width, size.height, config);
    ASSERT_TRUE(kiosk);
    ui::Theme theme = ui::make_theme(ImVec2(static_cast<float>(size.width), static_cast<float>(size.height)));
    // Everything the content translates into the second language: titles, specials' names, notices.
    std::vector<std::pair<std::string, std::string>> translated;
    auto collect = [&](const feed::Text& text) {
        if (auto it = text.by_language.find(pair.second); it != text.by_language.end() && it->second != text.get("en"))
            translated.push_back({text.get("en"), it->second});
    };
    for (auto& e : kiosk->feed().events)
        collect(e.title);
    for (auto& sp : kiosk->feed().specials)
        collect(sp.name);
    for (auto& n : kiosk->feed().notices) {
        collect(n.title);
        collect(n.body);
    }
    const std::pair<feed::Page, std::pair<const char*, const char*>> headings[] = {
        {feed::Page::WhatsOn, {"What's on today", pair.whats_on}},
        {feed::Page::Cafe, {"Café today", pair.cafe}},
        {feed::Page::Notices, {"Notices", pair.notices}},
        {feed::Page::Week, {"This week", pair.week}},
    };
    int content_shown = 0;
    for (auto& [page, heading_pair] : headings) {
        SCOPED_TRACE(std::string(feed::to_code(page)) + " at " + std::to_string(size.width) + "x" + std::to_string(size.height) + " with " + pair.second);
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), page);
        auto& log = kiosk->draw_log();
        for (auto& t : log.texts) {
            EXPECT_GE(t.min.x, 0) << describe(t);
            EXPECT_GE(t.min.y, 0) << describe(t);
            EXPECT_LE(t.max.x, size.width) << describe(t);
            EXPECT_LE(t.max.y, size.height) << describe(t);
        }
        for (std::size_t i = 0; i < log.texts.size(); ++i)
            for (std::size_t j = i + 1; j < log.texts.size(); ++j)
                EXPECT_FALSE(overlaps(log.texts[i], log.texts[j])) << describe(log.texts[i]) << " overlaps " << describe(log.texts[j]);
        // The heading, then its translation under it: smaller, in the quieter colour.
        const ui::DrawnText* heading = drawn_start_of(log, heading_pair.first);
        const ui::DrawnText* heading_second = drawn_start_of(log, heading_pair.second);
        ASSERT_TRUE(heading && heading_second) << heading_pair.second;
        EXPECT_GE(heading_second->min.y, heading->max.y - 1.5f) << "under the first";
        EXPECT_LT(heading_second->font_size, heading->font_size) << "smaller";
        EXPECT_EQ(heading_second->colour, theme.palette.muted) << "quieter";
        // The call to action in the footer, its translation under it, smaller.
        const ui::DrawnText* cta = drawn_start_of(log, "Touch here to check in");
        const ui::DrawnText* cta_second = drawn_start_of(log, pair.check_in);
        ASSERT_TRUE(cta && cta_second) << pair.check_in;
        EXPECT_GE(cta_second->min.y, cta->max.y - 1.5f) << "under the first";
        EXPECT_LT(cta_second->font_size, cta->font_size) << "smaller";
        if (page == feed::Page::Week) {
            // The week flows sessions along each day's lines: a translation follows its title after a slash.
            std::string lines;
            for (auto& t : log.texts)
                lines += without_no_break_spaces(t.text) + " ";
            for (auto& [english, second] : translated) {
                if (lines.find(english + " / ") == std::string::npos && lines.find(english) != std::string::npos)
                    ADD_FAILURE() << "\"" << english << "\" on the week without its translation";
                if (lines.find(english + " / " + second) != std::string::npos || lines.find(english + " / " + second.substr(0, second.find(' '))) != std::string::npos)
                    ++content_shown;
            }
            continue;
        }
        // Whatever translated content is on the page has its translation under it, smaller.
        for (auto& [english, second] : translated) {
            const ui::DrawnText* first = drawn_start_of(log, english);
            if (!first)
                continue; // not on this page
            const ui::DrawnText* under = drawn_start_of(log, second);
            ASSERT_TRUE(under) << "\"" << second << "\" under \"" << english << "\"";
            EXPECT_GE(under->min.y, first->max.y - 1.5f) << second;
            EXPECT_LT(under->font_size, first->font_size) << second;
            if (first->colour != theme.palette.faded) { // a finished session is all in the faded colour
                EXPECT_NE(under->colour, first->colour) << second << " is quieter than " << english;
            }
            ++content_shown;
        }
    }
    EXPECT_GE(content_shown, 3) << "sessions, specials and notices in the second language were on screen";
}

INSTANTIATE_TEST_SUITE_P(Signage, SecondLanguageUnder, ::testing::Combine(::testing::ValuesIn(kSizes), ::testing::ValuesIn(kPairs)),
    [](const auto& info) {
        const Size& size = std::get<0>(info.param);
        return std::string(std::get<1>(info.param).second) + "_" + std::to_string(size.width) + "x" + std::to_string(size.height);
    });

TEST(Signage, WithoutSecondLanguageUnderOnlyTheFirstLanguageShows)
{
    auto dir = fresh_data_dir("second-off");
    app::Config config;
    config.second_language = "pl";
    auto kiosk = open_kiosk(dir, 1920, 1080, config);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::Cafe);
    EXPECT_TRUE(kiosk->draw_log().contains("Full breakfast"));
    EXPECT_FALSE(kiosk->draw_log().contains("Pełne śniadanie"));
    EXPECT_FALSE(kiosk->draw_log().contains("Kawiarnia dziś"));
}

TEST(Signage, SecondLanguageUnderIsASiteSettingWithPlainErrors)
{
    auto good = app::parse_config("[kiosk]\nsecond_language = \"uk\"\nsecond_language_under = true\n");
    EXPECT_TRUE(good.problems.empty());
    EXPECT_TRUE(good.config.second_language_under);
    EXPECT_EQ(good.config.second_language, "uk");

    auto alone = app::parse_config("[kiosk]\nsecond_language_under = true\n");
    ASSERT_EQ(alone.problems.size(), 1u);
    EXPECT_EQ(alone.problems[0].line, 2);
    EXPECT_NE(alone.problems[0].message.find("needs kiosk.second_language"), std::string::npos) << alone.problems[0].message;

    auto both = app::parse_config("[kiosk]\nsecond_language = \"pl\"\nalternate_languages = true\nsecond_language_under = true\n");
    ASSERT_EQ(both.problems.size(), 1u);
    EXPECT_NE(both.problems[0].message.find("choose one"), std::string::npos) << both.problems[0].message;

    auto typed = app::parse_config("[kiosk]\nsecond_language = \"pl\"\nsecond_language_under = \"yes\"\n");
    ASSERT_EQ(typed.problems.size(), 1u);
    EXPECT_NE(typed.problems[0].message.find("true or false"), std::string::npos) << typed.problems[0].message;
}

TEST(Signage, UrgentBannerShowsTheSecondLanguageUnderItWithoutCrowdingThePage)
{
    auto json = sample_json();
    for (auto& n : json["notices"])
        if (n.value("urgent", false)) {
            n.erase("show_until");
            n["title"] = {{"en", n["title"].get<std::string>()}, {"pl", "Dziś zamknięte: pęknięta rura"}};
            n["body"] = {{"en", n["body"].get<std::string>()}, {"pl", "Przepraszamy, z powodu pękniętej rury centrum jest dziś zamknięte."}};
        }
    json["version"] = 2;
    for (Size size : kSizes) {
        SCOPED_TRACE(std::to_string(size.width) + "x" + std::to_string(size.height));
        auto dir = fresh_data_dir("urgent-second");
        install_content(dir, json);
        app::Config config;
        config.second_language = "pl";
        config.second_language_under = true;
        auto kiosk = open_kiosk(dir, size.width, size.height, config);
        ASSERT_TRUE(kiosk);
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
        auto& log = kiosk->draw_log();
        EXPECT_TRUE(log.contains("Dziś zamknięte")) << "the banner's second line";
        for (auto& t : log.texts) {
            EXPECT_GE(t.min.y, 0) << describe(t);
            EXPECT_LE(t.max.x, size.width) << describe(t);
            EXPECT_LE(t.max.y, size.height) << describe(t);
        }
        for (std::size_t i = 0; i < log.texts.size(); ++i)
            for (std::size_t j = i + 1; j < log.texts.size(); ++j)
                EXPECT_FALSE(overlaps(log.texts[i], log.texts[j])) << describe(log.texts[i]) << " overlaps " << describe(log.texts[j]);
    }
}

// A notice of words only is a poster: its title in the largest type for words, centred with
// the message in the middle of its card, not a heading at the top of half a screen of empty card.
TEST(Signage, AWordsOnlyNoticeIsLaidOutAsAPoster)
{
    // Landscape, where a lone notice's card is the full height of the page.
    for (auto size : {Size{1920, 1080}, Size{1280, 800}}) {
        auto dir = fresh_data_dir("poster");
        auto feed = sample_json();
        feed["notices"] = nlohmann::json::array({{{"id", "lunch"}, {"title", "Lunch club has moved"},
                                                  {"body", "From Monday it meets in the Garden Room."}}});
        feed["version"] = 2;
        install_content(dir, feed);
        auto kiosk = open_kiosk(dir, size.width, size.height);
        ASSERT_TRUE(kiosk);
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::Notices);
        const ui::DrawnText* title = nullptr;
        float body_top = 1e9f, body_bottom = 0, body_size = 0, heading_bottom = 0, body_middle_x = 0;
        for (auto& t : kiosk->draw_log().texts) {
            if (t.text == "Lunch club has moved")
                title = &t;
            else if (!t.text.empty() && std::string("From Monday it meets in the Garden Room.").find(t.text) != std::string::npos) {
                body_top = std::min(body_top, t.min.y);
                body_bottom = std::max(body_bottom, t.max.y);
                body_size = t.font_size;
                body_middle_x = (t.min.x + t.max.x) / 2;
            } else if (t.text == "Notices")
                heading_bottom = t.max.y;
        }
        ASSERT_NE(title, nullptr) << size.width << "x" << size.height << ": the title is on one line";
        ASSERT_GT(body_bottom, 0.0f);
        EXPECT_GT(title->font_size, body_size * 1.3f) << "the title is poster-sized";
        // Centred across the card too: the title's and the message's middles line up.
        EXPECT_LT(std::abs((title->min.x + title->max.x) / 2 - body_middle_x), 3.0f);
        EXPECT_GT(body_top, title->max.y - 1);
        // The title and message, together, sit in the middle of the space below the page's heading.
        float block_middle = (title->min.y + body_bottom) / 2;
        float area_middle = (heading_bottom + static_cast<float>(size.height)) / 2;
        EXPECT_LT(std::abs(block_middle - area_middle), size.height * 0.08f)
            << size.width << "x" << size.height << ": block middle " << block_middle << ", area middle " << area_middle;
    }
}

// A screen that follows a server but has never had its building's content: the demo
// building's timetable and check-ins would be for a building that does not exist.
class WaitingToBePaired : public ::testing::TestWithParam<Size> {};

TEST_P(WaitingToBePaired, ShowsOnlyHowToPairItAndTakesNoCheckIn)
{
    Size size = GetParam();
    auto dir = fresh_data_dir("waiting");
    {
        auto db = store::Database::open(dir / "kiosk.db");
        ASSERT_TRUE(db);
        ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::PairCode, "483920117"));
    }
    app::Config config;
    config.sync.server = "http://127.0.0.1:9"; // never started here: the screen is drawn from what is stored
    auto kiosk = open_kiosk(dir, size.width, size.height, config);
    ASSERT_TRUE(kiosk);
    for (feed::Page page : kPages) {
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), page);
        auto& log = kiosk->draw_log();
        EXPECT_TRUE(log.contains("This screen is waiting to be paired"));
        // Nine digits in three groups of three, on one line and well apart, to read as groups.
        std::vector<const ui::DrawnText*> groups;
        for (const char* group : {"483", "920", "117"}) {
            auto found = std::find_if(log.texts.begin(), log.texts.end(), [&](auto& t) { return t.text == group; });
            ASSERT_NE(found, log.texts.end()) << group;
            groups.push_back(&*found);
        }
        for (std::size_t g = 1; g < groups.size(); ++g) {
            EXPECT_EQ(groups[g]->min.y, groups[0]->min.y) << "the code's groups on one line";
            EXPECT_GT(groups[g]->min.x - groups[g - 1]->max.x, (groups[g]->max.y - groups[g]->min.y) * 0.3f) << describe(*groups[g]);
        }
        // Read from two metres: the figures at least twice the height of the text under them.
        auto below = std::find_if(log.texts.begin(), log.texts.end(), [](auto& t) { return t.text.find("coordinator") != std::string::npos; });
        ASSERT_NE(below, log.texts.end());
        EXPECT_GE(groups[0]->font_size, below->font_size * 2) << describe(*groups[0]) << " over " << describe(*below);
        EXPECT_TRUE(log.contains("Screens page of the web admin"));
        for (const char* demo : {"Ashby Hill", "Touch here to check in", "Café", "Pottery"})
            EXPECT_FALSE(log.contains(demo)) << demo;
        for (auto& t : log.texts) {
            EXPECT_GE(t.min.x, 0) << describe(t);
            EXPECT_LE(t.max.x, size.width + 0.5f) << describe(t);
            EXPECT_LE(t.max.y, size.height + 0.5f) << describe(t);
            for (auto& u : log.texts) {
                if (&t < &u) {
                    EXPECT_FALSE(overlaps(t, u)) << describe(t) << " and " << describe(u);
                }
            }
        }
    }
    platform::push_tap(size.width / 2.0f, size.height / 2.0f, kiosk->display().size());
    for (int i = 0; i < 3; ++i)
        kiosk->pump(at(*kiosk, "2026-11-25T11:05"));
    EXPECT_EQ(kiosk->checkin_state().step, core::Step::Signage) << "a tap starts no check-in";
    if (const char* where = std::getenv("COI_TEST_SHOTS"))
        (void)kiosk->display().save_png(std::string(where) + "/waiting-" + std::to_string(size.width) + "x" + std::to_string(size.height) + ".png");
    kiosk.reset();
}

INSTANTIATE_TEST_SUITE_P(Sizes, WaitingToBePaired, ::testing::ValuesIn(kSizes),
    [](const auto& info) { return std::to_string(info.param.width) + "x" + std::to_string(info.param.height); });

TEST(WaitingToBePaired, AScreenThatHadItsBuildingsContentKeepsShowingItWithTheCode)
{
    auto dir = fresh_data_dir("repairing");
    install_content(dir, sample_json()); // as if from the server: its token lost, its content kept
    {
        auto db = store::Database::open(dir / "kiosk.db");
        ASSERT_TRUE(db);
        ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::PairCode, "483920117"));
    }
    app::Config config;
    config.sync.server = "http://127.0.0.1:9";
    // The whole code in the band, not cut short with an ellipsis, on the smallest screen too.
    for (Size size : {Size{1920, 1080}, Size{800, 480}}) {
        auto kiosk = open_kiosk(dir, size.width, size.height, config);
        ASSERT_TRUE(kiosk);
        kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::WhatsOn);
        auto& log = kiosk->draw_log();
        auto band = std::find_if(log.texts.begin(), log.texts.end(), [](auto& t) { return t.text == "Pair this screen: 483 920 117"; });
        ASSERT_NE(band, log.texts.end()) << size.width << "x" << size.height;
        EXPECT_GE(band->min.x, 0) << describe(*band);
        EXPECT_LE(band->max.x, size.width + 0.5f) << describe(*band);
        EXPECT_TRUE(log.contains("Ashby Hill"));
        EXPECT_FALSE(log.contains("This screen is waiting to be paired"));
        if (const char* where = std::getenv("COI_TEST_SHOTS"))
            (void)kiosk->display().save_png(std::string(where) + "/band-" + std::to_string(size.width) + "x" + std::to_string(size.height) + ".png");
    }
}

TEST(Signage, WeekKeepsACancelledSessionStruckThroughAndSaysCancelled)
{
    auto dir = fresh_data_dir("week-cancelled");
    auto feed = sample_json();
    // Cancel tomorrow's breakfast club, the first session of Thursday.
    for (auto& e : feed["events"])
        if (e["id"] == "breakfast-club")
            e["cancelled_dates"] = {"2026-11-26"};
    feed["version"] = 2;
    install_content(dir, feed);
    auto kiosk = open_kiosk(dir, 1920, 1080);
    ASSERT_TRUE(kiosk);
    kiosk->draw_frame(at(*kiosk, "2026-11-25T11:05"), feed::Page::Week);
    auto& log = kiosk->draw_log();
    const ui::DrawnText* thursday = nullptr;
    for (auto& t : log.texts)
        if (without_no_break_spaces(t.text).find("08:30 Breakfast club Cancelled") != std::string::npos)
            thursday = &t;
    ASSERT_TRUE(thursday) << "Thursday's breakfast club is still listed, with \"Cancelled\" after it";
    bool struck = std::any_of(log.strikes.begin(), log.strikes.end(), [&](auto& s) {
        return s.first.y >= thursday->min.y - 1 && s.second.y <= thursday->max.y + 1 && s.first.x >= thursday->min.x - 1
            && s.second.x <= thursday->max.x + 1 && s.second.x - s.first.x > 40;
    });
    EXPECT_TRUE(struck) << "its time and title are struck through";
    std::filesystem::remove_all(dir);
}
