#pragma once
// The one SQLite wrapper of the kiosk and kiosk-content, and their one migration mechanism.
// Every call returns a Result: nothing here throws. The only sqlite3.h include of the project.

#include "content/feed/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace coi::sqlite {

// A value bound to or read from a statement.
struct Value {
    enum class Kind { Null, Integer, Text, Blob } kind = Kind::Null;
    std::int64_t integer = 0;
    std::string bytes; // Text or Blob
    static Value null() { return {}; }
    static Value of(std::int64_t v) { return {Kind::Integer, v, {}}; }
    static Value text(std::string v) { return {Kind::Text, 0, std::move(v)}; }
    static Value blob(std::string v) { return {Kind::Blob, 0, std::move(v)}; }
};
using Row = std::vector<Value>;

class Database;

// One step of a schema: a name for the error message and either a script or code (when SQL
// alone cannot say it). Steps are applied in order, each in its own transaction, and PRAGMA
// user_version counts those applied. Append only: a released step is never edited, so every
// database reaches the same schema whatever version it started from.
struct Migration {
    const char* name = "";
    const char* sql = nullptr;
    Result<Ok> (*code)(Database&) = nullptr;
};

// When a committed transaction is on disk: Full when commit returns (the kiosk: whatever the
// screen confirmed survives a power cut); Normal at the next checkpoint (the server, in WAL,
// where a power cut may lose the last commits but never corrupts).
enum class Durability { Full, Normal };

// A prepared statement, for a query run many times or rows read one at a time. A failed bind
// is kept and reported by the next step or run.
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value); // 1-based, like SQLite
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind_null(int index);

    Result<bool> step(); // true while a row is available
    Result<Ok> run();    // step to completion, for statements without rows
    Statement& reset();  // ready to bind and run again (bindings kept until rebound)

    std::int64_t integer(int column) const; // 0-based, like SQLite
    std::string text(int column) const;
    std::string blob(int column) const;
    bool is_null(int column) const;

private:
    friend class Database;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) { }
    Error failure(std::string_view what) const;
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    std::string m_bind_error; // the first failed bind since the last reset
};

class Database {
public:
    // Creates the file (and its folder), then brings it to the schema `steps` say; a database
    // with more steps applied than these (written by a newer `program`) is refused.
    static Result<Database> open(const std::filesystem::path& file, std::span<const Migration> steps, std::string_view program, Durability = Durability::Full);
    static Result<Database> open_in_memory(std::span<const Migration> steps, std::string_view program);
    // A file only read, never written or migrated. Immutable: not even a lock or a journal is
    // looked for, for a disk that cannot hold one (and then another writer must not exist).
    enum class Reading { Shared, Immutable };
    static Result<Database> open_read_only(const std::filesystem::path& file, Reading = Reading::Shared);

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    int schema_version() const;                                                      // steps applied
    Result<Ok> migrate(std::span<const Migration> steps, std::string_view program);  // what open does
    Result<Ok> execute(std::string_view sql, const std::vector<Value>& params = {}); // no rows back
    Result<Ok> execute_script(const std::string& sql);                               // several statements, no parameters
    Result<std::vector<Row>> query(std::string_view sql, const std::vector<Value>& params = {});
    Result<Statement> prepare(std::string_view sql);
    Result<Ok> transaction(const std::function<Result<Ok>()>& body); // all or nothing; nested: a savepoint in the outer one
    std::int64_t last_insert_id() const;
    std::int64_t changes() const;          // rows touched by the last statement
    Result<std::string> integrity_check(); // "ok" when healthy
    Result<std::string> quick_check();     // the same, cheaper: for choosing how to open a file
    std::int64_t size_bytes();             // page_count * page_size
    // Whether the call that just failed on this connection failed for want of space (a full
    // disk or quota) or because the file is read-only: the failure a person can do something
    // about. Read it before the next call on the connection.
    bool storage_full() const;

private:
    Result<Ok> migrate_steps(std::span<const Migration> steps, int current); // each from current on, one transaction each
    explicit Database(sqlite3* db) : m_db(db) { }
    static Result<Database> open_uri(const std::string& uri, int flags, std::string_view what);
    sqlite3* m_db = nullptr;
};

// A URI naming the file for sqlite3, with the characters URIs reserve escaped, and a query
// such as "mode=ro" or "immutable=1" (for ATTACH, which takes a URI).
std::string file_uri(const std::filesystem::path& file, std::string_view query);

} // namespace coi::sqlite
