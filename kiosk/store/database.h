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
    static Result<Database> open_in_memory();                         // for tests, and a disk that cannot be written
    // As it is on disk, for reading only (`kiosk roll-call` on a read-only or full disk): never
    // written or migrated; immutable if the disk cannot even hold a lock.
    static Result<Database> open_for_reading(const std::filesystem::path& file);

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

// [SECTION] Opening whatever the storage does

// How the kiosk found its database at start. A Pi's SD card fills up, turns read-only or is
// scribbled on; none of that may mean a black screen or a lost fire roll-call.
enum class StorageHealth {
    Healthy,   // opened and checked
    Recovered, // it was damaged: kept aside (never deleted) and a fresh one started on the disk
    InMemory,  // the disk cannot be written: what could be read is copied into memory, and what
               // is saved from now on (check-ins, specials) lasts until the kiosk stops
};

struct OpenedStore {
    Database db;
    StorageHealth health = StorageHealth::Healthy;
    std::string problem; // for the log and the staff device page; "" when healthy
};

// The database at `file`, or the best that can be had: a damaged file is moved aside to
// `<file>.damaged-<now>` (with its -wal and -shm) and a fresh one started; a file that can be
// read but not written (a full or read-only disk) is copied into memory. `now` names the
// damaged copy. An error only when not even memory can be had.
Result<OpenedStore> open_or_recover(const std::filesystem::path& file, std::int64_t now);

} // namespace coi::store
