#pragma once
// Staff mode, wired: the PIN pad and the staff screens' state, and what each tap does to
// the stores. The rules (roles, lockout, idle lock) are core::staff's; the drawing is
// ui::draw_staff's; this keeps the state between frames and does the writing.

#include "content/feed/types.h"
#include "kiosk/core/staff.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/store/checkin_store.h"
#include "kiosk/store/staff_store.h"
#include "kiosk/ui/staff_screens.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace coi::app {

class StaffMode {
public:
    // To the outbox; called inside the transaction that saves the special, so a special saved
    // at the screen is never left unqueued for the server (a failure undoes the save).
    using Enqueue = std::function<Result<Ok>(const feed::Special&, const std::string& id, feed::Instant now)>;
    StaffMode(store::StaffStore& staff, store::CheckinStore& checkins, Enqueue enqueue)
        : m_staff(staff), m_checkins(checkins), m_enqueue(std::move(enqueue)) {}

    bool active() const { return m_open; }
    core::StaffRole role() const { return m_role; }
    void open_pad(feed::Instant now);            // the hidden gesture
    void lock();                                  // back to signage, role forgotten
    void tick(feed::Instant now);                 // locks after 2 minutes untouched
    feed::Instant deadline() const;               // when tick() next has something to do

    enum class Outcome { None, ExitToDesktop };
    // content: what the screen shows now (with today's local changes); zone for local dates.
    ui::StaffView view(const feed::Feed& content, const core::TimeZone&, feed::Instant now) const;
    Outcome handle(const ui::StaffIntent&, const feed::Feed& content, const core::TimeZone&, feed::Instant now);
    std::vector<std::pair<std::string, std::string>> status; // device status lines, filled by the app

    // Emergency mode. The app says whether one is on before each frame (staff opened during
    // one land on the roll-call); what staff asked for waits in take_emergency() for the app.
    struct EmergencyAsk {
        bool end = false;
        feed::EmergencyKind kind = feed::EmergencyKind::Evacuate;
        std::string message;
    };
    void set_emergency(bool on, std::string line)
    {
        m_emergency_on = on;
        m_emergency_line = std::move(line);
    }
    std::optional<EmergencyAsk> take_emergency()
    {
        auto ask = std::move(m_emergency_ask);
        m_emergency_ask.reset();
        return ask;
    }

private:
    void start_editing(const feed::Feed& content, const std::string& id, feed::Date today);
    Outcome handle_pad(const ui::StaffIntent&, feed::Instant now);
    // Whether a change staff asked for was saved; if not, what the screen says about it.
    template<typename T>
    bool saved(const Result<T>& result, std::string_view what)
    {
        if (result)
            m_problem.clear();
        else
            not_saved(result.error(), what);
        return result.ok();
    }
    void not_saved(const Error&, std::string_view what);

    store::StaffStore& m_staff;
    store::CheckinStore& m_checkins;
    Enqueue m_enqueue;
    bool m_open = false;
    core::StaffRole m_role = core::StaffRole::None;
    ui::StaffScreen m_screen = ui::StaffScreen::Pad;
    core::PinPad m_pad;
    std::string m_message;
    std::string m_problem;      // the last change that was not saved, until the next one is
    std::string m_new_pin;      // first entry while choosing the first PIN
    bool m_choosing_pin = false;
    feed::Instant m_last_input = 0;
    // the special being edited
    std::string m_edit_id;      // empty: a new one
    feed::Special m_editing;
    bool m_every_day = false;
    std::string m_price_digits;
    bool m_confirm_all = false;
    int m_specials_offset = 0;
    // the notice being written
    std::string m_notice_title, m_notice_body;
    bool m_notice_urgent = false;
    int m_notice_hours = 4;
    bool m_editing_body = false;
    bool m_shift = true;
    int m_accent_set = 0;
    // emergency mode
    bool m_emergency_on = false;
    std::string m_emergency_line;
    std::string m_emergency_text;
    std::optional<EmergencyAsk> m_emergency_ask;
};

} // namespace coi::app
