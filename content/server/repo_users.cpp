// Accounts and sessions.
#include "repository.h"
#include "secrets.h"

#include <algorithm>
#include <cctype>

namespace coi::server {

namespace {

Done check_user_fields(const std::string& name, Role role, const std::vector<std::string>& sites)
{
    if (name.empty() || name.size() > 64)
        return bad_input("field \"name\": must be 1 to 64 characters");
    for (char c : name)
        if (static_cast<unsigned char>(c) < 0x20)
            return bad_input("field \"name\": must not contain control characters");
    if (role == Role::Cafe && sites.size() != 1)
        return bad_input("field \"sites\": a café account belongs to exactly one site");
    if (role == Role::Admin && !sites.empty())
        return bad_input("field \"sites\": an admin sees every site, leave it empty");
    // An organiser belongs to a group, which says where it may post: it joins by an invite
    // from that group, never as a bare account.
    if (role == Role::Organiser)
        return bad_input("field \"role\": organisers join by an invite from their group's page");
    return done();
}

} // namespace

Done check_password_strength(const std::string& password)
{
    // Counted without spaces: ten spaces were a password, and a phrase's spaces add little.
    auto letters = std::count_if(password.begin(), password.end(), [](unsigned char c) { return !std::isspace(c); });
    if (password.size() < 10 || letters < 10)
        return bad_input("field \"password\": must be at least 10 characters, not counting spaces");
    if (password.size() > 256)
        return bad_input("field \"password\": must be at most 256 characters");
    return done();
}

bool Repository::is_suspended(std::int64_t user_id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT users.suspended OR coalesce(organiser_groups.suspended, 0) FROM users "
                             "LEFT JOIN organiser_groups ON organiser_groups.id = users.group_id WHERE users.id = ?");
    row.bind(1, user_id);
    return row.step() && row.integer(0) != 0;
}

Outcome<User> Repository::load_user(Statement& row)
{
    User user;
    user.id = row.integer(0);
    user.name = row.text(1);
    user.role = role_from_code(row.text(2)).value_or(Role::Coordinator);
    if (user.role == Role::Organiser) {
        // An organiser's buildings are its group's, so a coordinator's change reaches them at once.
        auto group = m_db->prepare("SELECT group_id FROM users WHERE id = ?");
        group.bind(1, user.id);
        if (group.step())
            user.group_id = group.integer(0);
    }
    auto sites = m_db->prepare(user.role == Role::Organiser ? "SELECT site_id FROM group_sites WHERE group_id = ? ORDER BY site_id"
                                                            : "SELECT site_id FROM user_sites WHERE user_id = ? ORDER BY site_id");
    sites.bind(1, user.role == Role::Organiser ? user.group_id : user.id);
    while (sites.step())
        user.sites.push_back(sites.text(0));
    return user;
}

Outcome<User> Repository::create_user(const std::string& name, const std::string& password, Role role,
                                      std::vector<std::string> sites)
{
    if (auto checked = check_user_fields(name, role, sites); !checked)
        return checked.failure();
    if (auto strong = check_password_strength(password); !strong)
        return strong.failure();
    auto hash = hash_password(password); // slow on purpose: outside the lock
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto existing = m_db->prepare("SELECT 1 FROM users WHERE name = ?");
    existing.bind(1, name);
    if (existing.step())
        return conflict("there is already an account called \"" + name + "\"");
    for (auto& site : sites)
        if (!site_exists(site))
            return bad_input("field \"sites\": no site \"" + site + "\"");
    auto insert = m_db->prepare("INSERT INTO users(name, password_hash, role, created_at) VALUES(?, ?, ?, ?)");
    insert.bind(1, name).bind(2, hash).bind(3, to_code(role)).bind(4, now()).run();
    auto id = m_db->last_insert_id();
    for (auto& site : sites)
        m_db->prepare("INSERT INTO user_sites(user_id, site_id) VALUES(?, ?)").bind(1, id).bind(2, site).run();
    tx.commit();
    return user(id);
}

Outcome<User> Repository::update_user(std::int64_t id, const std::optional<std::string>& password, Role role,
                                      std::vector<std::string> sites)
{
    auto current = user(id);
    if (!current)
        return current.failure();
    if (current->role == Role::Organiser)
        return conflict("an organiser's account is managed from its group: suspend it there");
    if (auto checked = check_user_fields(current->name, role, sites); !checked)
        return checked.failure();
    std::optional<std::string> hash;
    if (password) {
        if (auto strong = check_password_strength(*password); !strong)
            return strong.failure();
        hash = hash_password(*password);
    }
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (current->role == Role::Admin && role != Role::Admin) {
        auto admins = m_db->prepare("SELECT count(*) FROM users WHERE role = 'admin'");
        admins.step();
        if (admins.integer(0) <= 1)
            return conflict("this is the last admin account; make another admin first");
    }
    for (auto& site : sites)
        if (!site_exists(site))
            return bad_input("field \"sites\": no site \"" + site + "\"");
    m_db->prepare("UPDATE users SET role = ? WHERE id = ?").bind(1, to_code(role)).bind(2, id).run();
    if (hash) {
        m_db->prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, *hash).bind(2, id).run();
        m_db->prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, id).run(); // new password: sign out everywhere
    }
    m_db->prepare("DELETE FROM user_sites WHERE user_id = ?").bind(1, id).run();
    for (auto& site : sites)
        m_db->prepare("INSERT INTO user_sites(user_id, site_id) VALUES(?, ?)").bind(1, id).bind(2, site).run();
    tx.commit();
    return user(id);
}

Done Repository::delete_user(std::int64_t id)
{
    auto current = user(id);
    if (!current)
        return current.failure();
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (current->role == Role::Admin) {
        auto admins = m_db->prepare("SELECT count(*) FROM users WHERE role = 'admin'");
        admins.step();
        if (admins.integer(0) <= 1)
            return conflict("this is the last admin account; make another admin first");
    }
    m_db->prepare("DELETE FROM users WHERE id = ?").bind(1, id).run();
    tx.commit();
    return done();
}

std::vector<User> Repository::users()
{
    std::lock_guard lock(m_mutex);
    std::vector<User> result;
    auto rows = m_db->prepare("SELECT id, name, role FROM users ORDER BY name");
    while (rows.step())
        if (auto loaded = load_user(rows))
            result.push_back(loaded.release());
    return result;
}

Outcome<User> Repository::user(std::int64_t id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT id, name, role FROM users WHERE id = ?");
    row.bind(1, id);
    if (!row.step())
        return not_found("no account with id " + std::to_string(id));
    return load_user(row);
}

std::size_t Repository::user_count()
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT count(*) FROM users");
    row.step();
    return static_cast<std::size_t>(row.integer(0));
}

Outcome<User> Repository::check_password(const std::string& name, const std::string& password)
{
    std::int64_t id = 0;
    std::string stored;
    {
        std::lock_guard lock(m_mutex);
        auto row = m_db->prepare("SELECT id, password_hash FROM users WHERE name = ?");
        row.bind(1, name);
        if (row.step()) {
            id = row.integer(0);
            stored = row.text(1);
        }
    }
    bool suspended = is_suspended(id);
    // Verify even for an unknown name, so timing does not reveal which accounts exist.
    static const std::string decoy = hash_password("decoy password that never matches");
    bool matches = password_matches(password, stored.empty() ? decoy : stored);
    if (!matches || stored.empty())
        return Failure{FailureKind::Unauthorised, "wrong name or password"};
    // Said only to someone who knows the password: it names no account to a stranger.
    if (suspended)
        return forbidden("this account is suspended; ask the building's coordinator");
    return user(id);
}

NewSession Repository::create_session(std::int64_t user_id, int hours)
{
    NewSession session{random_token(), random_token()};
    std::lock_guard lock(m_mutex);
    m_db->prepare("DELETE FROM sessions WHERE expires_at < ?").bind(1, now()).run();
    m_db->prepare("INSERT INTO sessions(token_hash, user_id, csrf, expires_at) VALUES(?, ?, ?, ?)")
        .bind(1, token_hash(session.token))
        .bind(2, user_id)
        .bind(3, session.csrf)
        .bind(4, now() + std::int64_t{hours} * 3600)
        .run();
    return session;
}

std::optional<Session> Repository::session(const std::string& token)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT user_id, csrf FROM sessions WHERE token_hash = ? AND expires_at >= ?");
    row.bind(1, token_hash(token)).bind(2, now());
    if (!row.step() || is_suspended(row.integer(0)))
        return std::nullopt;
    auto found = user(row.integer(0));
    if (!found)
        return std::nullopt;
    return Session{found.release(), row.text(1)};
}

void Repository::delete_session(const std::string& token)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash(token)).run();
}

} // namespace coi::server
