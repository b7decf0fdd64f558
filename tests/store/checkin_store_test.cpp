// Specification of check-ins on disk: codes unique inside, check-out once, erasure keeps counts.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/store/checkin_store.h"

#include <gtest/gtest.h>

using namespace coi::store;

namespace {

std::function<std::string()> codes(std::vector<std::string> list)
{
    // Hands out the listed codes in turn, then repeats the last one.
    auto state = std::make_shared<std::pair<std::vector<std::string>, std::size_t>>(std::move(list), 0);
    return [state] {
        auto& [all, next] = *state;
        return all[std::min(next++, all.size() - 1)];
    };
}

} // namespace

TEST(CheckinStore, ChecksInAndOutOnce)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    auto sam = store.check_in("appointment", "named", "", "Sam", "K", codes({"K7MP"}), 1000);
    ASSERT_TRUE(sam) << sam.error().message;
    EXPECT_EQ(sam->code, "K7MP");
    EXPECT_EQ(store.inside().size(), 1u);
    EXPECT_EQ(store.inside_by_code("K7MP")->first_name, "Sam");
    EXPECT_TRUE(*store.check_out(sam->id, CheckoutKind::Self, 2000));
    EXPECT_FALSE(*store.check_out(sam->id, CheckoutKind::Self, 3000)) << "already out";
    EXPECT_TRUE(store.inside().empty());
    EXPECT_EQ(*store.by_id(sam->id)->checked_out_at, 2000);
}

TEST(CheckinStore, ACodeHeldBySomeoneInsideIsNotGivenTwice)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    ASSERT_TRUE(store.check_in("appointment", "named", "", "Sam", "", codes({"AAAA"}), 1000));
    auto second = store.check_in("appointment", "named", "", "Ann", "", codes({"AAAA", "AAAA", "CCCC"}), 1001);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->code, "CCCC");
}

TEST(CheckinStore, ACodeIsFreeAgainOnceItsHolderHasLeft)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    auto sam = store.check_in("appointment", "named", "", "Sam", "", codes({"AAAA"}), 1000);
    ASSERT_TRUE(store.check_out(sam->id, CheckoutKind::Self, 1100));
    auto ann = store.check_in("appointment", "named", "", "Ann", "", codes({"AAAA"}), 1200);
    ASSERT_TRUE(ann);
    EXPECT_EQ(store.inside_by_code("AAAA")->first_name, "Ann");
}

TEST(CheckinStore, EveryoneOutMarksHowTheyLeft)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    ASSERT_TRUE(store.check_in("a", "named", "", "A", "", codes({"AAAA"}), 1));
    ASSERT_TRUE(store.check_in("b", "discreet", "", "B", "", codes({"CCCC"}), 2));
    EXPECT_EQ(*store.check_out_everyone(CheckoutKind::Auto, 10), 2);
    EXPECT_EQ(store.by_id(1)->checkout_kind, "auto");
    EXPECT_EQ(*store.check_out_everyone(CheckoutKind::Auto, 11), 0);
}

TEST(CheckinStore, MarkLocatedForTheRollCall)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    auto a = store.check_in("a", "named", "", "A", "", codes({"AAAA"}), 1);
    EXPECT_FALSE(store.inside()[0].located_at);
    EXPECT_TRUE(*store.mark_located(a->id, 5));
    EXPECT_EQ(*store.inside()[0].located_at, 5);
}

TEST(CheckinStore, ErasureRemovesNamesAndCodesOnlyOfOldVisits)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    ASSERT_TRUE(store.check_in("a", "named", "", "Old", "O", codes({"AAAA"}), 100));
    ASSERT_TRUE(store.check_in("a", "named", "", "New", "N", codes({"CCCC"}), 900));
    ASSERT_TRUE(store.check_out(1, CheckoutKind::Self, 200));
    ASSERT_TRUE(store.check_out(2, CheckoutKind::Self, 950));
    EXPECT_EQ(*store.erase_personal_data(500), 1);
    EXPECT_EQ(store.by_id(1)->first_name, "");
    EXPECT_EQ(store.by_id(1)->code, "");
    EXPECT_EQ(store.by_id(2)->first_name, "New");
    EXPECT_EQ(*store.erase_personal_data(500), 0) << "erasing twice changes nothing";
    EXPECT_EQ(store.count_all(), 2) << "the visit itself still counts";
}

TEST(CheckinStore, HeadCountsAddUpPerDayHourAndPurpose)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(store.count_head("cafe", "2026-11-25", 11));
    ASSERT_TRUE(store.count_head("cafe", "2026-11-25", 12));
    ASSERT_TRUE(store.count_head("something-else", "2026-11-25", 12));
    ASSERT_TRUE(store.count_head("cafe", "2026-11-26", 9));
    auto today = store.head_counts("2026-11-25");
    ASSERT_EQ(today.size(), 3u);
    EXPECT_EQ(today[0].count, 3);
    EXPECT_EQ(today[0].hour, 11);
}

TEST(CheckinStore, NamesWithQuotesAndSqlAreStoredAsGiven)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    auto r = store.check_in("a", "named", "", "O'Neill'); DROP TABLE checkin;--", "", codes({"AAAA"}), 1);
    ASSERT_TRUE(r);
    EXPECT_EQ(store.inside()[0].first_name, "O'Neill'); DROP TABLE checkin;--");
}

TEST(CheckinStore, SomeoneStillInsideIsNeverErasedHoweverLongAgoTheyCameIn)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    // Checked in on a clock 19 days slow: by the corrected clock, "19 days ago".
    ASSERT_TRUE(store.check_in("a", "named", "", "Ruth", "B", codes({"RRRR"}), 100));
    EXPECT_EQ(*store.erase_personal_data(100 + 40 * 86400), 0);
    EXPECT_EQ(store.inside_by_code("RRRR")->first_name, "Ruth");
    // Retention counts from when she left.
    ASSERT_TRUE(store.check_out(1, CheckoutKind::Auto, 20 * 86400));
    EXPECT_EQ(*store.erase_personal_data(20 * 86400), 0) << "left at that very second: not before it";
    EXPECT_EQ(*store.erase_personal_data(20 * 86400 + 1), 1);
    EXPECT_EQ(store.by_id(1)->first_name, "");
}

TEST(CheckinStore, ACheckOutOnAClockAheadCountsFromNowOnceTheClockIsRight)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    ASSERT_TRUE(store.check_in("a", "named", "", "Ahead", "A", codes({"AAAA"}), 1000 + 30 * 86400));
    ASSERT_TRUE(store.check_in("a", "named", "", "Right", "R", codes({"BBBB"}), 500));
    ASSERT_TRUE(store.check_out(1, CheckoutKind::Self, 1000 + 30 * 86400 + 60));
    ASSERT_TRUE(store.check_out(2, CheckoutKind::Self, 600));
    EXPECT_EQ(*store.pull_back_future_check_outs(1000), 1);
    EXPECT_EQ(*store.by_id(1)->checked_out_at, 1000);
    EXPECT_EQ(*store.by_id(2)->checked_out_at, 600) << "a check-out in the past is left as it was";
}

TEST(CheckinStore, PeopleInsideAreListedInTheOrderTheyCameWhateverTheClockSaid)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    ASSERT_TRUE(store.check_in("a", "named", "", "First", "F", codes({"AAAA"}), 5000)); // clock ahead
    ASSERT_TRUE(store.check_in("a", "named", "", "Second", "S", codes({"BBBB"}), 1000)); // clock put right
    auto inside = store.inside();
    ASSERT_EQ(inside.size(), 2u);
    EXPECT_EQ(inside[0].first_name, "First");
    EXPECT_EQ(inside[1].first_name, "Second");
}

TEST(CheckinStore, AVisitsPurposeIsPrivateUnlessItsKindIsKnownAndShareable)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    ASSERT_TRUE(store.check_in("advice", "named", "", "Sam", "K", codes({"K7MP"}), 1000));
    ASSERT_TRUE(store.check_in("support-group", "discreet", "", "Alex", "", codes({"CDEF"}), 1001));
    // Written by a newer version that knows a kind this one does not, or a damaged row.
    ASSERT_TRUE(store.check_in("volunteering", "volunteer", "", "Jo", "", codes({"GHJK"}), 1002));
    auto inside = store.inside();
    ASSERT_EQ(inside.size(), 3u);
    EXPECT_FALSE(inside[0].is_private());
    EXPECT_TRUE(inside[1].is_private());
    EXPECT_TRUE(inside[2].is_private()) << "an unknown kind fails closed";
}

// [SECTION] Check-in reporting

namespace {

coi::feed::Feed sample_feed() { return coi::feed::parse_feed(coi::sample::feed_json()).release(); }
coi::core::TimeZone london() { return coi::core::TimeZone::load("Europe/London").release(); }
constexpr coi::feed::Instant kNov25At9 = 1795597200; // 2026-11-25T09:00:00Z, 09:00 in London

} // namespace

TEST(CheckinStore, ASessionCheckInKeepsItsOccurrenceAndAVolunteerVisitSaysSo)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    auto session = store.check_in("session", "named", "bingo", "Sam", "", codes({"AAAA"}), kNov25At9 + 60, {kNov25At9, false});
    ASSERT_TRUE(session) << session.error().message;
    EXPECT_EQ(session->occurrence_start, kNov25At9);
    EXPECT_FALSE(session->volunteer);
    auto volunteer = store.check_in("volunteering", "named", "", "Ann", "", codes({"CCCC"}), kNov25At9, {std::nullopt, true});
    ASSERT_TRUE(volunteer);
    EXPECT_TRUE(volunteer->volunteer);
    EXPECT_FALSE(volunteer->occurrence_start);
    EXPECT_EQ(store.checked_in_since(kNov25At9 + 30).size(), 1u);
}

TEST(CheckinStore, VolunteerHoursAreSummedOnceAndOutliveTheNames)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    auto feed = sample_feed();
    auto zone = london();
    ASSERT_TRUE(store.check_in("volunteering", "named", "", "Ann", "", codes({"AAAA"}), kNov25At9, {std::nullopt, true}));
    ASSERT_TRUE(store.check_in("volunteering", "named", "", "Bob", "", codes({"CCCC"}), kNov25At9 + 3600, {std::nullopt, true}));
    ASSERT_TRUE(store.check_in("visiting", "named", "", "Cy", "", codes({"DDDD"}), kNov25At9, {}));
    ASSERT_TRUE(store.check_out(1, CheckoutKind::Self, kNov25At9 + 2 * 3600));
    ASSERT_TRUE(store.check_out(3, CheckoutKind::Self, kNov25At9 + 5 * 3600)); // not a volunteer
    EXPECT_EQ(store.tally_volunteer_hours(feed, zone).value(), 1) << "Bob is still inside";
    EXPECT_EQ(store.tally_volunteer_hours(feed, zone).value(), 0) << "each visit once";
    // Closing time on Wednesday is 20:30; the automatic sign-out came at 21:00.
    ASSERT_TRUE(store.check_out_everyone(CheckoutKind::Auto, zone.from_local({2026, 11, 25}, 21 * 60)));
    EXPECT_EQ(store.tally_volunteer_hours(feed, zone).value(), 1);
    ASSERT_TRUE(store.erase_personal_data(kNov25At9 + 365 * 24 * 3600));
    EXPECT_EQ(store.by_id(1)->first_name, "");
    auto days = store.volunteer_days("2026-11-25");
    ASSERT_EQ(days.size(), 1u);
    // Ann 2 h; Bob from 10:00 to closing at 20:30.
    EXPECT_EQ(days[0], (coi::core::VolunteerDay{"2026-11-25", 2, 120 + 630, 1}));
    EXPECT_TRUE(store.volunteer_days("2026-11-26").empty());
}

TEST(CheckinStore, FacesAreCountedPerDayPurposeAndFace)
{
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db);
    CheckinStore store(*db);
    ASSERT_TRUE(store.count_feedback("2026-11-25", "cafe", coi::core::Face::Happy));
    ASSERT_TRUE(store.count_feedback("2026-11-25", "cafe", coi::core::Face::Happy));
    ASSERT_TRUE(store.count_feedback("2026-11-25", "private", coi::core::Face::Unhappy));
    ASSERT_TRUE(store.count_feedback("2026-11-24", "cafe", coi::core::Face::Okay));
    auto counts = store.feedback_counts("2026-11-25");
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts[0].purpose_id, "cafe");
    EXPECT_EQ(counts[0].face, "happy");
    EXPECT_EQ(counts[0].count, 2);
    EXPECT_EQ(counts[1].purpose_id, "private");
    EXPECT_EQ(counts[1].face, "unhappy");
}
