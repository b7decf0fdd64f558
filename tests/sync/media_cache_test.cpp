// The media cache stays under its bound: after a new version is installed, images no current
// content uses go, oldest first, and what the screen shows always stays.
#include "fault_server.h"

#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"
#include "kiosk/sync/feed_client.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::sync;
using coi::sync::test::FaultServer;

namespace {

store::MediaBlob blob(char fill, std::size_t size)
{
    std::string bytes(size, fill);
    return {feed::sha256_hex(bytes), "image/png", bytes};
}

void store_media(store::ContentStore& content, std::int64_t version, const std::vector<store::MediaBlob>& media, feed::Instant at)
{
    auto f = feed::parse_feed(sample::feed_json()).release();
    f.version = version;
    ASSERT_TRUE(content.install({version, feed::serialise_feed(f), "", "test", at}, media, store::ContentStore::Replace::Any));
}

} // namespace

TEST(MediaCache, EvictsUnusedMediaOldestFirstUntilUnderTheBound)
{
    auto db = store::Database::open_in_memory().release();
    store::ContentStore content(db);
    auto a = blob('a', 1000), b = blob('b', 1000), c = blob('c', 1000);
    store_media(content, 1, {a}, 100);
    store_media(content, 2, {b}, 200);
    store_media(content, 3, {c}, 300);
    ASSERT_EQ(content.media_bytes(), 3000);
    // a is oldest but in use; b is the oldest unused.
    EXPECT_EQ(content.evict_media({a.sha256}, 2500).value(), 1);
    EXPECT_TRUE(content.has_media(a.sha256));
    EXPECT_FALSE(content.has_media(b.sha256));
    EXPECT_TRUE(content.has_media(c.sha256));
    EXPECT_EQ(content.evict_media({a.sha256}, 2500).value(), 0); // under the bound: nothing more goes
    // What is in use stays even when it alone is over the bound.
    EXPECT_EQ(content.evict_media({a.sha256}, 10).value(), 1);
    EXPECT_TRUE(content.has_media(a.sha256));
    EXPECT_EQ(content.media_bytes(), 1000);
}

TEST(MediaCache, APollThatInstallsANewVersionTrimsTheCache)
{
    FaultServer server;
    auto db = store::Database::open_in_memory().release();
    store::ContentStore content(db);
    auto old1 = blob('x', 50'000), old2 = blob('y', 50'000);
    store_media(content, 1, {old1}, 100);
    store_media(content, 2, {old2}, 200);
    server.set_feed(coi::sync::test::sample_feed(5));
    std::int64_t sample_bytes = 0;
    for (auto& m : sample::media())
        sample_bytes += static_cast<std::int64_t>(m.bytes.size());
    SyncSettings settings;
    settings.feed_url = server.url("/static/feed.json");
    settings.feed_key = server.keys.public_key;
    settings.media_cache_bytes = sample_bytes + 60'000; // room for the new version and one old picture
    FeedClient client(db, settings);
    auto report = client.poll(1'795'000'000);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(report.media_evicted, 1);
    EXPECT_FALSE(content.has_media(old1.sha256)); // the oldest unused picture went
    EXPECT_TRUE(content.has_media(old2.sha256));
    for (auto& m : sample::media())
        EXPECT_TRUE(content.has_media(std::string(m.sha256)));
    EXPECT_LE(content.media_bytes(), settings.media_cache_bytes);
}
