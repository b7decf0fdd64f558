// Specification of "Remember me for next time?" on disk: only a salted hash is kept, a
// returning visitor is counted once a day, and an unused hash goes at retention.
#include "kiosk/store/remember_store.h"

#include <gtest/gtest.h>

using namespace coi::store;

namespace {

// Every text the database holds, in every table: what someone who copied the card would read.
std::string everything_stored(Database& db)
{
    std::string all;
    for (auto& table : db.query("SELECT name FROM sqlite_master WHERE type = 'table'").release())
        for (auto& row : db.query("SELECT * FROM " + table[0].bytes).release())
            for (auto& value : row)
                all += value.bytes + "\n";
    return all;
}

} // namespace

TEST(RememberStore, KeepsOnlyASaltedHashNeverTheWords)
{
    auto db = Database::open_in_memory().release();
    RememberStore remembered(db);
    EXPECT_EQ(remembered.remember("sam k", "2026-11-25", 1000).value(), Remembered::New);
    EXPECT_EQ(remembered.count_remembered(), 1);
    std::string stored = everything_stored(db);
    for (const char* words : {"sam k", "SAM K", "sam", "Sam"})
        EXPECT_EQ(stored.find(words), std::string::npos) << words;
}

TEST(RememberStore, TheSameWordsAnotherDayAreAReturningVisitorCountedOnceThatDay)
{
    auto db = Database::open_in_memory().release();
    RememberStore remembered(db);
    ASSERT_EQ(remembered.remember("k7mp", "2026-11-24", 1000).value(), Remembered::New);
    EXPECT_EQ(remembered.remember("k7mp", "2026-11-24", 2000).value(), Remembered::AlreadyToday) << "the same day is the same visit";
    EXPECT_EQ(remembered.remember("k7mp", "2026-11-25", 90000).value(), Remembered::Returning);
    EXPECT_EQ(remembered.remember("k7mp", "2026-11-25", 91000).value(), Remembered::AlreadyToday);
    EXPECT_EQ(remembered.remember("ann b", "2026-11-25", 92000).value(), Remembered::New);
    auto days = remembered.returning_days("2026-11-01");
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days[0].day, "2026-11-25");
    EXPECT_EQ(days[0].count, 1);
    EXPECT_EQ(remembered.count_remembered(), 2) << "never a list of people: one hash each";
}

TEST(RememberStore, AnotherKioskHashesTheSameWordsDifferently)
{
    auto one = Database::open_in_memory().release();
    auto two = Database::open_in_memory().release();
    ASSERT_TRUE(RememberStore(one).remember("sam k", "2026-11-25", 1000));
    ASSERT_TRUE(RememberStore(two).remember("sam k", "2026-11-25", 1000));
    auto hash = [](Database& db) { return db.query("SELECT hash FROM remembered").release()[0][0].bytes; };
    EXPECT_NE(hash(one), hash(two));
}

TEST(RememberStore, AHashUnusedForTheRetentionPeriodIsForgotten)
{
    auto db = Database::open_in_memory().release();
    RememberStore remembered(db);
    ASSERT_TRUE(remembered.remember("old one", "2026-11-01", 1000));
    ASSERT_TRUE(remembered.remember("recent", "2026-11-20", 5000));
    EXPECT_EQ(remembered.forget_unused_before(3000).value(), 1);
    EXPECT_EQ(remembered.count_remembered(), 1);
    EXPECT_EQ(remembered.remember("old one", "2026-11-25", 9000).value(), Remembered::New) << "forgotten means not recognised";
}
