// Specification of text layout: wrapping on words, ellipsis instead of cutting, and fonts
// that carry every letter our visitors' languages need.
#include "kiosk_fixture.h"

#include <imgui.h>
#include <imgui_internal.h>

using namespace coi;
using namespace coi::testing;

namespace {

struct CanvasTest : ::testing::Test {
    void SetUp() override
    {
        kiosk = open_kiosk(dir, 1920, 1080);
        ASSERT_TRUE(kiosk);
        kiosk->draw_frame(*kiosk->site_time("2026-11-25T11:05"), feed::Page::WhatsOn);
        font = ImGui::GetIO().Fonts->Fonts[1]; // body
        theme = ui::make_theme(ImVec2(1920, 1080));
    }
    void TearDown() override
    {
        kiosk.reset();
    }
    ui::Canvas canvas() { return ui::Canvas(nullptr, theme, fonts, nullptr, nullptr); }
    test::TempDir dir = fresh_data_dir("canvas");
    std::unique_ptr<app::KioskApp> kiosk;
    ImFont* font = nullptr;
    ui::Theme theme{};
    ui::Fonts fonts;
};

const std::string kEllipsis = "\xE2\x80\xA6";

bool ends_with(const std::string& s, const std::string& end)
{
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

} // namespace

TEST_F(CanvasTest, WrapsOnWordsAndKeepsEveryWord)
{
    auto c = canvas();
    std::string text = "Crafts, tombola, mince pies and Santa's grotto in the Main Hall";
    float width = c.measure(font, "Crafts, tombola, mince pies").x + 2;
    auto lines = c.wrap(font, text, width, 10);
    ASSERT_GE(lines.size(), 2u);
    std::string joined;
    for (auto& l : lines) {
        EXPECT_LE(c.measure(font, l).x, width) << l;
        joined += (joined.empty() ? "" : " ") + l;
    }
    EXPECT_EQ(joined, text);
}

TEST_F(CanvasTest, TooManyLinesEndWithAnEllipsis)
{
    auto c = canvas();
    auto lines = c.wrap(font, "one two three four five six seven eight nine ten", c.measure(font, "one two").x + 2, 2);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_TRUE(ends_with(lines[1], kEllipsis)) << lines[1];
    EXPECT_LE(c.measure(font, lines[1]).x, c.measure(font, "one two").x + 2);
}

TEST_F(CanvasTest, AWordWiderThanTheLineIsEllipsisedNotCut)
{
    auto c = canvas();
    std::string huge(10000, 'W');
    auto lines = c.wrap(font, huge, 400, 3);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(ends_with(lines[0], kEllipsis));
    EXPECT_LE(c.measure(font, lines[0]).x, 400);
}

TEST_F(CanvasTest, EllipsisNeverSplitsAUtf8Character)
{
    auto c = canvas();
    std::string text = "Zażółć gęślą jaźń, Київ, Română ș ț";
    for (float w = 60; w < 600; w += 17) {
        std::string cut = c.ellipsize(font, text, w);
        EXPECT_TRUE(ImGui::GetIO().Fonts->Fonts.Size > 0);
        // Decoding the whole string must succeed character by character.
        const char* p = cut.c_str();
        const char* end = p + cut.size();
        while (p < end) {
            unsigned ch = 0;
            int n = ImTextCharFromUtf8(&ch, p, end);
            ASSERT_GT(n, 0);
            ASSERT_NE(ch, 0xFFFDu) << cut;
            p += n;
        }
    }
}

TEST_F(CanvasTest, TextFontsHavePoundEuroPolishRomanianLithuanianAndUkrainianLetters)
{
    // small, body and body bold: what any name a visitor types is drawn in.
    auto& all = ImGui::GetIO().Fonts->Fonts;
    ASSERT_GE(all.Size, 3);
    for (int i = 0; i < 3; ++i)
        for (unsigned ch : {0x00A3u, 0x20ACu, 0x0142u, 0x0105u, 0x0219u, 0x021Bu, 0x0117u, 0x016Bu, 0x0457u, 0x0491u, 0x0454u})
            EXPECT_NE(all[i]->FindGlyphNoFallback(static_cast<ImWchar>(ch)), nullptr) << std::hex << ch << " at " << all[i]->FontSize;
}

TEST_F(CanvasTest, HeadingFontsCoverEveryCharacterOfTheContentAndStrings)
{
    auto& all = ImGui::GetIO().Fonts->Fonts;
    ASSERT_GE(all.Size, 5);
    for (const std::string& text : core::all_texts(kiosk->feed())) {
        const char* p = text.c_str();
        const char* end = p + text.size();
        while (p < end) {
            unsigned ch = 0;
            p += ImTextCharFromUtf8(&ch, p, end);
            if (ch < 0x20)
                continue;
            for (int i = 3; i < 5; ++i)
                EXPECT_NE(all[i]->FindGlyphNoFallback(static_cast<ImWchar>(ch)), nullptr) << std::hex << ch << " in \"" << text << "\"";
        }
    }
}

TEST_F(CanvasTest, AMissingGlyphIsDrawnAsSpaceNotAQuestionMark)
{
    ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
    const ImFontGlyph* g = f->FindGlyph(static_cast<ImWchar>(0x4E2D)); // a CJK character no font here carries
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->Codepoint, static_cast<unsigned>(' '));
}

// [SECTION] Pictures and rings: one rectangle of texture each, which SDL's software renderer
// copies quickly, where any other triangle is filled pixel by pixel.

namespace {

ImTextureID texture(std::uintptr_t n) { return reinterpret_cast<ImTextureID>(n); }

struct Pictures : ui::ImageSource {
    bool rings = true;
    ui::ImageRef image(const std::string&, ImVec2) override { return {texture(1), 200, 100}; }
    ui::ImageRef ring(float radius, float thickness) override
    {
        if (!rings)
            return {};
        int side = static_cast<int>(std::ceil(2 * radius + thickness)) + 2;
        return {texture(2), side, side};
    }
};

// A draw list outside any frame, as the screens' own would be.
struct List {
    ImDrawList list{ImGui::GetDrawListSharedData()};
    List()
    {
        list._ResetForNewFrame();
        list.PushClipRectFullScreen();
        list.PushTextureID(ImGui::GetIO().Fonts->TexID);
    }
    // The vertices drawn with a texture, over every command that uses it.
    std::vector<ImDrawVert> vertices_of(ImTextureID id, int* indices = nullptr) const
    {
        std::vector<ImDrawVert> out;
        int count = 0;
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.TextureId != id || cmd.ElemCount == 0)
                continue;
            count += static_cast<int>(cmd.ElemCount);
            for (unsigned i = 0; i < cmd.ElemCount; ++i)
                out.push_back(list.VtxBuffer[list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i)]]);
        }
        if (indices)
            *indices = count;
        return out;
    }
};

} // namespace

TEST_F(CanvasTest, ARingIsOneTintedSquareOfTextureCentredOnItsPoint)
{
    Pictures pictures;
    List l;
    ui::DrawLog log;
    ui::Canvas c(&l.list, theme, fonts, &log, &pictures);
    const ImU32 green = IM_COL32(34, 94, 88, 255);
    c.ring(ImVec2(100.3f, 50.6f), 12, green, 2.5f);
    int indices = 0;
    auto v = l.vertices_of(texture(2), &indices);
    ASSERT_EQ(indices, 6); // two triangles: one rectangle
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (auto& vert : v) {
        EXPECT_EQ(vert.col, green);
        x0 = std::min(x0, vert.pos.x), y0 = std::min(y0, vert.pos.y), x1 = std::max(x1, vert.pos.x), y1 = std::max(y1, vert.pos.y);
    }
    EXPECT_EQ(x1 - x0, 29); // ceil(2 * 12 + 2.5) + 2
    EXPECT_NEAR((x0 + x1) / 2, 100.3f, 0.5f);
    EXPECT_NEAR((y0 + y1) / 2, 50.6f, 0.5f);
    EXPECT_EQ(x0, std::round(x0)); // on whole pixels: copied, not resampled
}

TEST_F(CanvasTest, WithoutARingPictureTheCircleIsStrokedAsBefore)
{
    Pictures pictures;
    pictures.rings = false;
    List l;
    ui::Canvas c(&l.list, theme, fonts, nullptr, &pictures);
    c.ring(ImVec2(100, 50), 12, IM_COL32(34, 94, 88, 255), 2.5f);
    EXPECT_TRUE(l.vertices_of(texture(2)).empty());
    EXPECT_GT(l.vertices_of(ImGui::GetIO().Fonts->TexID).size(), 40u);
}

TEST_F(CanvasTest, APictureIsOneRectangleFittedInItsBoxWithItsCornersRoundedInTheColourBeneath)
{
    Pictures pictures;
    List l;
    ui::DrawLog log;
    ui::Canvas c(&l.list, theme, fonts, &log, &pictures);
    const ImU32 card = IM_COL32(255, 255, 255, 255);
    ASSERT_TRUE(c.image("sha", ImVec2(10, 10), ImVec2(410, 310), card));
    int indices = 0;
    l.vertices_of(texture(1), &indices);
    EXPECT_EQ(indices, 6);
    ASSERT_EQ(log.images.size(), 1u);
    auto [at, end] = log.images.front();
    EXPECT_EQ(at.x, 10);
    EXPECT_EQ(end.x, 410);
    EXPECT_EQ(at.y, 60); // 400 x 200, centred in 300 high
    EXPECT_EQ(end.y, 260);
    // The masks: in the card's colour, each within a corner's rounding of the picture's corner.
    float r = theme.radius * 0.6f;
    int corners[4] = {0, 0, 0, 0};
    for (auto& v : l.vertices_of(ImGui::GetIO().Fonts->TexID)) {
        if ((v.col & IM_COL32_A_MASK) == 0)
            continue; // the soft outer edge
        EXPECT_EQ(v.col, card);
        bool left = v.pos.x <= at.x + r + 0.5f, top = v.pos.y <= at.y + r + 0.5f;
        EXPECT_TRUE(left || v.pos.x >= end.x - r - 0.5f) << v.pos.x;
        EXPECT_TRUE(top || v.pos.y >= end.y - r - 0.5f) << v.pos.y;
        ++corners[(left ? 0 : 1) + (top ? 0 : 2)];
    }
    for (int n : corners)
        EXPECT_GT(n, 3);
}

TEST_F(CanvasTest, AFramedBoxIsTwoFilledBoxesNotAStrokedLine)
{
    // A stroked border is long thin triangles the software renderer fills pixel by pixel over
    // their bounding boxes; two fills are rectangles and small corners.
    List l;
    ui::DrawLog log;
    ui::Canvas c(&l.list, theme, fonts, &log, nullptr);
    const ImU32 card = IM_COL32(255, 255, 255, 255), border = IM_COL32(181, 69, 47, 255);
    const ImVec2 min(100, 200), max(900, 320);
    c.framed(min, max, card, border, 24, 4);
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    float bx0 = 1e9f, by0 = 1e9f, bx1 = -1e9f, by1 = -1e9f, cx0 = 1e9f, cy0 = 1e9f, cx1 = -1e9f, cy1 = -1e9f;
    for (auto& v : l.vertices_of(ImGui::GetIO().Fonts->TexID)) {
        EXPECT_EQ(v.uv.x, white.x); // filled, never a textured line
        EXPECT_EQ(v.uv.y, white.y);
        if ((v.col & IM_COL32_A_MASK) == 0)
            continue; // the soft outer edge of a corner
        ASSERT_TRUE(v.col == card || v.col == border) << std::hex << v.col;
        bool is_card = v.col == card;
        (is_card ? cx0 : bx0) = std::min(is_card ? cx0 : bx0, v.pos.x);
        (is_card ? cy0 : by0) = std::min(is_card ? cy0 : by0, v.pos.y);
        (is_card ? cx1 : bx1) = std::max(is_card ? cx1 : bx1, v.pos.x);
        (is_card ? cy1 : by1) = std::max(is_card ? cy1 : by1, v.pos.y);
    }
    // The border: 5 pixels (thickness 4, and the pixel its feathered edges used to take),
    // centred on the box's edge, as wide on every side.
    EXPECT_EQ(min.x - bx0, 2);
    EXPECT_EQ(min.y - by0, 2);
    EXPECT_EQ(bx1 - max.x, 2);
    EXPECT_EQ(by1 - max.y, 2);
    EXPECT_EQ(cx0 - min.x, 3);
    EXPECT_EQ(cy0 - min.y, 3);
    EXPECT_EQ(max.x - cx1, 3);
    EXPECT_EQ(max.y - cy1, 3);
    // Text drawn on it knows it is on the card.
    ASSERT_EQ(log.fills.size(), 1u);
    EXPECT_EQ(log.fills.front().colour, card);
}

TEST_F(CanvasTest, AFramedBoxWithATranslucentInsideIsStrokedSoTheBorderDoesNotShowThrough)
{
    List l;
    ui::Canvas c(&l.list, theme, fonts, nullptr, nullptr);
    const ImU32 held = IM_COL32(255, 255, 255, 204), border = IM_COL32(181, 69, 47, 255);
    c.framed(ImVec2(100, 200), ImVec2(900, 320), held, border, 24, 4);
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    for (auto& v : l.vertices_of(ImGui::GetIO().Fonts->TexID))
        if (v.col == border) {
            EXPECT_FALSE(v.uv.x == white.x && v.uv.y == white.y); // a textured line, not a fill under the inside
            return;
        }
    FAIL() << "no border drawn";
}
