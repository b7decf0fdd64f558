#include "kiosk/ui/widgets.h"

#include "kiosk/core/strings.h"
#include "kiosk/core/text_input.h"

#include <algorithm>
#include <cmath>

namespace coi::ui {

namespace {


// Accent sets: Polish first, then Romanian and Lithuanian, then other European letters.
const std::vector<std::vector<std::string>> kAccents = {
    {"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż", "é", "á"},
    {"ă", "â", "î", "ș", "ț", "č", "š", "ž", "ė", "ū", "į"},
    {"ų", "ü", "ö", "ä", "ç", "è", "ê", "ñ", "í", "ú", "ô"},
};

std::string upper(const std::string& key)
{
    std::string first = core::initial_of(key);
    return first.empty() ? key : first;
}

} // namespace

float draw_header(Canvas& c, const core::HeaderView& h)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    c.fill(ImVec2(0, 0), ImVec2(t.screen.x, t.header_height), t.palette.header);
    float clock_w = c.measure(f.clock, h.clock).x;
    float clock_y = (t.header_height - f.clock->FontSize) / 2 - f.clock->FontSize * 0.04f;
    c.text(f.clock, ImVec2(t.screen.x - t.pad - clock_w, clock_y), t.palette.on_header, h.clock);
    float text_w = t.screen.x - t.pad * 3 - clock_w;
    float block = f.title->FontSize + f.small->FontSize * 1.1f;
    float y = (t.header_height - block) / 2;
    c.text(f.title, ImVec2(t.pad, y), t.palette.on_header, c.ellipsize(f.title, h.site_name, text_w));
    c.text(f.small, ImVec2(t.pad, y + f.title->FontSize * 1.1f), with_alpha(t.palette.on_header, 0.92f), c.ellipsize(f.small, h.date, text_w));
    return t.header_height;
}

bool button(Canvas& c, const char* id, const Rect& r, const std::string& label, ButtonStyle style, const std::string& detail)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    ImGui::SetCursorScreenPos(ImVec2(r.x0, r.y0));
    bool clicked = ImGui::InvisibleButton(id, ImVec2(std::max(1.0f, r.w()), std::max(1.0f, r.h())));
    c.note_button(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1));
    bool held = ImGui::IsItemActive();
    ImU32 bg = t.palette.surface, fg = t.palette.text, border = t.palette.border;
    ImFont* font = f.body_bold;
    switch (style) {
    case ButtonStyle::Primary: bg = t.palette.accent; fg = t.palette.on_accent; border = bg; font = f.heading; break;
    case ButtonStyle::Secondary: bg = t.palette.header; fg = t.palette.on_header; border = bg; font = f.heading; break;
    case ButtonStyle::Tile: break;
    case ButtonStyle::Key: font = f.body_bold; break;
    case ButtonStyle::KeyOn: bg = t.palette.header; fg = t.palette.on_header; border = bg; font = f.body_bold; break;
    case ButtonStyle::Quiet: bg = t.palette.background; border = t.palette.border; break;
    }
    if (font->FontSize * 1.3f > r.h())
        font = f.body_bold;
    const bool key = style == ButtonStyle::Key || style == ButtonStyle::KeyOn;
    float rounding = key ? t.radius * 0.6f : t.radius;
    c.framed(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), held ? with_alpha(bg, 0.8f) : bg, held ? t.palette.accent : border, rounding, std::max(1.5f, 2.5f * t.unit));
    // A key is a one-word target in a tight row: its label may come closer to the frame than a
    // button's, so "Delete" is still whole on a portrait screen's keyboard.
    float inner = r.w() - t.gap * (key ? 0.6f : 2.0f);
    if (style == ButtonStyle::Tile) {
        // Label (up to two lines) with a detail line under it, left-aligned: easy to scan.
        float y = r.y0 + t.gap;
        // A detail too long for one line (a long room name, a long language) takes two.
        int detail_lines = detail.empty() ? 0 : c.measure(f.small, detail).x > inner ? 2 : 1;
        float detail_h = static_cast<float>(detail_lines) * c.line_height(f.small);
        int lines = std::max(1, static_cast<int>((r.h() - t.gap * 2 - detail_h) / c.line_height(f.body_bold)));
        float used = c.text_block(f.body_bold, ImVec2(r.x0 + t.gap, y), inner, fg, label, std::min(lines, 3));
        if (!detail.empty())
            c.text_block(f.small, ImVec2(r.x0 + t.gap, std::max(y + used + t.gap * 0.3f, r.y1 - t.gap - detail_h)), inner, t.palette.muted, detail, detail_lines);
        return clicked;
    }
    // A label that does not fit steps down a size before it is ever cut short.
    for (ImFont* smaller : {f.body_bold, f.small})
        if (c.measure(font, label).x > inner && smaller->FontSize < font->FontSize)
            font = smaller;
    float block = font->FontSize + (detail.empty() ? 0 : f.small->FontSize * 1.2f);
    float y = r.y0 + (r.h() - block) / 2 - font->FontSize * 0.05f;
    std::string text = c.ellipsize(font, label, inner);
    float w = c.measure(font, text).x;
    c.text(font, ImVec2(r.x0 + (r.w() - w) / 2, y), fg, text);
    if (!detail.empty()) {
        std::string d = c.ellipsize(f.small, detail, inner);
        float dw = c.measure(f.small, d).x;
        c.text(f.small, ImVec2(r.x0 + (r.w() - dw) / 2, y + font->FontSize * 1.2f), with_alpha(fg, 0.9f), d);
    }
    return clicked;
}

// A text box showing what was typed, with a caret when it is the field being typed in.
bool text_field(Canvas& c, const char* id, const Rect& r, const std::string& value, const std::string& placeholder, bool active)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    ImGui::SetCursorScreenPos(ImVec2(r.x0, r.y0));
    bool tapped = ImGui::InvisibleButton(id, ImVec2(r.w(), r.h()));
    c.note_button(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1));
    c.framed(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), t.palette.surface, active ? t.palette.header : t.palette.border, t.radius * 0.6f, std::max(2.0f, (active ? 4.0f : 2.0f) * t.unit));
    ImFont* font = f.heading->FontSize * 1.3f < r.h() ? f.heading : f.body_bold;
    float y = r.y0 + (r.h() - font->FontSize) / 2 - font->FontSize * 0.05f;
    float x = r.x0 + t.gap;
    if (value.empty()) {
        c.text(f.body, ImVec2(x, r.y0 + (r.h() - f.body->FontSize) / 2), t.palette.muted, c.ellipsize(f.body, placeholder, r.w() - t.gap * 2));
        x += 0;
    } else {
        // Long text shows its end, where the typing is.
        std::string shown = value;
        while (c.measure(font, shown).x > r.w() - t.gap * 3 && !shown.empty())
            shown = shown.substr(1 + ((static_cast<unsigned char>(shown[0]) & 0xE0) == 0xC0 ? 1 : (static_cast<unsigned char>(shown[0]) & 0xF0) == 0xE0 ? 2 : 0));
        c.text(font, ImVec2(x, y), t.palette.text, shown);
        x += c.measure(font, shown).x + 2;
    }
    if (active)
        c.fill(ImVec2(x, r.y0 + r.h() * 0.2f), ImVec2(x + std::max(2.0f, 3 * t.unit), r.y1 - r.h() * 0.2f), t.palette.accent);
    return tapped;
}

float keyboard_height(const Theme& t, KeyboardMode mode)
{
    float key = std::round(std::max(96.0f * t.unit, 40.0f)) + 4 * t.unit;
    float rows = mode == KeyboardMode::Code ? 4 : 5; // codes need no space bar
    return key * rows + t.gap * 0.7f * (rows - 1);
}

std::optional<KeyPress> draw_keyboard(Canvas& c, const Rect& area, KeyboardMode mode, bool shift, int accent_set, std::string_view language)
{
    const Theme& t = c.theme();
    float gap = t.gap * 0.7f;
    int row_count = mode == KeyboardMode::Code ? 4 : 5;
    float key_h = (area.h() - gap * static_cast<float>(row_count - 1)) / static_cast<float>(row_count);
    std::optional<KeyPress> pressed;
    std::vector<std::vector<std::string>> rows;
    if (mode != KeyboardMode::Name)
        rows.push_back({"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"});
    else
        rows.push_back(kAccents[static_cast<std::size_t>(accent_set) % kAccents.size()]);
    rows.push_back({"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"});
    rows.push_back({"a", "s", "d", "f", "g", "h", "j", "k", "l", "'"});
    rows.push_back({"z", "x", "c", "v", "b", "n", "m", "-"});
    float unit_w = std::min((area.w() - gap * 11) / 12, key_h * 1.6f); // twelve key widths fit every row
    bool caps = shift || mode != KeyboardMode::Name;
    for (std::size_t row = 0; row < 4; ++row) {
        float y = area.y0 + static_cast<float>(row) * (key_h + gap);
        auto& keys = rows[row];
        float extra = row == 3 ? 1.5f : 0; // shift and delete are wider
        bool has_shift = row == 3 && mode == KeyboardMode::Name; // codes are capitals only
        float row_w = static_cast<float>(keys.size()) * unit_w + static_cast<float>(keys.size() - 1) * gap
                      + (row == 3 ? (unit_w * extra + gap) * (has_shift ? 2 : 1) : 0) + (row == 0 && mode == KeyboardMode::Name ? unit_w + gap : 0);
        float x = area.x0 + (area.w() - row_w) / 2;
        if (has_shift) {
            Rect r{x, y, x + unit_w * extra, y + key_h};
            if (button(c, "##shift", r, std::string(core::tr("keyboard.shift", language)), shift ? ButtonStyle::KeyOn : ButtonStyle::Key))
                pressed = KeyPress{KeyPress::Kind::Shift, ""};
            x = r.x1 + gap;
        }
        for (auto& key : keys) {
            std::string label = caps ? upper(key) : key;
            Rect r{x, y, x + unit_w, y + key_h};
            std::string id = "##key" + std::to_string(row) + key;
            if (button(c, id.c_str(), r, label, ButtonStyle::Key))
                pressed = KeyPress{KeyPress::Kind::Text, label};
            x = r.x1 + gap;
        }
        if (row == 0 && mode == KeyboardMode::Name) {
            Rect r{x, y, x + unit_w, y + key_h};
            if (button(c, "##accents", r, "\xE2\x80\xA6", ButtonStyle::Quiet))
                pressed = KeyPress{KeyPress::Kind::MoreAccents, ""};
        }
        if (row == 3) {
            Rect r{x, y, x + unit_w * extra, y + key_h};
            if (button(c, "##delete", r, std::string(core::tr("keyboard.delete", language)), ButtonStyle::Key))
                pressed = KeyPress{KeyPress::Kind::Backspace, ""};
        }
    }
    if (mode == KeyboardMode::Code)
        return pressed;
    float y = area.y0 + 4 * (key_h + gap);
    float space_w = unit_w * 6 + gap * 5;
    Rect space{area.x0 + (area.w() - space_w) / 2, y, area.x0 + (area.w() + space_w) / 2, y + key_h};
    if (button(c, "##space", space, std::string(core::tr("keyboard.space", language)), ButtonStyle::Key))
        pressed = KeyPress{KeyPress::Kind::Space, " "};
    return pressed;
}

std::optional<PadPress> draw_numpad(Canvas& c, const Rect& area, const std::string& ok_label)
{
    const Theme& t = c.theme();
    float gap = t.gap * 0.7f;
    float key_h = (area.h() - gap * 3) / 4;
    float key_w = std::min((area.w() - gap * 2) / 3, key_h * 2.2f);
    float x0 = area.x0 + (area.w() - (key_w * 3 + gap * 2)) / 2;
    const char* labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", ""};
    std::optional<PadPress> pressed;
    for (int i = 0; i < 12; ++i) {
        Rect r{x0 + static_cast<float>(i % 3) * (key_w + gap), area.y0 + static_cast<float>(i / 3) * (key_h + gap), 0, 0};
        r.x1 = r.x0 + key_w;
        r.y1 = r.y0 + key_h;
        std::string id = "##pad" + std::to_string(i);
        if (i == 9) {
            if (button(c, id.c_str(), r, std::string(core::tr("keyboard.delete")), ButtonStyle::Key))
                pressed = PadPress{PadPress::Kind::Backspace, 0};
        } else if (i == 11) {
            if (button(c, id.c_str(), r, ok_label, ButtonStyle::KeyOn))
                pressed = PadPress{PadPress::Kind::Ok, 0};
        } else if (button(c, id.c_str(), r, labels[i], ButtonStyle::Key)) {
            pressed = PadPress{PadPress::Kind::Digit, labels[i][0]};
        }
    }
    return pressed;
}

} // namespace coi::ui
