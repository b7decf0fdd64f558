#include "kiosk/store/database.h"

#include <optional>

namespace coi::store {

// [SECTION] Migrations. Append only: a released migration is never edited, so every
// kiosk in the field reaches the same schema whatever version it started from.

namespace {

// Each step's comment says what it is for; its name is what an error message says.
const sqlite::Migration kMigrations[] = {
    // 1: content versions and media
    {"content versions and media", R"sql(
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
    )sql"},
    // 2: check-ins. Names and codes are personal data: kept only for the site's retention
    // days, then erased (the row stays, anonymous, so counts stay right).
    {"check-ins", R"sql(
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
    )sql"},
    // 3: the outbox: what the kiosk reports back (heartbeats, anonymous counts, specials
    // posted in staff mode), kept until the server has it, sent in order. client_uuid makes
    // a resend after a lost answer harmless.
    {"outbox", R"sql(
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
    )sql"},
    // 4: staff mode: PIN hashes live in `setting`; what staff changed at this screen.
    {"staff mode", R"sql(
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
    )sql"},
    // 5: check-in reporting: what the anonymous counts need beyond the check-ins themselves.
    // A session check-in remembers its occurrence; a volunteer's visit is summed into its
    // day's totals before the names are erased; faces tapped and returning visitors are
    // counted per day; "Remember me" keeps only a keyed hash of what the visitor chose.
    {"check-in reporting", R"sql(
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
    )sql"},
};

constexpr const char* kProgram = "kiosk";

} // namespace

// [SECTION] Opening

Result<Database> Database::adopt(Result<sqlite::Database> opened)
{
    if (!opened)
        return opened.error();
    return Database(opened.release());
}

Result<Database> Database::open(const std::filesystem::path& file)
{
    return adopt(sqlite::Database::open(file, kMigrations, kProgram, sqlite::Durability::Full));
}

Result<Database> Database::open_in_memory() { return adopt(sqlite::Database::open_in_memory(kMigrations, kProgram)); }

// [SECTION] Opening whatever the storage does

namespace {

// How the file can be read as a healthy database: read-only (WAL included where the disk
// lets sqlite share it) or, failing that, as an immutable file.
std::optional<sqlite::Database::Reading> readable_as(const std::filesystem::path& file)
{
    for (auto reading : {sqlite::Database::Reading::Shared, sqlite::Database::Reading::Immutable}) {
        auto db = sqlite::Database::open_read_only(file, reading);
        if (!db)
            continue;
        if (auto verdict = db->quick_check(); verdict && *verdict == "ok")
            return reading;
    }
    return std::nullopt;
}

std::string uri_for(const std::filesystem::path& file, sqlite::Database::Reading reading)
{
    return sqlite::file_uri(file, reading == sqlite::Database::Reading::Immutable ? "immutable=1" : "mode=ro");
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
    auto reading = readable_as(file);
    if (!reading)
        return Error{"the database " + file.string() + " cannot be read: it is damaged"};
    return adopt(sqlite::Database::open_read_only(file, *reading));
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
        if (auto reading = readable_as(file)) {
            auto memory = Database::open_in_memory();
            if (!memory)
                return memory.error();
            if (auto copied = copy_into(*memory, uri_for(file, *reading)); !copied)
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
