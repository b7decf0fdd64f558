// Specification: a database kiosk-content wrote before its SQLite code moved to the shared
// wrapper (schema 7, tests/sqlite/data/server_schema7.sql) opens unchanged, reads and takes writes.
#include "content/server/migrations.h"
#include "content/server/repository.h"
#include "content/sqlite/database.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace coi::server;

namespace {

// The dump loaded into a new file the way sqlite3's own shell would: no migrations of ours.
std::filesystem::path database_from_dump(const coi::test::TempDir& dir, const char* dump)
{
    std::ifstream in(std::string(COI_SOURCE_DIR) + "/tests/sqlite/data/" + dump);
    std::stringstream sql;
    sql << in.rdbuf();
    auto path = dir / "content.db";
    auto db = coi::sqlite::Database::open(path, {}, "test");
    EXPECT_TRUE(db) << db.error().message;
    if (db) {
        EXPECT_TRUE(db->execute_script(sql.str()));
    }
    return path;
}

} // namespace

TEST(OldServerDatabase, ASchema7DatabaseOpensWithEverythingInIt)
{
    coi::test::TempDir dir("old-server-db");
    auto path = database_from_dump(dir, "server_schema7.sql");
    auto repository = Repository::open(path.string());
    ASSERT_TRUE(repository) << repository.failure().message;
    auto& repo = **repository;
    EXPECT_EQ(repo.read_only_reason(), "") << "opened for writing";
    auto users = repo.users();
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[0].name, "admin") << "by name";
    EXPECT_EQ(users[1].name, "amira");
    EXPECT_TRUE(repo.check_password("amira", "correct horse battery staple")) << "the password hash still checks";
    auto sites = repo.sites();
    ASSERT_EQ(sites.size(), 1u);
    EXPECT_EQ(sites[0].id, "ashby-hill");
    EXPECT_EQ(repo.items(ItemKind::Event, "ashby-hill")->size(), 2u);
    EXPECT_TRUE(repo.assemble_feed("ashby-hill", std::nullopt)) << "the stored items still make a feed";
}

TEST(OldServerDatabase, ASchema7DatabaseTakesWritesAtTheSameSchema)
{
    coi::test::TempDir dir("old-server-db-write");
    auto path = database_from_dump(dir, "server_schema7.sql");
    {
        auto repository = Repository::open(path.string());
        ASSERT_TRUE(repository) << repository.failure().message;
        EXPECT_TRUE((*repository)->delete_item(ItemKind::Notice, "ashby-hill", "burst-pipe"));
    }
    auto reading = coi::sqlite::Database::open_read_only(path);
    ASSERT_TRUE(reading);
    EXPECT_EQ(reading->schema_version(), kSchemaVersion);
    auto notices = reading->query("SELECT count(*) FROM notices");
    ASSERT_TRUE(notices);
    EXPECT_EQ((*notices)[0][0].integer, 0);
}
