#pragma once
// Staff mode's screens: the PIN pad, the staff menu, café specials (list and editor with
// keyboard, price pad, allergen and dietary toggles), who's in, a notice for this screen,
// and device status. Drawn from a StaffView; each frame returns at most one StaffIntent.

#include "content/feed/types.h"
#include "kiosk/core/signage.h"
#include "kiosk/core/staff.h"
#include "kiosk/ui/canvas.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::ui {

enum class StaffScreen { Pad, Home, Specials, EditSpecial, EditName, EditPrice, WhosIn, Notice, NoticeText, Status, Emergency, EmergencyText };

struct StaffSpecialRow {
    std::string id;
    std::string name;
    std::string price;
    bool sold_out = false;
};

struct StaffPersonRow {
    std::int64_t id = 0;
    std::string name;    // "Sam K."
    std::string since;   // 10:42
    std::string purpose; // a session, a purpose, or "Private appointment"
    bool located = false;
};

struct StaffView {
    core::HeaderView header;
    StaffScreen screen = StaffScreen::Pad;
    core::StaffRole role = core::StaffRole::None;
    // PIN pad
    std::size_t pad_digits = 0;
    std::string pad_title;   // "Staff PIN" or "Choose a staff PIN"
    std::string pad_message; // wrong PIN, locked for 4:59 ...
    bool pad_locked = false;
    // specials
    std::vector<StaffSpecialRow> specials;
    int specials_offset = 0; // the first row shown: a long menu is shown a screenful at a time
    feed::Special editing;
    bool editing_every_day = false;
    std::string price_digits;
    // who's in
    std::vector<StaffPersonRow> people;
    std::vector<std::string> counts; // "Café or a cuppa: 7"
    std::string totals;              // "Visits today: 12 · this week: 48 · volunteer hours this week: 7:30"
    bool confirm_sign_out_all = false;
    // local notice
    std::string notice_title, notice_body;
    bool notice_urgent = false;
    int notice_hours = 4;
    bool notice_editing_body = false;
    std::vector<std::pair<std::string, std::string>> local_notices; // id, title
    // device status
    std::vector<std::pair<std::string, std::string>> status; // label, value
    // a change asked for that was not saved ("Not saved: Sold out. ..."), over the header on every screen
    std::string problem;
    // emergency mode: whether one is on (and since when, in words), and a message being typed
    bool emergency_on = false;
    std::string emergency_line;
    std::string emergency_text;
    // keyboard
    bool shift = true;
    int accent_set = 0;
};

struct StaffIntent {
    enum class Kind {
        PadDigit,
        PadBackspace,
        PadOk,
        Cancel,
        Lock,
        ExitToDesktop,
        Open,
        Back,
        ToggleSoldOut,
        EditSpecial,
        MoreSpecials,
        RemoveSpecial,
        AddSpecial,
        CopyYesterday,
        SaveSpecial,
        EditName,
        EditPrice,
        ToggleAllergen,
        ToggleDietary,
        ToggleEveryDay,
        Type,
        Backspace,
        Shift,
        MoreAccents,
        Done,
        MarkLocated,
        SignOut,
        SignOutAll,
        ConfirmSignOutAll,
        EditNoticeTitle,
        EditNoticeBody,
        ToggleUrgent,
        NoticeHours,
        PostNotice,
        RemoveNotice,
        StartEmergency,
        EndEmergency,
        EditEmergencyText,
    } kind
        = Kind::Cancel;
    std::string text;       // Type, PadDigit, special or notice id
    std::int64_t id = 0;    // person id, allergen or dietary index, hours, emergency kind (feed::EmergencyKind)
    StaffScreen screen = StaffScreen::Home; // Open
};

std::optional<StaffIntent> draw_staff(Canvas&, const StaffView&); // one frame of staff mode

} // namespace coi::ui
