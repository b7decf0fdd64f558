#include "kiosk/core/staff.h"

#include <algorithm>

namespace coi::core {

bool is_valid_pin(std::string_view pin)
{
    return static_cast<int>(pin.size()) >= kPinMinDigits && static_cast<int>(pin.size()) <= kPinMaxDigits
           && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view to_code(StaffRole role)
{
    switch (role) {
    case StaffRole::Cafe: return "cafe";
    case StaffRole::Staff: return "staff";
    case StaffRole::None: break;
    }
    return "none";
}

std::optional<StaffRole> staff_role_from_code(std::string_view code)
{
    if (code == "cafe")
        return StaffRole::Cafe;
    if (code == "staff")
        return StaffRole::Staff;
    return std::nullopt;
}

bool may(StaffRole role, StaffArea area)
{
    if (role == StaffRole::Staff)
        return true;
    return role == StaffRole::Cafe && area == StaffArea::Specials;
}

bool pad_locked(const PinPad& pad, feed::Instant now) { return now < pad.locked_until; }

int seconds_locked(const PinPad& pad, feed::Instant now) { return pad_locked(pad, now) ? static_cast<int>(pad.locked_until - now) : 0; }

PinPad after_wrong_pin(PinPad pad, feed::Instant now)
{
    pad.digits.clear();
    if (++pad.wrong >= kMaxWrongPins) {
        pad.wrong = 0;
        pad.locked_until = now + kPadLockSeconds;
    }
    return pad;
}

HoldResult update_hold(Hold hold, bool held_now, feed::Instant now)
{
    HoldResult r{hold, false};
    if (!held_now) {
        r.hold = Hold{};
        return r;
    }
    if (!hold.held) {
        r.hold = Hold{true, now, false};
        return r;
    }
    if (!hold.fired && now - hold.since >= kHoldSeconds) {
        r.hold.fired = true;
        r.open_pad = true;
    }
    return r;
}

bool staff_idle(feed::Instant last_input, feed::Instant now) { return now - last_input >= kStaffIdleSeconds; }

feed::Feed with_local_changes(const feed::Feed& content, const std::vector<LocalSpecial>& local, const std::vector<SpecialOverride>& overrides,
    const std::vector<LocalNotice>& notices, feed::Date today)
{
    feed::Feed out = content;
    auto override_for = [&](const std::string& id) -> const SpecialOverride* {
        for (auto& o : overrides)
            if (o.special_id == id && o.day == today)
                return &o;
        return nullptr;
    };
    for (const LocalSpecial& l : local) {
        if (!l.every_day && l.day != today)
            continue;
        feed::Special s = l.special;
        s.id = l.id;
        s.days = l.every_day ? std::vector<feed::Date>{} : std::vector<feed::Date>{today};
        out.specials.push_back(std::move(s));
    }
    std::vector<feed::Special> kept;
    for (feed::Special& s : out.specials) {
        if (const SpecialOverride* o = override_for(s.id)) {
            if (o->removed)
                continue;
            s.sold_out = o->sold_out;
        }
        kept.push_back(std::move(s));
    }
    out.specials = std::move(kept);
    for (const LocalNotice& n : notices) {
        feed::Notice notice = n.notice;
        notice.id = n.id;
        notice.screens.clear(); // this screen only: it never leaves the kiosk
        out.notices.insert(out.notices.begin(), std::move(notice));
    }
    return out;
}

std::optional<int> pence_from_digits(std::string_view digits)
{
    if (digits.empty() || digits.size() > 6 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoi(std::string(digits));
}

} // namespace coi::core
