#pragma once
// The kiosk's SQLite database: one file under the data directory, opened in WAL mode with
// full fsync so that whatever the screen has confirmed survives a power cut. Its migrations
// are named steps run in order by the shared wrapper (content/sqlite), one transaction each.

#include "content/feed/result.h"
#include "content/sqlite/database.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::store {

using Value = sqlite::Value;
using Row = sqlite::Row;

// The kiosk's schema (kiosk_migrations in database.cpp) on the shared wrapper: opening one
// always means this schema, so a store never meets a database it does not know.
class Database : public sqlite::Database {
public:
    static Result<Database> open(const std::filesystem::path& file); // creates it and runs migrations
    static Result<Database> open_in_memory();                         // for tests, and a disk that cannot be written
    // As it is on disk, for reading only (`kiosk roll-call` on a read-only or full disk): never
    // written or migrated; immutable if the disk cannot even hold a lock.
    static Result<Database> open_for_reading(const std::filesystem::path& file);

private:
    explicit Database(sqlite::Database&& db) : sqlite::Database(std::move(db)) { }
    static Result<Database> adopt(Result<sqlite::Database> opened);
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
