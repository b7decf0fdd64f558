// The feed client against a real misbehaving cpp-httplib server on 127.0.0.1 with real
// libcurl. In every fault the store keeps the last good content.
#include "fault_server.h"

#include "content/feed/levels.h"
#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"
#include "kiosk/store/settings_store.h"
#include "kiosk/sync/feed_client.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

using namespace coi;
using namespace coi::sync;
using coi::sync::test::Fault;
using coi::sync::test::FaultServer;

namespace {

constexpr feed::Instant kNow = 1'795'000'000;

class TempDir {
public:
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "coi-sync-XXXXXX").string();
        m_path = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

FetchLimits test_limits()
{
    FetchLimits limits;
    limits.connect_timeout_ms = 500;
    limits.total_timeout_ms = 1500;
    limits.low_speed_bytes = 100;
    limits.low_speed_seconds = 1;
    return limits;
}

class FeedClientTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto opened = store::Database::open(dir.path() + "/kiosk.db");
        ASSERT_TRUE(opened) << opened.error().message;
        db = std::make_unique<store::Database>(opened.release());
        content = std::make_unique<store::ContentStore>(*db);
    }

    SyncSettings server_settings()
    {
        SyncSettings s;
        s.server = server.url();
        s.limits = test_limits();
        s.media_attempts = 2;
        return s;
    }
    SyncSettings static_settings()
    {
        SyncSettings s;
        s.feed_url = server.url("/static/feed.json");
        s.feed_key = server.keys.public_key;
        s.limits = test_limits();
        s.media_attempts = 2;
        return s;
    }
    // As if a coordinator had adopted this screen already.
    void pretend_paired()
    {
        ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::SyncToken, server.token));
        ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::PinnedKey, server.keys.public_key));
        ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::PairedServer, server.url()));
    }
    // Version 2 from the good server: the last good content every fault must keep.
    void have_good_content(FeedClient& client)
    {
        auto report = client.poll(kNow);
        ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
        ASSERT_EQ(content->current()->version, 2);
    }
    void expect_kept_good_content(const PollReport& report, const std::string& error_part)
    {
        EXPECT_EQ(report.outcome, PollOutcome::Failed);
        EXPECT_NE(report.error.find(error_part), std::string::npos) << "error was: " << report.error;
        auto now = content->current();
        ASSERT_TRUE(now);
        EXPECT_EQ(now->version, 2);
        EXPECT_TRUE(feed::parse_feed(now->feed_bytes));
        EXPECT_EQ(db->integrity_check().value(), "ok");
    }
    PollReport poll_with_fault(Fault fault, SyncSettings settings)
    {
        FeedClient client(*db, settings);
        have_good_content(client);
        server.set_feed(test::sample_feed(3, "Version three"));
        server.fault = fault;
        return client.poll(kNow + 60);
    }

    TempDir dir;
    FaultServer server;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::ContentStore> content;
};

// A port nobody listens on: bind one, then close it.
int closed_port()
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
}

// A listener whose accept queue is full: new connections get no SYN-ACK, so connecting times out.
class FullListener {
public:
    FullListener()
    {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        listen(m_fd, 0);
        socklen_t len = sizeof addr;
        getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        port = ntohs(addr.sin_port);
        for (int i = 0; i < 3; ++i) {
            int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
            m_fillers.push_back(c);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ~FullListener()
    {
        for (int c : m_fillers)
            close(c);
        close(m_fd);
    }
    int port = 0;

private:
    int m_fd = -1;
    std::vector<int> m_fillers;
};

} // namespace

// [SECTION] The good path

TEST_F(FeedClientTest, AppliesASignedFeedWithItsMediaInOneGo)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    auto report = client.poll(kNow);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(report.version, 2);
    auto now = content->current();
    EXPECT_EQ(now->source, server.url() + "/api/v1/feed");
    auto feed = feed::parse_feed(now->feed_bytes).release();
    for (auto& m : feed.media)
        EXPECT_TRUE(content->has_media(m.sha256)) << m.sha256;
    EXPECT_EQ(report.media_fetched, static_cast<long long>(feed.media.size()));
}

TEST_F(FeedClientTest, AnUnchangedFeedIsA304WithFewBytesOnTheWire)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    auto report = client.poll(kNow + 60);
    EXPECT_EQ(report.outcome, PollOutcome::Unchanged) << report.error;
    EXPECT_EQ(server.last_if_none_match, "\"" + feed::sha256_hex(test::sample_feed(2)) + "\"");
    EXPECT_GT(report.wire_bytes, 0);
    EXPECT_LE(report.wire_bytes, 1024);
    std::printf("bytes on the wire for an unchanged poll (304): %lld\n", report.wire_bytes);
}

TEST_F(FeedClientTest, AsksForGzipButNotBrotliWhichCostsTheServerSeconds)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    EXPECT_EQ(server.last_accept_encoding, "gzip");
}

// The server writes each screen's feed at the level the kiosk reads (content/feed/levels.h),
// so fields a later release adds never make this kiosk refuse its feed.
TEST_F(FeedClientTest, SaysWhichFeedLevelItReads)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    EXPECT_EQ(server.last_feed_level, std::to_string(feed::kFeedLevel));
}

TEST_F(FeedClientTest, ReplacesTheEmbeddedBuildingWhateverItsVersion)
{
    store::StoredContent embedded{5, test::sample_feed(5), "", "embedded", kNow};
    ASSERT_TRUE(content->install(embedded, {}));
    pretend_paired();
    FeedClient client(*db, server_settings());
    auto report = client.poll(kNow);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->version, 2);
}

TEST_F(FeedClientTest, FollowsAStaticExportOverHttpWithItsSigFile)
{
    FeedClient client(*db, static_settings());
    auto report = client.poll(kNow);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->source, server.url("/static/feed.json"));
}

TEST_F(FeedClientTest, FollowsAFileUrlAndRefusesATamperedOne)
{
    std::filesystem::path out = dir.path() + "/usb";
    std::filesystem::create_directories(out / "media");
    auto bytes = test::sample_feed(4);
    std::ofstream(out / "feed.json", std::ios::binary) << bytes;
    std::ofstream(out / "feed.json.sig") << feed::sign_bytes(bytes, server.keys.secret_key).value() << "\n";
    for (auto& m : sample::media())
        std::ofstream(out / "media" / std::string(m.sha256), std::ios::binary) << m.bytes;
    SyncSettings settings = static_settings();
    settings.feed_url = "file://" + (out / "feed.json").string();
    FeedClient client(*db, settings);
    auto report = client.poll(kNow);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->version, 4);

    auto tampered = test::sample_feed(5, "Free money at reception");
    std::ofstream(out / "feed.json", std::ios::binary | std::ios::trunc) << tampered;
    report = client.poll(kNow + 60);
    EXPECT_EQ(report.outcome, PollOutcome::Failed);
    EXPECT_NE(report.error.find("signature"), std::string::npos) << report.error;
    EXPECT_EQ(content->current()->version, 4);
}

TEST_F(FeedClientTest, RecoversOnTheFirstPollAfterTheFaultClears)
{
    pretend_paired();
    auto report = poll_with_fault(Fault::ServerError, server_settings());
    expect_kept_good_content(report, "answered 500");
    server.fault = Fault::None;
    FeedClient client(*db, server_settings());
    report = client.poll(kNow + 120);
    EXPECT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->version, 3);
}

// [SECTION] Faults: the store keeps version 2 every time

TEST_F(FeedClientTest, ServerDownIsConnectionRefused)
{
    pretend_paired();
    FeedClient good(*db, server_settings());
    have_good_content(good);
    SyncSettings settings = server_settings();
    settings.server = "http://127.0.0.1:" + std::to_string(closed_port());
    ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::PairedServer, settings.server));
    FeedClient client(*db, settings);
    expect_kept_good_content(client.poll(kNow), "cannot connect");
}

TEST_F(FeedClientTest, DnsFailure)
{
    FeedClient good(*db, static_settings());
    have_good_content(good);
    SyncSettings settings = static_settings();
    settings.feed_url = "https://no-such-building.invalid/feed.json";
    FeedClient client(*db, settings);
    expect_kept_good_content(client.poll(kNow), "cannot find no-such-building.invalid");
}

TEST_F(FeedClientTest, TlsFailureHttpsToAPlainPort)
{
    FeedClient good(*db, static_settings());
    have_good_content(good);
    SyncSettings settings = static_settings();
    settings.feed_url = "https://127.0.0.1:" + std::to_string(server.port) + "/static/feed.json";
    FeedClient client(*db, settings);
    expect_kept_good_content(client.poll(kNow), "TLS");
}

TEST_F(FeedClientTest, ConnectTimeOut)
{
    FullListener full;
    FeedClient good(*db, static_settings());
    have_good_content(good);
    SyncSettings settings = static_settings();
    settings.feed_url = "http://127.0.0.1:" + std::to_string(full.port) + "/feed.json";
    FeedClient client(*db, settings);
    auto started = std::chrono::steady_clock::now();
    auto report = client.poll(kNow);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
    expect_kept_good_content(report, "timed out");
}

TEST_F(FeedClientTest, TotalTimeOut)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::Slow, server_settings()), "took too long");
}

TEST_F(FeedClientTest, OneBytePerSecondDripHitsTheLowSpeedLimit)
{
    pretend_paired();
    auto settings = server_settings();
    settings.limits.total_timeout_ms = 10'000; // the low-speed limit must fire first
    auto started = std::chrono::steady_clock::now();
    expect_kept_good_content(poll_with_fault(Fault::Drip, settings), "too slowly");
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(FeedClientTest, TruncatedBody)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::Truncated, server_settings()), "truncated");
}

TEST_F(FeedClientTest, ServerError5xx)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::ServerError, server_settings()), "answered 500");
}

TEST_F(FeedClientTest, TooManyRequestsCarriesRetryAfter)
{
    pretend_paired();
    auto report = poll_with_fault(Fault::TooMany, server_settings());
    expect_kept_good_content(report, "asked us to wait (429)");
    ASSERT_TRUE(report.retry_after_seconds);
    EXPECT_EQ(*report.retry_after_seconds, 7);
}

TEST_F(FeedClientTest, RedirectLoop)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::RedirectLoop, server_settings()), "redirected too many times");
}

TEST_F(FeedClientTest, WrongContentType)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::WrongType, server_settings()), "content type text/html");
}

TEST_F(FeedClientTest, OversizeBody)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::Oversize, server_settings()), "sent more than");
}

TEST_F(FeedClientTest, BadSignature)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::BadSignature, server_settings()), "signature does not match");
}

TEST_F(FeedClientTest, BadSignatureInAStaticExport)
{
    expect_kept_good_content(poll_with_fault(Fault::BadSignature, static_settings()), "signature does not match");
}

TEST_F(FeedClientTest, RollbackToAnOlderVersionIsRefused)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    server.set_feed(test::sample_feed(1, "Old news"));
    expect_kept_good_content(client.poll(kNow + 60), "older than version 2");
}

// The rollback floor belongs to one server key and one pairing. A kiosk-content rebuilt
// from an older backup, or started afresh, numbers its feeds from where it is: a screen
// paired with it again follows it instead of refusing it forever.
TEST_F(FeedClientTest, RePairingWithARebuiltServerStartsANewFloor)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    server.set_feed(test::sample_feed(4, "Deleted before the rebuild"));
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    ASSERT_EQ(content->current()->version, 4);

    // The rebuilt server: a new key, a new token, and no memory of this screen.
    server.keys = feed::generate_key_pair();
    server.token = std::string(64, 'b');
    server.set_feed(test::sample_feed(1));
    server.fault = Fault::UnknownToken;
    EXPECT_EQ(client.poll(kNow + 60).outcome, PollOutcome::Failed);
    server.fault = Fault::None;
    server.adopt = true;
    auto report = client.poll(kNow + 120);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->version, 1);
    EXPECT_EQ(content->current()->feed_bytes, test::sample_feed(1)) << "the deleted notice is gone from the screen";

    // Within the new pairing the floor holds again.
    server.set_feed(test::sample_feed(3));
    ASSERT_EQ(client.poll(kNow + 180).outcome, PollOutcome::Applied);
    server.set_feed(test::sample_feed(2, "Old news"));
    report = client.poll(kNow + 240);
    EXPECT_EQ(report.outcome, PollOutcome::Failed);
    EXPECT_NE(report.error.find("older than version 3"), std::string::npos) << report.error;
}

TEST_F(FeedClientTest, RePairingWithTheSameKeyStartsANewFloorToo)
{
    // Restored from a backup that kept its key but not this screen: pairing again is the
    // coordinator's word that this is the server to follow now.
    pretend_paired();
    FeedClient client(*db, server_settings());
    server.set_feed(test::sample_feed(4));
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    server.set_feed(test::sample_feed(2, "Restored"));
    EXPECT_EQ(client.poll(kNow + 30).outcome, PollOutcome::Failed) << "the same pairing: still a rollback";
    server.fault = Fault::UnknownToken;
    (void)client.poll(kNow + 60);
    server.fault = Fault::None;
    server.adopt = true;
    auto report = client.poll(kNow + 120);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->version, 2);
}

TEST_F(FeedClientTest, ARotatedKeyStartsANewFloor)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    server.set_feed(test::sample_feed(4));
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    server.rotate_key();
    server.set_feed(test::sample_feed(1, "Signed with the new key"));
    auto report = client.poll(kNow + 60);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->version, 1);
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PinnedKey), server.keys.public_key);
}

TEST_F(FeedClientTest, AStoreFromBeforeFloorsHadKeysKeepsItsCurrentVersionAsTheFloor)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    server.set_feed(test::sample_feed(4));
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    ASSERT_TRUE(store::SettingsStore(*db).forget({store::Setting::RollbackFloor}));
    server.set_feed(test::sample_feed(3, "Old news"));
    auto report = client.poll(kNow + 60);
    EXPECT_EQ(report.outcome, PollOutcome::Failed);
    EXPECT_NE(report.error.find("older than version 4"), std::string::npos) << report.error;
}

TEST_F(FeedClientTest, MissingMediaLeaveTheOldVersion)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    ASSERT_TRUE(content->forget_content()); // no media any more, and no content
    store::StoredContent v2{2, test::sample_feed(2), "", server.url() + "/api/v1/feed", kNow};
    ASSERT_TRUE(content->install(v2, {}));
    server.set_feed(test::sample_feed(3));
    server.fault = Fault::MediaCorrupt;
    expect_kept_good_content(client.poll(kNow + 60), "do not match its sha256");
    server.fault = Fault::MediaMissing;
    expect_kept_good_content(client.poll(kNow + 60), "answered 404");
}

TEST_F(FeedClientTest, ImagesFetchedBeforeAFailureAreKeptAndNotFetchedAgain)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    auto feed = feed::parse_feed(test::sample_feed(2)).release();
    ASSERT_GE(feed.media.size(), 3u);
    server.missing_media = feed.media.back().sha256; // the last image fails: the others came first
    auto report = client.poll(kNow);
    EXPECT_EQ(report.outcome, PollOutcome::Failed);
    EXPECT_NE(report.error.find("answered 404"), std::string::npos) << report.error;
    EXPECT_FALSE(content->current()) << "no version without all its images";
    EXPECT_TRUE(content->has_media(feed.media.front().sha256)) << "what was fetched is kept";

    server.missing_media.clear();
    report = client.poll(kNow + 60);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(report.media_fetched, 1) << "only the image that failed is fetched again";
    for (auto& m : feed.media)
        EXPECT_TRUE(content->has_media(m.sha256));
}

// A worn SD card scribbles on an image in the store: at the next start the kiosk notices its
// bytes no longer match their sha256 and fetches it again, though the feed has not changed.
TEST_F(FeedClientTest, AnImageDamagedInStorageIsFetchedAgainAfterAStart)
{
    pretend_paired();
    auto feed = feed::parse_feed(test::sample_feed(2)).release();
    ASSERT_FALSE(feed.media.empty());
    std::string sha = feed.media.front().sha256;
    {
        FeedClient client(*db, server_settings());
        have_good_content(client);
    }
    std::string bytes = content->media(sha)->bytes;
    bytes[bytes.size() / 2] ^= 0x20;
    ASSERT_TRUE(db->execute("UPDATE media SET bytes = ? WHERE sha256 = ?", {store::Value::blob(bytes), store::Value::text(sha)}));

    FeedClient restarted(*db, server_settings());
    int fetched_before = server.media_requests;
    auto report = restarted.poll(kNow + 60);
    EXPECT_EQ(report.outcome, PollOutcome::Unchanged) << report.error;
    EXPECT_EQ(report.media_fetched, 1);
    EXPECT_EQ(server.media_requests, fetched_before + 1) << "only the damaged one";
    ASSERT_TRUE(content->media(sha));
    EXPECT_EQ(feed::sha256_hex(content->media(sha)->bytes), sha);
    // Checked once per start, not on every poll.
    report = restarted.poll(kNow + 120);
    EXPECT_EQ(report.media_fetched, 0);
    EXPECT_EQ(server.media_requests, fetched_before + 1);
}

TEST_F(FeedClientTest, PlainHttpBeyondLoopbackIsRefusedUnlessAllowed)
{
    EXPECT_FALSE(check_url("http://signage.example.org/feed.json", HttpPolicy::LoopbackOnly));
    EXPECT_TRUE(check_url("http://signage.example.org/feed.json", HttpPolicy::Allowed));
    EXPECT_TRUE(check_url("http://127.0.0.1:8080/feed.json", HttpPolicy::LoopbackOnly));
    EXPECT_TRUE(check_url("http://localhost/feed.json", HttpPolicy::LoopbackOnly));
    EXPECT_TRUE(check_url("http://[::1]:80/feed.json", HttpPolicy::LoopbackOnly));
    EXPECT_FALSE(check_url("http://127.0.0.1.example.org/feed.json", HttpPolicy::LoopbackOnly));
    EXPECT_FALSE(check_url("ftp://example.org/feed.json", HttpPolicy::Allowed));
    EXPECT_TRUE(check_url("https://example.org/feed.json", HttpPolicy::LoopbackOnly));
    EXPECT_TRUE(check_url("file:///media/usb/feed.json", HttpPolicy::LoopbackOnly));
}

// [SECTION] Pairing and revocation

TEST_F(FeedClientTest, PairsWithACodeThenFollowsTheServer)
{
    FeedClient client(*db, server_settings());
    auto report = client.poll(kNow);
    ASSERT_EQ(report.outcome, PollOutcome::Pairing) << report.error;
    // Nine digits in three groups, "483 920 117", sent without the spaces.
    ASSERT_EQ(report.pairing_code.size(), 11u);
    EXPECT_EQ(report.pairing_code[3], ' ');
    EXPECT_EQ(report.pairing_code[7], ' ');
    EXPECT_EQ(client.pairing_code(), report.pairing_code);
    auto code = report.pairing_code.substr(0, 3) + report.pairing_code.substr(4, 3) + report.pairing_code.substr(8);
    EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos) << code;
    EXPECT_NE(server.last_pair_body.find(code), std::string::npos);
    EXPECT_EQ(client.poll(kNow + 5).pairing_code, report.pairing_code) << "the code stays the same while waiting";

    server.adopt = true;
    report = client.poll(kNow + 10);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(client.pairing_code(), "");
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::SyncToken), server.token);
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PinnedKey), server.keys.public_key);
}

// A kiosk upgraded while waiting keeps its older six-digit code in its database: its next
// poll draws a nine-digit one (with a new secret) instead of sending the short one again.
TEST_F(FeedClientTest, AnOlderSixDigitCodeIsDrawnAgainAtFullLength)
{
    ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::PairCode, "483920"));
    ASSERT_TRUE(store::SettingsStore(*db).set(store::Setting::PairSecret, std::string(32, 'a')));
    FeedClient client(*db, server_settings());
    auto report = client.poll(kNow);
    ASSERT_EQ(report.outcome, PollOutcome::Pairing) << report.error;
    EXPECT_EQ(report.pairing_code.size(), 11u) << report.pairing_code;
    EXPECT_EQ(server.last_pair_body.find("483920"), std::string::npos) << server.last_pair_body;
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PairCode)->size(), kPairingCodeDigits);
}

TEST(PairingCode, IsShownInGroupsOfThree)
{
    EXPECT_EQ(format_pairing_code("483920117"), "483 920 117");
    EXPECT_EQ(format_pairing_code("483920"), "483 920");
    EXPECT_EQ(format_pairing_code(""), "");
}

// A code taken by another screen is kiosk-content's own 409: the screen draws a new one. A
// proxy's 409 page says nothing about the code: the one on screen stays (a coordinator may be
// typing it in) and pairing goes on when the proxy gets out of the way.
TEST_F(FeedClientTest, OnlyTheServersOwn409DrawsANewPairingCode)
{
    FeedClient client(*db, server_settings());
    auto shown = client.poll(kNow).pairing_code;
    ASSERT_EQ(shown.size(), 11u);

    server.fault = Fault::ProxyConflict;
    auto report = client.poll(kNow + 5);
    EXPECT_EQ(report.outcome, PollOutcome::Pairing);
    EXPECT_EQ(report.pairing_code, shown) << "a proxy's page leaves the code on screen";
    EXPECT_EQ(client.pairing_code(), shown);
    EXPECT_NE(report.error.find("409"), std::string::npos) << report.error;

    server.fault = Fault::CodeTaken;
    report = client.poll(kNow + 10);
    EXPECT_EQ(report.outcome, PollOutcome::Pairing);
    EXPECT_NE(report.pairing_code, shown) << "the server's own refusal draws a new code";
    EXPECT_EQ(client.pairing_code(), report.pairing_code);

    server.fault = Fault::None;
    server.adopt = true;
    EXPECT_EQ(client.poll(kNow + 15).outcome, PollOutcome::Applied);
}

TEST_F(FeedClientTest, PairingRefusesAKeyOtherThanTheConfiguredOne)
{
    server.adopt = true;
    auto settings = server_settings();
    settings.feed_key = feed::generate_key_pair().public_key;
    FeedClient client(*db, settings);
    auto report = client.poll(kNow);
    EXPECT_EQ(report.outcome, PollOutcome::Pairing);
    EXPECT_NE(report.error.find("not the one in the config"), std::string::npos) << report.error;
    EXPECT_FALSE(store::SettingsStore(*db).get(store::Setting::SyncToken));
}

TEST_F(FeedClientTest, RevokedScreenWipesDownloadedContentAndPairsAgain)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    server.fault = Fault::Revoked;
    auto report = client.poll(kNow + 60);
    EXPECT_EQ(report.outcome, PollOutcome::Revoked);
    EXPECT_FALSE(content->current());
    EXPECT_FALSE(store::SettingsStore(*db).get(store::Setting::SyncToken));
    auto rows = db->query("SELECT COUNT(*) FROM media");
    EXPECT_EQ((*rows)[0][0].integer, 0);
    report = client.poll(kNow + 120);
    EXPECT_EQ(report.outcome, PollOutcome::Pairing);
    EXPECT_FALSE(client.pairing_code().empty());
}

// Only kiosk-content's own JSON answer may unpair or revoke: a proxy's or captive portal's
// page in between leaves the token, the key and the content exactly as they were.
TEST_F(FeedClientTest, AProxysHtml401OrPortals403KeepsThePairingAndTheContent)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    for (Fault fault : {Fault::ProxyUnauthorised, Fault::PortalForbidden, Fault::ProxyJsonForbidden}) {
        server.fault = fault;
        auto report = client.poll(kNow + 60);
        EXPECT_EQ(report.outcome, PollOutcome::Failed) << static_cast<int>(fault);
        EXPECT_NE(report.error.find("not kiosk-content's own answer"), std::string::npos) << report.error;
        EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::SyncToken), server.token) << static_cast<int>(fault);
        EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PinnedKey), server.keys.public_key);
        ASSERT_TRUE(content->current());
        EXPECT_EQ(content->current()->version, 2);
        EXPECT_EQ(client.pairing_code(), "") << "no pairing code on screen";
    }
    server.fault = Fault::None;
    server.set_feed(test::sample_feed(3));
    int pairs = server.pair_requests;
    auto report = client.poll(kNow + 120);
    EXPECT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(server.pair_requests, pairs) << "never asked to pair again";
}

TEST_F(FeedClientTest, TheServersOwn401PairsAgainAndKeepsTheContent)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    server.fault = Fault::UnknownToken;
    auto report = client.poll(kNow + 60);
    EXPECT_EQ(report.outcome, PollOutcome::Failed);
    EXPECT_NE(report.error.find("does not know this screen"), std::string::npos) << report.error;
    EXPECT_FALSE(store::SettingsStore(*db).get(store::Setting::SyncToken));
    ASSERT_TRUE(content->current());
    EXPECT_EQ(content->current()->version, 2);
    EXPECT_EQ(client.poll(kNow + 120).outcome, PollOutcome::Pairing);
}

// [SECTION] Key rotation

TEST_F(FeedClientTest, FollowsAKeyRotationThePinnedKeyEndorsed)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    auto old_key = server.keys.public_key;
    server.rotate_key();
    server.set_feed(test::sample_feed(3, "Signed with the new key"));
    auto report = client.poll(kNow + 60);
    ASSERT_EQ(report.outcome, PollOutcome::Applied) << report.error;
    EXPECT_EQ(content->current()->version, 3);
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PinnedKey), server.keys.public_key);
    EXPECT_NE(server.keys.public_key, old_key);
    EXPECT_EQ(server.last_key_authorization, "Bearer " + server.token) << "asked over the screen's authenticated channel";
    // From now on the new key is the pinned one: no more questions while feeds verify.
    int asked = server.key_requests;
    server.set_feed(test::sample_feed(4));
    ASSERT_EQ(client.poll(kNow + 120).outcome, PollOutcome::Applied);
    EXPECT_EQ(server.key_requests, asked);
}

TEST_F(FeedClientTest, RefusesANewKeyThePinnedKeyDidNotEndorse)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    auto pinned = server.keys.public_key;
    // Someone without the old secret key "rotates": they can only endorse with a key of their own.
    server.rotate_key(feed::generate_key_pair().secret_key);
    server.set_feed(test::sample_feed(3, "Free money at the desk"));
    expect_kept_good_content(client.poll(kNow + 60), "does not verify with the pinned key");
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PinnedKey), pinned);
}

TEST_F(FeedClientTest, RefusesAFeedSignedByAnotherKeyThanTheEndorsedOne)
{
    pretend_paired();
    FeedClient client(*db, server_settings());
    have_good_content(client);
    auto pinned = server.keys.public_key;
    server.rotate_key();                    // a real endorsement...
    server.set_feed(test::sample_feed(3));
    server.fault = Fault::BadSignature;     // ...but the feed is signed by yet another key
    expect_kept_good_content(client.poll(kNow + 60), "does not verify with the server's new key either");
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PinnedKey), pinned) << "nothing is pinned unless the feed verifies";
}

TEST_F(FeedClientTest, AServerWithoutAnEndorsementKeepsTheFeedRefused)
{
    pretend_paired();
    expect_kept_good_content(poll_with_fault(Fault::BadSignature, server_settings()), "no new key endorsed by the pinned one");
    EXPECT_EQ(store::SettingsStore(*db).get(store::Setting::PinnedKey), server.keys.public_key);
}

TEST_F(FeedClientTest, AKeyFromTheConfigIsNeverReplacedFromTheNetwork)
{
    pretend_paired();
    auto settings = server_settings();
    settings.feed_key = server.keys.public_key;
    FeedClient client(*db, settings);
    have_good_content(client);
    server.rotate_key();
    server.set_feed(test::sample_feed(3));
    expect_kept_good_content(client.poll(kNow + 60), "set in the config");
    EXPECT_EQ(server.key_requests, 0);
}
