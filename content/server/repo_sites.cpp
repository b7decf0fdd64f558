// Sites: the building's own settings (the feed's "site" object) plus server-side extras.
#include "recurrence.h"
#include "repository.h"

namespace coi::server {

namespace {

SiteRow read_site(Statement& row)
{
    SiteRow site;
    site.id = row.text(0);
    site.site = nlohmann::json::parse(row.text(1), nullptr, false);
    site.rotation = nlohmann::json::parse(row.text(2), nullptr, false);
    site.content_version = row.integer(3);
    site.version_at = row.integer(4);
    site.ics_url = row.text(5);
    site.ics_refreshed_at = row.integer(6);
    site.ics_error = row.text(7);
    if (auto report = row.text(8); !report.empty())
        site.ics_report = nlohmann::json::parse(report, nullptr, false);
    return site;
}

constexpr const char* kSiteColumns =
    "SELECT id, site_json, rotation_json, content_version, version_at, ics_url, ics_refreshed_at, ics_error, ics_report FROM sites";

Outcome<std::string> site_id_of(const nlohmann::json& site_json)
{
    if (!site_json.is_object())
        return bad_input("site: must be an object, not " + describe_json_type(site_json));
    auto id = site_json.find("id");
    if (id == site_json.end() || !id->is_string())
        return bad_input("site: field \"id\": must be a string");
    auto zone = site_json.find("timezone");
    if (zone != site_json.end() && zone->is_string() && !known_timezone(zone->get<std::string>()))
        return bad_input("site: field \"timezone\": \"" + zone->get<std::string>() +
                         "\" is not a time zone name like Europe/London");
    return id->get<std::string>();
}

} // namespace

std::vector<SiteRow> Repository::sites()
{
    std::lock_guard lock(m_mutex);
    std::vector<SiteRow> result;
    auto rows = m_db->prepare(std::string(kSiteColumns) + " ORDER BY id");
    while (rows.step())
        result.push_back(read_site(rows));
    return result;
}

Outcome<SiteRow> Repository::site(const std::string& id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare(std::string(kSiteColumns) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step())
        return not_found("no site \"" + id + "\"");
    return read_site(row);
}

Outcome<SiteRow> Repository::create_site(const nlohmann::json& site_json)
{
    auto id = site_id_of(site_json);
    if (!id)
        return id.failure();
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (site_exists(*id))
        return conflict("there is already a site \"" + *id + "\"");
    m_db->prepare("INSERT INTO sites(id, site_json, version_at) VALUES(?, ?, ?)")
        .bind(1, *id).bind(2, site_json.dump()).bind(3, now()).run();
    bump_version(*id);
    if (auto valid = validate_site_feed(*id); !valid)
        return valid.failure();
    tx.commit();
    return site(*id);
}

Outcome<SiteRow> Repository::update_site(const std::string& id, const nlohmann::json& site_json)
{
    auto new_id = site_id_of(site_json);
    if (!new_id)
        return new_id.failure();
    if (*new_id != id)
        return bad_input("site: field \"id\": a site's id cannot change (\"" + id + "\")");
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(id))
        return not_found("no site \"" + id + "\"");
    m_db->prepare("UPDATE sites SET site_json = ? WHERE id = ?").bind(1, site_json.dump()).bind(2, id).run();
    bump_version(id);
    // e.g. removing a room that an event still uses fails here, and nothing is written.
    if (auto valid = validate_site_feed(id); !valid)
        return valid.failure();
    tx.commit();
    return site(id);
}

Done Repository::set_rotation(const std::string& id, const nlohmann::json& rotation_json)
{
    if (!rotation_json.is_object())
        return bad_input("rotation: must be an object, not " + describe_json_type(rotation_json));
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(id))
        return not_found("no site \"" + id + "\"");
    auto by_role = rotation_json.find("by_role");
    if (by_role != rotation_json.end()) {
        if (!by_role->is_object())
            return bad_input("rotation: field \"by_role\": must be an object of screen role: rotation");
        for (auto& [role, rotation] : by_role->items())
            if (auto checked = check_screen_role(role); !checked)
                return bad_input("rotation: by_role: " + checked.failure().message);
    }
    m_db->prepare("UPDATE sites SET rotation_json = ? WHERE id = ?").bind(1, rotation_json.dump()).bind(2, id).run();
    bump_version(id);
    if (auto valid = validate_site_feed(id); !valid)
        return valid.failure();
    // Each role's own rotation goes out in that role's feed: checked as that feed.
    if (by_role != rotation_json.end())
        for (auto& [role, rotation] : by_role->items())
            if (auto feed = assemble_feed(id, role); !feed)
                return bad_input("rotation for " + role + " screens: " + feed.failure().message);
    tx.commit();
    return done();
}

Done Repository::delete_site(const std::string& id)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(id))
        return not_found("no site \"" + id + "\"");
    // Café accounts belong to exactly one site; they go with it rather than linger siteless.
    m_db->prepare("DELETE FROM users WHERE role = 'cafe' AND id IN (SELECT user_id FROM user_sites WHERE site_id = ?)")
        .bind(1, id).run();
    m_db->prepare("DELETE FROM sites WHERE id = ?").bind(1, id).run();
    tx.commit();
    return done();
}

Done Repository::import_site(const nlohmann::json& feed_document)
{
    if (!feed_document.is_object() || !feed_document.contains("site"))
        return bad_input("feed: must be an object with a \"site\"");
    auto& site_json = feed_document["site"];
    auto id = site_id_of(site_json);
    if (!id)
        return id.failure();
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (site_exists(*id))
        return conflict("there is already a site \"" + *id + "\"");
    m_db->prepare("INSERT INTO sites(id, site_json, rotation_json, version_at) VALUES(?, ?, ?, ?)")
        .bind(1, *id).bind(2, site_json.dump())
        .bind(3, feed_document.value("rotation", nlohmann::json::object()).dump()).bind(4, now()).run();
    for (auto [kind, key] : {std::pair{ItemKind::Notice, "notices"}, std::pair{ItemKind::Special, "specials"},
                             std::pair{ItemKind::Event, "events"}}) {
        auto list = feed_document.value(key, nlohmann::json::array());
        for (auto& item : list)
            if (auto stored = put_item_locked(kind, *id, item, WriteMode::Create, ItemSource::Admin); !stored)
                return stored.failure();
    }
    bump_version(*id);
    if (auto valid = validate_site_feed(*id); !valid)
        return valid.failure();
    tx.commit();
    return done();
}

Done Repository::set_ics_url(const std::string& id, const std::string& url)
{
    if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
        return bad_input("field \"url\": must start with https:// or http://");
    if (url.size() > 2048)
        return bad_input("field \"url\": must be at most 2048 characters");
    std::lock_guard lock(m_mutex);
    if (!site_exists(id))
        return not_found("no site \"" + id + "\"");
    m_db->prepare("UPDATE sites SET ics_url = ?, ics_refreshed_at = NULL, ics_error = NULL, ics_report = NULL WHERE id = ?")
        .bind(1, url).bind(2, id).run();
    return done();
}

void Repository::record_ics_refresh(const std::string& id, const std::string& error)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("UPDATE sites SET ics_refreshed_at = ?, ics_error = ? WHERE id = ?")
        .bind(1, now()).bind(2, error).bind(3, id).run();
}

void Repository::record_ics_report(const std::string& id, const nlohmann::json& report)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("UPDATE sites SET ics_report = ? WHERE id = ?").bind(1, report.dump()).bind(2, id).run();
}

} // namespace coi::server
