// Specification: a database the kiosk wrote before its SQLite code moved to the shared wrapper
// (schema 5, tests/sqlite/data/kiosk_schema5.sql) opens unchanged, reads and takes writes.
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"
#include "kiosk/store/outbox_store.h"
#include "kiosk/store/settings_store.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace coi::store;

TEST(OldKioskDatabase, ASchema5DatabaseOpensWithEverythingInItAndTakesWrites)
{
    coi::test::TempDir dir("old-kiosk-db");
    auto path = dir / "kiosk.db";
    {
        // Loaded the way sqlite3's own shell would: no migrations of ours.
        std::ifstream in(std::string(COI_SOURCE_DIR) + "/tests/sqlite/data/kiosk_schema5.sql");
        std::stringstream sql;
        sql << in.rdbuf();
        auto raw = coi::sqlite::Database::open(path, {}, "test");
        ASSERT_TRUE(raw) << raw.error().message;
        ASSERT_TRUE(raw->execute_script(sql.str()));
    }
    auto db = Database::open(path);
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(db->schema_version(), 5);
    auto current = ContentStore(*db).current();
    ASSERT_TRUE(current);
    EXPECT_EQ(current->version, 1);
    EXPECT_EQ(current->source, "embedded");
    EXPECT_EQ(SettingsStore(*db).get(Setting::SyncToken), "token-made-before");
    auto waiting = OutboxStore(*db).oldest(10);
    ASSERT_TRUE(waiting);
    ASSERT_EQ(waiting->size(), 1u);
    EXPECT_EQ((*waiting)[0].client_uuid, "u-1");
    auto inside = db->query("SELECT first_name FROM checkin WHERE checked_out_at IS NULL");
    ASSERT_TRUE(inside);
    ASSERT_EQ(inside->size(), 1u);
    EXPECT_EQ((*inside)[0][0].bytes, "Sam");
    EXPECT_TRUE(OutboxStore(*db).add({0, "u-2", "status", "/api/v1/status", "{}"}, 1764068400));
    EXPECT_EQ(OutboxStore(*db).count(), 2);
}

TEST(OldKioskDatabase, ADatabaseFromANewerKioskIsLeftAsItIsAndReadIntoMemory)
{
    coi::test::TempDir dir("newer-kiosk-db");
    auto path = dir / "kiosk.db";
    {
        auto db = Database::open(path);
        ASSERT_TRUE(db) << db.error().message;
        ASSERT_TRUE(SettingsStore(*db).set(Setting::SyncToken, "kept"));
        // What a later release's next step would have done.
        ASSERT_TRUE(db->execute_script("CREATE TABLE from_the_future (x); PRAGMA user_version = 99;"));
    }
    auto refused = Database::open(path);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("newer kiosk (schema 99)"), std::string::npos) << refused.error().message;
    auto opened = open_or_recover(path, 1764064800);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->health, StorageHealth::InMemory);
    EXPECT_EQ(SettingsStore(opened->db).get(Setting::SyncToken), "kept") << "what it held is read";
    auto on_disk = coi::sqlite::Database::open_read_only(path);
    ASSERT_TRUE(on_disk);
    EXPECT_EQ(on_disk->schema_version(), 99) << "the file is left for the newer kiosk";
}
