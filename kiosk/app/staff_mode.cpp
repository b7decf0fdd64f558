#include "kiosk/app/staff_mode.h"

#include "kiosk/core/format.h"
#include "kiosk/core/reporting.h"
#include "kiosk/core/signage.h"
#include "kiosk/core/strings.h"
#include "kiosk/core/text_input.h"

#include <algorithm>
#include <random>

namespace coi::app {

using Kind = ui::StaffIntent::Kind;

namespace {

std::string new_id()
{
    static std::random_device random;
    static const char* hex = "0123456789abcdef";
    std::string id = "kiosk-";
    for (int i = 0; i < 20; ++i)
        id += hex[random() % 16];
    return id;
}

std::string minutes_and_seconds(int seconds)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d:%02d", seconds / 60, seconds % 60);
    return buf;
}

} // namespace

void StaffMode::open_pad(feed::Instant now)
{
    m_open = true;
    m_role = core::StaffRole::None;
    m_screen = ui::StaffScreen::Pad;
    m_pad.digits.clear();
    m_choosing_pin = !m_staff.any_pin(); // first use: whoever installs it chooses the staff PIN
    m_new_pin.clear();
    m_message = m_choosing_pin ? std::string(core::tr("staff.choose_pin")) : "";
    m_last_input = now;
}

void StaffMode::lock()
{
    m_open = false;
    m_role = core::StaffRole::None;
    m_screen = ui::StaffScreen::Pad;
    m_pad.digits.clear();
    m_confirm_all = false;
    m_problem.clear(); // the next person to open staff mode starts afresh
}

void StaffMode::tick(feed::Instant now)
{
    if (m_open && core::staff_idle(m_last_input, now))
        lock();
}

feed::Instant StaffMode::deadline() const { return m_open ? m_last_input + core::kStaffIdleSeconds : 0; }

ui::StaffView StaffMode::view(const feed::Feed& content, const core::TimeZone& zone, feed::Instant now) const
{
    ui::StaffView v;
    v.screen = m_screen;
    v.role = m_role;
    v.pad_digits = m_pad.digits.size();
    v.pad_title = std::string(core::tr(m_choosing_pin ? (m_new_pin.empty() ? "staff.choose_pin" : "staff.repeat_pin") : "staff.pin"));
    v.pad_locked = core::pad_locked(m_pad, now);
    v.pad_message = v.pad_locked ? core::fill(core::tr("staff.pad_locked"), {minutes_and_seconds(core::seconds_locked(m_pad, now))}) : m_message;
    feed::Date today = zone.local_date(now);
    // What was posted at this screen first: that is what staff are most likely to change.
    for (bool local : {true, false})
        for (const feed::Special* s : core::specials_on(content, today))
            if ((s->id.rfind("kiosk-", 0) == 0) == local)
                v.specials.push_back({s->id, s->name.get("en"), core::price_text(s->price_pence), s->sold_out});
    v.specials_offset = m_specials_offset;
    v.editing = m_editing;
    v.editing_every_day = m_every_day;
    v.price_digits = m_price_digits;
    if (m_screen == ui::StaffScreen::WhosIn) {
        for (auto& r : m_checkins.inside()) {
            std::string purpose = r.is_private() ? std::string(core::tr("checkin.private")) : r.purpose_id;
            for (auto& e : content.events)
                if (!r.is_private() && e.id == r.event_id)
                    purpose = e.title.get("en");
            for (auto& p : content.site.checkin.purposes)
                if (!r.is_private() && r.event_id.empty() && p.id == r.purpose_id)
                    purpose = p.label.get("en");
            v.people.push_back({r.id, core::display_name(r.first_name.empty() ? "(name erased)" : r.first_name, r.initial),
                core::clock_text(zone.to_local(r.checked_in_at).minutes), purpose, r.located_at.has_value()});
        }
        // This week runs from Monday; volunteers' hours are those already summed (visits ended).
        feed::Date monday = core::week_start(today);
        feed::Instant until = zone.from_local(feed::add_days(today, 1), 0);
        std::int64_t today_visits = m_checkins.count_visits(feed::format_date(today), feed::format_date(today), zone.from_local(today, 0), until);
        std::int64_t week_visits = m_checkins.count_visits(feed::format_date(monday), feed::format_date(today), zone.from_local(monday, 0), until);
        std::int64_t volunteer_minutes = 0;
        for (auto& d : m_checkins.volunteer_days(feed::format_date(monday)))
            volunteer_minutes += d.minutes;
        v.totals = core::fill(core::tr("staff.totals"), {std::to_string(today_visits), std::to_string(week_visits),
            std::to_string(volunteer_minutes / 60) + ":" + (volunteer_minutes % 60 < 10 ? "0" : "") + std::to_string(volunteer_minutes % 60)});
        std::map<std::string, int> counts;
        for (auto& c : m_checkins.head_counts(feed::format_date(today)))
            counts[c.purpose_id] += c.count;
        for (auto& [purpose, count] : counts) {
            std::string label = purpose;
            for (auto& p : content.site.checkin.purposes)
                if (p.id == purpose)
                    label = p.label.get("en");
            v.counts.push_back(label + ": " + std::to_string(count));
        }
    }
    v.confirm_sign_out_all = m_confirm_all;
    v.notice_title = m_notice_title;
    v.notice_body = m_notice_body;
    v.notice_urgent = m_notice_urgent;
    v.notice_hours = m_notice_hours;
    v.notice_editing_body = m_editing_body;
    for (auto& n : m_staff.notices(now))
        v.local_notices.push_back({n.id, n.notice.title.get("en")});
    v.status = status;
    v.emergency_on = m_emergency_on;
    v.emergency_line = m_emergency_line;
    v.emergency_text = m_emergency_text;
    v.problem = m_problem;
    v.shift = m_shift;
    v.accent_set = m_accent_set;
    return v;
}

StaffMode::Outcome StaffMode::handle_pad(const ui::StaffIntent& in, feed::Instant now)
{
    if (core::pad_locked(m_pad, now))
        return Outcome::None;
    switch (in.kind) {
    case Kind::PadDigit:
        if (static_cast<int>(m_pad.digits.size()) < core::kPinMaxDigits)
            m_pad.digits += in.text;
        break;
    case Kind::PadBackspace:
        if (!m_pad.digits.empty())
            m_pad.digits.pop_back();
        break;
    case Kind::PadOk: {
        std::string pin = std::exchange(m_pad.digits, "");
        if (m_choosing_pin) {
            if (!core::is_valid_pin(pin)) {
                m_message = core::tr("staff.choose_pin");
            } else if (m_new_pin.empty()) {
                m_new_pin = pin;
                m_message.clear();
            } else if (m_new_pin != pin) {
                m_new_pin.clear();
                m_message = core::tr("staff.pins_differ");
            } else if (auto saved = m_staff.set_pin(core::StaffRole::Staff, pin); saved) {
                m_choosing_pin = false;
                m_role = core::StaffRole::Staff;
                m_screen = ui::StaffScreen::Home;
                m_message.clear();
            } else {
                m_message = saved.error().message;
            }
            break;
        }
        core::StaffRole role = m_staff.check_pin(pin);
        if (role == core::StaffRole::None) {
            m_pad = core::after_wrong_pin(m_pad, now);
            m_message = core::count_text("staff.wrong_pin", core::kMaxWrongPins - m_pad.wrong);
            break;
        }
        m_pad = core::PinPad{};
        m_message.clear();
        m_role = role;
        // During an emergency the fire marshal needs who is in the building, at once.
        m_screen = m_emergency_on && core::may(role, core::StaffArea::WhosIn) ? ui::StaffScreen::WhosIn : ui::StaffScreen::Home;
        break;
    }
    case Kind::Cancel:
        lock();
        break;
    default:
        break;
    }
    return Outcome::None;
}

void StaffMode::start_editing(const feed::Feed& content, const std::string& id, feed::Date today)
{
    m_edit_id = id;
    m_editing = feed::Special{};
    m_every_day = false;
    m_price_digits.clear();
    for (const feed::Special* s : core::specials_on(content, today))
        if (s->id == id) {
            m_editing = *s;
            m_every_day = s->days.empty();
            m_price_digits = std::to_string(s->price_pence);
        }
    m_screen = ui::StaffScreen::EditSpecial;
}

void StaffMode::not_saved(const Error& error, std::string_view what)
{
    std::string why = error.message;
    if (!why.empty() && why.back() != '.')
        why += '.';
    m_problem = core::fill(core::tr("staff.not_saved"), {what, why});
}

StaffMode::Outcome StaffMode::handle(const ui::StaffIntent& in, const feed::Feed& content, const core::TimeZone& zone, feed::Instant now)
{
    m_last_input = now;
    if (m_screen == ui::StaffScreen::Pad)
        return handle_pad(in, now);
    feed::Date today = zone.local_date(now);
    auto allowed = [&](core::StaffArea area) { return core::may(m_role, area); };
    auto type_into = [&](std::string& field, std::size_t max_chars) {
        if (in.kind == Kind::Type && core::utf8_count(field) < max_chars) {
            field += in.text;
            m_shift = false;
        } else if (in.kind == Kind::Backspace) {
            field = core::drop_last_character(field);
        } else if (in.kind == Kind::Shift) {
            m_shift = !m_shift;
        } else if (in.kind == Kind::MoreAccents) {
            m_accent_set = (m_accent_set + 1) % 3;
        }
    };
    switch (in.kind) {
    case Kind::Lock: lock(); return Outcome::None;
    case Kind::ExitToDesktop:
        return allowed(core::StaffArea::ExitToDesktop) ? Outcome::ExitToDesktop : Outcome::None;
    case Kind::Open: {
        core::StaffArea area = in.screen == ui::StaffScreen::Specials ? core::StaffArea::Specials
            : in.screen == ui::StaffScreen::WhosIn                    ? core::StaffArea::WhosIn
            : in.screen == ui::StaffScreen::Notice                    ? core::StaffArea::LocalNotice
            : in.screen == ui::StaffScreen::Emergency                 ? core::StaffArea::Emergency
                                                                      : core::StaffArea::DeviceStatus;
        if (allowed(area)) // checked here as well as hidden in the menu
            m_screen = in.screen;
        m_confirm_all = false;
        return Outcome::None;
    }
    case Kind::Back:
        m_screen = m_screen == ui::StaffScreen::EditSpecial ? ui::StaffScreen::Specials
            : m_screen == ui::StaffScreen::EmergencyText    ? ui::StaffScreen::Emergency
                                                            : ui::StaffScreen::Home;
        m_confirm_all = false;
        return Outcome::None;
    default:
        break;
    }
    if (m_screen == ui::StaffScreen::Specials || m_screen == ui::StaffScreen::EditSpecial || m_screen == ui::StaffScreen::EditName
        || m_screen == ui::StaffScreen::EditPrice) {
        if (!allowed(core::StaffArea::Specials))
            return Outcome::None;
        switch (in.kind) {
        case Kind::ToggleSoldOut: {
            bool sold_out = false;
            for (const feed::Special* s : core::specials_on(content, today))
                if (s->id == in.text)
                    sold_out = s->sold_out;
            saved(m_staff.set_sold_out(in.text, today, !sold_out), core::tr("cafe.sold_out"));
            break;
        }
        case Kind::RemoveSpecial: saved(m_staff.remove_special(in.text, today), core::tr("staff.remove")); break;
        case Kind::MoreSpecials: m_specials_offset = static_cast<int>(in.id); break;
        case Kind::EditSpecial: start_editing(content, in.text, today); break;
        case Kind::AddSpecial: start_editing(content, "", today); break;
        case Kind::CopyYesterday: {
            // Yesterday's local specials of the day come back for today, as new ones.
            feed::Date yesterday = feed::add_days(today, -1);
            for (auto& l : m_staff.local_specials())
                if (!l.every_day && l.day == yesterday) {
                    core::LocalSpecial copy{new_id(), l.special, false, today};
                    copy.special.id = copy.id;
                    copy.special.sold_out = false;
                    if (!saved(m_staff.together([&]() -> Result<Ok> {
                            if (auto kept = m_staff.save_special(copy); !kept)
                                return kept;
                            return m_enqueue(copy.special, copy.id, now);
                        }),
                            core::tr("staff.copy_yesterday")))
                        break; // the same fault would refuse the rest: one message is enough
                }
            break;
        }
        case Kind::EditName: m_screen = ui::StaffScreen::EditName; m_shift = m_editing.name.get("en").empty(); break;
        case Kind::EditPrice: m_screen = ui::StaffScreen::EditPrice; break;
        case Kind::ToggleAllergen: {
            feed::Allergen a = feed::all_allergens()[static_cast<std::size_t>(std::clamp<std::int64_t>(in.id, 0, feed::kAllergenCount - 1))];
            auto& list = m_editing.allergens;
            auto it = std::find(list.begin(), list.end(), a);
            if (it == list.end())
                list.push_back(a);
            else
                list.erase(it);
            std::sort(list.begin(), list.end());
            break;
        }
        case Kind::ToggleDietary: {
            const feed::Dietary diets[] = {feed::Dietary::Vegetarian, feed::Dietary::Vegan, feed::Dietary::GlutenFree, feed::Dietary::Halal};
            feed::Dietary d = diets[std::clamp<std::int64_t>(in.id, 0, 3)];
            auto& list = m_editing.dietary;
            auto it = std::find(list.begin(), list.end(), d);
            if (it == list.end())
                list.push_back(d);
            else
                list.erase(it);
            break;
        }
        case Kind::ToggleEveryDay: m_every_day = !m_every_day; break;
        case Kind::PadDigit:
            if (m_price_digits.size() < 5)
                m_price_digits = m_price_digits == "0" ? in.text : m_price_digits + in.text;
            break;
        case Kind::PadBackspace:
            if (!m_price_digits.empty())
                m_price_digits.pop_back();
            break;
        case Kind::Type:
        case Kind::Backspace:
        case Kind::Shift:
        case Kind::MoreAccents: {
            std::string name = m_editing.name.get("en");
            type_into(name, 60);
            m_editing.name = feed::Text::plain(core::clean_special_name(name).text + (in.text == " " && !name.empty() ? " " : ""));
            break;
        }
        case Kind::Done: m_screen = ui::StaffScreen::EditSpecial; break;
        case Kind::SaveSpecial: {
            // Not clean_query: a visitor's name is 30 letters, but a coordinators' special
            // whose price is changed here must keep its whole name, punctuation and all.
            std::string name = core::clean_special_name(m_editing.name.get("en")).text;
            if (name.empty()) {
                m_screen = ui::StaffScreen::EditName;
                break;
            }
            m_editing.name = feed::Text::plain(name);
            m_editing.price_pence = core::pence_from_digits(m_price_digits).value_or(0);
            bool local_one = m_edit_id.rfind("kiosk-", 0) == 0;
            core::LocalSpecial local{local_one ? m_edit_id : new_id(), m_editing, m_every_day, today};
            local.special.id = local.id; // the stored JSON is a whole, valid special
            // One transaction: a power cut never hides a coordinators' special without its
            // replacement, nor leaves a saved special that the server will never hear of.
            bool kept = saved(m_staff.together([&]() -> Result<Ok> {
                if (!m_edit_id.empty() && !local_one) // a content special edited here: today's local version replaces it
                    if (auto hidden = m_staff.remove_special(m_edit_id, today); !hidden)
                        return hidden;
                if (auto stored = m_staff.save_special(local); !stored)
                    return stored;
                return m_enqueue(local.special, local.id, now);
            }),
                name);
            if (kept) // else the editor stays open with everything typed, to try again
                m_screen = ui::StaffScreen::Specials;
            break;
        }
        default: break;
        }
        return Outcome::None;
    }
    if (m_screen == ui::StaffScreen::WhosIn && allowed(core::StaffArea::WhosIn)) {
        switch (in.kind) {
        case Kind::MarkLocated: saved(m_checkins.mark_located(in.id, now), core::tr("staff.located")); break;
        case Kind::SignOut: saved(m_checkins.check_out(in.id, store::CheckoutKind::Staff, now), core::tr("staff.sign_out")); break;
        case Kind::SignOutAll: m_confirm_all = true; break;
        case Kind::ConfirmSignOutAll:
            saved(m_checkins.check_out_everyone(store::CheckoutKind::Staff, now), core::tr("staff.sign_out_all"));
            m_confirm_all = false;
            break;
        default: break;
        }
        return Outcome::None;
    }
    if ((m_screen == ui::StaffScreen::Notice || m_screen == ui::StaffScreen::NoticeText) && allowed(core::StaffArea::LocalNotice)) {
        switch (in.kind) {
        case Kind::EditNoticeTitle: m_editing_body = false; m_screen = ui::StaffScreen::NoticeText; m_shift = true; break;
        case Kind::EditNoticeBody: m_editing_body = true; m_screen = ui::StaffScreen::NoticeText; m_shift = true; break;
        case Kind::Type:
        case Kind::Backspace:
        case Kind::Shift:
        case Kind::MoreAccents: type_into(m_editing_body ? m_notice_body : m_notice_title, m_editing_body ? 300 : 80); break;
        case Kind::Done: m_screen = ui::StaffScreen::Notice; break;
        case Kind::ToggleUrgent: m_notice_urgent = !m_notice_urgent; break;
        case Kind::NoticeHours: m_notice_hours = static_cast<int>(std::clamp<std::int64_t>(in.id, 1, 24 * 7)); break;
        case Kind::PostNotice: {
            if (m_notice_title.empty())
                break;
            core::LocalNotice n;
            n.id = new_id();
            n.notice.id = n.id;
            n.notice.title = feed::Text::plain(m_notice_title);
            n.notice.body = feed::Text::plain(m_notice_body);
            n.notice.urgent = m_notice_urgent;
            n.notice.show_from = now;
            n.notice.show_until = now + static_cast<feed::Instant>(m_notice_hours) * 3600;
            if (saved(m_staff.post_notice(n), m_notice_title)) {
                m_notice_title.clear();
                m_notice_body.clear();
                m_notice_urgent = false;
            }
            break;
        }
        case Kind::RemoveNotice: saved(m_staff.remove_notice(in.text), core::tr("staff.remove")); break;
        default: break;
        }
    }
    if ((m_screen == ui::StaffScreen::Emergency || m_screen == ui::StaffScreen::EmergencyText) && allowed(core::StaffArea::Emergency)) {
        switch (in.kind) {
        case Kind::EditEmergencyText:
            m_screen = ui::StaffScreen::EmergencyText;
            m_shift = true;
            break;
        case Kind::Type:
        case Kind::Backspace:
        case Kind::Shift:
        case Kind::MoreAccents: type_into(m_emergency_text, 200); break;
        case Kind::Done: m_screen = ui::StaffScreen::Emergency; break;
        case Kind::StartEmergency: {
            if (in.id < 0 || in.id > static_cast<std::int64_t>(feed::EmergencyKind::Message))
                break;
            auto kind = static_cast<feed::EmergencyKind>(in.id);
            if (kind == feed::EmergencyKind::Message && m_emergency_text.empty())
                break;
            m_emergency_ask = EmergencyAsk{false, kind, kind == feed::EmergencyKind::Message ? m_emergency_text : std::string()};
            m_emergency_text.clear();
            break;
        }
        case Kind::EndEmergency: m_emergency_ask = EmergencyAsk{true, {}, {}}; break;
        default: break;
        }
    }
    return Outcome::None;
}

} // namespace coi::app
