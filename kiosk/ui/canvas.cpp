#include "kiosk/ui/canvas.h"

#include <algorithm>
#include <cmath>

namespace coi::ui {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // U+2026

// Byte length of the UTF-8 character starting at s[i].
std::size_t utf8_length(std::string_view s, std::size_t i)
{
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    return std::min(n, s.size() - i);
}

// ImGui fills a rounded rectangle as one fan of long thin triangles from a corner, and SDL's
// software renderer scans each triangle's whole bounding box: a card's pixels are visited
// many times over. An opaque one is drawn instead as four small rounded corners and three
// plain rectangles between them, which SDL fills as rectangles: the same shape, a fraction
// of the work. (Translucent fills keep ImGui's way: overlapping pieces would blend twice.)
void fill_rounded(ImDrawList* list, ImVec2 a, ImVec2 b, ImU32 colour, float rounding)
{
    // The rounding ImGui itself would use for this box (ImDrawList::PathRect).
    float r = std::min({rounding, std::fabs(b.x - a.x) * 0.5f - 1.0f, std::fabs(b.y - a.y) * 0.5f - 1.0f});
    bool opaque = (colour & IM_COL32_A_MASK) == IM_COL32_A_MASK;
    if (r < 1.0f || !opaque || b.x <= a.x || b.y <= a.y) {
        list->AddRectFilled(a, b, colour, rounding);
        return;
    }
    // A box of r + 1 with one rounded corner is rounded by exactly r (PathRect takes 1 off).
    float c = r + 1.0f;
    list->AddRectFilled(a, ImVec2(a.x + c, a.y + c), colour, r, ImDrawFlags_RoundCornersTopLeft);
    list->AddRectFilled(ImVec2(b.x - c, a.y), ImVec2(b.x, a.y + c), colour, r, ImDrawFlags_RoundCornersTopRight);
    list->AddRectFilled(ImVec2(a.x, b.y - c), ImVec2(a.x + c, b.y), colour, r, ImDrawFlags_RoundCornersBottomLeft);
    list->AddRectFilled(ImVec2(b.x - c, b.y - c), b, colour, r, ImDrawFlags_RoundCornersBottomRight);
    list->AddRectFilled(ImVec2(a.x + r, a.y), ImVec2(b.x - r, a.y + r), colour);
    list->AddRectFilled(ImVec2(a.x, a.y + r), ImVec2(b.x, b.y - r), colour);
    list->AddRectFilled(ImVec2(a.x + r, b.y - r), ImVec2(b.x - r, b.y), colour);
}

std::vector<std::string_view> words_of(std::string_view text)
{
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
            ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t')
            ++i;
        if (i > start)
            words.push_back(text.substr(start, i - start));
    }
    return words;
}

} // namespace

bool DrawLog::contains(std::string_view needle) const
{
    return std::any_of(texts.begin(), texts.end(), [&](const DrawnText& t) { return t.text.find(needle) != std::string::npos; });
}

ImVec2 Canvas::measure(ImFont* font, std::string_view text) const
{
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
}

std::string Canvas::ellipsize(ImFont* font, std::string_view text, float width) const
{
    if (measure(font, text).x <= width)
        return std::string(text);
    float ellipsis = measure(font, kEllipsis).x;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t n = utf8_length(text, i);
        std::string candidate = out + std::string(text.substr(i, n));
        if (measure(font, candidate).x + ellipsis > width)
            break;
        out = std::move(candidate);
        i += n;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out + std::string(kEllipsis);
}

std::vector<std::string> Canvas::wrap(ImFont* font, std::string_view text, float width, int max_lines) const
{
    std::vector<std::string> lines;
    if (max_lines <= 0)
        return lines;
    // Paragraphs first: a newline in a notice body is a line break the author meant.
    std::size_t start = 0;
    for (;;) {
        std::size_t end = text.find('\n', start);
        std::string_view paragraph = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        std::string line;
        for (auto word : words_of(paragraph)) {
            std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
            if (measure(font, candidate).x <= width) {
                line = std::move(candidate);
                continue;
            }
            if (!line.empty())
                lines.push_back(std::move(line));
            // One enormous word: ellipsised on its own line, never cut silently.
            line = measure(font, word).x <= width ? std::string(word) : ellipsize(font, word, width);
        }
        if (!line.empty())
            lines.push_back(std::move(line));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    if (static_cast<int>(lines.size()) > max_lines) {
        lines.resize(static_cast<std::size_t>(max_lines));
        std::string& last = lines.back();
        std::string with_ellipsis = last + std::string(kEllipsis);
        // Either the ellipsis fits after the last word, or ellipsize() cuts the line short
        // and ends it with its own.
        last = measure(font, with_ellipsis).x <= width ? with_ellipsis : ellipsize(font, with_ellipsis, width);
    }
    return lines;
}

void Canvas::text(ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text)
{
    pos = ImVec2(std::round(pos.x), std::round(pos.y));
    m_list->AddText(font, font->FontSize, pos, colour, text.data(), text.data() + text.size());
    if (m_log) {
        ImVec2 size = measure(font, text);
        // What the text is read against: the page's background and every fill under the
        // text's middle so far, each blended at its own opacity, as the renderer does.
        ImVec2 middle(pos.x + size.x / 2, pos.y + size.y / 2);
        ImU32 under = m_theme.palette.background;
        for (const DrawnFill& f : m_log->fills)
            if (middle.x >= f.min.x && middle.x <= f.max.x && middle.y >= f.min.y && middle.y <= f.max.y)
                under = blend(f.colour, static_cast<float>((f.colour >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f, under);
        m_log->texts.push_back({std::string(text), pos, ImVec2(pos.x + size.x, pos.y + size.y), font->FontSize, colour, under});
    }
}

float Canvas::text_block(ImFont* font, ImVec2 pos, float width, ImU32 colour, std::string_view text, int max_lines, Align align, float line_gap)
{
    auto lines = wrap(font, text, width, max_lines);
    float y = pos.y;
    for (auto& line : lines) {
        float x = pos.x;
        if (align != Align::Left) {
            float w = measure(font, line).x;
            x += align == Align::Centre ? (width - w) / 2 : width - w;
        }
        this->text(font, ImVec2(x, y), colour, line);
        y += line_height(font, line_gap);
    }
    return lines.empty() ? 0 : y - pos.y - font->FontSize * line_gap;
}

void Canvas::fill(ImVec2 min, ImVec2 max, ImU32 colour, float rounding)
{
    fill_rounded(m_list, min, max, colour, rounding);
    if (m_log)
        m_log->fills.push_back({min, max, colour});
}

// ImGui strokes a border as long thin triangles of textured line, and SDL's software renderer
// fills a triangle pixel by pixel over its whole bounding box: the border round each session
// on now cost more than everything else on What's on. An opaque framed box is drawn instead as
// two filled boxes, the border's colour and inside it the box's, both the cheap way fill()
// draws them: the same frame (a pixel wider than its thickness, as the stroke's feathered
// edges came out solid), its straight edges crisp and its corners rounded inside and out.
void Canvas::framed(ImVec2 min, ImVec2 max, ImU32 colour, ImU32 border, float rounding, float thickness)
{
    bool opaque = (colour & IM_COL32_A_MASK) == IM_COL32_A_MASK && (border & IM_COL32_A_MASK) == IM_COL32_A_MASK;
    if (!opaque) { // a translucent inside would show the border's colour through it
        fill(min, max, colour, rounding);
        m_list->AddRect(min, max, border, rounding, 0, thickness);
        return;
    }
    // Whole-pixel offsets on a whole-pixel box keep the frame as wide at the bottom and right
    // as at the top and left.
    float width = thickness + 1, outside = width / 2 - 0.5f, inside = width / 2 + 0.5f;
    fill_rounded(m_list, ImVec2(min.x - outside, min.y - outside), ImVec2(max.x + outside, max.y + outside), border, rounding + outside);
    if (colour != border)
        fill_rounded(m_list, ImVec2(min.x + inside, min.y + inside), ImVec2(max.x - inside, max.y - inside), colour, std::max(0.0f, rounding - inside));
    if (m_log)
        m_log->fills.push_back({min, max, colour});
}

void Canvas::strike(ImVec2 min, ImVec2 max, ImU32 colour)
{
    float y = std::round((min.y + max.y) / 2 + (max.y - min.y) * 0.05f);
    m_list->AddLine(ImVec2(min.x, y), ImVec2(max.x, y), colour, std::max(2.0f, (max.y - min.y) / 14));
    if (m_log)
        m_log->strikes.push_back({min, max});
}

// SDL's software renderer draws a rectangle of texture as one quick copy but fills any other
// triangle pixel by pixel, which made a rounded picture or a stroked circle cost more than all
// the text on a page. So pictures are drawn square and their corners rounded by small masks in
// the colour beneath, and rings come from a texture.
namespace {

// The piece outside a quarter circle in one corner of a rectangle: from the corner point along
// one side, around the arc, back along the other. Every point of the arc is seen from the
// corner, so ImGui's fan from the first point fills it exactly.
void corner_mask(ImDrawList* list, ImVec2 corner, ImVec2 centre, float radius, float from, float to, ImU32 colour)
{
    list->PathLineTo(corner);
    list->PathArcTo(centre, radius, from, to, 10);
    list->PathFillConvex(colour);
}

} // namespace

bool Canvas::image(const std::string& sha256, ImVec2 min, ImVec2 max, ImU32 under)
{
    if (!m_images || sha256.empty())
        return false;
    ImVec2 box(max.x - min.x, max.y - min.y);
    ImageRef ref = m_images->image(sha256, box);
    if (!ref.id || ref.width <= 0 || ref.height <= 0)
        return false;
    float scale = std::min(box.x / static_cast<float>(ref.width), box.y / static_cast<float>(ref.height));
    ImVec2 size(std::round(ref.width * scale), std::round(ref.height * scale));
    ImVec2 at(std::round(min.x + (box.x - size.x) / 2), std::round(min.y + (box.y - size.y) / 2));
    ImVec2 end(at.x + size.x, at.y + size.y);
    m_list->AddImage(ref.id, at, end);
    float r = std::min({m_theme.radius * 0.6f, size.x / 2, size.y / 2});
    if (r >= 1) {
        constexpr float pi = 3.14159265358979f;
        // Each corner's points in the order ImGui's filled shapes wind (clockwise on screen).
        corner_mask(m_list, at, ImVec2(at.x + r, at.y + r), r, 1.5f * pi, 1.0f * pi, under);
        corner_mask(m_list, ImVec2(end.x, at.y), ImVec2(end.x - r, at.y + r), r, 2.0f * pi, 1.5f * pi, under);
        corner_mask(m_list, end, ImVec2(end.x - r, end.y - r), r, 0.5f * pi, 0.0f, under);
        corner_mask(m_list, ImVec2(at.x, end.y), ImVec2(at.x + r, end.y - r), r, 1.0f * pi, 0.5f * pi, under);
    }
    if (m_log)
        m_log->images.push_back({at, end});
    return true;
}

void Canvas::ring(ImVec2 centre, float radius, ImU32 colour, float thickness)
{
    ImageRef ref = m_images ? m_images->ring(radius, thickness) : ImageRef{};
    if (!ref.id || ref.width <= 0 || ref.width != ref.height) {
        m_list->AddCircle(centre, radius, colour, 0, thickness);
        return;
    }
    float side = static_cast<float>(ref.width);
    ImVec2 at(std::round(centre.x - side / 2), std::round(centre.y - side / 2));
    m_list->AddImage(ref.id, at, ImVec2(at.x + side, at.y + side), ImVec2(0, 0), ImVec2(1, 1), colour);
}

} // namespace coi::ui
