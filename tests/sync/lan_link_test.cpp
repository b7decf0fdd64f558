// Two kiosks of a building on one machine, telling each other of an emergency over a real
// UDP socket (loopback broadcast, 127.255.255.255): what one sends, the other hears; what
// another key signed, it never believes. Every wait is bounded.
#include "kiosk/sync/lan_link.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace coi;
using namespace std::chrono_literals;

namespace {

constexpr feed::Instant kNow = 1'780'000'000;

struct Ear {
    std::mutex mutex;
    std::condition_variable woken;
    int wakes = 0;
    sync::LanLink::Heard heard()
    {
        return [this] {
            std::lock_guard lock(mutex);
            ++wakes;
            woken.notify_all();
        };
    }
    bool wait_for(int count)
    {
        std::unique_lock lock(mutex);
        return woken.wait_for(lock, 5s, [&] { return wakes >= count; });
    }
};

std::unique_ptr<sync::LanLink> open_link(std::uint16_t port, Ear& ear)
{
    auto address = sync::parse_lan_address("127.255.255.255:" + std::to_string(port));
    EXPECT_TRUE(address.has_value());
    auto link = sync::LanLink::open(
        *address, [] { return kNow; }, [](std::string_view, std::string_view) {}, ear.heard());
    EXPECT_TRUE(link.ok()) << (link.ok() ? "" : link.error().message);
    return link.ok() ? link.release() : nullptr;
}

feed::Emergency stay_inside()
{
    feed::Emergency e;
    e.kind = feed::EmergencyKind::StayInside;
    e.started_at = kNow;
    return e;
}

} // namespace

TEST(LanLink, ReadsAddressesAndPorts)
{
    EXPECT_TRUE(sync::parse_lan_address("239.255.27.1:4227")->multicast());
    EXPECT_FALSE(sync::parse_lan_address("127.255.255.255:4227")->multicast());
    EXPECT_FALSE(sync::parse_lan_address("239.255.27.1").has_value());
    EXPECT_FALSE(sync::parse_lan_address("kiosks.local:4227").has_value());
    EXPECT_FALSE(sync::parse_lan_address("239.255.27.1:70000").has_value());
}

TEST(LanLink, AnotherKioskOfTheBuildingHearsItAtOnce)
{
    Ear ear_a, ear_b;
    auto a = open_link(0, ear_a);
    ASSERT_TRUE(a);
    auto b = open_link(a->port(), ear_b);
    ASSERT_TRUE(b);
    auto key = feed::generate_lan_key();
    a->set_building("ashby", key);
    b->set_building("ashby", key);
    ASSERT_TRUE(a->send(stay_inside()).ok());
    ASSERT_TRUE(ear_b.wait_for(1));
    auto heard = b->take();
    ASSERT_TRUE(heard.has_value());
    EXPECT_EQ(heard->kind, feed::EmergencyKind::StayInside);
    EXPECT_FALSE(b->take().has_value()); // once
}

TEST(LanLink, AKioskWithAnotherKeyBelievesNothing)
{
    Ear ear_a, ear_b, ear_c;
    auto a = open_link(0, ear_a);
    ASSERT_TRUE(a);
    auto b = open_link(a->port(), ear_b);
    auto c = open_link(a->port(), ear_c);
    ASSERT_TRUE(b && c);
    auto key = feed::generate_lan_key();
    a->set_building("ashby", feed::generate_lan_key()); // a stranger's key
    b->set_building("ashby", key);
    c->set_building("ashby", key);
    feed::Emergency forged;
    forged.kind = feed::EmergencyKind::Closed;
    forged.started_at = kNow + 10; // newer: were it believed, it would be the one shown
    ASSERT_TRUE(a->send(forged).ok());
    ASSERT_TRUE(c->send(stay_inside()).ok()); // then a genuine one: b hears that one only
    ASSERT_TRUE(ear_b.wait_for(1));
    auto heard = b->take();
    ASSERT_TRUE(heard.has_value());
    EXPECT_EQ(heard->kind, feed::EmergencyKind::StayInside);
}

TEST(LanLink, WithoutAKeyItNeitherSendsNorBelieves)
{
    Ear ear;
    auto a = open_link(0, ear);
    ASSERT_TRUE(a);
    EXPECT_FALSE(a->send(stay_inside()).ok());
}
