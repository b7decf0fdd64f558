// kiosk/platform/fonts: the atlas holds the characters of the texts it was built for; the
// kiosk asks before every frame whether it still covers what is to be drawn.
#include "kiosk/platform/atlas_file.h"
#include "headless.h"
#include "kiosk/platform/display.h"
#include "kiosk/platform/fonts.h"

#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui_impl_sdlrenderer.h>

#include <filesystem>
#include <fstream>

using namespace coi;

namespace {

std::unique_ptr<platform::Display> headless() { return coi::testing::headless(640, 360); }

namespace fs = std::filesystem;

// The pixels of one frame of text in every font of the atlas.
std::vector<Uint32> draw_texts(platform::Display& display, const ui::Fonts& fonts)
{
    display.begin_frame();
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    dl->AddRectFilled(ImVec2(0, 0), display.size(), IM_COL32(250, 246, 238, 255));
    float y = 4;
    for (ImFont* font : {fonts.small, fonts.body, fonts.body_bold, fonts.heading, fonts.title, fonts.clock}) {
        dl->AddText(font, font->FontSize, ImVec2(8, y), IM_COL32(20, 20, 20, 255), "Bingo 2:30 \xc5\xbc\xc3\xb3\xc5\x82 \xe2\x82\xac" "5 \xe2\x80\x94 \xe2\x80\xa6 \xe6\x97\xa5");
        y += font->FontSize;
    }
    dl->AddLine(ImVec2(10, 340), ImVec2(600, 350), IM_COL32(40, 70, 60, 255), 3); // a thick line: the atlas's baked lines
    display.render();
    ImVec2 size = display.size();
    std::vector<Uint32> out(static_cast<std::size_t>(size.x * size.y));
    SDL_RenderReadPixels(display.renderer(), nullptr, SDL_PIXELFORMAT_ARGB8888, out.data(), static_cast<int>(size.x) * 4);
    return out;
}

struct CacheFolder {
    fs::path path = fs::temp_directory_path() / ("coi-fonts-" + std::to_string(::getpid()));
    CacheFolder() { fs::remove_all(path); }
    ~CacheFolder() { fs::remove_all(path); }
    std::vector<fs::path> files() const
    {
        std::vector<fs::path> out;
        for (auto& entry : fs::directory_iterator(path))
            out.push_back(entry.path());
        return out;
    }
};

const std::string kPolish = "Zupa dnia: \xc5\xbc\xc3\xb3\xc5\x82\x74\x61"; // "żółta": ż and ł lie outside Latin-1

} // namespace

TEST(FontAtlas, CoversTheTextsItWasBuiltForAndLatinOneAlways)
{
    auto display = headless();
    ASSERT_TRUE(display);
    platform::FontAtlas atlas;
    auto fonts = atlas.build(ui::make_theme(display->size()), {"Bingo at two"});
    ASSERT_TRUE(fonts) << fonts.error().message;
    EXPECT_NE(fonts->body, nullptr);
    EXPECT_TRUE(atlas.covers({"Bingo at two"}));
    EXPECT_TRUE(atlas.covers({"Caf\xc3\xa9 open"}));
}

TEST(FontAtlas, ANewLetterIsNotCoveredEvenRightAfterTheSameQuestionWasAnswered)
{
    auto display = headless();
    ASSERT_TRUE(display);
    platform::FontAtlas atlas;
    ASSERT_TRUE(atlas.build(ui::make_theme(display->size()), {"Soup of the day"}));
    EXPECT_TRUE(atlas.covers({"Soup of the day"}));
    EXPECT_TRUE(atlas.covers({"Soup of the day"})); // the kept answer
    EXPECT_FALSE(atlas.covers({"Soup of the day", kPolish}));
    EXPECT_FALSE(atlas.covers({"Soup of the day", kPolish})); // asked again: still not
    ASSERT_TRUE(atlas.build(ui::make_theme(display->size()), {"Soup of the day", kPolish}));
    EXPECT_TRUE(atlas.covers({"Soup of the day", kPolish}));
    EXPECT_TRUE(atlas.covers({kPolish}));
}

TEST(FontAtlas, AnAtlasRestoredFromDiskDrawsExactlyAsTheOneBuilt)
{
    auto display = headless();
    ASSERT_TRUE(display);
    CacheFolder folder;
    ui::Theme theme = ui::make_theme(display->size());
    platform::FontAtlas built;
    built.use_cache(platform::DiskCache(folder.path.string()));
    auto first = built.build(theme, {"Bingo", kPolish});
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_TRUE(display->upload_fonts());
    EXPECT_FALSE(built.from_cache());
    ASSERT_EQ(folder.files().size(), 1u);
    std::vector<Uint32> expected = draw_texts(*display, *first);
    std::vector<int> glyph_counts;
    for (ImFont* font : ImGui::GetIO().Fonts->Fonts)
        glyph_counts.push_back(font->Glyphs.Size);

    platform::FontAtlas restored; // as at the next start
    restored.use_cache(platform::DiskCache(folder.path.string()));
    auto second = restored.build(theme, {"Bingo", kPolish});
    ASSERT_TRUE(second) << second.error().message;
    ASSERT_TRUE(display->upload_fonts());
    EXPECT_TRUE(restored.from_cache());
    EXPECT_EQ(restored.texture_size().x, built.texture_size().x);
    std::vector<int> restored_counts;
    for (ImFont* font : ImGui::GetIO().Fonts->Fonts)
        restored_counts.push_back(font->Glyphs.Size);
    EXPECT_EQ(restored_counts, glyph_counts);
    EXPECT_EQ(second->body->FallbackChar, ' '); // a missing character still shows as a space
    EXPECT_TRUE(draw_texts(*display, *second) == expected);
    EXPECT_TRUE(restored.covers({kPolish}));
}

TEST(FontAtlas, ATornAtlasOnDiskIsBuiltAgainAndRewritten)
{
    auto display = headless();
    ASSERT_TRUE(display);
    CacheFolder folder;
    ui::Theme theme = ui::make_theme(display->size());
    platform::FontAtlas atlas;
    atlas.use_cache(platform::DiskCache(folder.path.string()));
    ASSERT_TRUE(atlas.build(theme, {"Soup"}));
    ASSERT_EQ(folder.files().size(), 1u);
    fs::path file = folder.files().front();
    auto whole = fs::file_size(file);
    fs::resize_file(file, whole / 2); // as if the disk gave back half

    platform::FontAtlas next;
    next.use_cache(platform::DiskCache(folder.path.string()));
    auto fonts = next.build(theme, {"Soup"});
    ASSERT_TRUE(fonts) << fonts.error().message;
    EXPECT_FALSE(next.from_cache());
    EXPECT_GT(fonts->body->Glyphs.Size, 100);
    EXPECT_EQ(fs::file_size(file), whole);
}

TEST(FontAtlas, OtherTextsGiveAnotherAtlasAndOnlyTheLastFewAreKept)
{
    auto display = headless();
    ASSERT_TRUE(display);
    CacheFolder folder;
    ui::Theme theme = ui::make_theme(display->size());
    platform::FontAtlas atlas;
    atlas.use_cache(platform::DiskCache(folder.path.string()));
    for (const char* text : {"\xe6\x97\xa5", "\xe6\x9c\x88", "\xe7\x81\xab", "\xe6\xb0\xb4"}) { // four CJK signs: four atlases
        ASSERT_TRUE(atlas.build(theme, {text}));
        EXPECT_FALSE(atlas.from_cache());
    }
    EXPECT_EQ(folder.files().size(), 3u);
    ASSERT_TRUE(atlas.build(theme, {"\xe6\xb0\xb4"}));
    EXPECT_TRUE(atlas.from_cache());
}

TEST(FontAtlas, UploadedStraightFromItsEightBitPixelsItDrawsAsImGuisOwnUpload)
{
    auto display = headless();
    ASSERT_TRUE(display);
    platform::FontAtlas atlas;
    auto fonts = atlas.build(ui::make_theme(display->size()), {"Bingo", kPolish});
    ASSERT_TRUE(fonts) << fonts.error().message;
    ImFontAtlas& imgui_atlas = *ImGui::GetIO().Fonts;
    ASSERT_TRUE(ImGui_ImplSDLRenderer_CreateFontsTexture()); // the backend's way: a 32-bit copy, then the texture
    std::vector<Uint32> expected = draw_texts(*display, *fonts);

    ASSERT_TRUE(display->upload_fonts());
    EXPECT_EQ(imgui_atlas.TexPixelsRGBA32, nullptr) << "no 32-bit copy kept";
    EXPECT_NE(imgui_atlas.TexID, nullptr);
    EXPECT_TRUE(draw_texts(*display, *fonts) == expected);
    ASSERT_TRUE(display->upload_fonts()); // again: the same atlas, the same picture
    EXPECT_TRUE(draw_texts(*display, *fonts) == expected);
}

TEST(AtlasFile, BytesThatAreNotAWholeAtlasAreRefusedAndLeaveTheAtlasEmpty)
{
    auto display = headless();
    ASSERT_TRUE(display);
    platform::FontAtlas atlas;
    ASSERT_TRUE(atlas.build(ui::make_theme(display->size()), {"Tea"}));
    ImFontAtlas& imgui_atlas = *ImGui::GetIO().Fonts;
    auto bytes = platform::save_atlas(imgui_atlas);
    ASSERT_TRUE(bytes);

    ImFontAtlas scratch;
    EXPECT_TRUE(platform::restore_atlas(scratch, *bytes));
    EXPECT_EQ(scratch.Fonts.Size, imgui_atlas.Fonts.Size);
    for (std::string bad : {std::string(), std::string("coi-atlas"), bytes->substr(0, bytes->size() - 1), *bytes + "x"}) {
        EXPECT_FALSE(platform::restore_atlas(scratch, bad));
        EXPECT_EQ(scratch.Fonts.Size, 0);
        EXPECT_FALSE(scratch.IsBuilt());
    }
    std::string wrong_index = *bytes; // a glyph count far beyond the bytes there are
    std::size_t glyphs_at = wrong_index.find("coi-atlas") + 12 + 8 + 16 + sizeof(ImVec4) * IM_ARRAYSIZE(scratch.TexUvLines) + 4 + 4 * 4 + 3 * 2 + 4 + 4 + sizeof(ImFont::Used4kPagesMap);
    std::uint32_t huge = 0x7fffffff;
    wrong_index.replace(glyphs_at, 4, reinterpret_cast<const char*>(&huge), 4);
    EXPECT_FALSE(platform::restore_atlas(scratch, wrong_index));
}
