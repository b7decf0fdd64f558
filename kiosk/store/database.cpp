#include "kiosk/store/database.h"

#include <sqlite3.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>

namespace coi::store {

// [SECTION] Migrations. Append only: a released migration is never edited, so every
// kiosk in the field reaches the same schema whatever version it started from.

namespace {

const char* const kMigrations[] = {
    // 1: content versions and media
    R"sql(
    CREATE TABLE content_version (
        version     INTEGER PRIMARY KEY,
        feed        BLOB NOT NULL,          -- the exact bytes that were verified
        signature   TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL,          -- embedded, https://..., file://...
        received_at INTEGER NOT NULL        -- unix seconds
    );
    CREATE TABLE current_content (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL REFERENCES content_version(version)
    );
    CREATE TABLE media (
        sha256     TEXT PRIMARY KEY,
        type       TEXT NOT NULL,
        bytes      BLOB NOT NULL,
        stored_at  INTEGER NOT NULL
    );
    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    )sql",
    // 2: check-ins. Names and codes are personal data: kept only for the site's retention
    // days, then erased (the row stays, anonymous, so counts stay right).
    R"sql(
    CREATE TABLE checkin (
        id             INTEGER PRIMARY KEY,
        purpose_id     TEXT NOT NULL,          -- a site purpose, or "session"
        kind           TEXT NOT NULL,          -- named | discreet
        event_id       TEXT,                   -- the session chosen, if any
        first_name     TEXT,                   -- erased after retention
        initial        TEXT,                   -- erased after retention
        code           TEXT,                   -- 4-character check-out code, erased after retention
        checked_in_at  INTEGER NOT NULL,
        checked_out_at INTEGER,
        checkout_kind  TEXT,                   -- self | staff | auto
        located_at     INTEGER,                -- fire roll-call: seen safe
        erased_at      INTEGER
    );
    CREATE INDEX checkin_inside ON checkin (checked_out_at) WHERE checked_out_at IS NULL;
    CREATE UNIQUE INDEX checkin_code_inside ON checkin (code) WHERE checked_out_at IS NULL AND code IS NOT NULL;
    CREATE TABLE headcount (
        day        TEXT NOT NULL,              -- local date YYYY-MM-DD
        hour       INTEGER NOT NULL,           -- local hour 0..23
        purpose_id TEXT NOT NULL,
        count      INTEGER NOT NULL,
        PRIMARY KEY (day, hour, purpose_id)
    );
    )sql",
    // 3: the outbox: what the kiosk reports back (heartbeats, anonymous counts, specials
    // posted in staff mode), kept until the server has it, sent in order. client_uuid makes
    // a resend after a lost answer harmless.
    R"sql(
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,   -- the order they are sent in
        client_uuid     TEXT NOT NULL UNIQUE,
        kind            TEXT NOT NULL,         -- status | footfall | special
        path            TEXT NOT NULL,         -- /api/v1/status ...
        body            TEXT NOT NULL,         -- JSON
        created_at      INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT
    );
    )sql",
    // 4: staff mode: PIN hashes live in `setting`; what staff changed at this screen.
    R"sql(
    CREATE TABLE local_special (
        id        TEXT PRIMARY KEY,            -- client UUID, also sent to the server
        day       TEXT NOT NULL,               -- YYYY-MM-DD it was posted for
        every_day INTEGER NOT NULL DEFAULT 0,
        special   TEXT NOT NULL,               -- the feed's JSON for one special
        removed   INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE special_override (
        special_id TEXT NOT NULL,
        day        TEXT NOT NULL,
        sold_out   INTEGER NOT NULL DEFAULT 0,
        removed    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (special_id, day)
    );
    CREATE TABLE local_notice (
        id         TEXT PRIMARY KEY,
        notice     TEXT NOT NULL,              -- the feed's JSON for one notice
        show_until INTEGER NOT NULL
    );
    )sql",
    // 5: check-in reporting: what the anonymous counts need beyond the check-ins themselves.
    // A session check-in remembers its occurrence; a volunteer's visit is summed into its
    // day's totals before the names are erased; faces tapped and returning visitors are
    // counted per day; "Remember me" keeps only a keyed hash of what the visitor chose.
    R"sql(
    ALTER TABLE checkin ADD COLUMN occurrence_start INTEGER;              -- a session's occurrence, unix seconds
    ALTER TABLE checkin ADD COLUMN volunteer INTEGER NOT NULL DEFAULT 0;  -- the purpose counted volunteer hours
    ALTER TABLE checkin ADD COLUMN volunteer_tallied INTEGER NOT NULL DEFAULT 0; -- already in volunteer_day
    CREATE TABLE volunteer_day (
        day        TEXT PRIMARY KEY,           -- local date YYYY-MM-DD of the check-in
        people     INTEGER NOT NULL,
        minutes    INTEGER NOT NULL,
        to_closing INTEGER NOT NULL            -- of people: signed out automatically, counted to closing time
    );
    CREATE TABLE feedback (
        day        TEXT NOT NULL,              -- local date YYYY-MM-DD
        purpose_id TEXT NOT NULL,              -- a purpose id, "session" or "private"
        face       TEXT NOT NULL,              -- happy | okay | unhappy
        count      INTEGER NOT NULL,
        PRIMARY KEY (day, purpose_id, face)
    );
    CREATE TABLE remembered (
        hash         TEXT PRIMARY KEY,         -- keyed BLAKE2b of what the visitor chose, never the words
        last_seen_at INTEGER NOT NULL,         -- erased the site's retention days after this
        last_day     TEXT NOT NULL             -- the local date it last counted as returning (or was made)
    );
    CREATE TABLE returning_day (
        day   TEXT PRIMARY KEY,
        count INTEGER NOT NULL
    );
    )sql",
};

struct Statement {
    sqlite3_stmt* stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
};

std::string message_of(sqlite3* db, std::string_view what)
{
    return std::string(what) + ": " + sqlite3_errmsg(db);
}

} // namespace

// [SECTION] Opening

Database::Database(sqlite3* db) : m_db(db) {}
Database::Database(Database&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = other.m_db;
        other.m_db = nullptr;
    }
    return *this;
}
Database::~Database() { sqlite3_close_v2(m_db); }

Result<Database> Database::open(const std::filesystem::path& file)
{
    std::error_code ec;
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
        return Error{"cannot create the data directory " + file.parent_path().string() + ": " + ec.message()};
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK)
        return Error{"cannot open the database " + file.string() + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory")};
    sqlite3_busy_timeout(raw, 5000);
    // WAL + synchronous=FULL: a committed transaction is on disk when commit returns.
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
        if (auto r = db.query(pragma); !r)
            return Error{"cannot prepare the database " + file.string() + ": " + r.error().message};
    if (auto r = db.migrate(); !r)
        return r.error();
    return db;
}

Result<Database> Database::open_in_memory()
{
    sqlite3* raw = nullptr;
    // URI names allowed: a copy of a disk that cannot be written is read in by ATTACH (open_or_recover).
    int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK)
        return Error{"cannot open an in-memory database"};
    if (auto r = db.execute("PRAGMA foreign_keys=ON"); !r)
        return r.error();
    if (auto r = db.migrate(); !r)
        return r.error();
    return db;
}

Result<Ok> Database::migrate()
{
    constexpr int latest = static_cast<int>(std::size(kMigrations));
    for (int version = schema_version(); version < latest; ++version) {
        auto applied = transaction([&]() -> Result<Ok> {
            char* error = nullptr;
            if (sqlite3_exec(m_db, kMigrations[version], nullptr, nullptr, &error) != SQLITE_OK) {
                std::string message = "database migration " + std::to_string(version + 1) + " failed: " + (error ? error : "");
                sqlite3_free(error);
                return Error{message};
            }
            return execute("PRAGMA user_version = " + std::to_string(version + 1));
        });
        if (!applied)
            return applied.error();
    }
    return Ok{};
}

int Database::schema_version() const
{
    Statement s;
    if (sqlite3_prepare_v2(m_db, "PRAGMA user_version", -1, &s.stmt, nullptr) != SQLITE_OK || sqlite3_step(s.stmt) != SQLITE_ROW)
        return 0;
    return sqlite3_column_int(s.stmt, 0);
}

// [SECTION] Statements

Result<std::vector<Row>> Database::query(std::string_view sql, const std::vector<Value>& params)
{
    Statement s;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &s.stmt, nullptr) != SQLITE_OK)
        return Error{message_of(m_db, "database query failed")};
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Value& v = params[i];
        int index = static_cast<int>(i) + 1;
        int rc = SQLITE_OK;
        switch (v.kind) {
        case Value::Kind::Null: rc = sqlite3_bind_null(s.stmt, index); break;
        case Value::Kind::Integer: rc = sqlite3_bind_int64(s.stmt, index, v.integer); break;
        case Value::Kind::Text: rc = sqlite3_bind_text(s.stmt, index, v.bytes.data(), static_cast<int>(v.bytes.size()), SQLITE_TRANSIENT); break;
        case Value::Kind::Blob: rc = sqlite3_bind_blob(s.stmt, index, v.bytes.data(), static_cast<int>(v.bytes.size()), SQLITE_TRANSIENT); break;
        }
        if (rc != SQLITE_OK)
            return Error{message_of(m_db, "database bind failed")};
    }
    std::vector<Row> rows;
    for (;;) {
        int rc = sqlite3_step(s.stmt);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW)
            return Error{message_of(m_db, "database step failed")};
        Row row;
        int columns = sqlite3_column_count(s.stmt);
        for (int c = 0; c < columns; ++c) {
            switch (sqlite3_column_type(s.stmt, c)) {
            case SQLITE_INTEGER: row.push_back(Value::of(sqlite3_column_int64(s.stmt, c))); break;
            case SQLITE_NULL: row.push_back(Value::null()); break;
            case SQLITE_BLOB: {
                auto* data = static_cast<const char*>(sqlite3_column_blob(s.stmt, c));
                row.push_back(Value::blob(std::string(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(s.stmt, c)))));
                break;
            }
            default: {
                auto* data = reinterpret_cast<const char*>(sqlite3_column_text(s.stmt, c));
                row.push_back(Value::text(std::string(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(s.stmt, c)))));
            }
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<Ok> Database::execute(std::string_view sql, const std::vector<Value>& params)
{
    auto r = query(sql, params);
    if (!r)
        return r.error();
    return Ok{};
}

Result<Ok> Database::transaction(const std::function<Result<Ok>()>& body)
{
    if (!sqlite3_get_autocommit(m_db)) {
        // Already inside one (a store's write made part of a bigger all-or-nothing step, e.g.
        // a special saved with its outbox entry): a savepoint, committed with the outer one.
        if (auto r = execute("SAVEPOINT nested"); !r)
            return r.error();
        auto result = body();
        if (!result)
            let_go(execute("ROLLBACK TO nested"), "the body's failure is the one reported; a failed rollback fails the outer commit");
        let_go(execute("RELEASE nested"), "an unreleased savepoint ends with the outer transaction");
        return result;
    }
    if (auto r = execute("BEGIN IMMEDIATE"); !r)
        return r.error();
    auto result = body();
    if (!result) {
        let_go(execute("ROLLBACK"), "the body's failure is the one reported; SQLite rolls back what it cannot");
        return result;
    }
    if (auto r = execute("COMMIT"); !r) {
        let_go(execute("ROLLBACK"), "the commit's failure is the one reported");
        return r.error();
    }
    return Ok{};
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }
std::int64_t Database::changes() const { return sqlite3_changes64(m_db); }

Result<std::string> Database::integrity_check()
{
    auto rows = query("PRAGMA integrity_check");
    if (!rows)
        return rows.error();
    std::string out;
    for (auto& row : *rows)
        out += (out.empty() ? "" : "\n") + row[0].bytes;
    return out;
}

std::int64_t Database::size_bytes()
{
    auto pages = query("PRAGMA page_count");
    auto size = query("PRAGMA page_size");
    if (!pages || !size || pages->empty() || size->empty())
        return 0;
    return (*pages)[0][0].integer * (*size)[0][0].integer;
}

// [SECTION] Opening whatever the storage does

namespace {

// A URI for sqlite3: the path with the characters URIs reserve escaped.
std::string file_uri(const std::filesystem::path& file, std::string_view query)
{
    std::string uri = "file:";
    for (unsigned char c : file.string()) {
        if (std::isalnum(c) || std::strchr("/-_.~", c)) {
            uri += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            uri += hex;
        }
    }
    return uri + "?" + std::string(query);
}

// Whether the file can be read as a healthy database, read-only (WAL included where the disk
// lets sqlite share it) or, failing that, as an immutable file.
std::optional<std::string> readable_uri(const std::filesystem::path& file)
{
    for (const char* query : {"mode=ro", "immutable=1"}) {
        std::string uri = file_uri(file, query);
        sqlite3* raw = nullptr;
        bool healthy = false;
        if (sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK) {
            sqlite3_stmt* check = nullptr;
            if (sqlite3_prepare_v2(raw, "PRAGMA quick_check", -1, &check, nullptr) == SQLITE_OK && sqlite3_step(check) == SQLITE_ROW) {
                const unsigned char* verdict = sqlite3_column_text(check, 0);
                healthy = verdict && std::string_view(reinterpret_cast<const char*>(verdict)) == "ok";
            }
            sqlite3_finalize(check);
        }
        sqlite3_close_v2(raw);
        if (healthy)
            return uri;
    }
    return std::nullopt;
}

// Every table the readable file shares with this build's schema, copied by the columns both have.
Result<Ok> copy_into(Database& memory, const std::string& uri)
{
    if (auto r = memory.execute("ATTACH DATABASE ? AS disk", {Value::text(uri)}); !r)
        return r.error();
    auto tables = memory.query("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    if (!tables)
        return tables.error();
    auto copied = memory.transaction([&]() -> Result<Ok> {
        for (auto& table : *tables) {
            const std::string& name = table[0].bytes;
            auto ours = memory.query("SELECT name FROM pragma_table_info(?, 'main')", {Value::text(name)});
            auto theirs = memory.query("SELECT name FROM pragma_table_info(?, 'disk')", {Value::text(name)});
            if (!ours || !theirs)
                return Error{"cannot read the columns of " + name};
            std::string columns;
            for (auto& ours_column : *ours)
                for (auto& their_column : *theirs)
                    if (ours_column[0].bytes == their_column[0].bytes)
                        columns += (columns.empty() ? "\"" : ", \"") + ours_column[0].bytes + "\"";
            if (columns.empty())
                continue;
            // The fresh schema may have seeded rows (settings): the disk's copy wins.
            if (auto r = memory.execute("INSERT OR REPLACE INTO main.\"" + name + "\" (" + columns + ") SELECT " + columns + " FROM disk.\"" + name + "\""); !r)
                return Error{"cannot copy " + name + ": " + r.error().message};
        }
        return Ok{};
    });
    auto detached = memory.execute("DETACH DATABASE disk");
    if (!copied)
        return copied.error();
    if (!detached)
        return detached.error();
    return Ok{};
}

// The damaged file and its journal files moved aside, never deleted: someone may recover it.
Result<std::filesystem::path> move_aside(const std::filesystem::path& file, std::int64_t now)
{
    std::filesystem::path kept = file.string() + ".damaged-" + std::to_string(now);
    std::error_code ec;
    std::filesystem::rename(file, kept, ec);
    if (ec)
        return Error{"cannot move " + file.string() + " aside: " + ec.message()};
    for (const char* suffix : {"-wal", "-shm"}) {
        std::filesystem::path side = file.string() + suffix;
        if (std::filesystem::exists(side, ec))
            std::filesystem::rename(side, kept.string() + suffix, ec);
    }
    return kept;
}

} // namespace

Result<Database> Database::open_for_reading(const std::filesystem::path& file)
{
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return Error{"there is no database at " + file.string()};
    auto uri = readable_uri(file);
    if (!uri)
        return Error{"the database " + file.string() + " cannot be read: it is damaged"};
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(uri->c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK)
        return Error{"cannot open the database " + file.string() + " to read: " + (raw ? sqlite3_errmsg(raw) : "out of memory")};
    return db;
}

Result<OpenedStore> open_or_recover(const std::filesystem::path& file, std::int64_t now)
{
    std::string why;
    if (auto db = Database::open(file)) {
        auto verdict = db->integrity_check();
        if (verdict && *verdict == "ok")
            return OpenedStore{db.release(), StorageHealth::Healthy, ""};
        why = "the database " + file.string() + " failed its check (" + (verdict ? *verdict : verdict.error().message) + ")";
    } else {
        why = db.error().message;
    }
    std::error_code ec;
    bool exists = std::filesystem::exists(file, ec);
    // Readable but not writable: a full or read-only disk. Keep showing and counting from memory.
    if (exists) {
        if (auto uri = readable_uri(file)) {
            auto memory = Database::open_in_memory();
            if (!memory)
                return memory.error();
            if (auto copied = copy_into(*memory, *uri); !copied)
                why += "; and copying what it holds into memory failed: " + copied.error().message;
            return OpenedStore{memory.release(), StorageHealth::InMemory,
                               why + "; running from a copy in memory: check-ins and specials saved now last until the kiosk stops"};
        }
        // Damaged: kept aside for recovery, and a fresh database started.
        auto kept = move_aside(file, now);
        if (kept) {
            if (auto fresh = Database::open(file))
                return OpenedStore{fresh.release(), StorageHealth::Recovered, why + "; it was moved to " + kept->string() + " and a fresh one started"};
            else
                why += "; a fresh one could not be started: " + fresh.error().message;
        } else {
            why += "; " + kept.error().message;
        }
    }
    auto memory = Database::open_in_memory();
    if (!memory)
        return memory.error();
    return OpenedStore{memory.release(), StorageHealth::InMemory, why + "; running from memory: check-ins and specials saved now last until the kiosk stops"};
}

} // namespace coi::store
