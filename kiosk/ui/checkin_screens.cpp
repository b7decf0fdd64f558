#include "kiosk/ui/checkin_screens.h"

#include "kiosk/core/reporting.h"
#include "kiosk/core/strings.h"
#include "kiosk/core/text_input.h"
#include "kiosk/ui/widgets.h"

#include <imgui_internal.h> // ImTextCharToUtf8

#include <algorithm>
#include <cmath>

namespace coi::ui {

using core::Action;
using core::ActionKind;
using core::Step;

namespace {

std::string tr(const CheckinView& v, std::string_view key) { return std::string(core::tr(key, v.language)); }

Action act(ActionKind kind, std::string text = "", std::int64_t id = 0) { return Action{kind, std::move(text), id}; }

// The strip under the header: a Back button on the left, the step's question beside it.
// The "Listen" button at the right of a strip, when the site reads aloud; returns where it starts.
float draw_listen(Canvas& c, const CheckinView& v, float y, float h, const std::vector<std::string>& words, CheckinInput& input)
{
    const Theme& t = c.theme();
    if (!v.read_aloud)
        return t.screen.x - t.pad;
    std::string label = tr(v, "access.listen");
    float w = listen_button_width(c, label, h);
    Rect r{t.screen.x - t.pad - w, y, t.screen.x - t.pad, y + h};
    if (listen_button(c, r, label))
        input.speak = SpeakIntent{spoken(words), v.language};
    return r.x0;
}

// The strip under the header: a Back button on the left, the step's question beside it,
// and "Listen" on the right, which reads the question and the choices (words).
float draw_title(Canvas& c, const CheckinView& v, float top, const std::string& title, CheckinInput& input, const std::vector<std::string>& words)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    float h = std::round(std::max(96.0f * t.unit, f.heading->FontSize * 1.5f));
    float back_w = std::round(c.measure(f.body_bold, tr(v, "nav.back")).x + h);
    Rect back{t.pad, top + t.gap, t.pad + back_w, top + t.gap + h};
    if (button(c, "##back", back, tr(v, "nav.back"), ButtonStyle::Quiet))
        input.action = act(ActionKind::Back);
    float right = draw_listen(c, v, back.y0, h, words, input);
    float x = back.x1 + t.gap * 1.5f;
    // A question too long for one line of heading type gets two lines of body type.
    float room = right - t.gap - x;
    if (c.measure(f.heading, title).x <= room) {
        c.text(f.heading, ImVec2(x, back.y0 + (h - f.heading->FontSize) / 2 - f.heading->FontSize * 0.08f), t.palette.header, title);
    } else {
        auto lines = c.wrap(f.body_bold, title, room, 2);
        float block = c.line_height(f.body_bold, 0.05f) * static_cast<float>(lines.size());
        c.text_block(f.body_bold, ImVec2(x, back.y0 + (h - block) / 2), room, t.palette.header, title, 2, Align::Left, 0.05f);
    }
    return back.y1 + t.gap;
}

// Characters from a physical keyboard, Backspace and Enter, as actions.
void read_physical_keyboard(CheckinInput& input)
{
    ImGuiIO& io = ImGui::GetIO();
    if (!io.InputQueueCharacters.empty()) {
        std::string text;
        for (ImWchar ch : io.InputQueueCharacters) {
            char buf[8] = {};
            ImTextCharToUtf8(buf, ch);
            text += buf;
        }
        io.InputQueueCharacters.resize(0);
        input.action = act(ActionKind::Type, text);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)))
        input.action = act(ActionKind::Backspace);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter)))
        input.action = act(ActionKind::Confirm);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab)))
        input.action = act(ActionKind::NextField);
}

void apply_key(const std::optional<KeyPress>& key, CheckinInput& input)
{
    if (!key)
        return;
    switch (key->kind) {
    case KeyPress::Kind::Text:
    case KeyPress::Kind::Space: input.action = act(ActionKind::Type, key->text); break;
    case KeyPress::Kind::Backspace: input.action = act(ActionKind::Backspace); break;
    case KeyPress::Kind::Shift: input.action = act(ActionKind::Shift); break;
    case KeyPress::Kind::MoreAccents: input.more_accents = true; break;
    }
}

void text_field(Canvas& c, const char* id, const Rect& r, const std::string& value, const std::string& placeholder, bool active, CheckinInput& input,
    ActionKind on_tap)
{
    if (ui::text_field(c, id, r, value, placeholder, active))
        input.action = act(on_tap);
}

// [SECTION] Steps

void draw_welcome(Canvas& c, const CheckinView& v, float top, CheckinInput& input)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    Rect area{t.pad, top + t.pad * 0.75f, t.screen.x - t.pad, t.screen.y - t.pad * 0.75f};
    std::string title = core::fill(tr(v, "welcome.title"), {v.site_name});
    float title_h = c.text_block(f.heading, ImVec2(area.x0, area.y0), area.w(), t.palette.header, title, 2, Align::Centre);
    area.y0 += title_h + t.gap;
    // The languages, each named in itself: a visitor finds their own without reading English.
    float row_h = std::round(std::max(96.0f * t.unit, f.body_bold->FontSize * 1.9f));
    if (auto code = draw_language_row(c, Rect{area.x0, area.y0, area.x1, area.y0 + row_h}, v.language))
        input.action = act(ActionKind::ChooseLanguage, *code);
    area.y0 += row_h + t.gap * 1.5f;
    // The bottom row: Back, then the visitor's own reading settings and Listen.
    float back_h = row_h;
    Rect bottom{area.x0, area.y1 - back_h, area.x1, area.y1};
    Rect back{bottom.x0, bottom.y0, bottom.x0 + std::round(c.measure(f.body_bold, tr(v, "nav.back")).x + back_h), bottom.y1};
    if (button(c, "##welcome-back", back, tr(v, "nav.back"), ButtonStyle::Quiet))
        input.action = act(ActionKind::Back);
    std::string bigger = tr(v, "access.bigger_text"), contrast = tr(v, "access.high_contrast");
    float right = draw_listen(c, v, bottom.y0, back_h,
        {title, tr(v, "welcome.check_in"), tr(v, "welcome.check_in_detail"), tr(v, "welcome.check_out"), tr(v, "welcome.check_out_detail")}, input);
    // The two reading settings sit between Back and Listen, or, where their words would not
    // fit there (a portrait screen in Lithuanian, Polish or Ukrainian), on a row of their own above.
    Rect toggles{back.x1 + t.gap, bottom.y0, right - t.gap, bottom.y1};
    float widest = std::max(c.measure(f.body_bold, bigger).x, c.measure(f.body_bold, contrast).x);
    auto half = [&](const Rect& r) { return (r.w() - t.gap) / 2; }; // each toggle's width
    if (widest + t.gap * 2 > half(toggles))
        toggles = Rect{area.x0, bottom.y0 - t.gap - back_h, area.x1, bottom.y0 - t.gap};
    float toggles_w = half(toggles);
    Rect big{toggles.x0, toggles.y0, toggles.x0 + toggles_w, toggles.y1};
    Rect hc{big.x1 + t.gap, toggles.y0, toggles.x1, toggles.y1};
    if (toggle_button(c, "##bigger-text", big, bigger, v.large_text))
        input.action = act(ActionKind::ToggleLargeText);
    if (toggle_button(c, "##high-contrast", hc, contrast, v.high_contrast))
        input.action = act(ActionKind::ToggleContrast);
    Rect choices{area.x0, area.y0, area.x1, std::min(bottom.y0, toggles.y0) - t.gap * 1.5f};
    bool side_by_side = choices.w() > choices.h() * 1.2f;
    Rect in = choices, out = choices;
    if (side_by_side) {
        in.x1 = choices.x0 + (choices.w() - t.pad) / 2;
        out.x0 = in.x1 + t.pad;
    } else {
        in.y1 = choices.y0 + (choices.h() - t.gap) / 2;
        out.y0 = in.y1 + t.gap;
    }
    if (button(c, "##check-in", in, tr(v, "welcome.check_in"), ButtonStyle::Primary, tr(v, "welcome.check_in_detail")))
        input.action = act(ActionKind::StartCheckIn);
    if (button(c, "##check-out", out, tr(v, "welcome.check_out"), ButtonStyle::Secondary, tr(v, "welcome.check_out_detail")))
        input.action = act(ActionKind::StartCheckOut);
}

void draw_purpose(Canvas& c, const CheckinView& v, float top, CheckinInput& input)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    std::vector<std::string> words{tr(v, "checkin.what_brings_you")};
    for (const core::Tile& tile : v.tiles)
        words.push_back(tile.label);
    float y = draw_title(c, v, top, tr(v, "checkin.what_brings_you"), input, words);
    Rect area{t.pad, y + t.gap, t.screen.x - t.pad, t.screen.y - t.pad};
    int count = static_cast<int>(v.tiles.size());
    if (count == 0)
        return;
    // As many columns as keep tiles comfortably wide; rows share the height.
    float min_tile_w = std::max(440 * t.unit, f.body_bold->FontSize * 10.5f); // bigger text, fewer columns
    int columns = std::clamp(static_cast<int>((area.w() + t.gap) / (min_tile_w + t.gap)), 1, 4);
    int rows = (count + columns - 1) / columns;
    float tile_h = std::min((area.h() - t.gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), 260 * t.unit);
    float min_h = std::max(96.0f * t.unit, f.body_bold->FontSize * 2.4f + f.small->FontSize * 2.4f + t.gap * 2); // two lines of each
    // Which tiles to show, by their index in v.tiles (the index the flow expects back).
    std::vector<int> shown;
    for (int i = 0; i < count; ++i)
        shown.push_back(i);
    if (tile_h < min_h) {
        // Too many to fit at a touchable size. Every purpose of the site stays reachable
        // (someone here for an appointment must be able to say so); sessions, now before
        // next, take the places that are left.
        rows = std::max(1, static_cast<int>((area.h() + t.gap) / (min_h + t.gap)));
        tile_h = min_h;
        int capacity = rows * columns;
        int purposes = static_cast<int>(std::count_if(v.tiles.begin(), v.tiles.end(), [](auto& tile) { return tile.purpose_id != "session"; }));
        int sessions_left = std::max(0, capacity - purposes);
        shown.clear();
        for (int i = 0; i < count; ++i) {
            bool session = v.tiles[static_cast<std::size_t>(i)].purpose_id == "session";
            if (session && sessions_left == 0)
                continue;
            sessions_left -= session ? 1 : 0;
            if (static_cast<int>(shown.size()) < capacity)
                shown.push_back(i);
        }
    }
    float tile_w = (area.w() - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    for (int slot = 0; slot < static_cast<int>(shown.size()); ++slot) {
        int i = shown[static_cast<std::size_t>(slot)];
        const core::Tile& tile = v.tiles[static_cast<std::size_t>(i)];
        int col = slot % columns, row = slot / columns;
        Rect r{area.x0 + static_cast<float>(col) * (tile_w + t.gap), area.y0 + static_cast<float>(row) * (tile_h + t.gap), 0, 0};
        r.x1 = r.x0 + tile_w;
        r.y1 = r.y0 + tile_h;
        std::string id = "##tile" + std::to_string(i);
        if (button(c, id.c_str(), r, tile.label, ButtonStyle::Tile, tile.detail))
            input.action = act(ActionKind::ChooseTile, "", i);
        if (tile.now)
            c.list()->AddRectFilled(ImVec2(r.x0, r.y0 + t.radius), ImVec2(r.x0 + std::max(4.0f, 8 * t.unit), r.y1 - t.radius), t.palette.accent);
    }
}

void draw_name(Canvas& c, const CheckinView& v, float top, CheckinInput& input)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    const core::CheckinState& s = *v.state;
    std::string title = tr(v, "checkin.your_name");
    if (s.chosen && s.chosen->purpose_id == "session")
        title += "  \xC2\xB7  " + s.chosen->label;
    float y = draw_title(c, v, top, title, input, {title, tr(v, "checkin.first_name"), tr(v, "checkin.initial"), v.privacy});
    float kb_h = keyboard_height(t, KeyboardMode::Name);
    Rect keyboard{t.pad, t.screen.y - t.pad * 0.5f - kb_h, t.screen.x - t.pad, t.screen.y - t.pad * 0.5f};
    float field_h = std::round(std::max(96.0f * t.unit, f.heading->FontSize * 1.6f));
    float confirm_w = std::round(std::min(t.screen.x * 0.3f, c.measure(f.heading, tr(v, "checkin.confirm")).x + field_h * 1.5f));
    float initial_w = std::round(std::min(t.screen.x * 0.22f, 340 * t.unit));
    Rect name{t.pad, y + t.gap, t.screen.x - t.pad * 3 - initial_w - confirm_w, y + t.gap + field_h};
    Rect initial{name.x1 + t.pad, name.y0, name.x1 + t.pad + initial_w, name.y1};
    Rect confirm{initial.x1 + t.pad, name.y0, t.screen.x - t.pad, name.y1};
    if (t.portrait()) {
        // Narrow: the name gets a line of its own; initial and confirm share the next.
        name = Rect{t.pad, y + t.gap, t.screen.x - t.pad, y + t.gap + field_h};
        initial = Rect{t.pad, name.y1 + t.gap, t.screen.x / 2 - t.pad / 2, name.y1 + t.gap + field_h};
        confirm = Rect{t.screen.x / 2 + t.pad / 2, initial.y0, t.screen.x - t.pad, initial.y1};
    }
    text_field(c, "##name", name, s.name, tr(v, "checkin.first_name"), !s.typing_initial, input, ActionKind::NextField);
    text_field(c, "##initial", initial, s.initial, tr(v, "checkin.initial"), s.typing_initial, input, ActionKind::NextField);
    if (button(c, "##confirm", confirm, tr(v, "checkin.confirm"), ButtonStyle::Primary))
        input.action = act(ActionKind::Confirm);
    // The privacy line, and any message, between the fields and the keyboard.
    float line_y = confirm.y1 + t.gap;
    float room = keyboard.y0 - t.gap - line_y;
    std::string message = !s.done_detail.empty() ? s.done_detail : s.trimmed ? tr(v, "checkin.trimmed") : "";
    int lines = std::max(1, static_cast<int>(room / c.line_height(f.small)));
    if (!message.empty()) {
        c.text(f.body_bold, ImVec2(t.pad, line_y), t.palette.accent, c.ellipsize(f.body_bold, message, t.screen.x - t.pad * 2));
        line_y += c.line_height(f.body_bold);
        lines = std::max(1, static_cast<int>((keyboard.y0 - t.gap - line_y) / c.line_height(f.small)));
    }
    c.text_block(f.small, ImVec2(t.pad, line_y), t.screen.x - t.pad * 2, t.palette.muted, v.privacy, std::min(lines, 3));
    apply_key(draw_keyboard(c, keyboard, KeyboardMode::Name, s.shift, v.accent_set, v.language), input);
    if (!input.action)
        read_physical_keyboard(input);
}

// One face of "How did we do today?", drawn (no emoji font needed): a ring, two eyes and a
// mouth that smiles, stays level or turns down.
void draw_face(Canvas& c, ImVec2 centre, float radius, core::Face face, ImU32 colour)
{
    float stroke = std::max(3.0f, radius * 0.09f);
    c.ring(centre, radius, colour, stroke);
    ImDrawList* list = c.list();
    float eye = std::max(3.0f, radius * 0.11f);
    list->AddCircleFilled(ImVec2(centre.x - radius * 0.35f, centre.y - radius * 0.22f), eye, colour);
    list->AddCircleFilled(ImVec2(centre.x + radius * 0.35f, centre.y - radius * 0.22f), eye, colour);
    constexpr float kPi = 3.14159265f;
    switch (face) {
    case core::Face::Happy:
        list->PathArcTo(ImVec2(centre.x, centre.y + radius * 0.02f), radius * 0.5f, kPi * 0.2f, kPi * 0.8f, 16);
        break;
    case core::Face::Okay:
        list->PathLineTo(ImVec2(centre.x - radius * 0.4f, centre.y + radius * 0.38f));
        list->PathLineTo(ImVec2(centre.x + radius * 0.4f, centre.y + radius * 0.38f));
        break;
    case core::Face::Unhappy:
        list->PathArcTo(ImVec2(centre.x, centre.y + radius * 0.75f), radius * 0.45f, kPi * 1.22f, kPi * 1.78f, 16);
        break;
    }
    list->PathStroke(colour, 0, stroke);
}

// The three faces in a row across area, each a big touch target with its word under it.
void draw_faces(Canvas& c, const CheckinView& v, const Rect& area, CheckinInput& input)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    const core::Face faces[] = {core::Face::Happy, core::Face::Okay, core::Face::Unhappy};
    float w = std::min((area.w() - t.gap * 2) / 3, 360 * t.unit);
    float x = area.x0 + (area.w() - (w * 3 + t.gap * 2)) / 2;
    for (core::Face face : faces) {
        Rect r{x, area.y0, x + w, area.y1};
        std::string code(core::to_code(face));
        std::string id = "##face-" + code;
        std::string word = tr(v, "feedback." + code);
        if (button(c, id.c_str(), r, "", ButtonStyle::Tile))
            input.action = act(ActionKind::ChooseFace, code);
        float label_h = c.line_height(f.body_bold);
        float radius = std::max(12.0f, std::min(r.w() * 0.3f, (r.h() - label_h - t.gap * 2) / 2 * 0.85f));
        draw_face(c, ImVec2((r.x0 + r.x1) / 2, r.y0 + t.gap + radius * 1.05f), radius, face, t.palette.header);
        c.text_block(f.body_bold, ImVec2(r.x0, r.y1 - label_h - t.gap * 0.5f), r.w(), t.palette.text, word, 1, Align::Centre);
        x += w + t.gap;
    }
}

void draw_done(Canvas& c, const CheckinView& v, float top, CheckinInput& input)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    const core::CheckinState& s = *v.state;
    bool asking = s.ask_feedback && !s.feedback_given;
    // "Listen" first: the tap-anywhere area below would otherwise take its touches.
    std::vector<std::string> words{s.done_title, s.done_detail};
    if (!s.code.empty()) {
        std::string letters; // spelt out, one at a time
        for (char ch : s.code)
            letters += std::string(letters.empty() ? "" : ", ") + ch;
        words.insert(words.end(), {tr(v, "checkin.your_code") + ":", letters, tr(v, v.code_only ? "checkin.code_hint_only" : "checkin.code_hint")});
    }
    if (asking)
        words.insert(words.end(), {tr(v, "feedback.question"), tr(v, "feedback.happy"), tr(v, "feedback.okay"), tr(v, "feedback.unhappy")});
    if (s.offer_remember)
        words.push_back(tr(v, "remember.offer"));
    float row_h = std::round(std::max(96.0f * t.unit, f.body_bold->FontSize * 1.9f));
    Rect bottom{t.pad, t.screen.y - t.pad * 0.75f - row_h, t.screen.x - t.pad, t.screen.y - t.pad * 0.75f};
    float listen_x = draw_listen(c, v, bottom.y0, row_h, words, input);
    // The questions' buttons before the tap-anywhere area too, for the same reason; they are
    // placed from the bottom up, the words from the top down.
    if (s.offer_remember) {
        std::string offer = tr(v, "remember.offer"), detail = tr(v, "remember.offer_detail");
        float w = std::min(listen_x - t.gap - bottom.x0, std::max(c.measure(f.body_bold, offer).x, c.measure(f.small, detail).x) + t.gap * 3);
        // As the tile lays it out: the offer, and its detail on one line or, too long, two.
        float inner = w - t.gap * 2;
        int offer_lines = std::min<int>(3, static_cast<int>(c.wrap(f.body_bold, offer, inner, 3).size()));
        int detail_lines = c.measure(f.small, detail).x > inner ? 2 : 1;
        float tall = std::round(std::max(row_h, c.line_height(f.body_bold) * static_cast<float>(offer_lines)
            + c.line_height(f.small) * static_cast<float>(detail_lines) + t.gap * 2.3f));
        Rect r{bottom.x0 + (listen_x - bottom.x0 - w) / 2, bottom.y1 - tall, 0, bottom.y1};
        r.x1 = r.x0 + w;
        bottom.y0 = r.y0;
        if (button(c, "##remember", r, offer, ButtonStyle::Tile, detail))
            input.action = act(ActionKind::StartRemember);
        bottom.y0 -= t.gap;
    } else {
        bottom.y0 = bottom.y1;
    }
    float width = t.screen.x - t.pad * 2;
    float y = top + t.pad * (asking ? 0.75f : 1.5f);
    y += c.text_block(f.heading, ImVec2(t.pad, y), width, t.palette.header, s.done_title, 2, Align::Centre) + t.gap;
    y += c.text_block(f.body, ImVec2(t.pad, y), width, t.palette.text, s.done_detail, 3, Align::Centre) + t.pad * (asking ? 0.5f : 1.0f);
    if (!s.code.empty()) {
        c.text_block(f.body_bold, ImVec2(t.pad, y), width, t.palette.text, tr(v, "checkin.your_code"), 1, Align::Centre);
        y += c.line_height(f.body_bold) + t.gap;
        // The code, one letter per box, big enough to read and copy down.
        float box = std::round(std::min(160 * t.unit, (width - t.gap * 3) / 4));
        float x = (t.screen.x - (box * 4 + t.gap * 3)) / 2;
        for (std::size_t i = 0; i < s.code.size(); ++i) {
            float bx = x + static_cast<float>(i) * (box + t.gap);
            c.framed(ImVec2(bx, y), ImVec2(bx + box, y + box), t.palette.surface, t.palette.header, t.radius, std::max(2.0f, 4 * t.unit));
            std::string ch(1, s.code[i]);
            ImVec2 size = c.measure(f.heading, ch);
            c.text(f.heading, ImVec2(bx + (box - size.x) / 2, y + (box - size.y) / 2), t.palette.header, ch);
        }
        y += box + t.gap;
        y += c.text_block(f.small, ImVec2(t.pad, y), width, t.palette.muted, tr(v, v.code_only ? "checkin.code_hint_only" : "checkin.code_hint"), 2, Align::Centre) + t.gap;
    }
    if (asking) {
        y += c.text_block(f.heading, ImVec2(t.pad, y), width, t.palette.header, tr(v, "feedback.question"), 1, Align::Centre) + t.gap;
        float hint_h = c.line_height(f.small);
        float faces_h = std::min(bottom.y0 - t.gap - hint_h - y, 300 * t.unit);
        if (faces_h >= 96 * t.unit) {
            draw_faces(c, v, Rect{t.pad, y, t.screen.x - t.pad, y + faces_h}, input);
            y += faces_h + t.gap * 0.5f;
            c.text_block(f.small, ImVec2(t.pad, y), width, t.palette.muted, tr(v, "feedback.hint"), 1, Align::Centre);
        }
    } else if (s.feedback_given) {
        c.text_block(f.heading, ImVec2(t.pad, y), width, t.palette.header, tr(v, "feedback.thanks"), 2, Align::Centre);
    }
    // Anywhere else: back to signage (the questions are skipped by not answering them).
    ImGui::SetCursorScreenPos(ImVec2(0, top));
    if (ImGui::InvisibleButton("##done", ImVec2(t.screen.x, t.screen.y - top)) && !input.action)
        input.action = act(ActionKind::Touch);
}

// "Remember me for next time?": the visitor types a 4-character code or a first name and
// initial of their choosing, and the same again on a later visit.
void draw_remember(Canvas& c, const CheckinView& v, float top, CheckinInput& input)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    const core::CheckinState& s = *v.state;
    std::string title = tr(v, "remember.title");
    float y = draw_title(c, v, top, title, input, {title, tr(v, "remember.prompt"), v.privacy});
    float kb_h = keyboard_height(t, KeyboardMode::Words);
    Rect keyboard{t.pad, t.screen.y - t.pad * 0.5f - kb_h, t.screen.x - t.pad, t.screen.y - t.pad * 0.5f};
    float field_h = std::round(std::max(96.0f * t.unit, f.heading->FontSize * 1.6f));
    float confirm_w = std::round(std::min(t.screen.x * 0.35f, c.measure(f.heading, tr(v, "remember.confirm")).x + field_h * 1.5f));
    Rect field{t.pad, y + t.gap, t.screen.x - t.pad * 2 - confirm_w, y + t.gap + field_h};
    Rect confirm{field.x1 + t.pad, field.y0, t.screen.x - t.pad, field.y1};
    text_field(c, "##remember-words", field, s.remember_text, tr(v, "remember.prompt"), true, input, ActionKind::Touch);
    if (button(c, "##remember-confirm", confirm, tr(v, "remember.confirm"), ButtonStyle::Primary))
        input.action = act(ActionKind::Confirm);
    float line_y = field.y1 + t.gap;
    if (!s.done_detail.empty()) {
        c.text(f.body_bold, ImVec2(t.pad, line_y), t.palette.accent, c.ellipsize(f.body_bold, s.done_detail, t.screen.x - t.pad * 2));
        line_y += c.line_height(f.body_bold);
    }
    // The privacy line whole comes first; the prompt (also the empty field's placeholder) only
    // where there is room for both, as on a 7-inch screen there is not.
    float width = t.screen.x - t.pad * 2;
    float privacy_h = static_cast<float>(c.wrap(f.small, v.privacy, width, 4).size()) * c.line_height(f.small);
    std::string prompt = tr(v, "remember.prompt");
    float prompt_h = static_cast<float>(c.wrap(f.body, prompt, width, 2).size()) * c.line_height(f.body);
    if (s.done_detail.empty() && line_y + prompt_h + privacy_h <= keyboard.y0 - t.gap)
        line_y += c.text_block(f.body, ImVec2(t.pad, line_y), width, t.palette.text, prompt, 2);
    int lines = std::max(1, static_cast<int>((keyboard.y0 - t.gap - line_y) / c.line_height(f.small)));
    c.text_block(f.small, ImVec2(t.pad, line_y), width, t.palette.muted, v.privacy, std::min(lines, 4));
    apply_key(draw_keyboard(c, keyboard, KeyboardMode::Words, true, 0, v.language), input);
    if (!input.action)
        read_physical_keyboard(input);
}

void draw_checkout(Canvas& c, const CheckinView& v, float top, CheckinInput& input)
{
    const Theme& t = c.theme();
    const Fonts& f = c.fonts();
    const core::CheckinState& s = *v.state;
    std::vector<std::string> words{tr(v, "checkout.title"), tr(v, v.code_only ? "checkout.prompt_code" : "checkout.prompt")};
    for (const core::Match& m : v.matches)
        words.push_back(m.label);
    float y = draw_title(c, v, top, tr(v, "checkout.title"), input, words);
    float kb_h = keyboard_height(t, KeyboardMode::Code);
    Rect keyboard{t.pad, t.screen.y - t.pad * 0.5f - kb_h, t.screen.x - t.pad, t.screen.y - t.pad * 0.5f};
    float field_h = std::round(std::max(96.0f * t.unit, f.heading->FontSize * 1.6f));
    std::string code = core::clean_code(s.query);
    bool looks_like_code = code.size() == 4 && core::utf8_count(s.query) == 4;
    float code_w = looks_like_code ? std::round(std::min(t.screen.x * 0.45f, c.measure(f.heading, tr(v, "checkout.with_code")).x + field_h)) : 0;
    Rect field{t.pad, y + t.gap, t.screen.x - t.pad - (code_w > 0 ? code_w + t.pad : 0), y + t.gap + field_h};
    text_field(c, "##query", field, s.query, tr(v, v.code_only ? "checkout.prompt_code" : "checkout.prompt"), true, input, ActionKind::Touch);
    if (looks_like_code && button(c, "##with-code", Rect{field.x1 + t.pad, field.y0, t.screen.x - t.pad, field.y1}, tr(v, "checkout.with_code"), ButtonStyle::Primary))
        input.action = act(ActionKind::Confirm);
    // Matches: "Sam K." buttons, only for 2+ letters typed.
    float my = field.y1 + t.gap;
    float match_h = std::round(std::max(96.0f * t.unit, f.body_bold->FontSize * 2));
    if (!s.done_detail.empty()) {
        c.text(f.body_bold, ImVec2(t.pad, my), t.palette.accent, c.ellipsize(f.body_bold, s.done_detail, t.screen.x - t.pad * 2));
        my += c.line_height(f.body_bold);
    } else if (!v.matches.empty()) {
        float x = t.pad;
        for (std::size_t i = 0; i < v.matches.size(); ++i) {
            const auto& m = v.matches[i];
            float w = std::round(c.measure(f.body_bold, m.label).x + match_h);
            if (x + w > t.screen.x - t.pad || my + match_h > keyboard.y0 - t.gap)
                break;
            std::string id = "##match" + std::to_string(m.id);
            if (button(c, id.c_str(), Rect{x, my, x + w, my + match_h}, m.label, ButtonStyle::Tile))
                input.action = act(ActionKind::ChooseMatch, "", m.id);
            x += w + t.gap;
        }
    } else if (!v.code_only && core::utf8_count(s.query) >= 2 && !looks_like_code) {
        c.text(f.body, ImVec2(t.pad, my), t.palette.muted, c.ellipsize(f.body, tr(v, "checkout.no_match"), t.screen.x - t.pad * 2));
    }
    apply_key(draw_keyboard(c, keyboard, KeyboardMode::Code, true, 0, v.language), input);
    if (!input.action)
        read_physical_keyboard(input);
}

} // namespace

CheckinInput draw_checkin(Canvas& c, const CheckinView& v)
{
    CheckinInput input;
    const Theme& t = c.theme();
    c.fill(ImVec2(0, 0), t.screen, t.palette.background);
    float top = draw_header(c, v.header);
    switch (v.state->step) {
    case Step::Signage: break;
    case Step::Welcome: draw_welcome(c, v, top, input); break;
    case Step::Purpose: draw_purpose(c, v, top, input); break;
    case Step::Name: draw_name(c, v, top, input); break;
    case Step::Done:
    case Step::CheckoutDone: draw_done(c, v, top, input); break;
    case Step::Checkout: draw_checkout(c, v, top, input); break;
    case Step::Remember: draw_remember(c, v, top, input); break;
    }
    return input;
}

} // namespace coi::ui
