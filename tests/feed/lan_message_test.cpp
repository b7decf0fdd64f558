// The kiosks' emergency message on the local network: believed only when the building's key
// signed it, for this building, recently, and never twice.
#include "content/feed/lan_message.h"
#include "content/feed/sign.h"

#include <gtest/gtest.h>

using namespace coi::feed;

namespace {

constexpr Instant kNow = 1'780'000'000;

Emergency evacuate(Instant at = kNow)
{
    Emergency e;
    e.kind = EmergencyKind::Evacuate;
    e.started_by = "reception";
    e.started_at = at;
    return e;
}

std::string sealed(const std::string& site, const Emergency& e, Instant sent_at, const std::string& key)
{
    auto datagram = seal_lan_message(site, e, sent_at, key);
    EXPECT_TRUE(datagram.ok()) << (datagram.ok() ? "" : datagram.error().message);
    return datagram.ok() ? *datagram : std::string();
}

} // namespace

TEST(LanMessage, ABuildingsKioskBelievesItsOwnBuildingsMessage)
{
    auto key = generate_lan_key();
    LanReceiver receiver("ashby", key);
    Emergency message = evacuate();
    message.kind = EmergencyKind::Message;
    message.message = "Boiler failed: please go home";
    auto verdict = receiver.accept(sealed("ashby", message, kNow, key), kNow + 1);
    ASSERT_TRUE(verdict.accepted()) << to_code(verdict.refusal);
    EXPECT_EQ(verdict.emergency, message);
}

TEST(LanMessage, KeysAreRandomAnd32Bytes)
{
    auto a = generate_lan_key(), b = generate_lan_key();
    EXPECT_NE(a, b);
    EXPECT_EQ(base64_decode(a)->size(), 32u);
}

TEST(LanMessage, AMessageSignedWithAnotherKeyIsForged)
{
    LanReceiver receiver("ashby", generate_lan_key());
    auto verdict = receiver.accept(sealed("ashby", evacuate(), kNow, generate_lan_key()), kNow);
    EXPECT_EQ(verdict.refusal, LanRefusal::Forged);
}

TEST(LanMessage, AChangedByteIsForged)
{
    auto key = generate_lan_key();
    LanReceiver receiver("ashby", key);
    auto datagram = sealed("ashby", evacuate(), kNow, key);
    auto at = datagram.find("evacuate");
    ASSERT_NE(at, std::string::npos);
    datagram.replace(at, 8, "stay_ins"); // same length, another instruction
    EXPECT_EQ(receiver.accept(datagram, kNow).refusal, LanRefusal::Forged);
}

TEST(LanMessage, AnotherBuildingsMessageIsIgnoredEvenUnderTheSameKey)
{
    auto key = generate_lan_key();
    LanReceiver receiver("ashby", key);
    EXPECT_EQ(receiver.accept(sealed("bolton", evacuate(), kNow, key), kNow).refusal, LanRefusal::OtherBuilding);
}

TEST(LanMessage, AnOldOrFarFutureMessageIsStale)
{
    auto key = generate_lan_key();
    LanReceiver receiver("ashby", key);
    EXPECT_EQ(receiver.accept(sealed("ashby", evacuate(), kNow - kLanMessageWindow - 1, key), kNow).refusal, LanRefusal::Stale);
    EXPECT_EQ(receiver.accept(sealed("ashby", evacuate(), kNow + kLanMessageWindow + 1, key), kNow).refusal, LanRefusal::Stale);
    EXPECT_TRUE(receiver.accept(sealed("ashby", evacuate(), kNow - kLanMessageWindow + 5, key), kNow).accepted());
}

TEST(LanMessage, TheSameDatagramPlayedAgainIsReplayed)
{
    auto key = generate_lan_key();
    LanReceiver receiver("ashby", key);
    auto datagram = sealed("ashby", evacuate(), kNow, key);
    EXPECT_TRUE(receiver.accept(datagram, kNow).accepted());
    EXPECT_EQ(receiver.accept(datagram, kNow + 30).refusal, LanRefusal::Replayed);
    // Another message with the same contents has its own nonce: staff may start it again.
    EXPECT_TRUE(receiver.accept(sealed("ashby", evacuate(), kNow, key), kNow + 30).accepted());
}

TEST(LanMessage, ReplayedAfterTheWindowIsStaleNotBelieved)
{
    auto key = generate_lan_key();
    LanReceiver receiver("ashby", key);
    auto datagram = sealed("ashby", evacuate(), kNow, key);
    EXPECT_TRUE(receiver.accept(datagram, kNow).accepted());
    EXPECT_EQ(receiver.accept(datagram, kNow + kLanMessageWindow + 60).refusal, LanRefusal::Stale);
}

TEST(LanMessage, GarbageIsMalformedNotACrash)
{
    LanReceiver receiver("ashby", generate_lan_key());
    EXPECT_EQ(receiver.accept("", kNow).refusal, LanRefusal::Malformed);
    EXPECT_EQ(receiver.accept("{}\nnot base64!", kNow).refusal, LanRefusal::Malformed);
    EXPECT_EQ(receiver.accept(std::string(5000, 'x'), kNow).refusal, LanRefusal::Malformed);
    EXPECT_FALSE(seal_lan_message("ashby", evacuate(), kNow, "short").ok());
}
