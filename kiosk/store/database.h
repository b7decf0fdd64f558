#pragma once
// The kiosk's SQLite database: one file under the data directory, opened in WAL mode with
// full fsync so that whatever the screen has confirmed survives a power cut. Migrations
// are numbered and run in order inside one transaction each (PRAGMA user_version).

#include "content/feed/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace coi::store {

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

class Database {
public:
    static Result<Database> open(const std::filesystem::path& file); // creates it and runs migrations
    static Result<Database> open_in_memory();                         // for tests

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    int schema_version() const;                                                         // migrations applied
    Result<Ok> execute(std::string_view sql, const std::vector<Value>& params = {});    // no rows back
    Result<std::vector<Row>> query(std::string_view sql, const std::vector<Value>& params = {});
    Result<Ok> transaction(const std::function<Result<Ok>()>& body);                     // all or nothing; nested: a savepoint in the outer one
    std::int64_t last_insert_id() const;
    std::int64_t changes() const;                                                       // rows touched by the last statement
    Result<std::string> integrity_check();                                              // "ok" when healthy
    std::int64_t size_bytes();                                                          // page_count * page_size

private:
    explicit Database(sqlite3* db);
    Result<Ok> migrate();
    sqlite3* m_db = nullptr;
};

} // namespace coi::store
