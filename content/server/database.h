#pragma once
// A thin RAII layer over one SQLite connection. Only database.cpp includes sqlite3.h;
// everything else binds values and reads columns through Statement.

#include "outcome.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace coi::server {

// Thrown only for "cannot happen" database failures (disk full, corrupt file); the HTTP
// boundary turns it into a 500 and the open transaction rolls back.
struct DatabaseError : std::runtime_error {
    explicit DatabaseError(const std::string& what, bool full = false) : std::runtime_error(what), disk_full(full) {}
    bool disk_full = false; // the server's disk (or its quota) is full: the one a person can do something about
};

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);             // 1-based, like SQLite
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view{text}); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view{text}); }
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind_null(int index);
    Statement& bind(int index, const std::optional<std::string>& text); // null when empty

    bool step();  // true while a row is available
    void run();   // step to completion, for statements without rows
    Statement& reset(); // ready to bind and run again (bindings kept until rebound): one prepare for many rows

    std::int64_t integer(int column) const; // 0-based, like SQLite
    std::string text(int column) const;
    std::string blob(int column) const;
    bool is_null(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

class Database {
public:
    static Outcome<std::unique_ptr<Database>> open(const std::string& path);
    // The file as it is, never written (immutable: no journal, no lock files): a server whose
    // disk is full or read-only still serves what it holds.
    static Outcome<std::unique_ptr<Database>> open_read_only(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    Statement prepare(std::string_view sql);
    std::int64_t last_insert_id() const;
    int changes() const;

private:
    explicit Database(sqlite3* db) : m_db(db) {}
    sqlite3* m_db = nullptr;
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
