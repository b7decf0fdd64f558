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
    float margin = screen.x * 0.05f;
    float width = screen.x - 2 * margin;
    std::string name = screen_name.empty() ? std::string("This screen") : std::string(screen_name);
    // The largest font built with every letter (the clock's holds only figures), at its own
    // size: scaled up from the atlas its edges blur, and a reader (or OCR) misreads them.
    ImFont* font = fonts.title->FontSize >= fonts.heading->FontSize ? fonts.title : fonts.heading;
    float name_height = canvas.line_height(font) * static_cast<float>(std::max<std::size_t>(1, canvas.wrap(font, name, width, 2).size()));
    float caption = canvas.line_height(fonts.body);
    float top = std::max(margin * 0.5f, (screen.y - name_height - 2 * caption) / 2);
    canvas.text_block(fonts.body, ImVec2(margin, top), width, foreground, "This screen is", 1, Align::Centre);
    canvas.text_block(font, ImVec2(margin, top + caption), width, foreground, name, 2, Align::Centre);
    canvas.text_block(fonts.body, ImVec2(margin, top + caption + name_height + caption * 0.3f), width, foreground,
        "Shown for " + std::to_string(std::max(0, seconds_left)) + " s, asked from the Screens page", 1, Align::Centre);
}

} // namespace coi::ui
