// Specification of the outbox table: items wait in the order they were put in, a binary body
// comes back byte for byte, and a failed attempt is noted without losing the item.
#include "kiosk/store/outbox_store.h"

#include <gtest/gtest.h>

using namespace coi::store;

TEST(OutboxStore, ItemsComeBackInTheOrderTheyWentIn)
{
    auto db = Database::open_in_memory().release();
    OutboxStore outbox(db);
    ASSERT_TRUE(outbox.add({0, "u1", "footfall", "/api/v1/footfall", "{\"a\":1}"}, 100));
    ASSERT_TRUE(outbox.add({0, "u2", "special", "/api/v1/specials", "{\"b\":2}"}, 50));
    auto items = outbox.oldest(10);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 2u);
    EXPECT_EQ((*items)[0].client_uuid, "u1") << "put in first, sent first, whatever its time";
    EXPECT_EQ((*items)[0].kind, "footfall");
    EXPECT_EQ((*items)[0].path, "/api/v1/footfall");
    EXPECT_EQ((*items)[0].body, "{\"a\":1}");
    EXPECT_EQ((*items)[1].client_uuid, "u2");
    EXPECT_LT((*items)[0].id, (*items)[1].id);
    EXPECT_EQ(outbox.oldest(1)->size(), 1u) << "no more than asked for";
    EXPECT_EQ(outbox.count(), 2);
}

TEST(OutboxStore, ABinaryBodyComesBackByteForByte)
{
    auto db = Database::open_in_memory().release();
    OutboxStore outbox(db);
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    ASSERT_TRUE(outbox.add({0, "u", "status-screenshot", "/api/v1/status", png}, 1, true));
    EXPECT_EQ(outbox.oldest(1)->at(0).body, png);
}

TEST(OutboxStore, RemovingByKindOrIdLeavesTheRest)
{
    auto db = Database::open_in_memory().release();
    OutboxStore outbox(db);
    ASSERT_TRUE(outbox.add({0, "s1", "status", "/api/v1/status", "{}"}, 1));
    ASSERT_TRUE(outbox.add({0, "s2", "status-screenshot", "/api/v1/status", "{}"}, 2));
    ASSERT_TRUE(outbox.add({0, "f1", "footfall", "/api/v1/footfall", "{}"}, 3));
    ASSERT_TRUE(outbox.add({0, "p1", "special", "/api/v1/specials", "{}"}, 4));
    ASSERT_TRUE(outbox.remove_kinds({"status", "status-screenshot"}));
    auto left = outbox.oldest(10);
    ASSERT_EQ(left->size(), 2u);
    EXPECT_EQ((*left)[0].client_uuid, "f1");
    ASSERT_TRUE(outbox.remove((*left)[0].id));
    EXPECT_EQ(outbox.oldest(10)->at(0).client_uuid, "p1");
    EXPECT_EQ(outbox.count(), 1);
}

TEST(OutboxStore, AFailedAttemptIsNotedAndTheItemStays)
{
    auto db = Database::open_in_memory().release();
    OutboxStore outbox(db);
    ASSERT_TRUE(outbox.add({0, "u", "footfall", "/api/v1/footfall", "{}"}, 1));
    auto id = outbox.oldest(1)->at(0).id;
    ASSERT_TRUE(outbox.note_failure(id, "answered 502"));
    ASSERT_TRUE(outbox.note_failure(id, "answered 503"));
    auto row = db.query("SELECT attempts, last_error FROM outbox WHERE id = ?", {Value::of(id)});
    ASSERT_TRUE(row);
    EXPECT_EQ((*row)[0][0].integer, 2);
    EXPECT_EQ((*row)[0][1].bytes, "answered 503");
    EXPECT_EQ(outbox.count(), 1);
}
