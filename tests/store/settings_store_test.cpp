// Specification of the kiosk's named settings: typed keys, stored under the names kiosks in the
// field already wrote, so an upgrade keeps its pairing and what it last sent.
#include "kiosk/store/settings_store.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace coi::store;

TEST(SettingsStore, ASettingIsKeptAndReplaced)
{
    auto db = Database::open_in_memory().release();
    SettingsStore kept(db);
    EXPECT_FALSE(kept.get(Setting::PairCode)) << "never set";
    ASSERT_TRUE(kept.set(Setting::PairCode, "483920"));
    ASSERT_TRUE(kept.set(Setting::PairCode, "111111"));
    EXPECT_EQ(kept.get(Setting::PairCode), "111111");
    EXPECT_FALSE(kept.get(Setting::SyncToken)) << "one setting is not another";
}

TEST(SettingsStore, ForgetTakesOnlyTheNamedOnes)
{
    auto db = Database::open_in_memory().release();
    SettingsStore kept(db);
    ASSERT_TRUE(kept.set(Setting::SyncToken, "t"));
    ASSERT_TRUE(kept.set(Setting::PinnedKey, "k"));
    ASSERT_TRUE(kept.set(Setting::PurgeDay, "2026-11-25"));
    ASSERT_TRUE(kept.forget({Setting::SyncToken, Setting::PinnedKey, Setting::Etag}));
    EXPECT_FALSE(kept.get(Setting::SyncToken));
    EXPECT_FALSE(kept.get(Setting::PinnedKey));
    EXPECT_EQ(kept.get(Setting::PurgeDay), "2026-11-25");
}

TEST(SettingsStore, ReadsWhatAnEarlierKioskWroteUnderItsOwnNames)
{
    auto db = Database::open_in_memory().release();
    // The rows as the kiosk wrote them before the keys were typed: these names are on every
    // card in the field, so they can never change.
    ASSERT_TRUE(db.execute(R"sql(INSERT INTO setting (key, value) VALUES
        ('sync.token', 'token'), ('sync.public_key', 'key'), ('sync.server', 'https://example.org'),
        ('sync.etag', '7 "e"'), ('sync.pair_code', '483920117'), ('sync.pair_secret', 'secret'),
        ('sync.floor', '7 key'), ('sync.footfall_sent', '{}'), ('sync.footfall_reports_sent', '{"r":1}'),
        ('remember.salt', 'salt'), ('auto_signout_day', '2026-11-24'), ('purge_day', '2026-11-23'))sql"));
    SettingsStore kept(db);
    EXPECT_EQ(kept.get(Setting::SyncToken), "token");
    EXPECT_EQ(kept.get(Setting::PinnedKey), "key");
    EXPECT_EQ(kept.get(Setting::PairedServer), "https://example.org");
    EXPECT_EQ(kept.get(Setting::Etag), "7 \"e\"");
    EXPECT_EQ(kept.get(Setting::PairCode), "483920117");
    EXPECT_EQ(kept.get(Setting::PairSecret), "secret");
    EXPECT_EQ(kept.get(Setting::RollbackFloor), "7 key");
    EXPECT_EQ(kept.get(Setting::FootfallSent), "{}");
    EXPECT_EQ(kept.get(Setting::FootfallReportsSent), "{\"r\":1}");
    EXPECT_EQ(kept.get(Setting::RememberSalt), "salt");
    EXPECT_EQ(kept.get(Setting::AutoSignoutDay), "2026-11-24");
    EXPECT_EQ(kept.get(Setting::PurgeDay), "2026-11-23");
}
