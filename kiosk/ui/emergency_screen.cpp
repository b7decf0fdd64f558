#include "kiosk/ui/emergency_screen.h"

#include <algorithm>

namespace coi::ui {

namespace {

// White on a deep red band and white and yellow on black: every pair well over WCAG AAA
// (7:1), so the words carry across a hall and through smoke; nothing moves, nothing blinks.
constexpr ImU32 kBlack = IM_COL32(0, 0, 0, 255);
constexpr ImU32 kBand = IM_COL32(150, 0, 0, 255);
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kYellow = IM_COL32(255, 221, 0, 255);

ImFont* largest(const Fonts& fonts) { return fonts.title->FontSize >= fonts.heading->FontSize ? fonts.title : fonts.heading; }

} // namespace

void draw_emergency(Canvas& canvas, const core::EmergencyView& view)
{
    const ImVec2 screen = canvas.theme().screen;
    const Fonts& fonts = canvas.fonts();
    canvas.fill(ImVec2(0, 0), screen, kBlack);
    if (view.languages.empty())
        return;
    float margin = std::max(16.0f, screen.x * 0.04f);
    float width = screen.x - 2 * margin;
    const core::EmergencyLines& first = view.languages.front();

    // The title in its band: the one thing someone glancing over sees.
    ImFont* title = largest(fonts);
    float band = canvas.line_height(title) * 1.4f;
    canvas.fill(ImVec2(0, 0), ImVec2(screen.x, band), kBand);
    canvas.text_block(title, ImVec2(margin, (band - title->FontSize) / 2), width, kWhite, first.title, 1, Align::Centre);

    float y = band + margin * 0.6f;
    float bottom = screen.y - canvas.line_height(fonts.body) - margin * 0.3f;
    auto block = [&](ImFont* font, ImU32 colour, const std::string& text, int lines) {
        if (text.empty() || y + font->FontSize > bottom)
            return;
        int fit = std::max(1, std::min(lines, static_cast<int>((bottom - y) / canvas.line_height(font))));
        y += canvas.text_block(font, ImVec2(margin, y), width, colour, text, fit, Align::Centre) + margin * 0.3f;
    };
    block(fonts.heading, kWhite, first.message, 4);
    block(fonts.heading, kYellow, first.assembly, 2);
    block(first.message.empty() ? fonts.heading : fonts.body_bold, kWhite, first.instruction, 3);
    // The building's other languages under it, smaller: their title, then what to do.
    for (std::size_t i = 1; i < view.languages.size(); ++i) {
        const auto& other = view.languages[i];
        y += margin * 0.3f;
        block(fonts.body_bold, kYellow, other.title, 1);
        block(fonts.body, kWhite, other.assembly.empty() ? other.instruction : other.assembly + " " + other.instruction, 2);
    }
    canvas.text_block(fonts.body, ImVec2(margin, bottom), width, kWhite, view.since, 1, Align::Right);
}

} // namespace coi::ui
