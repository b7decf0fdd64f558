#include "repository.h"

#include "migrations.h"

#include <algorithm>
#include <filesystem>
#include <chrono>

namespace coi::server {

std::string_view to_code(Role role)
{
    switch (role) {
    case Role::Admin: return "admin";
    case Role::Coordinator: return "coordinator";
    case Role::Cafe: return "cafe";
    case Role::Organiser: return "organiser";
    }
    return "coordinator";
}

std::optional<Role> role_from_code(std::string_view code)
{
    if (code == "admin") return Role::Admin;
    if (code == "coordinator") return Role::Coordinator;
    if (code == "cafe") return Role::Cafe;
    if (code == "organiser")
        return Role::Organiser;
    return std::nullopt;
}

std::string_view to_code(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Event: return "events";
    case ItemKind::Notice: return "notices";
    case ItemKind::Special: return "specials";
    }
    return "events";
}

bool User::may_edit_site(std::string_view site_id) const
{
    if (role == Role::Admin)
        return true;
    return role == Role::Coordinator && std::find(sites.begin(), sites.end(), site_id) != sites.end();
}

bool User::may_post_specials(std::string_view site_id) const
{
    if (may_edit_site(site_id))
        return true;
    return role == Role::Cafe && std::find(sites.begin(), sites.end(), site_id) != sites.end();
}

bool User::may_organise(std::string_view site_id) const { return role == Role::Organiser && std::find(sites.begin(), sites.end(), site_id) != sites.end(); }

std::string describe_json_type(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "true/false";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::array: return "a list";
    case nlohmann::json::value_t::object: return "an object";
    default: return "a number";
    }
}

std::int64_t Repository::wall_clock()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Outcome<std::unique_ptr<Repository>> Repository::open(const std::string& database_path)
{
    std::string why;
    auto db = Database::open(database_path); // and migrated
    if (db)
        return std::make_unique<Repository>(db.release());
    why = db.failure().message;
    // A full or read-only disk: serve what the database holds, if it is this schema already
    // (a read-only file cannot be migrated), and say why nothing can be saved.
    std::error_code ec;
    if (!std::filesystem::exists(database_path, ec))
        return Failure{FailureKind::Internal, why};
    auto read_only = Database::open_read_only(database_path);
    if (!read_only)
        return Failure{FailureKind::Internal, why};
    if ((*read_only)->schema_version() != kSchemaVersion)
        return Failure{FailureKind::Internal, why};
    auto repository = std::make_unique<Repository>(read_only.release());
    repository->m_read_only_reason = why;
    return repository;
}

bool Repository::site_exists(const std::string& site_id)
{
    auto query = m_db->prepare("SELECT 1 FROM sites WHERE id = ?");
    query.bind(1, site_id);
    return query.step();
}

std::int64_t Repository::bump_version(const std::string& site_id)
{
    // One counter for the whole server, so a site deleted and re-created with the same id
    // still hands its kiosks a higher version than anything they saw before.
    m_db->prepare("INSERT INTO meta(key, value) VALUES('last_version', 1) "
                  "ON CONFLICT(key) DO UPDATE SET value = value + 1").run();
    auto read = m_db->prepare("SELECT value FROM meta WHERE key = 'last_version'");
    read.step();
    auto version = read.integer(0);
    auto update = m_db->prepare("UPDATE sites SET content_version = ?, version_at = ? WHERE id = ?");
    update.bind(1, version).bind(2, now()).bind(3, site_id).run();
    return version;
}

Done Repository::validate_site_feed(const std::string& site_id)
{
    auto feed = assemble_feed(site_id, std::nullopt);
    if (!feed)
        return feed.failure();
    return done();
}

} // namespace coi::server
