#include "kiosk/ui/identify_screen.h"

#include <algorithm>
#include <string>

namespace coi::ui {

void draw_identify(Canvas& canvas, std::string_view screen_name, int seconds_left)
{
    const Theme& theme = canvas.theme();
    const Fonts& fonts = canvas.fonts();
    // White on black whatever the page: the most contrast a TV can show, read from afar.
    const ImU32 background = IM_COL32(0, 0, 0, 255);
    const ImU32 foreground = IM_COL32(255, 255, 255, 255);
    const ImVec2 screen = theme.screen;
    canvas.fill(ImVec2(0, 0), screen, background);
    float margin = screen.x * 0.06f;
    float width = screen.x - 2 * margin;
    std::string name = screen_name.empty() ? std::string("This screen") : std::string(screen_name);
    // The title's font: the largest with every letter (the clock's holds only its figures).
    ImFont* font = fonts.title;
    const int lines = 3;
    float name_height = canvas.line_height(font) * static_cast<float>(std::min<std::size_t>(lines, canvas.wrap(font, name, width, lines).size()));
    float caption_height = canvas.line_height(fonts.heading);
    float top = std::max(margin, (screen.y - name_height - 2 * caption_height) / 2);
    canvas.text_block(fonts.heading, ImVec2(margin, top), width, foreground, "This screen is", 1, Align::Centre);
    canvas.text_block(font, ImVec2(margin, top + caption_height), width, foreground, name, lines, Align::Centre);
    canvas.text_block(fonts.body, ImVec2(margin, top + caption_height + name_height + caption_height * 0.3f), width, foreground,
        "Shown for " + std::to_string(std::max(0, seconds_left)) + " s, asked from the Screens page", 1, Align::Centre);
}

} // namespace coi::ui
