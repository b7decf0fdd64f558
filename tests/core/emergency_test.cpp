// Emergency mode's rules: which state a kiosk shows, and what the takeover says.
#include "kiosk/core/emergency.h"

#include <gtest/gtest.h>

using namespace coi;
using feed::EmergencyKind;

namespace {

feed::Emergency started(EmergencyKind kind, feed::Instant at, std::string message = "")
{
    return core::started_here(kind, std::move(message), "Reception", at);
}

feed::Site site(std::vector<std::string> languages, std::string assembly = "")
{
    feed::Site s;
    s.id = "ashby";
    s.languages = std::move(languages);
    if (!assembly.empty())
        s.assembly_point = feed::Text::plain(assembly);
    return s;
}

} // namespace

TEST(Emergency, TheNewerStateWinsWhereverItCameFrom)
{
    auto from_feed = started(EmergencyKind::Closed, 1000);
    auto from_staff = started(EmergencyKind::Evacuate, 2000);
    EXPECT_EQ(core::newer_emergency(from_feed, from_staff), from_staff);
    EXPECT_EQ(core::newer_emergency(from_staff, from_feed), from_staff);
    auto ended = core::ended_here(from_staff, 3000);
    EXPECT_FALSE(core::emergency_on(core::newer_emergency(from_staff, ended)));
    EXPECT_TRUE(core::emergency_on(core::newer_emergency(ended, started(EmergencyKind::StayInside, 3500))));
}

TEST(Emergency, AnEndAtTheSameSecondAsAStartWins)
{
    auto on = started(EmergencyKind::Evacuate, 2000);
    auto off = core::ended_here(started(EmergencyKind::Evacuate, 1990), 2000);
    EXPECT_FALSE(core::emergency_on(core::newer_emergency(on, off)));
    EXPECT_FALSE(core::emergency_on(core::newer_emergency(off, on)));
}

TEST(Emergency, NothingHeardIsNoEmergency)
{
    EXPECT_FALSE(core::emergency_on(core::newer_emergency(std::nullopt, std::nullopt)));
    EXPECT_TRUE(core::emergency_on(core::newer_emergency(std::nullopt, started(EmergencyKind::Closed, 5))));
}

TEST(Emergency, AnEndNeverComesBeforeItsStart)
{
    EXPECT_EQ(core::ended_here(started(EmergencyKind::Closed, 500), 100).ended_at, 500); // a clock set back
}

TEST(Emergency, EvacuationNamesTheAssemblyPointInEachOfTheSitesLanguages)
{
    auto view = core::emergency_view(started(EmergencyKind::Evacuate, 0), site({"en", "pl"}, "The car park by the church"), "14:05");
    ASSERT_EQ(view.languages.size(), 2u);
    EXPECT_EQ(view.languages[0].title, "Evacuate now");
    EXPECT_EQ(view.languages[0].assembly, "Assembly point: The car park by the church");
    EXPECT_EQ(view.languages[1].title, "Ewakuacja");
    EXPECT_EQ(view.languages[1].assembly, "Miejsce zbiórki: The car park by the church");
    EXPECT_EQ(view.since, "Since 14:05");
}

TEST(Emergency, OnlyEvacuationShowsTheAssemblyPoint)
{
    auto view = core::emergency_view(started(EmergencyKind::StayInside, 0), site({"en"}, "The car park"), "09:00");
    EXPECT_EQ(view.languages[0].title, "Stay inside");
    EXPECT_TRUE(view.languages[0].assembly.empty());
}

TEST(Emergency, ATypedMessageIsShownAsTyped)
{
    auto view = core::emergency_view(started(EmergencyKind::Message, 0, "Boiler failed: please go home"), site({"en", "uk"}), "09:00");
    EXPECT_EQ(view.languages[0].title, "Important");
    EXPECT_EQ(view.languages[0].message, "Boiler failed: please go home");
    EXPECT_EQ(view.languages[1].message, "Boiler failed: please go home");
    EXPECT_EQ(view.languages[1].title, "Важливо");
}

TEST(Emergency, AtMostThreeLanguagesFitTheScreen)
{
    auto view = core::emergency_view(started(EmergencyKind::Closed, 0), site({"en", "pl", "ro", "lt", "uk"}), "09:00");
    EXPECT_EQ(view.languages.size(), 3u);
    EXPECT_EQ(view.languages[2].title, "Clădire închisă");
}
