#include "kiosk/store/outbox_store.h"

namespace coi::store {

Result<Ok> OutboxStore::add(const OutboxItem& item, feed::Instant created_at, bool binary_body)
{
    return m_db.execute("INSERT INTO outbox (client_uuid, kind, path, body, created_at) VALUES (?, ?, ?, ?, ?)",
        {Value::text(item.client_uuid), Value::text(item.kind), Value::text(item.path), binary_body ? Value::blob(item.body) : Value::text(item.body),
            Value::of(created_at)});
}

Result<Ok> OutboxStore::remove_kinds(std::initializer_list<const char*> kinds)
{
    return m_db.transaction([&]() -> Result<Ok> {
        for (const char* kind : kinds)
            if (auto r = m_db.execute("DELETE FROM outbox WHERE kind = ?", {Value::text(kind)}); !r)
                return r;
        return Ok{};
    });
}

Result<Ok> OutboxStore::remove(std::int64_t id) { return m_db.execute("DELETE FROM outbox WHERE id = ?", {Value::of(id)}); }

Result<Ok> OutboxStore::note_failure(std::int64_t id, const std::string& error)
{
    return m_db.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", {Value::text(error), Value::of(id)});
}

Result<std::vector<OutboxItem>> OutboxStore::oldest(int limit)
{
    auto rows = m_db.query("SELECT id, client_uuid, kind, path, body FROM outbox ORDER BY id LIMIT ?", {Value::of(limit)});
    if (!rows)
        return rows.error();
    std::vector<OutboxItem> items;
    items.reserve(rows->size());
    for (auto& row : *rows)
        items.push_back({row[0].integer, std::move(row[1].bytes), std::move(row[2].bytes), std::move(row[3].bytes), std::move(row[4].bytes)});
    return items;
}

std::int64_t OutboxStore::count()
{
    auto rows = m_db.query("SELECT COUNT(*) FROM outbox");
    return rows && !rows->empty() ? (*rows)[0][0].integer : 0;
}

} // namespace coi::store
