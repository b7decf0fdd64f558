// Emergency mode: one row per building, the last emergency (on while ended_at is NULL), and
// the building's key for its kiosks' messages to each other on the local network.
#include "repository.h"

#include "content/feed/lan_message.h"

#include <algorithm>

namespace coi::server {

namespace {

bool has_control_characters(const std::string& text, bool newlines_allowed)
{
    for (unsigned char c : text)
        if ((c < 0x20 && !(newlines_allowed && c == '\n')) || c == 0x7f)
            return true;
    return false;
}

} // namespace

std::optional<feed::Emergency> Repository::emergency(const std::string& site_id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT kind, message, started_by, started_at, ended_at FROM emergencies WHERE site_id = ?");
    row.bind(1, site_id);
    if (!row.step())
        return std::nullopt;
    auto kind = feed::emergency_kind_from_code(row.text(0));
    if (!kind)
        return std::nullopt;
    feed::Emergency e;
    e.kind = *kind;
    e.message = row.text(1);
    e.started_by = row.text(2);
    e.started_at = row.integer(3);
    if (!row.is_null(4))
        e.ended_at = row.integer(4);
    return e;
}

Outcome<feed::Emergency> Repository::start_emergency(
    const std::string& site_id, feed::EmergencyKind kind, const std::string& message, const std::string& started_by, std::optional<std::int64_t> at)
{
    if (message.size() > feed::kMaxEmergencyMessage)
        return bad_input("field \"message\": at most 500 bytes");
    if (has_control_characters(message, true))
        return bad_input("field \"message\": contains control characters");
    if (kind == feed::EmergencyKind::Message && message.empty())
        return bad_input("field \"message\": say what the screens should show");
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    std::int64_t when = std::min(at.value_or(now()), now()); // a kiosk's clock may run ahead
    if (auto current = emergency(site_id); current && current->changed_at() > when)
        return conflict("the building's emergency changed after that");
    m_db->prepare("INSERT INTO emergencies(site_id, kind, message, started_by, started_at, ended_at) "
                  "VALUES(?, ?, ?, ?, ?, NULL) ON CONFLICT(site_id) DO UPDATE SET kind = excluded.kind, "
                  "message = excluded.message, started_by = excluded.started_by, started_at = excluded.started_at, "
                  "ended_at = NULL, ended_by = ''")
        .bind(1, site_id)
        .bind(2, feed::to_code(kind))
        .bind(3, message)
        .bind(4, started_by.substr(0, 300))
        .bind(5, when)
        .run();
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    return *emergency(site_id);
}

Outcome<feed::Emergency> Repository::end_emergency(const std::string& site_id, const std::string& ended_by, std::optional<std::int64_t> at)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    auto current = emergency(site_id);
    if (!current || !current->active())
        return not_found("site \"" + site_id + "\" has no emergency on");
    std::int64_t when = std::max(std::min(at.value_or(now()), now()), current->started_at);
    m_db->prepare("UPDATE emergencies SET ended_at = ?, ended_by = ? WHERE site_id = ?").bind(1, when).bind(2, ended_by.substr(0, 300)).bind(3, site_id).run();
    bump_version(site_id);
    tx.commit();
    return *emergency(site_id);
}

std::string Repository::lan_key(const std::string& site_id)
{
    std::lock_guard lock(m_mutex);
    auto read = m_db->prepare("SELECT lan_key FROM site_lan_keys WHERE site_id = ?");
    read.bind(1, site_id);
    if (read.step())
        return read.text(0);
    std::string key = feed::generate_lan_key();
    try {
        Transaction tx(*m_db);
        m_db->prepare("INSERT OR IGNORE INTO site_lan_keys(site_id, lan_key) VALUES(?, ?)").bind(1, site_id).bind(2, key).run();
        tx.commit();
    } catch (const DatabaseError&) {
        // A full or read-only disk: the screens still get their feed, without a key, so they
        // neither send nor believe local-network messages until a key can be stored.
        return {};
    }
    auto again = m_db->prepare("SELECT lan_key FROM site_lan_keys WHERE site_id = ?");
    again.bind(1, site_id);
    return again.step() ? again.text(0) : key;
}

} // namespace coi::server
