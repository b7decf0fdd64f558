#include "database.h"

#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace coi::server {

namespace {

// SQLITE_FULL, or an I/O error whose system error was "no space left on device" (a WAL or
// shared-memory file that could not grow).
// SQLITE_READONLY too: a server started read-only on a full or read-only disk.
bool disk_full(sqlite3* db, int rc)
{
    return db && ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_READONLY
                  || ((rc & 0xff) == SQLITE_IOERR && (sqlite3_system_errno(db) == ENOSPC || sqlite3_system_errno(db) == EDQUOT)));
}

[[noreturn]] void fail(sqlite3* db, const std::string& what)
{
    throw DatabaseError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"), db && disk_full(db, sqlite3_extended_errcode(db)));
}

} // namespace

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value)
{
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK)
        fail(m_db, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(m_db, "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes)
{
    if (sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(m_db, "bind");
    return *this;
}

Statement& Statement::bind_null(int index)
{
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK)
        fail(m_db, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text)
{
    return text ? bind(index, std::string_view{*text}) : bind_null(index);
}

bool Statement::step()
{
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(m_db, "step");
}

void Statement::run()
{
    while (step()) {
    }
}

Statement& Statement::reset()
{
    sqlite3_reset(m_stmt); // its result repeats the last step's error, which step() has already thrown
    return *this;
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::string Statement::text(int column) const
{
    auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string{};
}

std::string Statement::blob(int column) const
{
    auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string{};
}

bool Statement::is_null(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

Outcome<std::unique_ptr<Database>> Database::open(const std::string& path)
{
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
        sqlite3_close(handle);
        return Failure{FailureKind::Internal, "cannot open database " + path + ": " + message};
    }
    std::unique_ptr<Database> db(new Database(handle));
    sqlite3_busy_timeout(handle, 5000);
    try {
        db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    } catch (const DatabaseError& error) {
        return Failure{FailureKind::Internal, error.what()};
    }
    return db;
}

Outcome<std::unique_ptr<Database>> Database::open_read_only(const std::string& path)
{
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("/-_.~", c)) {
            uri += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            uri += hex;
        }
    }
    uri += "?immutable=1";
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(uri.c_str(), &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
        sqlite3_close(handle);
        return Failure{FailureKind::Internal, "cannot open database " + path + " to read: " + message};
    }
    return std::unique_ptr<Database>(new Database(handle));
}

Database::~Database() { sqlite3_close(m_db); }

void Database::exec(const std::string& sql)
{
    char* message = nullptr;
    if (int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw DatabaseError("exec: " + text, disk_full(m_db, sqlite3_extended_errcode(m_db)));
    }
}

Statement Database::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        fail(m_db, "prepare " + std::string(sql));
    return Statement(m_db, stmt);
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

Transaction::Transaction(Database& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction()
{
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (const DatabaseError&) {
            // Nothing more to do: SQLite already rolled back if the connection failed.
        }
    }
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace coi::server
