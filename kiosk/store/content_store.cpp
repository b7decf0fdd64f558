#include "kiosk/store/content_store.h"

#include "content/feed/sign.h"

#include <algorithm>

namespace coi::store {

Result<Ok> ContentStore::put_media(const std::vector<MediaBlob>& media, feed::Instant stored_at)
{
    for (auto& m : media)
        if (feed::sha256_hex(m.bytes) != m.sha256)
            return Error{"media " + m.sha256.substr(0, 12) + "... does not match its sha256"};
    return m_db.transaction([&]() -> Result<Ok> {
        for (auto& m : media)
            if (auto r = m_db.execute("INSERT OR IGNORE INTO media (sha256, type, bytes, stored_at) VALUES (?, ?, ?, ?)",
                    {Value::text(m.sha256), Value::text(m.type), Value::blob(m.bytes), Value::of(stored_at)});
                !r)
                return r;
        return Ok{};
    });
}

Result<Ok> ContentStore::install(const StoredContent& content, const std::vector<MediaBlob>& media, Replace replace)
{
    for (auto& m : media)
        if (feed::sha256_hex(m.bytes) != m.sha256)
            return Error{"media " + m.sha256.substr(0, 12) + "... does not match its sha256"};
    return m_db.transaction([&]() -> Result<Ok> {
        auto before = current();
        if (before && replace == Replace::Any && content.version <= before->version && before->feed_bytes != content.feed_bytes) {
            if (auto r = m_db.execute("DELETE FROM current_content"); !r)
                return r;
            if (auto r = m_db.execute("DELETE FROM content_version WHERE version >= ?", {Value::of(content.version)}); !r)
                return r;
        }
        auto now = current();
        if (now && content.version < now->version)
            return Error{"refused content version " + std::to_string(content.version) + ": older than version "
                         + std::to_string(now->version) + " already on screen"};
        if (now && content.version == now->version) {
            if (replace == Replace::Newer || now->feed_bytes == content.feed_bytes)
                return Ok{};
            if (auto r = m_db.execute("DELETE FROM current_content"); !r)
                return r;
            if (auto r = m_db.execute("DELETE FROM content_version WHERE version = ?", {Value::of(content.version)}); !r)
                return r;
        }
        for (auto& m : media) {
            auto r = m_db.execute("INSERT OR IGNORE INTO media (sha256, type, bytes, stored_at) VALUES (?, ?, ?, ?)",
                {Value::text(m.sha256), Value::text(m.type), Value::blob(m.bytes), Value::of(content.received_at)});
            if (!r)
                return r;
        }
        auto r = m_db.execute("INSERT INTO content_version (version, feed, signature, source, received_at) VALUES (?, ?, ?, ?, ?)",
            {Value::of(content.version), Value::blob(content.feed_bytes), Value::text(content.signature),
                Value::text(content.source), Value::of(content.received_at)});
        if (!r)
            return r;
        r = m_db.execute("INSERT INTO current_content (id, version) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version",
            {Value::of(content.version)});
        if (!r)
            return r;
        // Keep the previous version for diagnosis; older ones are of no use to anybody.
        return m_db.execute("DELETE FROM content_version WHERE version < (SELECT MAX(version) FROM content_version WHERE version < ?)",
            {Value::of(content.version)});
    });
}

std::optional<StoredContent> ContentStore::current()
{
    auto rows = m_db.query("SELECT v.version, v.feed, v.signature, v.source, v.received_at FROM current_content c "
                           "JOIN content_version v ON v.version = c.version WHERE c.id = 1");
    if (!rows || rows->empty())
        return std::nullopt;
    auto& row = (*rows)[0];
    return StoredContent{row[0].integer, row[1].bytes, row[2].bytes, row[3].bytes, row[4].integer};
}

std::optional<MediaBlob> ContentStore::media(const std::string& sha256)
{
    auto rows = m_db.query("SELECT sha256, type, bytes FROM media WHERE sha256 = ?", {Value::text(sha256)});
    if (!rows || rows->empty())
        return std::nullopt;
    auto& row = (*rows)[0];
    return MediaBlob{row[0].bytes, row[1].bytes, row[2].bytes};
}

bool ContentStore::has_media(const std::string& sha256)
{
    auto rows = m_db.query("SELECT 1 FROM media WHERE sha256 = ?", {Value::text(sha256)});
    return rows && !rows->empty();
}

bool ContentStore::has_whole_media(const std::string& sha256)
{
    auto rows = m_db.query("SELECT bytes FROM media WHERE sha256 = ?", {Value::text(sha256)});
    if (!rows || rows->empty())
        return false;
    if (feed::sha256_hex((*rows)[0][0].bytes) == sha256)
        return true;
    let_go(m_db.execute("DELETE FROM media WHERE sha256 = ?", {Value::text(sha256)}),
        "the damaged copy is fetched again either way, and the fetched one replaces it");
    return false;
}

Result<Ok> ContentStore::forget_content()
{
    return m_db.transaction([&]() -> Result<Ok> {
        for (const char* sql : {"DELETE FROM current_content", "DELETE FROM content_version", "DELETE FROM media"})
            if (auto r = m_db.execute(sql); !r)
                return r;
        return Ok{};
    });
}

std::int64_t ContentStore::media_bytes()
{
    auto rows = m_db.query("SELECT COALESCE(SUM(length(bytes)), 0) FROM media");
    return rows && !rows->empty() ? (*rows)[0][0].integer : 0;
}

Result<int> ContentStore::evict_media(const std::vector<std::string>& keep, std::int64_t max_bytes)
{
    int evicted = 0;
    auto done = m_db.transaction([&]() -> Result<Ok> {
        std::int64_t total = media_bytes();
        if (total <= max_bytes)
            return Ok{};
        auto rows = m_db.query("SELECT sha256, length(bytes) FROM media ORDER BY stored_at, sha256");
        if (!rows)
            return rows.error();
        for (auto& row : *rows) {
            if (total <= max_bytes)
                break;
            if (std::find(keep.begin(), keep.end(), row[0].bytes) != keep.end())
                continue;
            if (auto r = m_db.execute("DELETE FROM media WHERE sha256 = ?", {Value::text(row[0].bytes)}); !r)
                return r;
            total -= row[1].integer;
            ++evicted;
        }
        return Ok{};
    });
    if (!done)
        return done.error();
    return evicted;
}

} // namespace coi::store
