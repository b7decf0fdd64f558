#include "kiosk/ui/visitor_tools.h"

#include "kiosk/core/strings.h"

#include <algorithm>
#include <cmath>

namespace coi::ui {

std::vector<LanguageChoice> language_choices()
{
    std::vector<LanguageChoice> out;
    for (auto code : core::all_languages())
        out.push_back({std::string(code), std::string(core::tr("language.name", code))});
    return out;
}

std::optional<std::string> draw_language_row(Canvas& c, const Rect& r, const std::string& current)
{
    const Theme& t = c.theme();
    auto choices = language_choices();
    float n = static_cast<float>(choices.size());
    float gap = t.gap;
    float w = (r.w() - gap * (n - 1)) / n;
    std::optional<std::string> chosen;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        Rect b{r.x0 + static_cast<float>(i) * (w + gap), r.y0, 0, r.y1};
        b.x1 = b.x0 + w;
        std::string id = "##lang-" + choices[i].code;
        if (button(c, id.c_str(), b, choices[i].name, choices[i].code == current ? ButtonStyle::KeyOn : ButtonStyle::Key))
            chosen = choices[i].code;
    }
    return chosen;
}

bool toggle_button(Canvas& c, const char* id, const Rect& r, const std::string& label, bool on)
{
    return button(c, id, r, label, on ? ButtonStyle::KeyOn : ButtonStyle::Quiet);
}

float listen_button_width(const Canvas& c, const std::string& label, float height)
{
    return std::round(c.measure(c.fonts().body_bold, label).x + height * 1.5f);
}

bool listen_button(Canvas& c, const Rect& r, const std::string& label)
{
    const Theme& t = c.theme();
    ImFont* font = c.fonts().body_bold;
    bool tapped = button(c, "##listen", r, "", ButtonStyle::Quiet);
    // A loudspeaker: a small box, a cone, and two sound waves, in the text colour.
    float s = std::min(r.h() * 0.45f, font->FontSize * 1.1f);
    float label_w = c.measure(font, label).x;
    float total = s * 1.3f + t.gap * 0.5f + label_w;
    float x = r.x0 + std::max(t.gap * 0.5f, (r.w() - total) / 2);
    float cy = (r.y0 + r.y1) / 2;
    ImU32 ink = t.palette.text;
    ImDrawList* dl = c.list();
    dl->AddRectFilled(ImVec2(x, cy - s * 0.18f), ImVec2(x + s * 0.25f, cy + s * 0.18f), ink);
    dl->AddTriangleFilled(ImVec2(x + s * 0.2f, cy - s * 0.18f), ImVec2(x + s * 0.55f, cy - s * 0.45f), ImVec2(x + s * 0.55f, cy + s * 0.45f), ink);
    dl->AddTriangleFilled(ImVec2(x + s * 0.2f, cy - s * 0.18f), ImVec2(x + s * 0.55f, cy + s * 0.45f), ImVec2(x + s * 0.2f, cy + s * 0.18f), ink);
    float thick = std::max(1.5f, s * 0.08f);
    for (int wave = 1; wave <= 2; ++wave) {
        float radius = s * (0.2f + 0.25f * static_cast<float>(wave));
        dl->PathArcTo(ImVec2(x + s * 0.5f, cy), radius, -0.9f, 0.9f, 12);
        dl->PathStroke(ink, 0, thick);
    }
    c.text(font, ImVec2(x + s * 1.3f + t.gap * 0.5f, cy - font->FontSize * 0.55f), ink, label);
    return tapped;
}

std::string spoken(const std::vector<std::string>& pieces)
{
    std::string out;
    for (const std::string& piece : pieces) {
        if (piece.empty())
            continue;
        if (!out.empty())
            out += ' ';
        out += piece;
        char last = piece.back();
        if (last != '.' && last != '?' && last != '!' && last != ':')
            out += '.';
    }
    return out;
}

} // namespace coi::ui
