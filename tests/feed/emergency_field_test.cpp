// The feed's emergency fields: parsed, written back the same, and checked.
#include "content/feed/lan_message.h"
#include "content/feed/parse.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace coi::feed;

namespace {

nlohmann::json minimal()
{
    return {{"format", 1}, {"version", 3}, {"generated_at", "2026-11-25T09:00:00Z"},
        {"site", {{"id", "ashby"}, {"name", "Ashby Hill"}, {"timezone", "Europe/London"}}}};
}

} // namespace

TEST(EmergencyField, ReadsAndWritesTheBuildingsEmergencyKeyAndAssemblyPoint)
{
    auto doc = minimal();
    doc["site"]["assembly_point"] = {{"en", "The car park"}, {"pl", "Parking"}};
    doc["emergency"] = {{"kind", "evacuate"}, {"started_by", "admin"}, {"started_at", "2026-11-25T10:00:00Z"}};
    doc["lan_key"] = generate_lan_key();
    auto feed = feed_from_json(doc);
    ASSERT_TRUE(feed.ok()) << feed.error().message;
    ASSERT_TRUE(feed->emergency.has_value());
    EXPECT_TRUE(feed->emergency->active());
    EXPECT_EQ(feed->emergency->kind, EmergencyKind::Evacuate);
    EXPECT_EQ(feed->site.assembly_point.get("pl"), "Parking");
    auto again = feed_from_json(feed_to_json(*feed));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *feed);
}

TEST(EmergencyField, AFeedWithoutThemWritesNoneOfThem)
{
    auto feed = feed_from_json(minimal());
    ASSERT_TRUE(feed.ok());
    auto written = feed_to_json(*feed);
    EXPECT_FALSE(written.contains("emergency"));
    EXPECT_FALSE(written.contains("lan_key"));
    EXPECT_FALSE(written["site"].contains("assembly_point"));
}

TEST(EmergencyField, RefusesWhatAScreenCouldNotShow)
{
    auto with = [](nlohmann::json emergency) {
        auto doc = minimal();
        doc["emergency"] = emergency;
        return feed_from_json(doc).ok();
    };
    EXPECT_FALSE(with({{"kind", "panic"}, {"started_at", "2026-11-25T10:00:00Z"}}));
    EXPECT_FALSE(with({{"kind", "message"}, {"started_at", "2026-11-25T10:00:00Z"}})); // a message needs its words
    EXPECT_FALSE(with({{"kind", "closed"}, {"started_at", "2026-11-25T10:00:00Z"}, {"ended_at", "2026-11-25T09:00:00Z"}}));
    EXPECT_FALSE(with({{"kind", "closed"}, {"started_at", "2026-11-25T10:00:00Z"}, {"colour", "red"}}));
    EXPECT_FALSE(with({{"kind", "message"}, {"message", std::string(501, 'x')}, {"started_at", "2026-11-25T10:00:00Z"}}));
    auto doc = minimal();
    doc["lan_key"] = "c2hvcnQ=";
    EXPECT_FALSE(feed_from_json(doc).ok());
}
