#pragma once
// Staff mode's rules, pure: who may do what, the PIN pad's lockout, the idle lock, the
// hidden entry gesture, and today's café menu as the kiosk shows it (the content's
// specials with what staff changed at the screen today). Time is a parameter.

#include "content/feed/types.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::core {

enum class StaffRole { None, Cafe, Staff };

constexpr int kPinMinDigits = 4;
constexpr int kPinMaxDigits = 8;
constexpr int kMaxWrongPins = 5;        // then the pad locks
constexpr int kPadLockSeconds = 5 * 60;
constexpr int kStaffIdleSeconds = 2 * 60; // staff mode locks itself
constexpr int kHoldSeconds = 3;           // press on the clock to open the PIN pad

bool is_valid_pin(std::string_view pin); // 4 to 8 digits, nothing else
std::string_view to_code(StaffRole);
std::optional<StaffRole> staff_role_from_code(std::string_view);

// What each role may open. Café staff manage specials only.
enum class StaffArea { Specials, WhosIn, LocalNotice, DeviceStatus, ExitToDesktop, Emergency };
bool may(StaffRole, StaffArea);

struct PinPad {
    std::string digits;
    int wrong = 0;
    feed::Instant locked_until = 0;
};
bool pad_locked(const PinPad&, feed::Instant now);
PinPad after_wrong_pin(PinPad, feed::Instant now); // counts, and locks after the fifth
int seconds_locked(const PinPad&, feed::Instant now);

// The press-and-hold that opens the pad. Feed it every frame with whether the clock is
// held; it fires once per hold.
struct Hold {
    bool held = false;
    feed::Instant since = 0;
    bool fired = false;
};
struct HoldResult {
    Hold hold;
    bool open_pad = false;
};
HoldResult update_hold(Hold, bool held_now, feed::Instant now);

bool staff_idle(feed::Instant last_input, feed::Instant now); // true: lock staff mode

// What staff changed at the screen today, applied on top of the content.
struct LocalSpecial {
    std::string id;          // client UUID
    feed::Special special;   // days empty and every_day: every day; else today only
    bool every_day = false;
    feed::Date day;          // the day it was posted for
};
struct SpecialOverride {
    std::string special_id;
    feed::Date day;
    bool sold_out = false;
    bool removed = false;
};
struct LocalNotice {
    std::string id;
    feed::Notice notice; // show_until always set
};
// The content with today's local specials, sold-out marks and removals, and this screen's
// local notices, as the café page and the banner should show them at now.
feed::Feed with_local_changes(const feed::Feed&, const std::vector<LocalSpecial>&, const std::vector<SpecialOverride>&,
    const std::vector<LocalNotice>&, feed::Date today);

// "£3.50" typed on the price pad: digits only, pence. Returns nullopt when empty or absurd.
std::optional<int> pence_from_digits(std::string_view digits);

} // namespace coi::core
