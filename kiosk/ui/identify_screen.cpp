#include "kiosk/ui/identify_screen.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace coi::ui {

namespace {

// Kept for the captions above and below the name, and round its edges.
constexpr float kMarginShare = 0.05f;  // of the width, each side
constexpr float kCaptionShare = 0.25f; // of the height: "This screen is" and the countdown
// The size is found with one font's measurements and then baked at another size, where
// hinting may make a line a pixel or two wider: the name is given this much room to spare.
constexpr float kSpare = 0.94f;
constexpr float kLineHeight = 1.15f; // a line and its gap in Canvas::text_block, in font sizes

std::string shown_name(std::string_view screen_name) { return screen_name.empty() ? std::string("This screen") : std::string(screen_name); }

// How many lines the name takes wrapped to `width` at `size`, measured with `font` at its own
// size; 0 when a word does not fit on a line at that size.
int lines_at(ImFont* font, const std::string& name, float width, float size)
{
    float scale = size / font->FontSize;
    float room = width / scale; // the width at the measuring font's size
    int lines = 0;
    std::size_t at = 0;
    while (at < name.size()) {
        while (at < name.size() && name[at] == ' ')
            ++at;
        if (at >= name.size())
            break;
        // As many whole words as fit on this line.
        std::size_t end = at, fitted = std::string::npos;
        while (end <= name.size()) {
            std::size_t next = name.find(' ', end);
            if (next == std::string::npos)
                next = name.size();
            float w = font->CalcTextSizeA(font->FontSize, 1e9f, 0, name.data() + at, name.data() + next).x;
            if (w > room)
                break;
            fitted = next;
            if (next == name.size())
                break;
            end = next + 1;
        }
        if (fitted == std::string::npos)
            return 0; // one word wider than the screen at this size
        ++lines;
        at = fitted;
    }
    return lines;
}

} // namespace

float identify_type_size(ImFont* measure_font, ImVec2 screen, std::string_view screen_name)
{
    if (!measure_font || screen.x <= 0 || screen.y <= 0)
        return 0;
    std::string name = shown_name(screen_name);
    float width = screen.x * (1 - 2 * kMarginShare) * kSpare;
    float height = screen.y * (1 - kCaptionShare);
    auto fits = [&](float size) {
        int lines = lines_at(measure_font, name, width, size);
        return lines > 0 && lines <= kIdentifyMaxLines && lines * size * kLineHeight <= height;
    };
    float low = measure_font->FontSize;
    if (!fits(low))
        return low; // wrapped and ended with an ellipsis at the title's size, as before
    float high = height / kLineHeight;
    // The largest size that fits: fewer lines as the type shrinks, so fitting only ever
    // changes once between the title's size and the screen's height.
    for (int step = 0; step < 24 && high - low > 0.5f; ++step) {
        float middle = (low + high) / 2;
        (fits(middle) ? low : high) = middle;
    }
    return std::floor(low);
}

void draw_identify(Canvas& canvas, std::string_view screen_name, int seconds_left)
{
    const Theme& theme = canvas.theme();
    const Fonts& fonts = canvas.fonts();
    // White on black whatever the page: the most contrast a TV can show, read from afar.
    const ImU32 background = IM_COL32(0, 0, 0, 255);
    const ImU32 foreground = IM_COL32(255, 255, 255, 255);
    const ImVec2 screen = theme.screen;
    canvas.fill(ImVec2(0, 0), screen, background);
    float margin = screen.x * kMarginShare;
    float width = screen.x - 2 * margin;
    std::string name = shown_name(screen_name);
    // The name's own font, baked at its size (scaled up from a smaller atlas its edges blur,
    // and a reader or OCR misreads them); until it is built, the largest with every letter.
    ImFont* font = fonts.identify ? fonts.identify : fonts.title->FontSize >= fonts.heading->FontSize ? fonts.title : fonts.heading;
    int lines = std::max<int>(1, static_cast<int>(canvas.wrap(font, name, width, kIdentifyMaxLines).size()));
    float name_height = canvas.line_height(font) * static_cast<float>(lines);
    float caption = canvas.line_height(fonts.body);
    float top = std::max(margin * 0.25f, (screen.y - name_height - 2 * caption) / 2);
    canvas.text_block(fonts.body, ImVec2(margin, top), width, foreground, "This screen is", 1, Align::Centre);
    canvas.text_block(font, ImVec2(margin, top + caption), width, foreground, name, kIdentifyMaxLines, Align::Centre);
    canvas.text_block(fonts.body, ImVec2(margin, top + caption + name_height + caption * 0.3f), width, foreground,
        "Shown for " + std::to_string(std::max(0, seconds_left)) + " s, asked from the Screens page", 1, Align::Centre);
}

} // namespace coi::ui
