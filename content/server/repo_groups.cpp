// Organiser groups, their invites, the changes they make (waiting or live) and the audit list.
#include "repository.h"
#include "secrets.h"

#include <algorithm>

namespace coi::server {

namespace {

std::string rooms_text(const std::vector<std::string>& rooms) { return nlohmann::json(rooms).dump(); }

std::optional<ChangeState> change_state_from_code(std::string_view code)
{
    for (auto state : {ChangeState::Waiting, ChangeState::Approved, ChangeState::Rejected, ChangeState::Live, ChangeState::Undone})
        if (to_code(state) == code)
            return state;
    return std::nullopt;
}

Done check_group_fields(const std::string& name)
{
    if (name.empty() || name.size() > 80)
        return bad_input("field \"name\": must be 1 to 80 characters");
    for (char c : name)
        if (static_cast<unsigned char>(c) < 0x20)
            return bad_input("field \"name\": must not contain control characters");
    return done();
}

} // namespace

std::string_view to_code(ChangeState state)
{
    switch (state) {
    case ChangeState::Waiting: return "waiting";
    case ChangeState::Approved: return "approved";
    case ChangeState::Rejected: return "rejected";
    case ChangeState::Live: return "live";
    case ChangeState::Undone: return "undone";
    }
    return "waiting";
}

// [SECTION] Groups
Outcome<Group> Repository::create_group(const std::string& name, const std::map<std::string, std::vector<std::string>>& rooms, bool trusted)
{
    if (auto checked = check_group_fields(name); !checked)
        return checked.failure();
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto existing = m_db->prepare("SELECT 1 FROM organiser_groups WHERE name = ?");
    existing.bind(1, name);
    if (existing.step())
        return conflict("there is already a group called \"" + name + "\"");
    m_db->prepare("INSERT INTO organiser_groups(name, trusted, created_at) VALUES(?, ?, ?)").bind(1, name).bind(2, std::int64_t{trusted}).bind(3, now()).run();
    auto id = m_db->last_insert_id();
    for (auto& [site, allowed] : rooms) {
        if (!site_exists(site))
            return bad_input("field \"sites\": no site \"" + site + "\"");
        m_db->prepare("INSERT INTO group_sites(group_id, site_id, rooms_json) VALUES(?, ?, ?)").bind(1, id).bind(2, site).bind(3, rooms_text(allowed)).run();
    }
    tx.commit();
    return group(id);
}

Outcome<Group> Repository::update_group(std::int64_t id, const std::string& name, const std::map<std::string, std::vector<std::string>>& rooms, bool trusted)
{
    if (auto checked = check_group_fields(name); !checked)
        return checked.failure();
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto existing = m_db->prepare("SELECT id FROM organiser_groups WHERE name = ? AND id <> ?");
    existing.bind(1, name).bind(2, id);
    if (existing.step())
        return conflict("there is already a group called \"" + name + "\"");
    auto found = m_db->prepare("SELECT 1 FROM organiser_groups WHERE id = ?");
    found.bind(1, id);
    if (!found.step())
        return not_found("no group with id " + std::to_string(id));
    m_db->prepare("UPDATE organiser_groups SET name = ?, trusted = ? WHERE id = ?").bind(1, name).bind(2, std::int64_t{trusted}).bind(3, id).run();
    m_db->prepare("DELETE FROM group_sites WHERE group_id = ?").bind(1, id).run();
    for (auto& [site, allowed] : rooms) {
        if (!site_exists(site))
            return bad_input("field \"sites\": no site \"" + site + "\"");
        m_db->prepare("INSERT INTO group_sites(group_id, site_id, rooms_json) VALUES(?, ?, ?)").bind(1, id).bind(2, site).bind(3, rooms_text(allowed)).run();
    }
    tx.commit();
    return group(id);
}

Outcome<Group> Repository::group(std::int64_t id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT id, name, trusted, suspended FROM organiser_groups WHERE id = ?");
    row.bind(1, id);
    if (!row.step())
        return not_found("no group with id " + std::to_string(id));
    Group result{row.integer(0), row.text(1), {}, row.integer(2) != 0, row.integer(3) != 0};
    auto sites = m_db->prepare("SELECT site_id, rooms_json FROM group_sites WHERE group_id = ? ORDER BY site_id");
    sites.bind(1, id);
    while (sites.step()) {
        auto rooms = nlohmann::json::parse(sites.text(1), nullptr, false);
        result.rooms[sites.text(0)] = rooms.is_array() ? rooms.get<std::vector<std::string>>() : std::vector<std::string>{};
    }
    return result;
}

std::vector<Group> Repository::groups()
{
    std::lock_guard lock(m_mutex);
    std::vector<std::int64_t> ids;
    auto rows = m_db->prepare("SELECT id FROM organiser_groups ORDER BY name");
    while (rows.step())
        ids.push_back(rows.integer(0));
    std::vector<Group> result;
    for (auto id : ids)
        if (auto found = group(id))
            result.push_back(found.release());
    return result;
}

std::vector<Organiser> Repository::organisers(std::int64_t group_id)
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT id, name, suspended FROM users WHERE role = 'organiser' AND group_id = ? ORDER BY name");
    rows.bind(1, group_id);
    std::vector<Organiser> result;
    while (rows.step())
        result.push_back({rows.integer(0), rows.text(1), group_id, rows.integer(2) != 0});
    return result;
}

// A suspension takes effect at once: the sessions go with it, so a page left open is signed out
// on its next request rather than when its cookie expires.
Done Repository::set_group_suspended(std::int64_t id, bool suspended)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto update = m_db->prepare("UPDATE organiser_groups SET suspended = ? WHERE id = ?");
    update.bind(1, std::int64_t{suspended}).bind(2, id).run();
    if (m_db->changes() == 0)
        return not_found("no group with id " + std::to_string(id));
    if (suspended)
        m_db->prepare("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE group_id = ?)").bind(1, id).run();
    tx.commit();
    return done();
}

Done Repository::set_organiser_suspended(std::int64_t user_id, bool suspended)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto update = m_db->prepare("UPDATE users SET suspended = ? WHERE id = ? AND role = 'organiser'");
    update.bind(1, std::int64_t{suspended}).bind(2, user_id).run();
    if (m_db->changes() == 0)
        return not_found("no organiser with id " + std::to_string(user_id));
    if (suspended)
        m_db->prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
    tx.commit();
    return done();
}

// [SECTION] Invites
NewInvite Repository::create_invite(std::int64_t group_id)
{
    NewInvite invite{random_token(), now() + kInviteSeconds};
    std::lock_guard lock(m_mutex);
    m_db->prepare("DELETE FROM invites WHERE expires_at < ?").bind(1, now()).run();
    m_db->prepare("INSERT INTO invites(token_hash, group_id, created_at, expires_at) VALUES(?, ?, ?, ?)")
        .bind(1, token_hash(invite.token))
        .bind(2, group_id)
        .bind(3, now())
        .bind(4, invite.expires_at)
        .run();
    return invite;
}

Outcome<Group> Repository::invite_group(const std::string& token)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT group_id FROM invites WHERE token_hash = ? AND used_at IS NULL AND expires_at >= ?");
    row.bind(1, token_hash(token)).bind(2, now());
    if (!row.step())
        return not_found("this invitation has been used or has expired; ask the coordinator for a new link");
    return group(row.integer(0));
}

Outcome<User> Repository::accept_invite(const std::string& token, const std::string& name, const std::string& password)
{
    if (name.empty() || name.size() > 64)
        return bad_input("field \"name\": must be 1 to 64 characters");
    for (char c : name)
        if (static_cast<unsigned char>(c) < 0x20)
            return bad_input("field \"name\": must not contain control characters");
    if (auto strong = check_password_strength(password); !strong)
        return strong.failure();
    auto hash = hash_password(password); // slow on purpose: outside the lock
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto invite = invite_group(token);
    if (!invite)
        return invite.failure();
    auto existing = m_db->prepare("SELECT 1 FROM users WHERE name = ?");
    existing.bind(1, name);
    if (existing.step())
        return conflict("there is already an account called \"" + name + "\"; pick another name");
    m_db->prepare("UPDATE invites SET used_at = ? WHERE token_hash = ?").bind(1, now()).bind(2, token_hash(token)).run();
    m_db->prepare("INSERT INTO users(name, password_hash, role, created_at, group_id) VALUES(?, ?, 'organiser', ?, ?)")
        .bind(1, name)
        .bind(2, hash)
        .bind(3, now())
        .bind(4, invite->id)
        .run();
    auto id = m_db->last_insert_id();
    tx.commit();
    return user(id);
}

// [SECTION] Items owned by a group
Outcome<std::int64_t> Repository::item_group(ItemKind kind, const std::string& site_id, const std::string& item_id)
{
    if (kind == ItemKind::Special)
        return std::int64_t{0};
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT coalesce(group_id, 0) FROM " + std::string(to_code(kind)) + " WHERE site_id = ? AND id = ?");
    row.bind(1, site_id).bind(2, item_id);
    if (!row.step())
        return not_found("no such item \"" + item_id + "\" at site \"" + site_id + "\"");
    return row.integer(0);
}

Done Repository::check_item(ItemKind kind, const std::string& site_id, const nlohmann::json& item, WriteMode mode)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db); // never committed: the destructor rolls back
    auto stored = put_item_locked(kind, site_id, item, mode, ItemSource::Admin);
    if (!stored)
        return stored.failure();
    return validate_site_feed(site_id);
}

Outcome<StoredItem> Repository::put_group_item(ItemKind kind, const std::string& site_id, const nlohmann::json& item, WriteMode mode, std::int64_t group_id)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto stored = put_item_locked(kind, site_id, item, mode, ItemSource::Admin);
    if (!stored)
        return stored;
    m_db->prepare("UPDATE " + std::string(to_code(kind)) + " SET group_id = ? WHERE site_id = ? AND id = ?")
        .bind(1, group_id)
        .bind(2, site_id)
        .bind(3, stored->id)
        .run();
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    stored->group_id = group_id;
    return stored;
}

// [SECTION] Changes
Outcome<Change> Repository::record_change(const Change& change)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("INSERT INTO changes(site_id, group_id, user_name, kind, item_id, proposed_json, replaces_json, "
                  "description, state, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, change.site_id)
        .bind(2, change.group_id)
        .bind(3, change.user_name)
        .bind(4, to_code(change.kind))
        .bind(5, change.item_id)
        .bind(6, change.proposed.dump())
        .bind(7, change.replaces.is_null() ? std::optional<std::string>{} : std::optional<std::string>{change.replaces.dump()})
        .bind(8, change.description)
        .bind(9, to_code(change.state))
        .bind(10, now())
        .run();
    return this->change(m_db->last_insert_id());
}

namespace {
constexpr const char* kChangeColumns = "SELECT changes.id, site_id, group_id, organiser_groups.name, user_name, kind, item_id, proposed_json, "
                                       "replaces_json, description, state, changes.created_at, coalesce(decided_by, ''), coalesce(decided_at, 0) "
                                       "FROM changes JOIN organiser_groups ON organiser_groups.id = changes.group_id ";

Change read_change(Statement& row)
{
    Change change;
    change.id = row.integer(0);
    change.site_id = row.text(1);
    change.group_id = row.integer(2);
    change.group_name = row.text(3);
    change.user_name = row.text(4);
    change.kind = row.text(5) == "notices" ? ItemKind::Notice : ItemKind::Event;
    change.item_id = row.text(6);
    change.proposed = nlohmann::json::parse(row.text(7), nullptr, false);
    change.replaces = row.is_null(8) ? nlohmann::json() : nlohmann::json::parse(row.text(8), nullptr, false);
    change.description = row.text(9);
    change.state = change_state_from_code(row.text(10)).value_or(ChangeState::Waiting);
    change.created_at = row.integer(11);
    change.decided_by = row.text(12);
    change.decided_at = row.integer(13);
    return change;
}
} // namespace

Outcome<Change> Repository::change(std::int64_t id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare(std::string(kChangeColumns) + "WHERE changes.id = ?");
    row.bind(1, id);
    if (!row.step())
        return not_found("no change with id " + std::to_string(id));
    return read_change(row);
}

std::vector<Change> Repository::changes(const std::string& site_id, ChangeState state, std::int64_t since)
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare(std::string(kChangeColumns) + "WHERE site_id = ? AND state = ? AND changes.created_at >= ? ORDER BY changes.id DESC LIMIT 200");
    rows.bind(1, site_id).bind(2, to_code(state)).bind(3, since);
    std::vector<Change> result;
    while (rows.step())
        result.push_back(read_change(rows));
    return result;
}

Done Repository::decide_change(std::int64_t id, ChangeState state, const std::string& decided_by)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("UPDATE changes SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?")
        .bind(1, to_code(state))
        .bind(2, decided_by)
        .bind(3, now())
        .bind(4, id)
        .run();
    if (m_db->changes() == 0)
        return not_found("no change with id " + std::to_string(id));
    return done();
}

// [SECTION] Audit
void Repository::record_audit(const std::string& site_id, const std::string& who, const std::string& what)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("INSERT INTO audit(at, site_id, who, what) VALUES(?, ?, ?, ?)")
        .bind(1, now())
        .bind(2, site_id)
        .bind(3, who)
        .bind(4, what.substr(0, 300))
        .run();
}

std::vector<AuditEntry> Repository::audit(const std::string& site_id, std::size_t limit)
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT at, site_id, who, what FROM audit WHERE site_id = ? ORDER BY at DESC, id DESC LIMIT ?");
    rows.bind(1, site_id).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> result;
    while (rows.step())
        result.push_back({rows.integer(0), rows.text(1), rows.text(2), rows.text(3)});
    return result;
}

std::int64_t Repository::purge_expired_audit()
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("DELETE FROM audit WHERE at < ?").bind(1, now() - kAuditKeepSeconds).run();
    return m_db->changes();
}

} // namespace coi::server
