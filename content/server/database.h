#pragma once
// The server's view of its one SQLite connection, on the shared wrapper (content/sqlite):
// opening runs the server's migrations (migrations.h). The repository code still expects a
// failed statement to throw, so this layer turns the wrapper's Result failures into a
// DatabaseError; nothing below it throws.

#include "content/sqlite/database.h"
#include "outcome.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coi::server {

// Thrown only for "cannot happen" database failures (disk full, corrupt file); the HTTP
// boundary turns it into a 500 and the open transaction rolls back.
struct DatabaseError : std::runtime_error {
    explicit DatabaseError(const std::string& what, bool full = false) : std::runtime_error(what), disk_full(full) {}
    bool disk_full = false; // the server's disk (or its quota) is full: the one a person can do something about
};

class Statement {
public:
    Statement(sqlite::Statement statement, const sqlite::Database& db) : m_statement(std::move(statement)), m_db(&db) { }

    Statement& bind(int index, std::int64_t value)
    {
        m_statement.bind(index, value);
        return *this;
    } // 1-based, like SQLite
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, std::string_view text)
    {
        m_statement.bind(index, text);
        return *this;
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view{text}); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view{text}); }
    Statement& bind_blob(int index, std::string_view bytes)
    {
        m_statement.bind_blob(index, bytes);
        return *this;
    }
    Statement& bind_null(int index)
    {
        m_statement.bind_null(index);
        return *this;
    }
    Statement& bind(int index, const std::optional<std::string>& text); // null when empty

    bool step();  // true while a row is available
    void run();   // step to completion, for statements without rows
    Statement& reset()
    {
        m_statement.reset();
        return *this;
    } // ready to bind and run again: one prepare for many rows

    std::int64_t integer(int column) const { return m_statement.integer(column); } // 0-based, like SQLite
    std::string text(int column) const { return m_statement.text(column); }
    std::string blob(int column) const { return m_statement.blob(column); }
    bool is_null(int column) const { return m_statement.is_null(column); }

private:
    sqlite::Statement m_statement;
    const sqlite::Database* m_db;
};

class Database {
public:
    static Outcome<std::unique_ptr<Database>> open(const std::string& path); // and migrated to kSchemaVersion
    // The file as it is, never written (immutable: no journal, no lock files): a server whose
    // disk is full or read-only still serves what it holds.
    static Outcome<std::unique_ptr<Database>> open_read_only(const std::string& path);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    Statement prepare(std::string_view sql);
    std::int64_t last_insert_id() const { return m_db.last_insert_id(); }
    int changes() const { return static_cast<int>(m_db.changes()); }
    int schema_version() const { return m_db.schema_version(); }

private:
    explicit Database(sqlite::Database db) : m_db(std::move(db)) { }
    sqlite::Database m_db;
};

// BEGIN IMMEDIATE on construction; ROLLBACK unless commit() was called. Every write path
// goes through one of these, so a request that fails half-way leaves nothing behind.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

} // namespace coi::server
