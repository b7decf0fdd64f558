// What a poll costs on the wire beyond its request and answer: polls on the sync thread
// share one connection while the server keeps it open, and resume the TLS session when it
// did not, instead of a new connection with a full handshake every time. A transfer that
// failed half-way never hands its connection to the next one. Real libcurl against real
// cpp-httplib servers on 127.0.0.1, over http and over https with a certificate made here.
#include "fault_server.h"

#include "kiosk/store/content_store.h"
#include "kiosk/store/database.h"
#include "kiosk/store/settings_store.h"
#include "kiosk/sync/feed_client.h"
#include "kiosk/sync/outbox.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

using namespace coi;
using namespace coi::sync;
using coi::sync::test::Fault;
using coi::sync::test::FaultServer;
using coi::sync::test::TlsIdentity;

namespace {

constexpr feed::Instant kNow = 1'795'000'000;

class TempDir {
public:
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "coi-sync-conn-XXXXXX").string();
        m_path = mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

FetchLimits quick_limits()
{
    FetchLimits limits;
    limits.connect_timeout_ms = 1000;
    limits.total_timeout_ms = 1500;
    limits.low_speed_bytes = 100;
    limits.low_speed_seconds = 1;
    return limits;
}

// A kiosk paired with `server`, with its own database.
class Kiosk {
public:
    Kiosk(const TempDir& dir, FaultServer& server, std::string ca_file = {})
    {
        auto opened = store::Database::open(dir.path() + "/kiosk.db");
        if (!opened)
            throw std::runtime_error(opened.error().message);
        db.emplace(opened.release());
        store::SettingsStore content(*db);
        (void)content.set(store::Setting::SyncToken, server.token);
        (void)content.set(store::Setting::PinnedKey, server.keys.public_key);
        (void)content.set(store::Setting::PairedServer, server.url());
        settings.server = server.url();
        settings.limits = quick_limits();
        settings.media_attempts = 1;
        settings.ca_file = std::move(ca_file);
    }
    std::int64_t version() { return store::ContentStore(*db).current()->version; }

    std::optional<store::Database> db;
    SyncSettings settings;
};

// The connection each feed request came on, in order.
std::vector<int> feed_connections(FaultServer& server)
{
    std::vector<int> ports;
    for (auto& a : server.arrivals())
        if (a.path == "/api/v1/feed")
            ports.push_back(a.remote_port);
    return ports;
}

} // namespace

// [SECTION] Plain http on loopback

TEST(Connection, TwoPollsInARowShareOneConnection)
{
    TempDir dir;
    FaultServer server;
    Kiosk kiosk(dir, server);
    FeedClient client(*kiosk.db, kiosk.settings);
    auto first = client.poll(kNow);
    ASSERT_EQ(first.outcome, PollOutcome::Applied) << first.error;
    auto second = client.poll(kNow + 60);
    ASSERT_EQ(second.outcome, PollOutcome::Unchanged) << second.error;
    auto third = client.poll(kNow + 120);
    ASSERT_EQ(third.outcome, PollOutcome::Unchanged) << third.error;
    // The feed, every image and two unchanged polls: one TCP connection.
    EXPECT_GT(server.arrivals().size(), 3u);
    EXPECT_EQ(server.connections(), 1);
}

TEST(Connection, TheOutboxSendsOnThePollsConnection)
{
    TempDir dir;
    FaultServer server;
    Kiosk kiosk(dir, server);
    FeedClient client(*kiosk.db, kiosk.settings);
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    Outbox outbox(*kiosk.db);
    HeartbeatInfo beat;
    beat.content_version = 2;
    beat.app_version = "0.1.0";
    ASSERT_TRUE(outbox.enqueue_heartbeat(beat, kNow));
    auto sent = outbox.send(client.http(), server.url(), server.token, quick_limits(), HttpPolicy::LoopbackOnly);
    ASSERT_EQ(sent.sent, 1) << sent.error;
    ASSERT_EQ(client.poll(kNow + 60).outcome, PollOutcome::Unchanged);
    EXPECT_EQ(server.posted("/api/v1/status").size(), 1u);
    EXPECT_EQ(server.connections(), 1);
}

TEST(Connection, EachPollAfterTheServerClosedTheConnectionOpensANewOne)
{
    TempDir dir;
    FaultServer server(nullptr, 1); // "Connection: close" after every answer
    Kiosk kiosk(dir, server);
    FeedClient client(*kiosk.db, kiosk.settings);
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    int after_first = server.connections();
    ASSERT_EQ(client.poll(kNow + 60).outcome, PollOutcome::Unchanged);
    ASSERT_EQ(client.poll(kNow + 120).outcome, PollOutcome::Unchanged);
    EXPECT_EQ(server.connections(), after_first + 2);
    EXPECT_EQ(static_cast<std::size_t>(server.connections()), server.arrivals().size());
}

// Each fault breaks off a transfer half-way (or never answers it); the next poll must get a
// clean answer on a new connection, not the rest of the broken one.
class AfterAFault : public ::testing::TestWithParam<Fault> {};

TEST_P(AfterAFault, TheNextPollStartsOnAFreshConnection)
{
    TempDir dir;
    FaultServer server;
    Kiosk kiosk(dir, server);
    FeedClient client(*kiosk.db, kiosk.settings);
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    server.set_feed(test::sample_feed(3, "Version three"));
    server.fault = GetParam();
    auto broken = client.poll(kNow + 60);
    EXPECT_EQ(broken.outcome, PollOutcome::Failed);
    EXPECT_EQ(kiosk.version(), 2);
    server.fault = Fault::None;
    auto next = client.poll(kNow + 120);
    ASSERT_EQ(next.outcome, PollOutcome::Applied) << next.error;
    EXPECT_EQ(kiosk.version(), 3);
    auto ports = feed_connections(server);
    ASSERT_EQ(ports.size(), 3u);
    EXPECT_EQ(ports[1], ports[0]) << "the broken poll went out on the good poll's connection";
    EXPECT_NE(ports[2], ports[1]) << "the poll after it must not inherit the broken connection";
}

INSTANTIATE_TEST_SUITE_P(Faults, AfterAFault, ::testing::Values(Fault::Truncated, Fault::Drip, Fault::Slow, Fault::Oversize),
    [](const ::testing::TestParamInfo<Fault>& info) {
        switch (info.param) {
        case Fault::Truncated: return "Truncated";
        case Fault::Drip: return "Drip";
        case Fault::Slow: return "Slow";
        case Fault::Oversize: return "Oversize";
        default: return "Other";
        }
    });

TEST(Connection, AnAnswerTheKioskRefusesLeavesTheConnectionUsable)
{
    // A 5xx or a wrong content type is a whole answer: the connection is still good.
    TempDir dir;
    FaultServer server;
    Kiosk kiosk(dir, server);
    FeedClient client(*kiosk.db, kiosk.settings);
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    server.set_feed(test::sample_feed(3));
    server.fault = Fault::WrongType;
    EXPECT_EQ(client.poll(kNow + 60).outcome, PollOutcome::Failed);
    server.fault = Fault::ServerError;
    EXPECT_EQ(client.poll(kNow + 120).outcome, PollOutcome::Failed);
    server.fault = Fault::None;
    ASSERT_EQ(client.poll(kNow + 180).outcome, PollOutcome::Applied);
    EXPECT_EQ(server.connections(), 1);
}

// [SECTION] https

class TlsConnection : public ::testing::Test {
protected:
    TempDir dir;
    TlsIdentity identity{std::filesystem::path(dir.path()) / "server.pem"};
};

TEST_F(TlsConnection, PollsKeepTheConnectionAndItsHandshake)
{
    FaultServer server(&identity);
    Kiosk kiosk(dir, server, identity.cert_file());
    FeedClient client(*kiosk.db, kiosk.settings);
    auto first = client.poll(kNow);
    ASSERT_EQ(first.outcome, PollOutcome::Applied) << first.error;
    ASSERT_EQ(client.poll(kNow + 60).outcome, PollOutcome::Unchanged);
    EXPECT_EQ(server.connections(), 1);
    EXPECT_FALSE(server.arrivals().front().tls_resumed) << "the first connection is a full handshake";
}

TEST_F(TlsConnection, APollAfterTheServerClosedTheConnectionResumesTheTlsSession)
{
    FaultServer server(&identity, 1);
    Kiosk kiosk(dir, server, identity.cert_file());
    FeedClient client(*kiosk.db, kiosk.settings);
    ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    ASSERT_EQ(client.poll(kNow + 60).outcome, PollOutcome::Unchanged);
    auto arrivals = server.arrivals();
    ASSERT_GE(arrivals.size(), 3u);
    EXPECT_EQ(static_cast<std::size_t>(server.connections()), arrivals.size());
    EXPECT_FALSE(arrivals.front().tls_resumed);
    for (std::size_t i = 1; i < arrivals.size(); ++i)
        EXPECT_TRUE(arrivals[i].tls_resumed) << "request " << i << " (" << arrivals[i].path << ") made a full handshake";
}

TEST_F(TlsConnection, ANewFeedClientStartsWithAFullHandshake)
{
    // Sessions belong to one FeedClient (one sync thread): nothing is shared by accident.
    FaultServer server(&identity, 1);
    Kiosk kiosk(dir, server, identity.cert_file());
    {
        FeedClient client(*kiosk.db, kiosk.settings);
        ASSERT_EQ(client.poll(kNow).outcome, PollOutcome::Applied);
    }
    FeedClient fresh(*kiosk.db, kiosk.settings);
    ASSERT_EQ(fresh.poll(kNow + 60).outcome, PollOutcome::Unchanged);
    EXPECT_FALSE(server.arrivals().back().tls_resumed);
}

TEST_F(TlsConnection, ACertificateTheKioskDoesNotTrustIsATlsFailure)
{
    FaultServer server(&identity);
    Kiosk kiosk(dir, server); // the system's authorities only
    FeedClient client(*kiosk.db, kiosk.settings);
    auto report = client.poll(kNow);
    EXPECT_EQ(report.outcome, PollOutcome::Failed);
    EXPECT_NE(report.error.find("(TLS)"), std::string::npos) << report.error;
    EXPECT_TRUE(server.arrivals().empty());
}

TEST_F(TlsConnection, AfterATlsFailureTheTrustedServerStillWorks)
{
    // A failed handshake with one server leaves nothing behind for the next request.
    TlsIdentity other(std::filesystem::path(dir.path()) / "other.pem");
    FaultServer impostor(&other);
    FaultServer server(&identity);
    HttpSession session(identity.cert_file());
    FetchRequest to_impostor;
    to_impostor.url = impostor.url("/static/feed.json");
    to_impostor.limits = quick_limits();
    auto refused = session.fetch(to_impostor);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("(TLS)"), std::string::npos) << refused.error().message;
    FetchRequest good = to_impostor;
    good.url = server.url("/static/feed.json");
    auto answer = session.fetch(good);
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->status, 200);
}
