// Specification of the one SQLite wrapper and its migration mechanism, shared by the kiosk
// and kiosk-content: named steps in order, one transaction each, a newer database refused,
// and every failure a Result (nothing thrown).
#include "content/sqlite/database.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>

using namespace coi;
using coi::sqlite::Database;
using coi::sqlite::Migration;
using coi::sqlite::Value;
using coi::test::TempDir;

namespace {

const Migration kTwoSteps[] = {
    {"notes", "CREATE TABLE note (id INTEGER PRIMARY KEY, words TEXT NOT NULL);"},
    {"note authors", "ALTER TABLE note ADD COLUMN author TEXT;"},
};

Result<Ok> seed_a_note(Database& db) { return db.execute("INSERT INTO note (words, author) VALUES ('from code', 'step 3')"); }

const Migration kThreeSteps[] = {kTwoSteps[0], kTwoSteps[1], {"a first note", nullptr, seed_a_note}};

const Migration kBrokenThird[] = {
    kTwoSteps[0],
    kTwoSteps[1],
    {"half done", "CREATE TABLE kept_only_if_whole (x); INSERT INTO no_such_table VALUES (1);"},
};

} // namespace

TEST(SqliteMigrations, StepsAreAppliedInOrderAndCounted)
{
    auto db = Database::open_in_memory(kTwoSteps, "test");
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(db->schema_version(), 2);
    EXPECT_TRUE(db->execute("INSERT INTO note (words, author) VALUES ('hello', 'sam')"));
}

TEST(SqliteMigrations, OnlyTheStepsNotYetAppliedRunAtTheNextOpen)
{
    TempDir dir("sqlite-steps");
    {
        auto db = Database::open(dir / "a.db", kTwoSteps, "test");
        ASSERT_TRUE(db) << db.error().message;
        ASSERT_TRUE(db->execute("INSERT INTO note (words) VALUES ('kept')"));
    }
    auto db = Database::open(dir / "a.db", kThreeSteps, "test");
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(db->schema_version(), 3);
    auto rows = db->query("SELECT words FROM note ORDER BY id");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u) << "the first two steps did not run again";
    EXPECT_EQ((*rows)[0][0].bytes, "kept");
    EXPECT_EQ((*rows)[1][0].bytes, "from code") << "a step may be code";
}

TEST(SqliteMigrations, AFailedStepLeavesNothingOfItselfAndSaysWhichItWas)
{
    TempDir dir("sqlite-broken");
    auto db = Database::open(dir / "a.db", kBrokenThird, "test");
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().message.find("migration 3 (half done)"), std::string::npos) << db.error().message;
    auto reading = Database::open_read_only(dir / "a.db");
    ASSERT_TRUE(reading) << reading.error().message;
    EXPECT_EQ(reading->schema_version(), 2) << "the steps before it stay applied";
    EXPECT_TRUE(reading->query("SELECT * FROM note")) << "the steps before it stay applied";
    EXPECT_FALSE(reading->query("SELECT * FROM kept_only_if_whole")) << "nothing of the failed step is kept";
}

TEST(SqliteMigrations, ADatabaseWrittenByANewerProgramIsRefusedAndLeftAlone)
{
    TempDir dir("sqlite-newer");
    {
        auto db = Database::open(dir / "a.db", kThreeSteps, "test");
        ASSERT_TRUE(db) << db.error().message;
    }
    auto older = Database::open(dir / "a.db", kTwoSteps, "kiosk-content");
    ASSERT_FALSE(older);
    EXPECT_EQ(older.error().message, "the database was written by a newer kiosk-content (schema 3); this one knows up to 2");
    auto reading = Database::open_read_only(dir / "a.db");
    ASSERT_TRUE(reading);
    EXPECT_EQ(reading->schema_version(), 3);
}

TEST(SqliteDatabase, AFailureIsAResultNeverAThrow)
{
    auto db = Database::open_in_memory(kTwoSteps, "test");
    ASSERT_TRUE(db);
    EXPECT_FALSE(db->execute("INSERT INTO no_such_table VALUES (1)"));
    EXPECT_FALSE(db->query("SELECT nonsense FROM"));
    EXPECT_FALSE(db->prepare("SELEC 1"));
    EXPECT_FALSE(db->execute_script("CREATE TABLE t (x); CREATE TABLE t (x);"));
    auto statement = db->prepare("INSERT INTO note (words) VALUES (?)");
    ASSERT_TRUE(statement);
    statement->bind_null(1);
    auto ran = statement->run();
    ASSERT_FALSE(ran) << "NOT NULL refused at the step";
    EXPECT_NE(ran.error().message.find("NOT NULL"), std::string::npos) << ran.error().message;
}

TEST(SqliteStatement, ABindOutOfRangeIsReportedByTheStep)
{
    auto db = Database::open_in_memory(kTwoSteps, "test");
    ASSERT_TRUE(db);
    auto statement = db->prepare("SELECT ?");
    ASSERT_TRUE(statement);
    statement->bind(2, std::int64_t{1});
    EXPECT_FALSE(statement->step());
    statement->reset().bind(1, std::int64_t{1});
    auto row = statement->step();
    ASSERT_TRUE(row) << "a reset forgets the failed bind";
    EXPECT_TRUE(*row);
}

TEST(SqliteStatement, RowsAreReadOneAtATimeAndANumberReadsAsText)
{
    auto db = Database::open_in_memory(kTwoSteps, "test");
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->execute("INSERT INTO note (words, author) VALUES ('a', NULL), ('b', 'sam')"));
    auto statement = db->prepare("SELECT id, words, author FROM note ORDER BY id");
    ASSERT_TRUE(statement);
    std::vector<std::string> read;
    for (auto row = statement->step(); row && *row; row = statement->step())
        read.push_back(statement->text(0) + " " + statement->text(1) + " " + (statement->is_null(2) ? "-" : statement->text(2)));
    EXPECT_EQ(read, (std::vector<std::string>{"1 a -", "2 b sam"}));
}

TEST(SqliteDatabase, NestedTransactionsAreAllOrNothingWithTheOuterOne)
{
    auto db = Database::open_in_memory(kTwoSteps, "test");
    ASSERT_TRUE(db);
    auto outer = db->transaction([&]() -> Result<Ok> {
        if (auto r = db->transaction([&] { return db->execute("INSERT INTO note (words) VALUES ('inner')"); }); !r)
            return r;
        return Error{"the outer step fails after the inner one"};
    });
    EXPECT_FALSE(outer);
    EXPECT_TRUE(db->query("SELECT * FROM note")->empty());
}

TEST(SqliteDatabase, AReadOnlyDatabaseRefusesWritesAsStorageFull)
{
    TempDir dir("sqlite-readonly");
    {
        auto db = Database::open(dir / "a.db", kTwoSteps, "test");
        ASSERT_TRUE(db);
    }
    auto db = Database::open_read_only(dir / "a.db", Database::Reading::Immutable);
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_FALSE(db->execute("INSERT INTO note (words) VALUES ('x')"));
    EXPECT_TRUE(db->storage_full()) << "the failure a person can do something about: free space, or a writable disk";
    EXPECT_TRUE(db->query("SELECT count(*) FROM note")) << "reading still works";
    EXPECT_FALSE(db->storage_full());
}
