#include "kiosk/ui/staff_screens.h"

#include "kiosk/core/format.h"
#include "kiosk/core/strings.h"
#include "kiosk/ui/widgets.h"

#include <algorithm>
#include <cmath>

namespace coi::ui {

using Kind = StaffIntent::Kind;

namespace {

std::string tr(std::string_view key) { return std::string(core::tr(key)); }

StaffIntent intent(Kind kind, std::string text = "", std::int64_t id = 0) { return StaffIntent{kind, std::move(text), id, StaffScreen::Home}; }

float touch(const Theme& t) { return std::round(96 * t.unit); } // the smallest touch target

// [SECTION] Frame: the title strip with Back (or Lock) on the left.

float title_strip(Canvas& c, float top, const std::string& title, bool can_go_back, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float h = touch(t);
    float x = t.pad;
    const std::string label = can_go_back ? tr("nav.back") : tr("staff.lock");
    float w = std::round(c.measure(f.body_bold, label).x + h);
    if (button(c, "##staff-back", Rect{x, top + t.gap, x + w, top + t.gap + h}, label, ButtonStyle::Quiet))
        out = intent(can_go_back ? Kind::Back : Kind::Lock);
    x += w + t.gap * 1.5f;
    c.text(f.heading, ImVec2(x, top + t.gap + (h - f.heading->FontSize) / 2 - f.heading->FontSize * 0.08f), t.palette.header,
        c.ellipsize(f.heading, title, t.screen.x - x - t.pad));
    return top + t.gap * 2 + h;
}

void pad_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, v.pad_title, true, out);
    if (out && out->kind == Kind::Back)
        out = intent(Kind::Cancel);
    // The digits so far, as dots: nobody behind the user reads a PIN off the screen.
    float dot = std::round(18 * t.unit);
    float dots_w = static_cast<float>(core::kPinMaxDigits) * dot * 3;
    float dx = (t.screen.x - dots_w) / 2;
    for (int i = 0; i < core::kPinMaxDigits; ++i) {
        ImVec2 centre(dx + dot * 1.5f + static_cast<float>(i) * dot * 3, y + dot * 1.5f);
        if (static_cast<std::size_t>(i) < v.pad_digits)
            c.list()->AddCircleFilled(centre, dot, t.palette.header);
        else
            c.list()->AddCircle(centre, dot, t.palette.border, 0, std::max(2.0f, 3 * t.unit));
    }
    y += dot * 3 + t.gap;
    if (!v.pad_message.empty()) {
        c.text_block(f.body_bold, ImVec2(t.pad, y), t.screen.x - t.pad * 2, v.pad_locked ? t.palette.accent : t.palette.text, v.pad_message, 2, Align::Centre);
        y += c.line_height(f.body_bold) * 2;
    }
    if (v.pad_locked)
        return;
    float pad_h = std::min(t.screen.y - y - t.pad, touch(t) * 4 + t.gap * 3);
    Rect pad{t.pad, y + t.gap, t.screen.x - t.pad, y + t.gap + pad_h};
    if (auto key = draw_numpad(c, pad, "OK")) {
        if (key->kind == PadPress::Kind::Digit)
            out = intent(Kind::PadDigit, std::string(1, key->digit));
        else
            out = intent(key->kind == PadPress::Kind::Ok ? Kind::PadOk : Kind::PadBackspace);
    }
}

// A grid of big buttons; returns the index tapped.
std::optional<int> menu_grid(Canvas& c, const Rect& area, const std::vector<std::pair<std::string, std::string>>& items, const char* id)
{
    const Theme& t = c.theme();
    int columns = area.w() > area.h() ? 3 : 2;
    int rows = (static_cast<int>(items.size()) + columns - 1) / columns;
    float w = (area.w() - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float h = std::min((area.h() - t.gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), 260 * t.unit);
    h = std::max(h, touch(t));
    std::optional<int> tapped;
    for (std::size_t i = 0; i < items.size(); ++i) {
        int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
        Rect r{area.x0 + static_cast<float>(col) * (w + t.gap), area.y0 + static_cast<float>(row) * (h + t.gap), 0, 0};
        r.x1 = r.x0 + w;
        r.y1 = r.y0 + h;
        std::string bid = std::string(id) + std::to_string(i);
        if (button(c, bid.c_str(), r, items[i].first, ButtonStyle::Tile, items[i].second))
            tapped = static_cast<int>(i);
    }
    return tapped;
}

void home_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    float y = title_strip(c, top, tr(v.role == core::StaffRole::Cafe ? "staff.title_cafe" : "staff.title"), false, out);
    std::vector<std::pair<std::string, std::string>> items;
    std::vector<StaffScreen> screens;
    auto add = [&](core::StaffArea area, StaffScreen screen, const char* title, const char* detail) {
        if (core::may(v.role, area)) {
            items.push_back({tr(title), tr(detail)});
            screens.push_back(screen);
        }
    };
    add(core::StaffArea::Specials, StaffScreen::Specials, "staff.specials", "staff.specials_detail");
    add(core::StaffArea::WhosIn, StaffScreen::WhosIn, "staff.whos_in", "staff.whos_in_detail");
    add(core::StaffArea::LocalNotice, StaffScreen::Notice, "staff.notice", "staff.notice_detail");
    add(core::StaffArea::DeviceStatus, StaffScreen::Status, "staff.status", "staff.status_detail");
    add(core::StaffArea::Emergency, StaffScreen::Emergency, "staff.emergency", "staff.emergency_detail");
    bool can_exit = core::may(v.role, core::StaffArea::ExitToDesktop);
    if (can_exit)
        items.push_back({tr("staff.exit"), tr("staff.exit_detail")});
    if (auto i = menu_grid(c, Rect{t.pad, y, t.screen.x - t.pad, t.screen.y - t.pad}, items, "##home")) {
        if (static_cast<std::size_t>(*i) < screens.size()) {
            StaffIntent open = intent(Kind::Open);
            open.screen = screens[static_cast<std::size_t>(*i)];
            out = open;
        } else {
            out = intent(Kind::ExitToDesktop);
        }
    }
}

// [SECTION] Specials

void specials_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, tr("staff.specials"), true, out);
    float h = touch(t);
    // Actions first, so they are reachable however long the menu is.
    float row_step = h + t.gap * 0.6f;
    int fit = std::max(1, static_cast<int>((t.screen.y - t.gap - (y + h + t.gap) + t.gap * 0.6f) / row_step));
    bool paged = static_cast<int>(v.specials.size()) > fit;
    float bw = (t.screen.x - t.pad * 2 - t.gap * (paged ? 2 : 1)) / (paged ? 3 : 2);
    if (button(c, "##add-special", Rect{t.pad, y, t.pad + bw, y + h}, tr("staff.add_special"), ButtonStyle::Secondary))
        out = intent(Kind::AddSpecial);
    if (button(c, "##copy-yesterday", Rect{t.pad + bw + t.gap, y, t.pad + bw * 2 + t.gap, y + h}, tr("staff.copy_yesterday"), ButtonStyle::Quiet))
        out = intent(Kind::CopyYesterday);
    int first = paged ? v.specials_offset % static_cast<int>(v.specials.size()) : 0;
    if (paged) {
        int next = first + fit >= static_cast<int>(v.specials.size()) ? 0 : first + fit;
        std::string more = tr("staff.more") + " (" + std::to_string(first + 1) + "\xE2\x80\x93"
                           + std::to_string(std::min<int>(first + fit, static_cast<int>(v.specials.size()))) + " / " + std::to_string(v.specials.size()) + ")";
        if (button(c, "##more-specials", Rect{t.pad + (bw + t.gap) * 2, y, t.screen.x - t.pad, y + h}, more, ButtonStyle::Key))
            out = intent(Kind::MoreSpecials, "", next);
    }
    y += h + t.gap;
    float sold_w = std::round(c.measure(f.body_bold, tr("cafe.sold_out")).x + h * 0.8f);
    float edit_w = std::round(c.measure(f.body_bold, tr("staff.edit")).x + h * 0.8f);
    float remove_w = std::round(c.measure(f.body_bold, tr("staff.remove")).x + h * 0.8f);
    for (std::size_t i = static_cast<std::size_t>(first); i < v.specials.size(); ++i) {
        if (y + h > t.screen.y - t.gap)
            break;
        const auto& s = v.specials[i];
        float x1 = t.screen.x - t.pad;
        std::string sid = std::to_string(i);
        Rect remove{x1 - remove_w, y, x1, y + h};
        Rect edit{remove.x0 - t.gap - edit_w, y, remove.x0 - t.gap, y + h};
        Rect sold{edit.x0 - t.gap - sold_w, y, edit.x0 - t.gap, y + h};
        if (button(c, ("##remove" + sid).c_str(), remove, tr("staff.remove"), ButtonStyle::Quiet))
            out = intent(Kind::RemoveSpecial, s.id);
        if (button(c, ("##edit" + sid).c_str(), edit, tr("staff.edit"), ButtonStyle::Key))
            out = intent(Kind::EditSpecial, s.id);
        if (button(c, ("##sold" + sid).c_str(), sold, tr("cafe.sold_out"), s.sold_out ? ButtonStyle::KeyOn : ButtonStyle::Key))
            out = intent(Kind::ToggleSoldOut, s.id);
        float text_w = sold.x0 - t.gap - t.pad;
        float price_w = c.measure(f.body_bold, s.price).x;
        c.text(f.body_bold, ImVec2(t.pad, y + (h - f.body_bold->FontSize) / 2), s.sold_out ? t.palette.muted : t.palette.text,
            c.ellipsize(f.body_bold, s.name, text_w - price_w - t.gap));
        c.text(f.body_bold, ImVec2(sold.x0 - t.gap - price_w, y + (h - f.body_bold->FontSize) / 2), t.palette.text, s.price);
        y += h + t.gap * 0.6f;
    }
}

void edit_special_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, tr("staff.special"), true, out);
    float h = touch(t);
    float save_w = std::round(c.measure(f.heading, tr("staff.save")).x + h * 1.5f);
    float price_w = std::round(std::min(t.screen.x * 0.25f, 360 * t.unit));
    Rect name{t.pad, y, t.screen.x - t.pad * 3 - price_w - save_w, y + h};
    Rect price{name.x1 + t.pad, y, name.x1 + t.pad + price_w, y + h};
    Rect save{price.x1 + t.pad, y, t.screen.x - t.pad, y + h};
    if (t.portrait()) {
        name = Rect{t.pad, y, t.screen.x - t.pad, y + h};
        price = Rect{t.pad, y + h + t.gap, t.screen.x / 2 - t.gap / 2, y + h * 2 + t.gap};
        save = Rect{t.screen.x / 2 + t.gap / 2, price.y0, t.screen.x - t.pad, price.y1};
    }
    if (text_field(c, "##special-name", name, v.editing.name.get("en"), tr("staff.special_name"), false))
        out = intent(Kind::EditName);
    std::string price_text = v.price_digits.empty() ? "" : core::price_text(std::stoi(v.price_digits));
    if (text_field(c, "##special-price", price, price_text, tr("staff.price"), false))
        out = intent(Kind::EditPrice);
    if (button(c, "##save-special", save, tr("staff.save"), ButtonStyle::Primary))
        out = intent(Kind::SaveSpecial);
    y = save.y1 + t.gap;
    // The 14 allergens as labelled toggles, then dietary tags and "every day".
    c.text(f.body_bold, ImVec2(t.pad, y), t.palette.text, tr("cafe.allergens"));
    y += c.line_height(f.body_bold);
    int columns = t.screen.x > t.screen.y ? 3 : 2;
    float w = (t.screen.x - t.pad * 2 - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float th = touch(t);
    const auto& all = feed::all_allergens();
    for (std::size_t i = 0; i < all.size(); ++i) {
        bool on = std::find(v.editing.allergens.begin(), v.editing.allergens.end(), all[i]) != v.editing.allergens.end();
        int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
        Rect r{t.pad + static_cast<float>(col) * (w + t.gap), y + static_cast<float>(row) * (th + t.gap * 0.4f), 0, 0};
        r.x1 = r.x0 + w;
        r.y1 = r.y0 + th;
        std::string label = std::to_string(i + 1) + "  " + std::string(core::tr("allergen." + std::string(feed::to_code(all[i]))));
        if (button(c, ("##allergen" + std::to_string(i)).c_str(), r, label, on ? ButtonStyle::KeyOn : ButtonStyle::Key))
            out = intent(Kind::ToggleAllergen, "", static_cast<std::int64_t>(i));
    }
    int rows = (static_cast<int>(all.size()) + columns - 1) / columns;
    y += static_cast<float>(rows) * (th + t.gap * 0.4f);
    const feed::Dietary diets[] = {feed::Dietary::Vegetarian, feed::Dietary::Vegan, feed::Dietary::GlutenFree, feed::Dietary::Halal};
    float dw = (t.screen.x - t.pad * 2 - t.gap * 4) / 5;
    for (int i = 0; i < 4; ++i) {
        bool on = std::find(v.editing.dietary.begin(), v.editing.dietary.end(), diets[i]) != v.editing.dietary.end();
        Rect r{t.pad + static_cast<float>(i) * (dw + t.gap), y, t.pad + static_cast<float>(i) * (dw + t.gap) + dw, y + th};
        if (button(c, ("##diet" + std::to_string(i)).c_str(), r, std::string(core::tr("diet." + std::string(feed::to_code(diets[i])))),
                on ? ButtonStyle::KeyOn : ButtonStyle::Key))
            out = intent(Kind::ToggleDietary, "", i);
    }
    Rect every{t.pad + 4 * (dw + t.gap), y, t.screen.x - t.pad, y + th};
    if (button(c, "##every-day", every, tr("staff.every_day"), v.editing_every_day ? ButtonStyle::KeyOn : ButtonStyle::Key))
        out = intent(Kind::ToggleEveryDay);
}

// Full-screen typing of one text (a special's name, a notice's title or body).
void text_entry_screen(Canvas& c, const StaffView& v, float top, const std::string& title, const std::string& value, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, title, true, out);
    if (out && out->kind == Kind::Back)
        out = intent(Kind::Done);
    float h = std::round(std::max(touch(t), f.heading->FontSize * 1.6f));
    float done_w = std::round(c.measure(f.heading, tr("staff.done")).x + h * 1.5f);
    Rect field{t.pad, y, t.screen.x - t.pad * 2 - done_w, y + h};
    text_field(c, "##entry", field, value, "", true);
    if (button(c, "##entry-done", Rect{field.x1 + t.pad, y, t.screen.x - t.pad, y + h}, tr("staff.done"), ButtonStyle::Primary))
        out = intent(Kind::Done);
    float kb_h = keyboard_height(t, KeyboardMode::Name);
    Rect kb{t.pad, t.screen.y - t.pad * 0.5f - kb_h, t.screen.x - t.pad, t.screen.y - t.pad * 0.5f};
    if (auto key = draw_keyboard(c, kb, KeyboardMode::Name, v.shift, v.accent_set)) {
        switch (key->kind) {
        case KeyPress::Kind::Text:
        case KeyPress::Kind::Space: out = intent(Kind::Type, key->text); break;
        case KeyPress::Kind::Backspace: out = intent(Kind::Backspace); break;
        case KeyPress::Kind::Shift: out = intent(Kind::Shift); break;
        case KeyPress::Kind::MoreAccents: out = intent(Kind::MoreAccents); break;
        }
    }
}

void price_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, tr("staff.price"), true, out);
    if (out && out->kind == Kind::Back)
        out = intent(Kind::Done);
    std::string shown = v.price_digits.empty() ? core::price_text(0) : core::price_text(std::stoi(v.price_digits));
    c.text_block(f.heading, ImVec2(t.pad, y), t.screen.x - t.pad * 2, t.palette.header, shown, 1, Align::Centre);
    y += c.line_height(f.heading) + t.gap;
    c.text_block(f.small, ImVec2(t.pad, y), t.screen.x - t.pad * 2, t.palette.muted, tr("staff.price_hint"), 1, Align::Centre);
    y += c.line_height(f.small) + t.gap;
    Rect pad{t.pad, y, t.screen.x - t.pad, std::min(t.screen.y - t.pad * 0.5f, y + touch(t) * 4 + t.gap * 3)};
    if (auto key = draw_numpad(c, pad, tr("staff.done"))) {
        if (key->kind == PadPress::Kind::Digit)
            out = intent(Kind::PadDigit, std::string(1, key->digit));
        else
            out = intent(key->kind == PadPress::Kind::Ok ? Kind::Done : Kind::PadBackspace);
    }
}

// [SECTION] Who's in

void whos_in_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, tr("staff.whos_in") + "  \xC2\xB7  " + std::to_string(v.people.size()), true, out);
    float h = touch(t);
    std::string all_label = tr(v.confirm_sign_out_all ? "staff.sign_out_all_confirm" : "staff.sign_out_all");
    float all_w = std::round(std::min(t.screen.x - t.pad * 2, c.measure(f.body_bold, all_label).x + h));
    if (!v.people.empty() && button(c, "##sign-out-all", Rect{t.screen.x - t.pad - all_w, y, t.screen.x - t.pad, y + h}, all_label,
            v.confirm_sign_out_all ? ButtonStyle::Primary : ButtonStyle::Quiet))
        out = intent(v.confirm_sign_out_all ? Kind::ConfirmSignOutAll : Kind::SignOutAll);
    std::string counts;
    for (auto& line : v.counts)
        counts += (counts.empty() ? "" : "   \xC2\xB7   ") + line;
    if (counts.empty())
        counts = tr("staff.no_counts");
    // Today's and this week's totals above today's counts per purpose, each on its own line.
    float line = c.line_height(f.small);
    float counts_w = t.screen.x - t.pad * 3 - all_w;
    if (v.totals.empty()) {
        c.text_block(f.small, ImVec2(t.pad, y + (h - f.small->FontSize) / 2), counts_w, t.palette.muted, counts, 1);
    } else {
        float block_y = y + (h - line * 2) / 2;
        c.text_block(f.small, ImVec2(t.pad, block_y), counts_w, t.palette.text, v.totals, 1);
        c.text_block(f.small, ImVec2(t.pad, block_y + line), counts_w, t.palette.muted, counts, 1);
    }
    y += h + t.gap;
    if (v.people.empty()) {
        c.text(f.body, ImVec2(t.pad, y), t.palette.muted, tr("staff.nobody_in"));
        return;
    }
    float located_w = std::round(c.measure(f.body_bold, tr("staff.located")).x + h * 0.8f);
    float out_w = std::round(c.measure(f.body_bold, tr("staff.sign_out")).x + h * 0.8f);
    for (const auto& p : v.people) {
        if (y + h > t.screen.y - t.gap)
            break;
        std::string pid = std::to_string(p.id);
        Rect sign_out{t.screen.x - t.pad - out_w, y, t.screen.x - t.pad, y + h};
        Rect located{sign_out.x0 - t.gap - located_w, y, sign_out.x0 - t.gap, y + h};
        if (button(c, ("##out" + pid).c_str(), sign_out, tr("staff.sign_out"), ButtonStyle::Quiet))
            out = intent(Kind::SignOut, "", p.id);
        if (button(c, ("##located" + pid).c_str(), located, tr("staff.located"), p.located ? ButtonStyle::KeyOn : ButtonStyle::Key))
            out = intent(Kind::MarkLocated, "", p.id);
        float text_w = located.x0 - t.gap - t.pad;
        c.text(f.body_bold, ImVec2(t.pad, y + (h - f.body_bold->FontSize - f.small->FontSize * 1.1f) / 2), t.palette.text, c.ellipsize(f.body_bold, p.name, text_w));
        c.text(f.small, ImVec2(t.pad, y + (h - f.body_bold->FontSize - f.small->FontSize * 1.1f) / 2 + f.body_bold->FontSize * 1.1f), t.palette.muted,
            c.ellipsize(f.small, p.since + "  \xC2\xB7  " + p.purpose, text_w));
        y += h + t.gap * 0.6f;
    }
}

// [SECTION] Notice for this screen, device status

void notice_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, tr("staff.notice"), true, out);
    float h = touch(t);
    if (text_field(c, "##notice-title", Rect{t.pad, y, t.screen.x - t.pad, y + h}, v.notice_title, tr("staff.notice_title"), false))
        out = intent(Kind::EditNoticeTitle);
    y += h + t.gap;
    if (text_field(c, "##notice-body", Rect{t.pad, y, t.screen.x - t.pad, y + h}, v.notice_body, tr("staff.notice_body"), false))
        out = intent(Kind::EditNoticeBody);
    y += h + t.gap;
    const int hours[] = {1, 4, 12, 24 * 7};
    const char* labels[] = {"staff.for_1h", "staff.for_4h", "staff.for_12h", "staff.for_week"};
    float w = (t.screen.x - t.pad * 2 - t.gap * 4) / 5;
    for (int i = 0; i < 4; ++i) {
        Rect r{t.pad + static_cast<float>(i) * (w + t.gap), y, t.pad + static_cast<float>(i) * (w + t.gap) + w, y + h};
        if (button(c, ("##hours" + std::to_string(i)).c_str(), r, tr(labels[i]), v.notice_hours == hours[i] ? ButtonStyle::KeyOn : ButtonStyle::Key))
            out = intent(Kind::NoticeHours, "", hours[i]);
    }
    if (button(c, "##urgent", Rect{t.pad + 4 * (w + t.gap), y, t.screen.x - t.pad, y + h}, tr("urgent.label"), v.notice_urgent ? ButtonStyle::Primary : ButtonStyle::Key))
        out = intent(Kind::ToggleUrgent);
    y += h + t.gap;
    if (button(c, "##post-notice", Rect{t.pad, y, t.screen.x - t.pad, y + h}, tr("staff.post_notice"), ButtonStyle::Secondary))
        out = intent(Kind::PostNotice);
    y += h + t.gap * 1.5f;
    for (auto& [id, title] : v.local_notices) {
        if (y + h > t.screen.y - t.gap)
            break;
        float rw = std::round(c.measure(f.body_bold, tr("staff.remove")).x + h * 0.8f);
        if (button(c, ("##remove-notice" + id).c_str(), Rect{t.screen.x - t.pad - rw, y, t.screen.x - t.pad, y + h}, tr("staff.remove"), ButtonStyle::Quiet))
            out = intent(Kind::RemoveNotice, id);
        c.text(f.body, ImVec2(t.pad, y + (h - f.body->FontSize) / 2), t.palette.text, c.ellipsize(f.body, title, t.screen.x - t.pad * 3 - rw));
        y += h + t.gap * 0.6f;
    }
}

void status_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, tr("staff.status"), true, out);
    float label_w = 0;
    for (auto& [label, value] : v.status)
        label_w = std::max(label_w, c.measure(f.body_bold, label).x);
    label_w = std::min(label_w + t.gap * 2, t.screen.x * 0.45f);
    for (auto& [label, value] : v.status) {
        if (y + c.line_height(f.body) > t.screen.y - t.gap)
            break;
        c.text(f.body_bold, ImVec2(t.pad, y), t.palette.text, c.ellipsize(f.body_bold, label, label_w - t.gap));
        c.text(f.body, ImVec2(t.pad + label_w, y), t.palette.text, c.ellipsize(f.body, value, t.screen.x - t.pad * 2 - label_w));
        y += c.line_height(f.body, 0.35f);
    }
}

// [SECTION] Emergency mode: start one of the three ready-made kinds or a typed message on
// every screen of the building, or end the one that is on.

void emergency_staff_screen(Canvas& c, const StaffView& v, float top, std::optional<StaffIntent>& out)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float y = title_strip(c, top, tr("staff.emergency"), true, out);
    float h = std::round(std::max(touch(t), f.heading->FontSize * 1.8f));
    if (v.emergency_on) {
        y += c.text_block(f.heading, ImVec2(t.pad, y), t.screen.x - t.pad * 2, t.palette.text, v.emergency_line, 2) + t.gap;
        if (button(c, "##emergency-end", Rect{t.pad, y, t.screen.x - t.pad, y + h}, tr("staff.emergency_end"), ButtonStyle::Primary))
            out = intent(Kind::EndEmergency);
        return;
    }
    const std::pair<const char*, feed::EmergencyKind> kinds[] = {{"emergency.evacuate.title", feed::EmergencyKind::Evacuate},
        {"emergency.closed.title", feed::EmergencyKind::Closed}, {"emergency.stay_inside.title", feed::EmergencyKind::StayInside}};
    float w = (t.screen.x - t.pad * 2 - t.gap * 2) / 3;
    for (int i = 0; i < 3; ++i) {
        Rect r{t.pad + static_cast<float>(i) * (w + t.gap), y, t.pad + static_cast<float>(i) * (w + t.gap) + w, y + h};
        if (button(c, ("##emergency" + std::to_string(i)).c_str(), r, tr(kinds[i].first), ButtonStyle::Primary))
            out = intent(Kind::StartEmergency, "", static_cast<std::int64_t>(kinds[i].second));
    }
    y += h + t.gap * 1.5f;
    float fh = touch(t);
    if (text_field(c, "##emergency-text", Rect{t.pad, y, t.screen.x - t.pad, y + fh}, v.emergency_text, tr("staff.emergency_message_prompt"), false))
        out = intent(Kind::EditEmergencyText);
    y += fh + t.gap;
    if (!v.emergency_text.empty()
        && button(c, "##emergency-message", Rect{t.pad, y, t.screen.x - t.pad, y + fh}, tr("staff.emergency_show"), ButtonStyle::Secondary))
        out = intent(Kind::StartEmergency, "", static_cast<std::int64_t>(feed::EmergencyKind::Message));
}

// [SECTION] A change that was not saved: drawn over the header (the building's name and the
// clock, which staff do not need while working), so no screen's layout moves and no key of a
// keyboard is covered, and the café or the fire marshal is never told "done" by silence.

void problem_banner(Canvas& c, const std::string& problem)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    c.fill(ImVec2(0, 0), ImVec2(t.screen.x, t.header_height), t.palette.urgent);
    float block = std::min(c.line_height(f.body_bold) * 2, t.header_height);
    c.text_block(f.body_bold, ImVec2(t.pad, (t.header_height - block) / 2), t.screen.x - t.pad * 2, t.palette.on_urgent, problem, 2,
        Align::Left);
}

} // namespace

std::optional<StaffIntent> draw_staff(Canvas& c, const StaffView& v)
{
    const Theme& t = c.theme();
    c.fill(ImVec2(0, 0), t.screen, t.palette.background);
    float top = draw_header(c, v.header);
    std::optional<StaffIntent> out;
    switch (v.screen) {
    case StaffScreen::Pad: pad_screen(c, v, top, out); break;
    case StaffScreen::Home: home_screen(c, v, top, out); break;
    case StaffScreen::Specials: specials_screen(c, v, top, out); break;
    case StaffScreen::EditSpecial: edit_special_screen(c, v, top, out); break;
    case StaffScreen::EditName: text_entry_screen(c, v, top, tr("staff.special_name"), v.editing.name.get("en"), out); break;
    case StaffScreen::EditPrice: price_screen(c, v, top, out); break;
    case StaffScreen::WhosIn: whos_in_screen(c, v, top, out); break;
    case StaffScreen::Notice: notice_screen(c, v, top, out); break;
    case StaffScreen::NoticeText:
        text_entry_screen(c, v, top, tr(v.notice_editing_body ? "staff.notice_body" : "staff.notice_title"),
            v.notice_editing_body ? v.notice_body : v.notice_title, out);
        break;
    case StaffScreen::Status: status_screen(c, v, top, out); break;
    case StaffScreen::Emergency: emergency_staff_screen(c, v, top, out); break;
    case StaffScreen::EmergencyText: text_entry_screen(c, v, top, tr("staff.emergency_message_prompt"), v.emergency_text, out); break;
    }
    if (!v.problem.empty() && v.screen != StaffScreen::Pad)
        problem_banner(c, v.problem);
    return out;
}

} // namespace coi::ui
