#pragma once
// Canvas: the only way screens put text and shapes on the screen. It wraps long text on
// word boundaries, ends what still does not fit with an ellipsis, and records every text
// and rectangle it draws in a DrawLog, so tests can check that nothing is cut or
// overlapping without reading pixels.

#include "kiosk/ui/theme.h"

#include <imgui.h>
#include <string>
#include <string_view>
#include <vector>

namespace coi::ui {

struct Fonts {
    ImFont* small = nullptr;
    ImFont* body = nullptr;
    ImFont* body_bold = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
    ImFont* clock = nullptr;
    ImFont* identify = nullptr; // only while "Show identify" is on: the name's letters at FontSizes::identify
};

struct DrawnText {
    std::string text;
    ImVec2 min, max;
    float font_size = 0;
    ImU32 colour = 0;     // as drawn, alpha included
    ImU32 background = 0; // opaque: the theme's background with every fill drawn under the text before it, blended
};

struct DrawnFill {
    ImVec2 min, max;
    ImU32 colour; // alpha included
};

struct DrawLog {
    std::vector<DrawnText> texts;
    std::vector<std::pair<ImVec2, ImVec2>> images;
    std::vector<std::pair<ImVec2, ImVec2>> buttons; // every touch target
    std::vector<DrawnFill> fills;                   // in drawing order, to know what each text is drawn on
    std::vector<std::pair<ImVec2, ImVec2>> strikes; // every line drawn through a text, over the text's box
    void clear() { texts.clear(); images.clear(); buttons.clear(); fills.clear(); strikes.clear(); }
    bool contains(std::string_view needle) const; // any drawn text contains needle
};

// An image the platform has uploaded; 0 id means not available (never drawn blank).
struct ImageRef {
    ImTextureID id = nullptr;
    int width = 0;
    int height = 0;
};

class ImageSource {
public:
    virtual ~ImageSource() = default;
    virtual ImageRef image(const std::string& sha256, ImVec2 box) = 0; // rasterised to fit box, or empty
    // A white ring of that radius (to the middle of its stroke) and stroke, centred in a square
    // picture, for the canvas to tint and draw as one rectangle; empty where there is none (the
    // canvas then strokes a circle).
    virtual ImageRef ring([[maybe_unused]] float radius, [[maybe_unused]] float thickness) { return {}; }
};

enum class Align { Left, Centre, Right };

class Canvas {
public:
    Canvas(ImDrawList* list, const Theme& theme, const Fonts& fonts, DrawLog* log, ImageSource* images)
        : m_list(list), m_theme(theme), m_fonts(fonts), m_log(log), m_images(images) {}

    const Theme& theme() const { return m_theme; }
    const Fonts& fonts() const { return m_fonts; }
    ImDrawList* list() const { return m_list; }

    ImVec2 measure(ImFont* font, std::string_view text) const; // one line, no wrapping
    // Word-wrapped lines of text that fit width, at most max_lines; the last line ends in
    // an ellipsis if anything was left out. A word wider than width is ellipsised alone.
    std::vector<std::string> wrap(ImFont* font, std::string_view text, float width, int max_lines) const;
    std::string ellipsize(ImFont* font, std::string_view text, float width) const; // one line

    void text(ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text);               // one line as given
    float text_block(ImFont* font, ImVec2 pos, float width, ImU32 colour, std::string_view text, int max_lines,
        Align align = Align::Left, float line_gap = 0.15f);                                     // returns the height used
    void fill(ImVec2 min, ImVec2 max, ImU32 colour, float rounding = 0);                      // logged: text drawn on it knows its background
    // A filled box with a border of `thickness` centred on its edge; logged as fill() is.
    void framed(ImVec2 min, ImVec2 max, ImU32 colour, ImU32 border, float rounding, float thickness);
    void strike(ImVec2 min, ImVec2 max, ImU32 colour); // a line through a drawn text
    // Fitted and centred in the box, its corners rounded into under (the colour it sits on);
    // false if none.
    bool image(const std::string& sha256, ImVec2 min, ImVec2 max, ImU32 under);
    void ring(ImVec2 centre, float radius, ImU32 colour, float thickness); // a circle's outline
    void note_button(ImVec2 min, ImVec2 max) { if (m_log) m_log->buttons.push_back({min, max}); } // a touch target, for tests
    void note_picture(ImVec2 min, ImVec2 max) { if (m_log) m_log->images.push_back({min, max}); } // something drawn, not an image (a QR code)
    float line_height(ImFont* font, float line_gap = 0.15f) const { return font->FontSize * (1 + line_gap); }

private:
    ImDrawList* m_list;
    const Theme& m_theme;
    const Fonts& m_fonts;
    DrawLog* m_log;
    ImageSource* m_images;
};

} // namespace coi::ui
