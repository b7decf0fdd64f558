#include "kiosk/ui/signage_screen.h"

#include "kiosk/core/strings.h"
#include "kiosk/ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace coi::ui {

using core::SessionState;

namespace {

struct Box {
    float x0, y0, x1, y1;
    float w() const { return x1 - x0; }
    float h() const { return y1 - y0; }
};


// A rounded label: returns its width. Drawn right-aligned when right is true.
float pill(Canvas& c, ImFont* font, float x, float y, const std::string& label, ImU32 bg, ImU32 fg, bool right = false)
{
    float padx = font->FontSize * 0.45f, pady = font->FontSize * 0.12f;
    float w = c.measure(font, label).x + padx * 2;
    if (right)
        x -= w;
    c.fill(ImVec2(x, y), ImVec2(x + w, y + font->FontSize + pady * 2), bg, (font->FontSize + pady * 2) / 2);
    c.text(font, ImVec2(x + padx, y + pady), fg, label);
    return w;
}

float pill_height(ImFont* font) { return font->FontSize * 1.24f; }

// [SECTION] Header, banner, footer

float draw_urgent(Canvas& c, const core::UrgentView& u, float y)
{
    if (!u.shown)
        return y;
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float label_w = c.measure(f.body_bold, u.label).x + f.body_bold->FontSize * 0.9f;
    float text_x = t.pad + label_w + t.gap;
    float width = t.screen.x - text_x - t.pad;
    std::string line = u.title + (u.body.empty() ? "" : " \xE2\x80\x94 " + u.body);
    auto lines = c.wrap(f.body_bold, line, width, 2);
    float text_h = c.line_height(f.body_bold) * static_cast<float>(std::max<std::size_t>(1, lines.size()));
    float second_h = u.second.empty() ? 0 : c.line_height(f.small, 0.1f);
    float h = t.gap * 2 + text_h + second_h;
    c.fill(ImVec2(0, y), ImVec2(t.screen.x, y + h), t.palette.urgent);
    pill(c, f.body_bold, t.pad, y + t.gap, u.label, t.palette.on_urgent, t.palette.urgent);
    c.text_block(f.body_bold, ImVec2(text_x, y + t.gap + f.body_bold->FontSize * 0.12f), width, t.palette.on_urgent, line, 2);
    if (!u.second.empty()) // the second language: one smaller line under the first
        c.text(f.small, ImVec2(text_x, y + t.gap + text_h), t.palette.on_urgent, c.ellipsize(f.small, u.second, width));
    return y + h;
}

// An installer's band just above the footer, over the bottom of the page: only on a screen
// waiting to be paired, so it may cover a little content; big enough to read across a room.
void draw_pairing_band(Canvas& c, const std::string& text, float footer_top)
{
    const Theme& t = c.theme();
    ImFont* font = c.fonts().heading;
    float h = font->FontSize * 1.2f + t.gap * 1.2f;
    float y = footer_top - h;
    c.fill(ImVec2(0, y), ImVec2(t.screen.x, footer_top), t.palette.header);
    std::string label = c.ellipsize(font, text, t.screen.x - t.pad * 2);
    float w = c.measure(font, label).x;
    c.text(font, ImVec2((t.screen.x - w) / 2, y + (h - font->FontSize) / 2 - font->FontSize * 0.05f), t.palette.on_header, label);
}

// The QR code to the site's public What's on page: whole pixels per module (at least 2, or no
// code at all: a blurred code is worse than none), black on a white plate with a quiet zone.
constexpr int kQrQuietModules = 2; // the cream footer around the plate widens it further

float qr_module_pixels(const Theme& t, int modules)
{
    if (modules <= 0)
        return 0;
    float module = std::floor((t.footer_height - t.gap * 0.3f) / static_cast<float>(modules + 2 * kQrQuietModules));
    return module >= 2 ? module : 0;
}

void draw_qr(Canvas& c, const core::SignageView& v, ImVec2 at, float module)
{
    float plate = module * static_cast<float>(v.qr_size + 2 * kQrQuietModules);
    c.fill(at, ImVec2(at.x + plate, at.y + plate), IM_COL32(255, 255, 255, 255), module);
    float origin_x = at.x + module * kQrQuietModules, origin_y = at.y + module * kQrQuietModules;
    for (int y = 0; y < v.qr_size; ++y) {
        // One rectangle per run of dark modules: fewer, crisper draws.
        for (int x = 0; x < v.qr_size;) {
            if (!v.qr_modules[static_cast<std::size_t>(y * v.qr_size + x)]) {
                ++x;
                continue;
            }
            int run = x;
            while (run < v.qr_size && v.qr_modules[static_cast<std::size_t>(y * v.qr_size + run)])
                ++run;
            c.fill(ImVec2(origin_x + module * static_cast<float>(x), origin_y + module * static_cast<float>(y)),
                ImVec2(origin_x + module * static_cast<float>(run), origin_y + module * static_cast<float>(y + 1)), IM_COL32(0, 0, 0, 255));
            x = run;
        }
    }
    c.note_picture(at, ImVec2(at.x + plate, at.y + plate));
}

void draw_footer(Canvas& c, const core::SignageView& v)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y0 = t.screen.y - t.footer_height;
    c.fill(ImVec2(0, y0), ImVec2(t.screen.x, t.screen.y), t.palette.background);
    c.fill(ImVec2(t.pad, y0), ImVec2(t.screen.x - t.pad, y0 + std::max(1.0f, t.unit * 2)), t.palette.border);
    // Page dots on the left: where we are in the rotation.
    float dot = std::round(12 * t.unit);
    float dots_w = static_cast<float>(v.page_count) * dot * 2.2f;
    for (int i = 0; i < v.page_count; ++i) {
        ImVec2 centre(t.pad + dot + static_cast<float>(i) * dot * 2.2f, y0 + t.footer_height / 2);
        c.list()->AddCircleFilled(centre, dot * (i == v.page_index ? 0.85f : 0.5f), i == v.page_index ? t.palette.header : t.palette.border);
    }
    // The call to action: the biggest, warmest thing in the footer. With a second language
    // it takes two lines, the second smaller, so the button grows into the footer's margins.
    bool two_lines = !v.call_to_action_second.empty();
    float h = t.footer_height - (two_lines ? t.gap : t.gap * 2);
    float top = y0 + (t.footer_height - h) / 2;
    float max_w = t.screen.x - t.pad * 4 - dots_w * 2;
    // The heading's size where the words fit it whole; a long language on a narrow screen
    // steps down to bold body text rather than lose its end.
    bool heading_fits = c.measure(f.heading, v.call_to_action).x + h * 1.2f <= max_w;
    ImFont* font = !two_lines && f.heading->FontSize * 8 < t.screen.x * 0.6f && heading_fits ? f.heading : f.body_bold;
    float left_edge = t.pad + dots_w + t.gap * 2;
    auto label_width = [&](const std::string& first, const std::string& second) {
        return std::max(c.measure(font, first).x, two_lines ? c.measure(f.small, second).x : 0.0f);
    };
    float cta_natural = std::min(max_w, label_width(v.call_to_action, v.call_to_action_second) + h * 1.2f);
    // The QR code on the right, its caption beside it when there is room. The call to action
    // comes first: the code gives way (caption first) rather than cut it short.
    float module = v.qr_modules.size() == static_cast<std::size_t>(v.qr_size) * static_cast<std::size_t>(v.qr_size) ? qr_module_pixels(t, v.qr_size) : 0;
    float plate = module * static_cast<float>(v.qr_size + 2 * kQrQuietModules);
    std::vector<std::string> caption;
    float caption_w = 0;
    if (module > 0 && !v.qr_caption.empty()) {
        float natural = c.measure(f.small, v.qr_caption).x;
        caption = c.wrap(f.small, v.qr_caption, std::min(natural, natural * 0.55f + f.small->FontSize), 2);
        for (auto& line : caption)
            caption_w = std::max(caption_w, c.measure(f.small, line).x);
        if (c.line_height(f.small, 0.1f) * static_cast<float>(caption.size()) > t.footer_height - t.gap)
            caption.clear();
    }
    auto room_for_cta = [&](float right_block) { return t.screen.x - t.pad - right_block - t.gap * 2 - left_edge; };
    if (!caption.empty() && room_for_cta(plate + t.gap + caption_w) < cta_natural)
        caption.clear();
    if (module > 0 && room_for_cta(plate) < cta_natural)
        module = 0;
    float right_block = module > 0 ? plate + (caption.empty() ? 0 : t.gap + caption_w) : 0;
    float right_limit = t.screen.x - t.pad - right_block - (right_block > 0 ? t.gap * 2 : 0);
    max_w = std::min(max_w, right_limit - left_edge);
    std::string label = c.ellipsize(font, v.call_to_action, max_w - h);
    std::string under = two_lines ? c.ellipsize(f.small, v.call_to_action_second, max_w - h) : std::string();
    float w = std::min(max_w, label_width(label, under) + h * 1.2f);
    float x = std::clamp((t.screen.x - w) / 2, left_edge, std::max(left_edge, right_limit - w));
    c.fill(ImVec2(x, top), ImVec2(x + w, top + h), t.palette.accent, h / 2);
    float block = font->FontSize + (two_lines ? f.small->FontSize : 0.0f);
    float text_y = top + (h - block) / 2 - font->FontSize * 0.05f;
    c.text(font, ImVec2(x + (w - c.measure(font, label).x) / 2, text_y), t.palette.on_accent, label);
    if (two_lines)
        c.text(f.small, ImVec2(x + (w - c.measure(f.small, under).x) / 2, text_y + font->FontSize), with_alpha(t.palette.on_accent, 0.9f), under);
    if (module > 0) {
        float qx = t.screen.x - t.pad - plate;
        draw_qr(c, v, ImVec2(qx, y0 + (t.footer_height - plate) / 2), module);
        if (!caption.empty()) {
            float block = c.line_height(f.small, 0.1f) * static_cast<float>(caption.size());
            c.text_block(f.small, ImVec2(qx - t.gap - caption_w - 1, y0 + (t.footer_height - block) / 2), caption_w + 1, t.palette.text,
                v.qr_caption, 2, Align::Right, 0.1f);
        }
    }
    if (!v.pairing.empty())
        draw_pairing_band(c, v.pairing, y0);
}

// The page's heading; in the second language, when there is one, under it, smaller and quieter.
float draw_heading(Canvas& c, const std::string& heading, const std::string& second, Box& area)
{
    const Theme& t = c.theme();
    ImFont* font = c.fonts().heading;
    c.text(font, ImVec2(area.x0, area.y0), t.palette.header, c.ellipsize(font, heading, area.w()));
    area.y0 += font->FontSize * 1.2f;
    if (!second.empty()) {
        ImFont* small = c.fonts().small;
        c.text(small, ImVec2(area.x0, area.y0 - font->FontSize * 0.08f), t.palette.muted, c.ellipsize(small, second, area.w()));
        area.y0 += small->FontSize * 1.15f;
    }
    area.y0 += t.gap * 0.5f;
    return area.y0;
}

void draw_message(Canvas& c, const std::string& message, const Box& area)
{
    const Theme& t = c.theme();
    c.text_block(c.fonts().body, ImVec2(area.x0, area.y0), area.w(), t.palette.muted, message, 3);
}

// [SECTION] What's on

// The rows that fit: upcoming sessions first; finished ones, faded, only where there is
// room to spare, most recent last, so the list never scrolls the future off the screen.
struct RowPick {
    std::vector<const core::SessionRowView*> rows;
    int more = 0;
};

RowPick pick_rows(const std::vector<core::SessionRowView>& all, int capacity)
{
    RowPick pick;
    std::vector<const core::SessionRowView*> finished, coming;
    for (auto& r : all)
        (r.state == SessionState::Finished ? finished : coming).push_back(&r);
    if (static_cast<int>(coming.size()) > capacity) {
        int shown = std::max(0, capacity - 1);
        pick.rows.assign(coming.begin(), coming.begin() + shown);
        pick.more = static_cast<int>(coming.size()) - shown;
        return pick;
    }
    int spare = std::min<int>(capacity - static_cast<int>(coming.size()), static_cast<int>(finished.size()));
    pick.rows.assign(finished.end() - spare, finished.end());
    pick.rows.insert(pick.rows.end(), coming.begin(), coming.end());
    return pick;
}

void draw_session_row(Canvas& c, const core::SessionRowView& r, const Box& b)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    bool finished = r.state == SessionState::Finished;
    bool now = r.state == SessionState::Now && !r.cancelled;
    // A finished session fades: its card half-transparent and every word in the faded
    // colour, which still reads at WCAG AA on that card (a translucent text would not).
    ImU32 strong = finished ? t.palette.faded : t.palette.text;
    ImU32 quiet = finished ? t.palette.faded : t.palette.muted;
    // The faded card is drawn as the opaque colour it makes on the page: the same look, and
    // an opaque fill costs a fraction of a blended one in the software renderer.
    ImU32 card = finished ? blend(t.palette.surface, 0.6f, t.palette.background) : t.palette.surface;
    if (now)
        c.framed(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), card, t.palette.accent, t.radius, std::max(2.0f, 4 * t.unit));
    else
        c.fill(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), card, t.radius);
    float inner = t.gap;
    float x = b.x0 + inner;
    float time_w = c.measure(f.body_bold, "00:00").x + t.gap;
    bool second = !r.title_second.empty();
    float block = f.body_bold->FontSize * 1.1f + f.small->FontSize * (second ? 2.1f : 1.0f);
    float line1 = b.y0 + (b.h() - block) / 2;
    float room_y = line1 + f.body_bold->FontSize * 1.1f + (second ? f.small->FontSize * 1.1f : 0);
    if (c.measure(f.body_bold, r.time).x <= time_w - t.gap) {
        c.text(f.body_bold, ImVec2(x, line1), strong, r.time);
        c.text(f.small, ImVec2(x, line1 + f.body_bold->FontSize * 1.1f), quiet, r.end);
    } else {
        // A word where a time goes ("All day", "Cały dzień"): smaller, over the time's two
        // lines if need be, so the titles stay in one column.
        auto lines = c.wrap(f.small, r.time, time_w - t.gap * 0.5f, 2);
        for (std::size_t i = 0; i < lines.size(); ++i)
            c.text(f.small, ImVec2(x, line1 + static_cast<float>(i) * f.body_bold->FontSize * 1.1f), strong, lines[i]);
    }
    x += time_w;
    float right = b.x1 - inner;
    float w = right - x;
    if (!r.badge.empty()) {
        ImU32 bg = r.cancelled ? t.palette.cancelled : now ? t.palette.accent : t.palette.next;
        ImU32 fg = r.cancelled ? t.palette.text : now ? t.palette.on_accent : t.palette.on_next;
        // The badge sits in the middle of the row, or beside the room when the title needs
        // the whole line (translated titles run long).
        float pw = c.measure(f.small, r.badge).x + f.small->FontSize * 0.9f;
        bool title_fits_beside = c.measure(f.body_bold, r.title).x <= w - pw - t.gap;
        float room_w = c.measure(f.small, r.until.empty() ? r.room : r.room + " \xC2\xB7 " + r.until).x;
        bool room_line = !title_fits_beside && !second && room_w <= w - pw - t.gap;
        float py = room_line ? room_y + (f.small->FontSize - pill_height(f.small)) / 2 : b.y0 + (b.h() - pill_height(f.small)) / 2;
        pill(c, f.small, right, py, r.badge, bg, fg, true);
        if (!room_line)
            w -= pw + t.gap;
    }
    std::string title = c.ellipsize(f.body_bold, r.title, w);
    ImU32 title_colour = r.cancelled ? quiet : strong;
    c.text(f.body_bold, ImVec2(x, line1), title_colour, title);
    if (r.cancelled) {
        ImVec2 size = c.measure(f.body_bold, title);
        c.strike(ImVec2(x, line1), ImVec2(x + size.x, line1 + size.y), t.palette.muted);
    }
    if (second)
        c.text(f.small, ImVec2(x, line1 + f.body_bold->FontSize * 1.1f), quiet, c.ellipsize(f.small, r.title_second, w));
    std::string room = r.until.empty() ? r.room : r.room.empty() ? r.until : r.room + " \xC2\xB7 " + r.until;
    c.text(f.small, ImVec2(x, room_y), quiet, c.ellipsize(f.small, room, w));
}

void draw_whats_on(Canvas& c, const core::WhatsOnView& v, Box area)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    draw_heading(c, v.heading, v.heading_second, area);
    int columns = area.w() >= 1500 * t.unit ? 2 : 1;
    // A title in the second language takes a line of its own: every row grows by it, so the
    // rows keep one rhythm whether or not each has a translation.
    bool seconds = std::any_of(v.rows.begin(), v.rows.end(), [](auto& r) { return !r.title_second.empty(); });
    float row_h = std::round(f.body_bold->FontSize * 1.1f + f.small->FontSize * 1.1f * (seconds ? 2 : 1) + t.gap * 1.4f);
    float step = row_h + t.gap * 0.6f;
    int per_column = std::max(1, static_cast<int>((area.h() + t.gap * 0.6f) / step));
    RowPick pick = pick_rows(v.rows, per_column * columns);
    bool any_coming = std::any_of(v.rows.begin(), v.rows.end(), [](auto& r) { return r.state != SessionState::Finished; });
    if (!v.message.empty() && (!any_coming || v.rows.empty())) {
        Box message = area;
        if (!pick.rows.empty()) {
            // Keep the last sessions visible under the message, faded.
            draw_message(c, v.message, message);
            message.y0 += c.line_height(f.body) * 2 + t.gap;
            pick = pick_rows(v.rows, std::max(0, static_cast<int>((message.h() + t.gap * 0.6f) / step)) * columns);
            area = message;
        } else {
            draw_message(c, v.message, message);
            return;
        }
    }
    int total = static_cast<int>(pick.rows.size()) + (pick.more > 0 ? 1 : 0);
    int rows_per_column = (total + columns - 1) / std::max(1, columns);
    float col_w = (area.w() - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    for (int i = 0; i < total; ++i) {
        int col = i / std::max(1, rows_per_column), row = i % std::max(1, rows_per_column);
        Box b{area.x0 + static_cast<float>(col) * (col_w + t.gap), area.y0 + static_cast<float>(row) * step, 0, 0};
        b.x1 = b.x0 + col_w;
        b.y1 = b.y0 + row_h;
        if (i < static_cast<int>(pick.rows.size()))
            draw_session_row(c, *pick.rows[static_cast<std::size_t>(i)], b);
        else
            c.text(f.body, ImVec2(b.x0 + t.gap, b.y0 + (row_h - f.body->FontSize) / 2), t.palette.muted,
                c.ellipsize(f.body, v.more(pick.more), b.w() - t.gap));
    }
}

// [SECTION] Café

// Allergen numbers in small circles, left to right; returns the width used.
float allergen_marks(Canvas& c, const std::vector<int>& numbers, float x, float y, float size)
{
    const Theme& t = c.theme();
    ImFont* font = c.fonts().small;
    for (int n : numbers) {
        ImVec2 centre(x + size / 2, y + size / 2);
        c.ring(centre, size / 2 - 1, t.palette.header, std::max(1.5f, 2.5f * t.unit));
        std::string label = std::to_string(n);
        // Drawn at the font's own size: a scaled bitmap font blurs at small sizes.
        ImVec2 ts = c.measure(font, label);
        c.text(font, ImVec2(centre.x - ts.x / 2, centre.y - ts.y / 2), t.palette.header, label);
        x += size + size * 0.18f;
    }
    return numbers.empty() ? 0 : static_cast<float>(numbers.size()) * size * 1.18f;
}

void draw_special(Canvas& c, const core::SpecialView& s, const std::string& sold_out_label, const Box& b)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    ImU32 text = s.sold_out ? t.palette.muted : t.palette.text;
    c.fill(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), s.sold_out ? blend(t.palette.surface, 0.5f, t.palette.background) : t.palette.surface, t.radius);
    float x = b.x0 + t.gap, right = b.x1 - t.gap;
    bool second = !s.name_second.empty();
    float name_block = f.body_bold->FontSize + (second ? f.small->FontSize * 1.15f : 0);
    float y = b.y0 + (b.h() - name_block) / 2 - f.body_bold->FontSize * 0.05f;
    float price_y = b.y0 + (b.h() - f.body_bold->FontSize) / 2 - f.body_bold->FontSize * 0.05f;
    std::string price = s.sold_out ? sold_out_label : s.price;
    float pw = s.sold_out ? pill(c, f.small, right, b.y0 + (b.h() - pill_height(f.small)) / 2, price, t.palette.cancelled, t.palette.text, true)
                          : c.measure(f.body_bold, price).x;
    if (!s.sold_out)
        c.text(f.body_bold, ImVec2(right - pw, price_y), t.palette.text, price);
    right -= pw + t.gap;
    // Tags and allergen marks sit after the name when they fit, and give way to it when not.
    float mark = std::round(f.small->FontSize * 1.3f);
    float marks_w = static_cast<float>(s.allergen_numbers.size()) * mark * 1.18f;
    std::string tags;
    for (auto& d : s.dietary)
        tags += (tags.empty() ? "" : " \xC2\xB7 ") + d;
    float tags_w = tags.empty() ? 0 : c.measure(f.small, tags).x + f.small->FontSize * 0.9f + t.gap;
    // The name and its translation under it are one block: marks and tags go after the wider.
    float name_w = std::max(c.measure(f.body_bold, s.name).x, second ? c.measure(f.small, s.name_second).x : 0.0f);
    float avail = right - x;
    bool show_tags = name_w + t.gap + marks_w + tags_w <= avail;
    // An allergen's mark is kept even at the cost of the name's end, except on what is sold
    // out: nobody can buy it, so its whole name matters more.
    bool show_marks = name_w + t.gap + marks_w <= avail || (!s.sold_out && marks_w <= avail * 0.4f);
    float reserved = (show_marks ? marks_w + t.gap : 0) + (show_tags ? tags_w : 0);
    std::string name = c.ellipsize(f.body_bold, s.name, avail - reserved);
    c.text(f.body_bold, ImVec2(x, y), text, name);
    float name_drawn = c.measure(f.body_bold, name).x;
    if (s.sold_out)
        c.strike(ImVec2(x, y), ImVec2(x + name_drawn, y + f.body_bold->FontSize), t.palette.muted);
    float block_w = name_drawn;
    if (second) {
        std::string under = c.ellipsize(f.small, s.name_second, avail - reserved);
        c.text(f.small, ImVec2(x, y + f.body_bold->FontSize * 1.15f), t.palette.muted, under);
        block_w = std::max(block_w, c.measure(f.small, under).x);
    }
    float nx = x + block_w + t.gap;
    if (show_marks)
        nx += allergen_marks(c, s.allergen_numbers, nx, b.y0 + (b.h() - mark) / 2, mark) + t.gap * 0.5f;
    if (show_tags && !tags.empty())
        pill(c, f.small, nx, b.y0 + (b.h() - pill_height(f.small)) / 2, tags, t.palette.tag, t.palette.on_tag);
}

// A middle dot between items of a running list (the allergen key, a day of the week); the
// no-break space keeps the dot on the line it ends.
const std::string kSeparator = "\xC2\xA0\xC2\xB7  ";

void draw_cafe(Canvas& c, const core::CafeView& v, Box area)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    draw_heading(c, v.heading, v.heading_second, area);
    if (v.specials.empty()) {
        draw_message(c, v.message, area);
        return;
    }
    // The key and the allergy line go at the bottom; the menu gets what is left.
    std::string key;
    for (auto& k : v.key)
        // A no-break space keeps each number on the line of its allergen's name.
        key += (key.empty() ? "" : kSeparator) + std::to_string(k.number) + "\xC2\xA0" + k.label;
    key = v.allergen_heading + ":   " + key;
    auto key_lines = c.wrap(f.small, key, area.w(), 3);
    float key_h = c.line_height(f.small) * static_cast<float>(key_lines.size()) + c.line_height(f.body_bold);
    float key_y = area.y1 - key_h;
    c.text_block(f.small, ImVec2(area.x0, key_y), area.w(), t.palette.muted, key, 3);
    c.text(f.body_bold, ImVec2(area.x0, area.y1 - f.body_bold->FontSize * 1.1f), t.palette.text, c.ellipsize(f.body_bold, v.ask_staff, area.w()));
    Box menu{area.x0, area.y0, area.x1, key_y - t.gap};
    int columns = menu.w() >= 1500 * t.unit ? 2 : 1;
    bool seconds = std::any_of(v.specials.begin(), v.specials.end(), [](auto& s) { return !s.name_second.empty(); });
    float row_h = std::round(f.body_bold->FontSize * 1.2f + (seconds ? f.small->FontSize * 1.15f : 0) + t.gap * 1.2f);
    float step = row_h + t.gap * 0.5f;
    int per_column = std::max(1, static_cast<int>((menu.h() + t.gap * 0.5f) / step));
    int capacity = per_column * columns;
    int count = static_cast<int>(v.specials.size());
    int shown = count > capacity ? capacity - 1 : count;
    int total = shown + (count > capacity ? 1 : 0);
    int rows_per_column = (total + columns - 1) / columns;
    float col_w = (menu.w() - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    for (int i = 0; i < total; ++i) {
        int col = i / rows_per_column, row = i % rows_per_column;
        Box b{menu.x0 + static_cast<float>(col) * (col_w + t.gap), menu.y0 + static_cast<float>(row) * step, 0, 0};
        b.x1 = b.x0 + col_w;
        b.y1 = b.y0 + row_h;
        if (i < shown)
            draw_special(c, v.specials[static_cast<std::size_t>(i)], v.sold_out, b);
        else
            c.text(f.body, ImVec2(b.x0 + t.gap, b.y0 + (row_h - f.body->FontSize) / 2), t.palette.muted,
                c.ellipsize(f.body, v.more(count - shown), b.w()));
    }
}

// [SECTION] Notices

// A notice of words only, laid out as a poster: its title in the largest type the screen has
// for words (bold heading) and its message under it, the two centred in the card under a band
// of the accent colour. Drawn like a picture notice it was a heading at the top of half a
// screen of empty card.
void draw_poster(Canvas& c, const core::NoticeView& n, const Box& b)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float band = std::max(6.0f, t.gap * 0.6f);
    c.fill(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y0 + band * 2), t.palette.accent, t.radius);
    c.fill(ImVec2(b.x0, b.y0 + band), ImVec2(b.x1, b.y0 + band * 2), t.palette.surface);
    Box text{b.x0 + t.pad, b.y0 + band + t.pad * 0.75f, b.x1 - t.pad, b.y1 - t.pad * 0.75f};
    float title_line = c.line_height(f.heading, 0.1f);
    int title_lines = std::max(1, std::min(3, static_cast<int>(text.h() / 2 / title_line)));
    float title_h = static_cast<float>(c.wrap(f.heading, n.title, text.w(), title_lines).size()) * title_line;
    float room = text.h() - title_h - (n.body.empty() ? 0 : t.gap * 1.5f);
    auto needed = [&](ImFont* font) { return static_cast<int>(c.wrap(font, n.body, text.w(), 1000).size()); };
    // The message in body type; in small type when that is what makes all of it fit.
    ImFont* body_font = f.body;
    if (!n.body.empty() && static_cast<float>(needed(f.body)) * c.line_height(f.body, 0.25f) > room)
        body_font = f.small;
    float body_line = c.line_height(body_font, 0.25f);
    int body_lines = n.body.empty() ? 0 : std::max(0, std::min(needed(body_font), static_cast<int>(room / body_line + 0.05f)));
    float total = title_h + (body_lines ? t.gap * 1.5f + static_cast<float>(body_lines) * body_line : 0);
    float y = text.y0 + std::max(0.0f, (text.h() - total) / 2);
    y += c.text_block(f.heading, ImVec2(text.x0, y), text.w(), t.palette.header, n.title, title_lines, Align::Centre, 0.1f);
    if (body_lines)
        c.text_block(body_font, ImVec2(text.x0, y + t.gap * 1.5f), text.w(), t.palette.text, n.body, body_lines, Align::Centre, 0.25f);
}

void draw_notice(Canvas& c, const core::NoticeView& n, const Box& b, bool side_by_side, bool two_languages)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    c.fill(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), t.palette.surface, t.radius);
    if (n.image.empty() && !two_languages) {
        draw_poster(c, n, b);
        return;
    }
    Box text{b.x0 + t.pad * 0.75f, b.y0 + t.pad * 0.75f, b.x1 - t.pad * 0.75f, b.y1 - t.pad * 0.75f};
    // Notices in two languages have twice the words: their pictures give up some room (all
    // the cards on screen alike, so their titles stay level).
    float picture = two_languages ? 0.7f : 1.0f;
    if (!n.image.empty()) {
        if (side_by_side) {
            float iw = std::min(b.w() * 0.42f, b.h() * 1.6f) * picture;
            if (c.image(n.image, ImVec2(b.x0 + t.gap, b.y0 + t.gap), ImVec2(b.x0 + iw, b.y1 - t.gap), t.palette.surface))
                text.x0 = b.x0 + iw + t.pad * 0.75f;
        } else {
            float ih = std::min(b.h() * 0.5f, b.w() * 0.55f) * picture;
            if (c.image(n.image, ImVec2(b.x0 + t.gap, b.y0 + t.gap), ImVec2(b.x1 - t.gap, b.y0 + ih), t.palette.surface))
                text.y0 = b.y0 + ih + t.gap;
        }
    }
    float title_h = c.text_block(f.heading, ImVec2(text.x0, text.y0), text.w(), t.palette.header, n.title, 2, Align::Left, 0.1f);
    float body_y = text.y0 + title_h + t.gap;
    // The second language under each: the title's under the title, the text's under the text,
    // smaller and quieter, sharing the card's room with the first.
    if (!n.title_second.empty()) {
        float h = c.text_block(f.body, ImVec2(text.x0, body_y - t.gap * 0.6f), text.w(), t.palette.muted, n.title_second, 2, Align::Left, 0.1f);
        body_y += h + t.gap * 0.4f;
    }
    float line = c.line_height(f.body, 0.25f);
    float room = text.y1 - body_y;
    int lines = std::max(0, static_cast<int>(room / line + 0.05f));
    if (n.body_second.empty()) {
        c.text_block(f.body, ImVec2(text.x0, body_y), text.w(), t.palette.text, n.body, lines, Align::Left, 0.25f);
        return;
    }
    float small_line = c.line_height(f.small, 0.2f);
    int body_needed = static_cast<int>(c.wrap(f.body, n.body, text.w(), 1000).size());
    int second_needed = static_cast<int>(c.wrap(f.small, n.body_second, text.w(), 1000).size());
    // Both whole if they fit; otherwise the first gives up lines until the second has two.
    auto fits = [&](int body, int second) {
        return static_cast<float>(body) * line + (body > 0 ? t.gap : 0) + static_cast<float>(second) * small_line <= room + 0.5f;
    };
    int body_lines = body_needed;
    if (!fits(body_needed, second_needed)) {
        int second_min = std::min(second_needed, 2);
        while (body_lines > 1 && !fits(body_lines, second_min))
            --body_lines;
    }
    float used = body_lines > 0 ? c.text_block(f.body, ImVec2(text.x0, body_y), text.w(), t.palette.text, n.body, body_lines, Align::Left, 0.25f) : 0;
    float second_y = body_y + used + (used > 0 ? t.gap : 0);
    int second_lines = std::max(0, static_cast<int>((text.y1 - second_y) / small_line + 0.05f));
    c.text_block(f.small, ImVec2(text.x0, second_y), text.w(), t.palette.muted, n.body_second, second_lines, Align::Left, 0.2f);
}

void draw_notices(Canvas& c, const core::NoticesView& v, int cycle, Box area)
{
    const Theme& t = c.theme();
    draw_heading(c, v.heading, v.heading_second, area);
    if (v.notices.empty()) {
        draw_message(c, v.message, area);
        return;
    }
    // Landscape: two cards side by side; portrait: two stacked; a small panel: one.
    bool small = t.screen.x < 1000 && t.screen.y < 1000;
    int per_page = small ? 1 : 2;
    int groups = (static_cast<int>(v.notices.size()) + per_page - 1) / per_page;
    int group = groups > 0 ? cycle % groups : 0;
    int first = group * per_page;
    int count = std::min(per_page, static_cast<int>(v.notices.size()) - first);
    bool stacked = t.portrait() || per_page == 1;
    bool two_languages = false;
    for (int i = 0; i < count; ++i) {
        const core::NoticeView& n = v.notices[static_cast<std::size_t>(first + i)];
        two_languages = two_languages || !n.title_second.empty() || !n.body_second.empty();
    }
    for (int i = 0; i < count; ++i) {
        Box b = area;
        if (stacked) {
            float h = (area.h() - t.gap * static_cast<float>(per_page - 1)) / static_cast<float>(per_page);
            b.y0 = area.y0 + static_cast<float>(i) * (h + t.gap);
            b.y1 = b.y0 + h;
        } else {
            float w = (area.w() - t.gap) / 2;
            b.x0 = area.x0 + static_cast<float>(i) * (w + t.gap);
            b.x1 = b.x0 + w;
        }
        draw_notice(c, v.notices[static_cast<std::size_t>(first + i)], b, stacked && b.w() > b.h() * 1.3f, two_languages);
    }
}

// [SECTION] This week

// Within a week's item every space is a no-break space, so a session never splits.
std::string unbreakable(std::string text)
{
    std::string out;
    for (char ch : text)
        out += ch == ' ' ? std::string("\xC2\xA0") : std::string(1, ch);
    return out;
}

void draw_week(Canvas& c, const core::WeekView& v, Box area)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    draw_heading(c, v.heading, v.heading_second, area);
    int days = static_cast<int>(v.days.size());
    if (days == 0)
        return;
    float step = (area.h() + t.gap * 0.4f) / static_cast<float>(days);
    float row_h = step - t.gap * 0.4f;
    // The day column is as wide as this week's longest label in this language ("Šiandien
    // 25 lapkr." is wider than "Today 25 Nov"), up to a third of the row.
    float widest = c.measure(f.small, "08:30\xE2\x80\x93" "20:30").x;
    for (auto& d : v.days)
        widest = std::max({widest, c.measure(f.body_bold, d.day + " " + d.date).x, c.measure(f.small, d.hours).x});
    float label_w = std::round(std::min(widest + t.gap * 2.5f, area.w() / 3));
    for (int i = 0; i < days; ++i) {
        const auto& d = v.days[static_cast<std::size_t>(i)];
        Box b{area.x0, area.y0 + static_cast<float>(i) * step, area.x1, area.y0 + static_cast<float>(i) * step + row_h};
        if (d.today)
            c.framed(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), t.palette.surface, t.palette.header, t.radius * 0.7f, std::max(2.0f, 3 * t.unit));
        else
            c.fill(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), blend(t.palette.surface, 0.55f, t.palette.background), t.radius * 0.7f);
        float label_block = f.body_bold->FontSize * 1.1f + f.small->FontSize;
        bool two_lines = row_h >= label_block + 2 * t.unit;
        float ly = b.y0 + (row_h - (two_lines ? label_block : f.body_bold->FontSize)) / 2;
        c.text(f.body_bold, ImVec2(b.x0 + t.gap, ly), t.palette.text, c.ellipsize(f.body_bold, d.day + " " + d.date, label_w - t.gap * 1.5f));
        if (two_lines)
            c.text(f.small, ImVec2(b.x0 + t.gap, ly + f.body_bold->FontSize * 1.1f), t.palette.muted, c.ellipsize(f.small, d.hours, label_w - t.gap * 1.5f));
        Box list{b.x0 + label_w, b.y0, b.x1 - t.gap, b.y1};
        if (!d.open) {
            std::string closed = d.reason.empty() ? d.hours : d.hours + kSeparator + d.reason;
            c.text(f.small, ImVec2(list.x0, b.y0 + (row_h - f.small->FontSize) / 2), t.palette.muted, c.ellipsize(f.small, closed, list.w()));
            continue;
        }
        // Sessions flow as "09:00 Breakfast club", wrapping over the lines that fit.
        int lines = std::max(1, static_cast<int>((row_h - t.gap * 0.5f) / c.line_height(f.small, 0.1f)));
        std::string joined;
        int listed = 0;
        std::vector<std::string> items;
        // A week row has no room for a line under each session, so a title's translation
        // follows it after a slash ("09:00 Breakfast club / Klub śniadaniowy"), and a long
        // pair may break after the slash.
        // A title wider than the whole list may break between its words (its time still
        // held to its first word) rather than be cut short.
        auto kept_whole = [&](const std::string& text, const std::string& breakable) {
            std::string joined_up = unbreakable(text);
            return c.measure(f.small, joined_up).x <= list.w() ? joined_up : breakable;
        };
        // A cancelled session stays in the day, as on What's on and the public page: its time
        // and title struck through, then the word "Cancelled" (not struck, so it reads).
        std::vector<std::string> struck;
        for (auto& s : d.sessions) {
            std::string item = kept_whole(s.time + " " + s.title, s.time + "\xC2\xA0" + s.title)
                + (s.title_second.empty() ? "" : "\xC2\xA0/ " + kept_whole(s.title_second, s.title_second));
            if (s.cancelled) {
                struck.push_back(item);
                item += "\xC2\xA0" + unbreakable(s.badge);
            }
            items.push_back(std::move(item));
        }
        // Fit as many whole items as the lines allow, then say how many more.
        for (std::size_t k = 0; k < items.size(); ++k) {
            std::string candidate = joined.empty() ? items[k] : joined + kSeparator + items[k];
            std::string with_more = k + 1 < items.size() ? candidate + kSeparator + d.more(static_cast<std::int64_t>(items.size() - k - 1)) : candidate;
            if (static_cast<int>(c.wrap(f.small, with_more, list.w(), lines + 1).size()) > lines)
                break;
            joined = candidate;
            ++listed;
        }
        if (listed < static_cast<int>(items.size()))
            joined += (joined.empty() ? "" : kSeparator) + d.more(static_cast<std::int64_t>(items.size()) - listed);
        auto wrapped = c.wrap(f.small, joined, list.w(), lines);
        float line_h = c.line_height(f.small, 0.1f);
        float y = b.y0 + (row_h - line_h * static_cast<float>(wrapped.size())) / 2;
        for (auto& line : wrapped) {
            c.text(f.small, ImVec2(list.x0, y), t.palette.text, line);
            // A struck item is kept whole on one line (its spaces do not break) unless it is
            // wider than the list, so its place is found in the line it landed on.
            for (auto& part : struck)
                if (auto at = line.find(part); at != std::string::npos) {
                    float x = list.x0 + c.measure(f.small, std::string_view(line).substr(0, at)).x;
                    c.strike(ImVec2(x, y), ImVec2(x + c.measure(f.small, part).x, y + f.small->FontSize), t.palette.muted);
                }
            y += line_h;
        }
    }
}

} // namespace

// [SECTION] The whole screen

// A screen no building has adopted yet: how to pair it, read from across the room (the code
// in the clock's big figures), and nothing to tap.
void draw_waiting_to_pair(Canvas& c, const core::SignageView& v, float top)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float width = t.screen.x - t.pad * 2;
    ImFont* code_font = c.measure(f.clock, v.pairing_code).x * 1.5f <= width ? f.clock : f.title; // the clock's figures, or the title's on a narrow screen
    float block = c.line_height(f.heading) * 2 + t.gap + code_font->FontSize * 1.3f + t.gap + c.line_height(f.body) * 3;
    float y = std::max(top + t.pad, top + (t.screen.y - top - block) / 2);
    y += c.text_block(f.heading, ImVec2(t.pad, y), width, t.palette.header, "This screen is waiting to be paired", 2, Align::Centre) + t.gap;
    // The groups of figures ("483 920 117") drawn apart by half a figure's height more than a
    // space, so they read as three groups from across the room and are typed as shown.
    std::vector<std::string> groups;
    for (std::size_t from = 0; from < v.pairing_code.size();) {
        std::size_t to = v.pairing_code.find(' ', from);
        if (to == std::string::npos)
            to = v.pairing_code.size();
        if (to > from)
            groups.push_back(v.pairing_code.substr(from, to - from));
        from = to + 1;
    }
    float group_gap = code_font->FontSize * 0.5f;
    float code_w = 0;
    for (auto& g : groups)
        code_w += c.measure(code_font, g).x;
    code_w += group_gap * static_cast<float>(groups.empty() ? 0 : groups.size() - 1);
    float plate_w = std::min(width, code_w + t.pad * 2);
    float plate_h = code_font->FontSize * 1.3f;
    c.fill(ImVec2((t.screen.x - plate_w) / 2, y), ImVec2((t.screen.x + plate_w) / 2, y + plate_h), t.palette.header, t.gap);
    float x = (t.screen.x - code_w) / 2;
    for (auto& g : groups) {
        c.text(code_font, ImVec2(x, y + (plate_h - code_font->FontSize) / 2), t.palette.on_header, g);
        x += c.measure(code_font, g).x + group_gap;
    }
    y += plate_h + t.gap * 1.5f;
    c.text_block(f.body, ImVec2(t.pad, y), width, t.palette.text,
        "A coordinator types this code on the Screens page of the web admin, and the building's "
        "timetable, café and notices appear here within a minute.",
        3, Align::Centre);
}

SignageIntent draw_signage(Canvas& c, const core::SignageView& v)
{
    const Theme& t = c.theme();
    c.fill(ImVec2(0, 0), t.screen, t.palette.background);
    float y = draw_header(c, v.header);
    if (v.waiting_to_pair && !v.pairing_code.empty()) {
        draw_waiting_to_pair(c, v, y);
        return SignageIntent::None;
    }
    y = draw_urgent(c, v.urgent, y);
    Box area{t.pad, y + t.pad * 0.8f, t.screen.x - t.pad, t.screen.y - t.footer_height - t.gap};
    switch (v.page) {
    case feed::Page::WhatsOn: draw_whats_on(c, v.whats_on, area); break;
    case feed::Page::Cafe: draw_cafe(c, v.cafe, area); break;
    case feed::Page::Notices: draw_notices(c, v.notices, v.rotation_cycle, area); break;
    case feed::Page::Week: draw_week(c, v.week, area); break;
    }
    draw_footer(c, v);
    // A touch anywhere on signage starts a check-in.
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("##signage", t.screen))
        return SignageIntent::StartCheckIn;
    return SignageIntent::None;
}

} // namespace coi::ui
