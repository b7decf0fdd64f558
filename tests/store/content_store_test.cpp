// Specification of content versions in the store: whole versions, never older ones.
#include "content/feed/sign.h"
#include "kiosk/store/content_store.h"

#include <gtest/gtest.h>

using namespace coi::store;

namespace {

StoredContent content(std::int64_t version, std::string bytes)
{
    return StoredContent{version, std::move(bytes), "sig", "embedded", 1764000000};
}

MediaBlob blob(std::string bytes)
{
    return MediaBlob{coi::feed::sha256_hex(bytes), "image/svg+xml", std::move(bytes)};
}

} // namespace

TEST(ContentStore, NothingIsCurrentBeforeTheFirstInstall)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    ContentStore store(*db);
    EXPECT_FALSE(store.current());
}

TEST(ContentStore, RoundTripsAWholeFeedAndItsMedia)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    ContentStore store(*db);
    std::string feed = R"({"format":1,"version":4})";
    auto picture = blob("<svg/>");
    ASSERT_TRUE(store.install(content(4, feed), {picture}));
    auto now = store.current();
    ASSERT_TRUE(now);
    EXPECT_EQ(now->version, 4);
    EXPECT_EQ(now->feed_bytes, feed);
    EXPECT_EQ(now->source, "embedded");
    auto media = store.media(picture.sha256);
    ASSERT_TRUE(media);
    EXPECT_EQ(media->bytes, "<svg/>");
}

TEST(ContentStore, RefusesAnOlderVersion)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    ContentStore store(*db);
    ASSERT_TRUE(store.install(content(5, "five"), {}));
    auto r = store.install(content(4, "four"), {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "refused content version 4: older than version 5 already on screen");
    EXPECT_EQ(store.current()->feed_bytes, "five");
}

TEST(ContentStore, MediaThatDoesNotMatchItsHashRefusesTheWholeVersion)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    ContentStore store(*db);
    ASSERT_TRUE(store.install(content(1, "one"), {}));
    auto bad = blob("<svg/>");
    bad.bytes = "<svg>tampered</svg>";
    ASSERT_FALSE(store.install(content(2, "two"), {blob("<g/>"), bad}));
    EXPECT_EQ(store.current()->version, 1);
    EXPECT_FALSE(store.has_media(coi::feed::sha256_hex("<g/>"))) << "nothing of a refused version is kept";
}

TEST(ContentStore, NewerVersionReplacesTheCurrentOne)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    ContentStore store(*db);
    ASSERT_TRUE(store.install(content(1, "one"), {}));
    ASSERT_TRUE(store.install(content(2, "two"), {}));
    ASSERT_TRUE(store.install(content(3, "three"), {}));
    EXPECT_EQ(store.current()->feed_bytes, "three");
    auto kept = db->query("SELECT COUNT(*) FROM content_version");
    EXPECT_EQ((*kept)[0][0].integer, 2) << "the current version and the one before it";
}

TEST(ContentStore, SameVersionIsReplacedOnlyWhenAskedTo)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    ContentStore store(*db);
    ASSERT_TRUE(store.install(content(1, "embedded, old build"), {}));
    ASSERT_TRUE(store.install(content(1, "embedded, new build"), {}));
    EXPECT_EQ(store.current()->feed_bytes, "embedded, old build") << "a feed with the same version changes nothing";
    ASSERT_TRUE(store.install(content(1, "embedded, new build"), {}, ContentStore::Replace::SameVersion));
    EXPECT_EQ(store.current()->feed_bytes, "embedded, new build");
}

TEST(ContentStore, ImagesKeptAheadOfTheirVersionChangeNothingOnScreenAndMustMatchTheirHash)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    ContentStore store(*db);
    ASSERT_TRUE(store.install(content(4, "four"), {}));
    auto picture = blob("<svg>new</svg>");
    ASSERT_TRUE(store.put_media({picture}, 1764000100));
    EXPECT_TRUE(store.has_media(picture.sha256));
    EXPECT_EQ(store.current()->version, 4);
    EXPECT_EQ(store.current()->feed_bytes, "four");
    ASSERT_TRUE(store.put_media({picture}, 1764000200)) << "the same image again changes nothing";

    auto forged = blob("<svg>a</svg>");
    forged.bytes = "<svg>b</svg>";
    auto other = blob("<svg>c</svg>");
    EXPECT_FALSE(store.put_media({other, forged}, 1764000300));
    EXPECT_FALSE(store.has_media(other.sha256)) << "a batch goes in whole or not at all";
}
