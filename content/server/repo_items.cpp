// Events, notices and specials: stored as the feed's own JSON after the feed library has
// validated them, so what the admin accepted is byte-for-byte what the kiosk receives.
#include "recurrence.h"
#include "repository.h"
#include "requests.h"

#include "content/feed/parse.h"

#include <map>

namespace coi::server {

namespace {

std::string table_of(ItemKind kind) { return std::string(to_code(kind)); }

std::string singular(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Event: return "event";
    case ItemKind::Notice: return "notice";
    case ItemKind::Special: return "special";
    }
    return "item";
}

} // namespace

Outcome<std::vector<StoredItem>> Repository::items(ItemKind kind, const std::string& site_id)
{
    std::lock_guard lock(m_mutex);
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    std::string sql = "SELECT id, item_json, " + std::string(kind == ItemKind::Event ? "source" : "'admin'") + ", "
        + std::string(kind == ItemKind::Special ? "0" : "coalesce(group_id, 0)") + " FROM " + table_of(kind) + " WHERE site_id = ? ORDER BY id";
    auto rows = m_db->prepare(sql);
    rows.bind(1, site_id);
    std::vector<StoredItem> result;
    while (rows.step())
        result.push_back(
            {rows.text(0), nlohmann::json::parse(rows.text(1), nullptr, false), rows.text(2) == "ics" ? ItemSource::Ics : ItemSource::Admin, rows.integer(3)});
    return result;
}

Outcome<StoredItem> Repository::put_item(ItemKind kind, const std::string& site_id, const nlohmann::json& item,
                                         WriteMode mode)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto stored = put_item_locked(kind, site_id, item, mode, ItemSource::Admin);
    if (!stored)
        return stored;
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    return stored;
}

// A preview of an unsaved edit: exactly put_item's path, then the feed as it would be, and
// the transaction is never committed. The lock is held throughout, so no reader ever sees the
// draft and no kiosk poll is served from it.
Outcome<feed::Feed> Repository::draft_feed(
    ItemKind kind, const std::string& site_id, const nlohmann::json& item, WriteMode mode, const std::optional<std::string>& screen_role)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db); // rolled back when it goes out of scope
    auto stored = put_item_locked(kind, site_id, item, mode, ItemSource::Admin);
    if (!stored)
        return stored.failure();
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    return assemble_feed(site_id, screen_role);
}

Outcome<StoredItem> Repository::put_item_locked(ItemKind kind, const std::string& site_id, const nlohmann::json& item,
                                                WriteMode mode, ItemSource source, const feed::Site* known_site)
{
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    if (!item.is_object())
        return bad_input(singular(kind) + ": must be an object, not " + describe_json_type(item));

    // Parse with the feed library: the same rules the kiosk applies, unknown fields refused.
    // Only an event needs the site (its room must be one of the site's).
    // A caller storing many events (a calendar import) passes the site it read once:
    // assembling the whole feed per event made importing 4,000 events take 76 s, all of
    // it under the lock every kiosk poll waits for.
    feed::Site site;
    if (kind == ItemKind::Event && known_site) {
        site = *known_site;
    } else if (kind == ItemKind::Event) {
        auto whole = assemble_feed(site_id, std::nullopt);
        if (!whole)
            return whole.failure();
        site = whole->site;
    }
    auto read = canonical_item(kind, item, site);
    if (!read)
        return read.failure();
    const std::string& id = read->id;
    const nlohmann::json& canonical = read->item;

    std::string select = "SELECT " + std::string(kind == ItemKind::Event ? "source" : "'admin'") + " FROM " +
                         table_of(kind) + " WHERE site_id = ? AND id = ?";
    auto existing = m_db->prepare(select);
    existing.bind(1, site_id).bind(2, id);
    bool exists = existing.step();
    if (exists && mode == WriteMode::Create)
        return conflict("there is already a " + singular(kind) + " \"" + id + "\" at this site");
    if (!exists && mode == WriteMode::Replace)
        return not_found("no " + singular(kind) + " \"" + id + "\" at site \"" + site_id + "\"");
    if (exists && source == ItemSource::Admin && existing.text(0) == "ics")
        return conflict("event \"" + id + "\" comes from the site's calendar subscription; change it there");

    if (kind == ItemKind::Event) {
        m_db->prepare("INSERT INTO events(site_id, id, item_json, source) VALUES(?, ?, ?, ?) "
                      "ON CONFLICT(site_id, id) DO UPDATE SET item_json = excluded.item_json, source = excluded.source")
            .bind(1, site_id).bind(2, id).bind(3, canonical.dump()).bind(4, source == ItemSource::Ics ? "ics" : "admin")
            .run();
    } else {
        m_db->prepare("INSERT INTO " + table_of(kind) + "(site_id, id, item_json) VALUES(?, ?, ?) "
                      "ON CONFLICT(site_id, id) DO UPDATE SET item_json = excluded.item_json")
            .bind(1, site_id).bind(2, id).bind(3, canonical.dump())
            .run();
    }
    return StoredItem{id, canonical, source};
}

Done Repository::delete_item(ItemKind kind, const std::string& site_id, const std::string& item_id)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    if (kind == ItemKind::Event) {
        auto source = m_db->prepare("SELECT source FROM events WHERE site_id = ? AND id = ?");
        source.bind(1, site_id).bind(2, item_id);
        if (source.step() && source.text(0) == "ics")
            return conflict("event \"" + item_id + "\" comes from the site's calendar subscription; remove it there");
    }
    auto row = m_db->prepare("SELECT item_json FROM " + table_of(kind) + " WHERE site_id = ? AND id = ?");
    row.bind(1, site_id).bind(2, item_id);
    if (!row.step())
        return not_found("no " + singular(kind) + " \"" + item_id + "\" at site \"" + site_id + "\"");
    auto item = nlohmann::json::parse(row.text(0));
    m_db->prepare("DELETE FROM " + table_of(kind) + " WHERE site_id = ? AND id = ?").bind(1, site_id).bind(2, item_id).run();
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    forget_old_deletes();
    m_deleted[{kind, site_id, item_id}] = Deleted{std::move(item), now()};
    return done();
}

// The stored JSON goes back under its own id through the same checks as any new item: the
// screens see it again from the next content version, and an id taken again in the meantime
// is a conflict rather than an overwrite.
Outcome<StoredItem> Repository::restore_item(ItemKind kind, const std::string& site_id, const std::string& item_id)
{
    std::lock_guard lock(m_mutex);
    forget_old_deletes();
    auto binned = m_deleted.find({kind, site_id, item_id});
    if (binned == m_deleted.end())
        return not_found("the " + singular(kind) + " \"" + item_id + "\" cannot be brought back: a delete can be undone for " +
                         std::to_string(kUndoSeconds) + " seconds");
    Transaction tx(*m_db);
    auto stored = put_item_locked(kind, site_id, binned->second.item, WriteMode::Create, ItemSource::Admin);
    if (!stored)
        return stored;
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    m_deleted.erase(binned);
    return stored;
}

std::vector<DeletedItem> Repository::recently_deleted(ItemKind kind, const std::string& site_id)
{
    std::lock_guard lock(m_mutex);
    forget_old_deletes();
    std::vector<DeletedItem> result;
    for (auto& [key, deleted] : m_deleted)
        if (std::get<0>(key) == kind && std::get<1>(key) == site_id)
            result.push_back({std::get<2>(key), deleted.item, deleted.deleted_at + kUndoSeconds - now()});
    return result;
}

void Repository::forget_old_deletes()
{
    std::int64_t at = now();
    std::erase_if(m_deleted, [at](const auto& entry) { return at - entry.second.deleted_at >= kUndoSeconds; });
}

Outcome<StoredItem> Repository::cancel_occurrence(const std::string& site_id, const std::string& event_id,
                                                  const std::string& date, bool cancelled)
{
    if (!feed::parse_date(date))
        return bad_input("field \"date\": must be a real date like 2026-11-25, not \"" + date + "\"");
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto row = m_db->prepare("SELECT item_json, source FROM events WHERE site_id = ? AND id = ?");
    row.bind(1, site_id).bind(2, event_id);
    if (!row.step())
        return not_found("no event \"" + event_id + "\" at site \"" + site_id + "\"");
    if (row.text(1) == "ics")
        return conflict("event \"" + event_id + "\" comes from the site's calendar subscription; cancel it there");
    auto item = nlohmann::json::parse(row.text(0));
    auto dates = item.value("cancelled_dates", nlohmann::json::array());
    nlohmann::json kept = nlohmann::json::array();
    for (auto& existing : dates)
        if (existing != date)
            kept.push_back(existing);
    if (cancelled)
        kept.push_back(date);
    if (kept.empty())
        item.erase("cancelled_dates");
    else
        item["cancelled_dates"] = kept;
    auto stored = put_item_locked(ItemKind::Event, site_id, item, WriteMode::Replace, ItemSource::Admin);
    if (!stored)
        return stored;
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    return stored;
}

Done Repository::replace_ics_events(const std::string& site_id, const std::vector<nlohmann::json>& events)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    auto ics_rows = [this, &site_id] {
        std::map<std::string, std::string> rows;
        auto query = m_db->prepare("SELECT id, item_json FROM events WHERE site_id = ? AND source = 'ics'");
        query.bind(1, site_id);
        while (query.step())
            rows[query.text(0)] = query.text(1);
        return rows;
    };
    auto before = ics_rows();
    m_db->prepare("DELETE FROM events WHERE site_id = ? AND source = 'ics'").bind(1, site_id).run();
    auto whole = assemble_feed(site_id, std::nullopt); // events do not change the site: read it once
    if (!whole)
        return whole.failure();
    for (auto& event : events) {
        auto id = event.value("id", std::string{});
        auto clash = m_db->prepare("SELECT 1 FROM events WHERE site_id = ? AND id = ?");
        clash.bind(1, site_id).bind(2, id);
        if (clash.step())
            return conflict("calendar event \"" + id + "\" has the same id as an event made in the admin");
        auto stored = put_item_locked(ItemKind::Event, site_id, event, WriteMode::Create, ItemSource::Ics, &whole->site);
        if (!stored)
            return stored.failure();
    }
    // A refresh every 15 minutes usually finds nothing new: then no new version, so kiosks
    // keep getting 304s instead of downloading the same feed again.
    if (ics_rows() == before)
        return done(); // the transaction rolls back: nothing changed
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    return done();
}

Outcome<StoredItem> Repository::post_special_once(const std::string& site_id, const std::string& client_uuid,
                                                  const nlohmann::json& special)
{
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    auto seen = m_db->prepare("SELECT special_id, site_id FROM special_posts WHERE client_uuid = ?");
    seen.bind(1, client_uuid);
    if (seen.step()) {
        if (seen.text(1) != site_id)
            return conflict("field \"client_uuid\": already used by another site's screen");
        // A retry of something already applied: answer as before, change nothing.
        auto id = seen.text(0);
        auto row = m_db->prepare("SELECT item_json FROM specials WHERE site_id = ? AND id = ?");
        row.bind(1, site_id).bind(2, id);
        nlohmann::json item = row.step() ? nlohmann::json::parse(row.text(0)) : nlohmann::json::object();
        return StoredItem{id, item, ItemSource::Admin};
    }
    auto stored = put_item_locked(ItemKind::Special, site_id, special, WriteMode::Upsert, ItemSource::Admin);
    if (!stored)
        return stored;
    m_db->prepare("INSERT INTO special_posts(client_uuid, site_id, special_id) VALUES(?, ?, ?)")
        .bind(1, client_uuid).bind(2, site_id).bind(3, stored->id).run();
    bump_version(site_id);
    if (auto valid = validate_site_feed(site_id); !valid)
        return valid.failure();
    tx.commit();
    return stored;
}

} // namespace coi::server
