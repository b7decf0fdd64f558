#include "kiosk/store/staff_store.h"

#include "content/feed/parse.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace coi::store {

namespace {

std::string pin_key(core::StaffRole role) { return "pin." + std::string(core::to_code(role)); }

} // namespace

Result<Ok> StaffStore::set_pin(core::StaffRole role, const std::string& pin)
{
    if (role == core::StaffRole::None)
        return Error{"a PIN is for the cafe or the staff role"};
    if (!core::is_valid_pin(pin))
        return Error{"a PIN is 4 to 8 digits"};
    if (sodium_init() < 0)
        return Error{"libsodium could not be initialised"};
    char hash[crypto_pwhash_STRBYTES];
    // argon2id with libsodium's interactive limits: a fraction of a second on a Pi, and
    // still costly for anyone who copies the database and tries every PIN.
    if (crypto_pwhash_str(hash, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return Error{"not enough memory to hash the PIN"};
    return m_db.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        {Value::text(pin_key(role)), Value::text(hash)});
}

bool StaffStore::has_pin(core::StaffRole role)
{
    auto rows = m_db.query("SELECT 1 FROM setting WHERE key = ?", {Value::text(pin_key(role))});
    return rows && !rows->empty();
}

bool StaffStore::any_pin() { return has_pin(core::StaffRole::Staff) || has_pin(core::StaffRole::Cafe); }

core::StaffRole StaffStore::check_pin(const std::string& pin)
{
    if (!core::is_valid_pin(pin) || sodium_init() < 0)
        return core::StaffRole::None;
    for (core::StaffRole role : {core::StaffRole::Staff, core::StaffRole::Cafe}) {
        auto rows = m_db.query("SELECT value FROM setting WHERE key = ?", {Value::text(pin_key(role))});
        if (!rows || rows->empty())
            continue;
        const std::string& hash = (*rows)[0][0].bytes;
        if (crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0)
            return role;
    }
    return core::StaffRole::None;
}

Result<Ok> StaffStore::together(const std::function<Result<Ok>()>& steps) { return m_db.transaction(steps); }

Result<Ok> StaffStore::save_special(const core::LocalSpecial& s)
{
    return m_db.execute("INSERT INTO local_special (id, day, every_day, special, removed) VALUES (?, ?, ?, ?, 0) "
                        "ON CONFLICT(id) DO UPDATE SET day = excluded.day, every_day = excluded.every_day, special = excluded.special, removed = 0",
        {Value::text(s.id), Value::text(feed::format_date(s.day)), Value::of(s.every_day ? 1 : 0), Value::text(feed::special_to_json(s.special).dump())});
}

Result<Ok> StaffStore::remove_special(const std::string& id, feed::Date day)
{
    return m_db.transaction([&]() -> Result<Ok> {
        if (auto r = m_db.execute("UPDATE local_special SET removed = 1 WHERE id = ?", {Value::text(id)}); !r)
            return r;
        if (m_db.changes() > 0)
            return Ok{};
        return m_db.execute("INSERT INTO special_override (special_id, day, removed) VALUES (?, ?, 1) "
                            "ON CONFLICT(special_id, day) DO UPDATE SET removed = 1",
            {Value::text(id), Value::text(feed::format_date(day))});
    });
}

Result<Ok> StaffStore::set_sold_out(const std::string& special_id, feed::Date day, bool sold_out)
{
    return m_db.execute("INSERT INTO special_override (special_id, day, sold_out) VALUES (?, ?, ?) "
                        "ON CONFLICT(special_id, day) DO UPDATE SET sold_out = excluded.sold_out",
        {Value::text(special_id), Value::text(feed::format_date(day)), Value::of(sold_out ? 1 : 0)});
}

std::vector<core::LocalSpecial> StaffStore::local_specials()
{
    std::vector<core::LocalSpecial> out;
    auto rows = m_db.query("SELECT id, day, every_day, special FROM local_special WHERE removed = 0 ORDER BY rowid");
    if (!rows)
        return out;
    for (auto& r : *rows) {
        auto json = nlohmann::json::parse(r[3].bytes, nullptr, false);
        auto special = json.is_discarded() ? Result<feed::Special>(Error{"unreadable"}) : feed::special_from_json(json);
        auto day = feed::parse_date(r[1].bytes);
        if (!special || !day)
            continue; // a damaged row must not take the café page down with it
        out.push_back({r[0].bytes, *special, r[2].integer != 0, *day});
    }
    return out;
}

std::vector<core::SpecialOverride> StaffStore::overrides(feed::Date day)
{
    std::vector<core::SpecialOverride> out;
    auto rows = m_db.query("SELECT special_id, sold_out, removed FROM special_override WHERE day = ?", {Value::text(feed::format_date(day))});
    if (rows)
        for (auto& r : *rows)
            out.push_back({r[0].bytes, day, r[1].integer != 0, r[2].integer != 0});
    return out;
}

Result<Ok> StaffStore::post_notice(const core::LocalNotice& n)
{
    if (!n.notice.show_until)
        return Error{"a notice on this screen needs an end"};
    return m_db.execute("INSERT INTO local_notice (id, notice, show_until) VALUES (?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET notice = excluded.notice, show_until = excluded.show_until",
        {Value::text(n.id), Value::text(feed::notice_to_json(n.notice).dump()), Value::of(*n.notice.show_until)});
}

Result<Ok> StaffStore::remove_notice(const std::string& id) { return m_db.execute("DELETE FROM local_notice WHERE id = ?", {Value::text(id)}); }

std::vector<core::LocalNotice> StaffStore::notices(feed::Instant now)
{
    std::vector<core::LocalNotice> out;
    auto rows = m_db.query("SELECT id, notice FROM local_notice WHERE show_until > ? ORDER BY show_until", {Value::of(now)});
    if (!rows)
        return out;
    for (auto& r : *rows) {
        auto json = nlohmann::json::parse(r[1].bytes, nullptr, false);
        if (json.is_discarded())
            continue;
        auto notice = feed::notice_from_json(json);
        if (notice)
            out.push_back({r[0].bytes, *notice});
    }
    return out;
}

} // namespace coi::store
