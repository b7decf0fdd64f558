#include "database.h"

#include "migrations.h"

namespace coi::server {

namespace {

// The repository's code still relies on a throw for what cannot happen (a full disk, a
// corrupt file): the boundary in http_server.cpp answers 507 or 500 and the open
// transaction rolls back.
[[noreturn]] void fail(const sqlite::Database& db, const Error& error) { throw DatabaseError(error.message, db.storage_full()); }

template <typename T> T or_throw(const sqlite::Database& db, Result<T> result)
{
    if (!result)
        fail(db, result.error());
    return result.release();
}

} // namespace

Statement& Statement::bind(int index, const std::optional<std::string>& text)
{
    return text ? bind(index, std::string_view{*text}) : bind_null(index);
}

bool Statement::step() { return or_throw(*m_db, m_statement.step()); }

void Statement::run()
{
    if (auto done = m_statement.run(); !done)
        fail(*m_db, done.error());
}

Outcome<std::unique_ptr<Database>> Database::open(const std::string& path)
{
    auto db = sqlite::Database::open(path, migrations(), kProgram, sqlite::Durability::Normal);
    if (!db)
        return Failure{FailureKind::Internal, db.error().message};
    return std::unique_ptr<Database>(new Database(db.release()));
}

Outcome<std::unique_ptr<Database>> Database::open_read_only(const std::string& path)
{
    auto db = sqlite::Database::open_read_only(path, sqlite::Database::Reading::Immutable);
    if (!db)
        return Failure{FailureKind::Internal, db.error().message};
    return std::unique_ptr<Database>(new Database(db.release()));
}

void Database::exec(const std::string& sql)
{
    if (auto done = m_db.execute_script(sql); !done)
        throw DatabaseError("exec: " + done.error().message, m_db.storage_full());
}

Statement Database::prepare(std::string_view sql) { return Statement(or_throw(m_db, m_db.prepare(sql)), m_db); }

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
