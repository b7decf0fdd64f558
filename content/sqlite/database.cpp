#include "content/sqlite/database.h"

#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace coi::sqlite {

namespace {

std::string message_of(sqlite3* db, std::string_view what) { return std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"); }

// Finalises a statement prepared only for one call.
struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    ~Prepared() { sqlite3_finalize(stmt); }
};

Value column_value(sqlite3_stmt* stmt, int c)
{
    switch (sqlite3_column_type(stmt, c)) {
    case SQLITE_INTEGER: return Value::of(sqlite3_column_int64(stmt, c));
    case SQLITE_NULL: return Value::null();
    case SQLITE_BLOB: {
        auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        return Value::blob(std::string(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
    }
    default: {
        auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return Value::text(std::string(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
    }
    }
}

} // namespace

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

// [SECTION] Statement

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt), m_bind_error(std::move(other.m_bind_error))
{
    other.m_stmt = nullptr;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Error Statement::failure(std::string_view what) const { return Error{message_of(m_db, what)}; }

Statement& Statement::bind(int index, std::int64_t value)
{
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK && m_bind_error.empty())
        m_bind_error = message_of(m_db, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK && m_bind_error.empty())
        m_bind_error = message_of(m_db, "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes)
{
    if (sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK && m_bind_error.empty())
        m_bind_error = message_of(m_db, "bind");
    return *this;
}

Statement& Statement::bind_null(int index)
{
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK && m_bind_error.empty())
        m_bind_error = message_of(m_db, "bind");
    return *this;
}

Result<bool> Statement::step()
{
    if (!m_bind_error.empty())
        return Error{m_bind_error};
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return failure("step");
}

Result<Ok> Statement::run()
{
    for (;;) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            return Ok{};
    }
}

Statement& Statement::reset()
{
    // Its result repeats the last step's error, which step() has already reported.
    sqlite3_reset(m_stmt);
    m_bind_error.clear();
    return *this;
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
std::string Statement::text(int column) const
{
    auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column)); // a number read as its text
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string{};
}

std::string Statement::blob(int column) const
{
    auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string{};
}
bool Statement::is_null(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

// [SECTION] Opening

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

Result<Database> Database::open_uri(const std::string& uri, int flags, std::string_view what)
{
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(uri.c_str(), &raw, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
    Database db(raw); // closes it on every path, a failed open included
    if (rc != SQLITE_OK)
        return Error{message_of(raw, "cannot open " + std::string(what))};
    sqlite3_busy_timeout(raw, 5000);
    return db;
}

Result<Database> Database::open(const std::filesystem::path& file, std::span<const Migration> steps, std::string_view program, Durability durability)
{
    std::error_code ec;
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
        return Error{"cannot create the data directory " + file.parent_path().string() + ": " + ec.message()};
    auto db = open_uri(file.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "the database " + file.string());
    if (!db)
        return db.error();
    // WAL: readers never wait for the writer. synchronous: see Durability.
    const char* synchronous = durability == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
    for (const char* pragma : {"PRAGMA journal_mode=WAL", synchronous, "PRAGMA foreign_keys=ON"})
        if (auto r = db->query(pragma); !r)
            return Error{"cannot prepare the database " + file.string() + ": " + r.error().message};
    if (auto r = db->migrate(steps, program); !r)
        return r.error();
    return db;
}

Result<Database> Database::open_in_memory(std::span<const Migration> steps, std::string_view program)
{
    // URI names allowed: a copy of a disk that cannot be written is read in by ATTACH.
    auto db = open_uri(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, "an in-memory database");
    if (!db)
        return db.error();
    if (auto r = db->execute("PRAGMA foreign_keys=ON"); !r)
        return r.error();
    if (auto r = db->migrate(steps, program); !r)
        return r.error();
    return db;
}

Result<Database> Database::open_read_only(const std::filesystem::path& file, Reading reading)
{
    return open_uri(file_uri(file, reading == Reading::Immutable ? "immutable=1" : "mode=ro"), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
        "the database " + file.string() + " to read");
}

// [SECTION] Migrations

Result<Ok> Database::migrate(std::span<const Migration> steps, std::string_view program)
{
    const int latest = static_cast<int>(steps.size());
    const int current = schema_version();
    if (current > latest)
        return Error{"the database was written by a newer " + std::string(program) + " (schema " + std::to_string(current) + "); this one knows up to "
            + std::to_string(latest)};
    if (current == latest)
        return Ok{};
    // Foreign keys off while the steps run (the pragma cannot change inside a transaction): a
    // step that rebuilds a table the way SQLite documents (new table, rows copied, old dropped,
    // new renamed) would otherwise cascade the drop to every row pointing at it. Each step is
    // checked with foreign_key_check before it commits instead.
    if (auto off = execute("PRAGMA foreign_keys=OFF"); !off)
        return off.error();
    auto all = migrate_steps(steps, current);
    auto on = execute("PRAGMA foreign_keys=ON");
    if (!all)
        return all.error();
    return on;
}

Result<Ok> Database::migrate_steps(std::span<const Migration> steps, int current)
{
    for (int version = current; version < static_cast<int>(steps.size()); ++version) {
        const Migration& step = steps[static_cast<std::size_t>(version)];
        const std::string which = "database migration " + std::to_string(version + 1) + " (" + step.name + ")";
        auto applied = transaction([&]() -> Result<Ok> {
            auto done = step.sql ? execute_script(step.sql) : step.code ? step.code(*this) : Result<Ok>(Ok{});
            if (!done)
                return Error{which + " failed: " + done.error().message};
            auto broken = query("PRAGMA foreign_key_check");
            if (!broken)
                return broken.error();
            if (!broken->empty())
                return Error{which + " left a broken reference"};
            return execute("PRAGMA user_version = " + std::to_string(version + 1));
        });
        if (!applied)
            return applied.error();
    }
    return Ok{};
}

int Database::schema_version() const
{
    Prepared s;
    if (sqlite3_prepare_v2(m_db, "PRAGMA user_version", -1, &s.stmt, nullptr) != SQLITE_OK || sqlite3_step(s.stmt) != SQLITE_ROW)
        return 0;
    return sqlite3_column_int(s.stmt, 0);
}

// [SECTION] Statements

Result<Statement> Database::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        return Error{message_of(m_db, "prepare " + std::string(sql))};
    return Statement(m_db, stmt);
}

Result<std::vector<Row>> Database::query(std::string_view sql, const std::vector<Value>& params)
{
    Prepared s;
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
        for (int c = 0; c < columns; ++c)
            row.push_back(column_value(s.stmt, c));
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

Result<Ok> Database::execute_script(const std::string& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        return Error{text};
    }
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

Result<std::string> Database::quick_check()
{
    auto rows = query("PRAGMA quick_check");
    if (!rows)
        return rows.error();
    return rows->empty() ? std::string() : (*rows)[0][0].bytes;
}

std::int64_t Database::size_bytes()
{
    auto pages = query("PRAGMA page_count");
    auto size = query("PRAGMA page_size");
    if (!pages || !size || pages->empty() || size->empty())
        return 0;
    return (*pages)[0][0].integer * (*size)[0][0].integer;
}

bool Database::storage_full() const
{
    // SQLITE_FULL, or an I/O error whose system error was "no space left on device" (a WAL or
    // shared-memory file that could not grow); SQLITE_READONLY too: a file opened read-only on
    // a full or read-only disk.
    int rc = sqlite3_extended_errcode(m_db) & 0xff;
    return m_db
        && (rc == SQLITE_FULL || rc == SQLITE_READONLY
            || (rc == SQLITE_IOERR && (sqlite3_system_errno(m_db) == ENOSPC || sqlite3_system_errno(m_db) == EDQUOT)));
}

} // namespace coi::sqlite
