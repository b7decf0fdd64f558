#include "kiosk/store/settings_store.h"

namespace coi::store {

const char* stored_name(Setting setting)
{
    switch (setting) {
    case Setting::SyncToken: return "sync.token";
    case Setting::PinnedKey: return "sync.public_key";
    case Setting::PairedServer: return "sync.server";
    case Setting::Etag: return "sync.etag";
    case Setting::PairCode: return "sync.pair_code";
    case Setting::PairSecret: return "sync.pair_secret";
    case Setting::RollbackFloor: return "sync.floor";
    case Setting::FootfallSent: return "sync.footfall_sent";
    case Setting::FootfallReportsSent: return "sync.footfall_reports_sent";
    case Setting::RememberSalt: return "remember.salt";
    case Setting::AutoSignoutDay: return "auto_signout_day";
    case Setting::PurgeDay: return "purge_day";
    case Setting::LocalEmergency: return "emergency.local";
    }
    return "";
}

std::optional<std::string> SettingsStore::get(Setting setting)
{
    auto rows = m_db.query("SELECT value FROM setting WHERE key = ?", {Value::text(stored_name(setting))});
    if (!rows || rows->empty())
        return std::nullopt;
    return (*rows)[0][0].bytes;
}

Result<Ok> SettingsStore::set(Setting setting, const std::string& value)
{
    return m_db.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        {Value::text(stored_name(setting)), Value::text(value)});
}

Result<Ok> SettingsStore::forget(std::initializer_list<Setting> settings)
{
    // One statement per key inside one transaction: all of them go, or none.
    return m_db.transaction([&]() -> Result<Ok> {
        for (Setting setting : settings)
            if (auto r = m_db.execute("DELETE FROM setting WHERE key = ?", {Value::text(stored_name(setting))}); !r)
                return r;
        return Ok{};
    });
}

} // namespace coi::store
