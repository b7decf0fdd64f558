#include "kiosk/store/remember_store.h"

#include "kiosk/store/settings_store.h"

#include <sodium.h>

namespace coi::store {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t n)
{
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, n);
    out.pop_back();
    return out;
}

} // namespace

Result<std::string> RememberStore::salt()
{
    auto rows = m_db.query("SELECT value FROM setting WHERE key = ?", {Value::text(stored_name(Setting::RememberSalt))});
    if (!rows)
        return rows.error();
    if (!rows->empty() && (*rows)[0][0].bytes.size() == crypto_pwhash_SALTBYTES * 2)
        return (*rows)[0][0].bytes;
    unsigned char fresh[crypto_pwhash_SALTBYTES];
    randombytes_buf(fresh, sizeof fresh);
    std::string hex = to_hex(fresh, sizeof fresh);
    // A new salt makes every kept hash unreachable: they are simply never matched again and
    // go at retention, as an unused one would.
    if (auto r = SettingsStore(m_db).set(Setting::RememberSalt, hex); !r)
        return r.error();
    return hex;
}

Result<Remembered> RememberStore::remember(const std::string& words, const std::string& local_day, feed::Instant now)
{
    if (sodium_init() < 0)
        return Error{"libsodium could not be initialised"};
    auto salt_hex = salt();
    if (!salt_hex)
        return salt_hex.error();
    unsigned char salt_bytes[crypto_pwhash_SALTBYTES];
    if (sodium_hex2bin(salt_bytes, sizeof salt_bytes, salt_hex->c_str(), salt_hex->size(), nullptr, nullptr, nullptr) != 0)
        return Error{"the remember salt is not hex"};
    // argon2id, not a fast hash: the words are short (four characters, or a name and an
    // initial), so whoever copies the card should pay for every guess. One salt for the
    // kiosk, so the same words find the same row.
    unsigned char hash[32];
    if (crypto_pwhash(hash, sizeof hash, words.c_str(), words.size(), salt_bytes, crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error{"not enough memory to hash what the visitor chose"};
    std::string key = to_hex(hash, sizeof hash);
    Remembered outcome = Remembered::New;
    auto done = m_db.transaction([&]() -> Result<Ok> {
        auto rows = m_db.query("SELECT last_day FROM remembered WHERE hash = ?", {Value::text(key)});
        if (!rows)
            return rows.error();
        if (rows->empty()) {
            outcome = Remembered::New;
            return m_db.execute("INSERT INTO remembered (hash, last_seen_at, last_day) VALUES (?, ?, ?)",
                {Value::text(key), Value::of(now), Value::text(local_day)});
        }
        outcome = (*rows)[0][0].bytes == local_day ? Remembered::AlreadyToday : Remembered::Returning;
        if (auto r = m_db.execute("UPDATE remembered SET last_seen_at = ?, last_day = ? WHERE hash = ?",
                {Value::of(now), Value::text(local_day), Value::text(key)});
            !r)
            return r;
        if (outcome != Remembered::Returning)
            return Ok{};
        return m_db.execute("INSERT INTO returning_day (day, count) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET count = count + 1",
            {Value::text(local_day)});
    });
    if (!done)
        return done.error();
    return outcome;
}

Result<int> RememberStore::forget_unused_before(feed::Instant before)
{
    auto r = m_db.execute("DELETE FROM remembered WHERE last_seen_at < ?", {Value::of(before)});
    if (!r)
        return r.error();
    return static_cast<int>(m_db.changes());
}

std::vector<ReturningDay> RememberStore::returning_days(const std::string& first_local_day)
{
    std::vector<ReturningDay> out;
    auto rows = m_db.query("SELECT day, count FROM returning_day WHERE day >= ? ORDER BY day", {Value::text(first_local_day)});
    if (rows)
        for (auto& r : *rows)
            out.push_back({r[0].bytes, r[1].integer});
    return out;
}

std::int64_t RememberStore::count_remembered()
{
    auto rows = m_db.query("SELECT COUNT(*) FROM remembered");
    return rows && !rows->empty() ? (*rows)[0][0].integer : 0;
}

} // namespace coi::store
