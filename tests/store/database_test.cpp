// Specification of the kiosk database: migrations from empty, reopening, transactions.
#include "tests/support/temp_dir.h"
#include "kiosk/store/database.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace coi::store;

namespace {

coi::test::TempDir fresh_dir(const char* name) { return coi::test::TempDir(std::string("store-") + name); }

} // namespace

TEST(Database, MigratesFromEmptyToTheLatestSchema)
{
    auto dir = fresh_dir("migrate");
    auto db = Database::open(dir / "kiosk.db");
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_GE(db->schema_version(), 1);
    auto tables = db->query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'content_version'");
    ASSERT_TRUE(tables);
    EXPECT_EQ(tables->size(), 1u);
}

TEST(Database, ReopeningKeepsDataAndDoesNotMigrateAgain)
{
    auto dir = fresh_dir("reopen");
    int version = 0;
    {
        auto db = Database::open(dir / "kiosk.db");
        ASSERT_TRUE(db);
        version = db->schema_version();
        ASSERT_TRUE(db->execute("INSERT INTO setting (key, value) VALUES ('greeting', 'hello')"));
    }
    auto db = Database::open(dir / "kiosk.db");
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(db->schema_version(), version);
    auto rows = db->query("SELECT value FROM setting WHERE key = 'greeting'");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0][0].bytes, "hello");
}

TEST(Database, UsesWriteAheadLogWithFullSync)
{
    auto dir = fresh_dir("wal");
    auto db = Database::open(dir / "kiosk.db");
    ASSERT_TRUE(db);
    EXPECT_EQ((*db->query("PRAGMA journal_mode"))[0][0].bytes, "wal");
    EXPECT_EQ((*db->query("PRAGMA synchronous"))[0][0].integer, 2) << "2 is FULL";
}

TEST(Database, FailedTransactionLeavesNothingBehind)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    auto result = db->transaction([&]() -> coi::Result<coi::Ok> {
        if (auto r = db->execute("INSERT INTO setting (key, value) VALUES ('a', '1')"); !r)
            return r;
        return coi::Error{"changed my mind"};
    });
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message, "changed my mind");
    EXPECT_TRUE(db->query("SELECT * FROM setting")->empty());
}

TEST(Database, ATransactionInsideAnotherIsPartOfIt)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    auto insert = [&](const char* key) { return db->execute("INSERT INTO setting (key, value) VALUES (?, '1')", {Value::text(key)}); };
    // The inner one committing does not commit the outer one's failure away...
    auto result = db->transaction([&]() -> coi::Result<coi::Ok> {
        if (auto inner = db->transaction([&] { return insert("inner"); }); !inner)
            return inner;
        return coi::Error{"the outer step failed"};
    });
    ASSERT_FALSE(result);
    EXPECT_TRUE(db->query("SELECT * FROM setting")->empty()) << "the inner write went with the outer rollback";
    // ...and an inner failure undoes only the inner writes.
    ASSERT_TRUE(db->transaction([&]() -> coi::Result<coi::Ok> {
        if (auto r = insert("outer"); !r)
            return r;
        (void)db->transaction([&]() -> coi::Result<coi::Ok> {
            (void)insert("undone");
            return coi::Error{"inner failed"};
        });
        return coi::Ok{};
    }));
    auto rows = db->query("SELECT key FROM setting");
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0][0].bytes, "outer");
}

TEST(Database, ParametersAreNeverSql)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    std::string hostile = "x'); DROP TABLE setting; --";
    ASSERT_TRUE(db->execute("INSERT INTO setting (key, value) VALUES (?, ?)", {Value::text("k"), Value::text(hostile)}));
    auto rows = db->query("SELECT value FROM setting WHERE key = 'k'");
    ASSERT_TRUE(rows);
    EXPECT_EQ((*rows)[0][0].bytes, hostile);
}

TEST(Database, UnopenableFileIsAClearError)
{
    auto dir = fresh_dir("blocked");
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "not-a-dir") << "a file where a directory should be";
    auto db = Database::open(dir / "not-a-dir" / "kiosk.db");
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().message.find("cannot create the data directory"), std::string::npos) << db.error().message;
}

TEST(Database, IntegrityCheckSaysOk)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    EXPECT_EQ(*db->integrity_check(), "ok");
}
