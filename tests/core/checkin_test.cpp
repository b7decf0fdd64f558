// Specification of the check-in flow as a state machine: steps, records, timeouts.
#include "content/feed/parse.h"
#include "content/sample/sample.h"
#include "kiosk/core/checkin.h"
#include "kiosk/core/reporting.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::core;

namespace {

struct Flow : ::testing::Test {
    void SetUp() override
    {
        auto parsed = feed::parse_feed(sample::feed_json());
        ASSERT_TRUE(parsed);
        sample = parsed.release();
        zone = *TimeZone::load("Europe/London");
        now = zone.from_local({2026, 11, 25}, 11 * 60 + 5);
        plans = plan_ahead(std::make_shared<const feed::Feed>(sample), zone, zone.local_date(now));
    }
    StepResult go(const CheckinState& s, ActionKind kind, std::string text = "", std::int64_t id = 0)
    {
        return step(s, Action{kind, std::move(text), id}, sample, plans, zone, now, settings);
    }
    int tile_index(const std::string& purpose)
    {
        auto all = tiles(sample, plans, zone, now, settings);
        for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i].purpose_id == purpose)
                return static_cast<int>(i);
        return -1;
    }
    feed::Feed sample;
    Plans plans;
    TimeZone zone = TimeZone::utc();
    feed::Instant now = 0;
    FlowSettings settings;
};

} // namespace

TEST_F(Flow, ATouchOnSignageOpensTheWelcomeScreen)
{
    EXPECT_EQ(go(CheckinState{}, ActionKind::Touch).state.step, Step::Welcome);
}

TEST_F(Flow, TilesPutSessionsOnNowThenNextThenThePurposes)
{
    auto all = tiles(sample, plans, zone, now, settings);
    ASSERT_GE(all.size(), 6u);
    EXPECT_TRUE(all[0].now);
    EXPECT_EQ(all[0].purpose_id, "session");
    auto first_purpose = std::find_if(all.begin(), all.end(), [](auto& t) { return t.purpose_id != "session"; });
    ASSERT_NE(first_purpose, all.end());
    EXPECT_TRUE(std::all_of(first_purpose, all.end(), [](auto& t) { return t.purpose_id != "session"; }));
    EXPECT_NE(std::find_if(all.begin(), all.end(), [](auto& t) { return t.label == "Lunch club" && !t.now; }), all.end()) << "next at 12:00";
}

TEST_F(Flow, DiscreetPurposeIsLabelledPrivateAppointment)
{
    auto all = tiles(sample, plans, zone, now, settings);
    int i = tile_index("support-group");
    ASSERT_GE(i, 0);
    EXPECT_EQ(all[static_cast<std::size_t>(i)].label, "Private appointment");
}

TEST_F(Flow, HeadCountPurposeRecordsInOneTap)
{
    CheckinState s = go(go(CheckinState{}, ActionKind::Touch).state, ActionKind::StartCheckIn).state;
    auto r = go(s, ActionKind::ChooseTile, "", tile_index("cafe"));
    ASSERT_TRUE(r.record);
    EXPECT_EQ(r.record->kind, Record::Kind::HeadCount);
    EXPECT_EQ(r.record->purpose_id, "cafe");
    EXPECT_TRUE(r.record->first_name.empty());
}

TEST_F(Flow, NamedPurposeAsksForANameBeforeRecording)
{
    CheckinState s = go(go(CheckinState{}, ActionKind::Touch).state, ActionKind::StartCheckIn).state;
    auto r = go(s, ActionKind::ChooseTile, "", tile_index("appointment"));
    EXPECT_FALSE(r.record);
    EXPECT_EQ(r.state.step, Step::Name);
    s = r.state;
    for (const char* k : {"S", "a", "m"})
        s = go(s, ActionKind::Type, k).state;
    CheckinState empty;
    empty.step = Step::Name;
    auto none = go(empty, ActionKind::Confirm);
    EXPECT_FALSE(none.record) << "no name, no record";
    EXPECT_EQ(none.state.done_detail, "Please type your first name.");
    auto done = go(s, ActionKind::Confirm);
    ASSERT_TRUE(done.record);
    EXPECT_EQ(done.record->kind, Record::Kind::Named);
    EXPECT_EQ(done.record->first_name, "Sam");
    EXPECT_EQ(done.record->purpose_id, "appointment");
}

TEST_F(Flow, SessionCheckInSaysWhichRoom)
{
    CheckinState s = go(go(CheckinState{}, ActionKind::Touch).state, ActionKind::StartCheckIn).state;
    s = go(s, ActionKind::ChooseTile, "", 0).state;
    s.name = "Sam";
    CheckinState done = confirmed_check_in(s, "K7MP", now, settings);
    EXPECT_EQ(done.step, Step::Done);
    EXPECT_EQ(done.done_title, "Welcome, Sam.");
    EXPECT_NE(done.done_detail.find(" is in the "), std::string::npos) << done.done_detail;
    EXPECT_EQ(done.code, "K7MP");
}

TEST_F(Flow, EveryStepTimesOutToSignageAndForgets)
{
    CheckinState s = go(CheckinState{}, ActionKind::Touch).state;
    s = go(s, ActionKind::StartCheckIn).state;
    s = go(s, ActionKind::ChooseTile, "", tile_index("appointment")).state;
    s = go(s, ActionKind::Type, "Sa").state;
    EXPECT_EQ(tick(s, now + 59, settings).step, Step::Name);
    CheckinState later = tick(s, now + 60, settings);
    EXPECT_EQ(later.step, Step::Signage);
    EXPECT_TRUE(later.name.empty());
}

TEST_F(Flow, DoneScreenReturnsBySelf)
{
    CheckinState done = confirmed_check_in(CheckinState{}, "", now, settings);
    EXPECT_EQ(tick(done, now + settings.done_seconds - 1, settings).step, Step::Done);
    EXPECT_EQ(tick(done, now + settings.done_seconds, settings).step, Step::Signage);
}

TEST_F(Flow, ASessionCheckInRecordsWhichOccurrenceAndAVolunteerCheckInSaysSo)
{
    CheckinState s = go(go(CheckinState{}, ActionKind::Touch).state, ActionKind::StartCheckIn).state;
    auto all = tiles(sample, plans, zone, now, settings);
    CheckinState session = go(s, ActionKind::ChooseTile, "", 0).state;
    session = go(session, ActionKind::Type, "Sam").state;
    auto r = go(session, ActionKind::Confirm).record;
    ASSERT_TRUE(r);
    EXPECT_EQ(r->purpose_id, "session");
    EXPECT_EQ(r->occurrence_start, all[0].start);
    EXPECT_LE(*r->occurrence_start, now) << "on now: it started already";
    EXPECT_FALSE(r->volunteer);

    CheckinState volunteer = go(s, ActionKind::ChooseTile, "", tile_index("volunteering")).state;
    volunteer = go(volunteer, ActionKind::Type, "Ann").state;
    r = go(volunteer, ActionKind::Confirm).record;
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->volunteer);
    EXPECT_FALSE(r->occurrence_start);
}

TEST_F(Flow, TheFacesAtCheckOutAreOneTapCountedUnderTheVisitsPurpose)
{
    settings.feedback = feed::FeedbackMode::Checkout;
    CheckinState out = confirmed_check_out(CheckinState{}, "Sam", now, settings, std::string("visiting"));
    EXPECT_TRUE(out.ask_feedback);
    auto tapped = go(out, ActionKind::ChooseFace, "okay");
    ASSERT_TRUE(tapped.record);
    EXPECT_EQ(tapped.record->kind, Record::Kind::Feedback);
    EXPECT_EQ(tapped.record->purpose_id, "visiting");
    EXPECT_EQ(tapped.record->face, "okay");
    EXPECT_EQ(tapped.state.step, Step::CheckoutDone) << "the screen stays until the tap is counted";
    CheckinState thanked = confirmed_feedback(tapped.state, now, settings);
    EXPECT_TRUE(thanked.feedback_given);
    EXPECT_FALSE(go(thanked, ActionKind::ChooseFace, "happy").record) << "one tap, once";
    EXPECT_FALSE(go(out, ActionKind::ChooseFace, "furious").record) << "three faces, nothing else";
}

TEST_F(Flow, NoFacesWhereTheSiteDoesNotAskOrTheVisitIsNotCounted)
{
    EXPECT_FALSE(confirmed_check_out(CheckinState{}, "Sam", now, settings, std::string("visiting")).ask_feedback) << "feedback is off by default";
    settings.feedback = feed::FeedbackMode::Checkout;
    CheckinState uncounted = confirmed_check_out(CheckinState{}, "Sam", now, settings, std::nullopt);
    EXPECT_FALSE(uncounted.ask_feedback) << "a discreet visit where the site does not count them";
    EXPECT_FALSE(go(uncounted, ActionKind::ChooseFace, "happy").record);
}

TEST_F(Flow, AOneTapCheckInAsksOnlyWhereTheSiteAsksAfterHeadCountsToo)
{
    CheckinState s = go(go(CheckinState{}, ActionKind::Touch).state, ActionKind::StartCheckIn).state;
    CheckinState chose = go(s, ActionKind::ChooseTile, "", tile_index("cafe")).state;
    settings.feedback = feed::FeedbackMode::Checkout;
    EXPECT_FALSE(confirmed_check_in(chose, "", now, settings).ask_feedback);
    settings.feedback = feed::FeedbackMode::CheckoutAndHeadCount;
    CheckinState done = confirmed_check_in(chose, "", now, settings);
    EXPECT_TRUE(done.ask_feedback);
    EXPECT_EQ(done.feedback_purpose, "cafe");
    auto tapped = go(done, ActionKind::ChooseFace, "happy");
    ASSERT_TRUE(tapped.record);
    EXPECT_EQ(tapped.record->purpose_id, "cafe");
}

TEST_F(Flow, ADoneScreenThatAsksWaitsLongerAndIsSkippedByWalkingAway)
{
    settings.feedback = feed::FeedbackMode::Checkout;
    CheckinState out = confirmed_check_out(CheckinState{}, "Sam", now, settings, std::string("visiting"));
    EXPECT_EQ(tick(out, now + settings.done_seconds, settings).step, Step::CheckoutDone);
    EXPECT_EQ(tick(out, now + settings.question_seconds, settings).step, Step::Signage);
    auto elsewhere = go(out, ActionKind::Touch);
    EXPECT_EQ(elsewhere.state.step, Step::Signage) << "a tap anywhere else skips the question";
    EXPECT_FALSE(elsewhere.record);
}

TEST_F(Flow, RememberMeIsOfferedWhereTheSiteDoesAndKeepsOnlyCanonicalWords)
{
    EXPECT_FALSE(confirmed_check_in(CheckinState{}, "", now, settings).offer_remember);
    EXPECT_EQ(go(confirmed_check_in(CheckinState{}, "", now, settings), ActionKind::StartRemember).state.step, Step::Signage);
    settings.remember = true;
    CheckinState done = confirmed_check_in(CheckinState{}, "K7MP", now, settings);
    ASSERT_TRUE(done.offer_remember);
    CheckinState typing = go(done, ActionKind::StartRemember).state;
    ASSERT_EQ(typing.step, Step::Remember);
    typing = go(typing, ActionKind::Type, "Sa").state;
    auto too_short = go(typing, ActionKind::Confirm);
    EXPECT_FALSE(too_short.record);
    EXPECT_EQ(too_short.state.done_detail, "Please type at least 4 characters.");
    typing = go(typing, ActionKind::Type, "m k").state;
    auto kept = go(typing, ActionKind::Confirm);
    ASSERT_TRUE(kept.record);
    EXPECT_EQ(kept.record->kind, Record::Kind::Remember);
    EXPECT_EQ(kept.record->words, *remember_words("SAM K"));
    EXPECT_TRUE(kept.record->first_name.empty() && kept.record->code.empty());
    CheckinState back = confirmed_remember(kept.state, true, now, settings);
    EXPECT_EQ(back.done_title, "Welcome back!");
    EXPECT_FALSE(back.offer_remember);
    EXPECT_EQ(confirmed_remember(kept.state, false, now, settings).done_title, "We'll remember you.");
}

TEST_F(Flow, CheckOutByCodeNeedsFourCodeCharacters)
{
    CheckinState s = go(go(CheckinState{}, ActionKind::Touch).state, ActionKind::StartCheckOut).state;
    EXPECT_EQ(s.step, Step::Checkout);
    s = go(s, ActionKind::Type, "K7M").state;
    EXPECT_FALSE(go(s, ActionKind::Confirm).record);
    s = go(s, ActionKind::Type, "P").state;
    auto r = go(s, ActionKind::Confirm);
    ASSERT_TRUE(r.record);
    EXPECT_EQ(r.record->kind, Record::Kind::CheckOutByCode);
    EXPECT_EQ(r.record->code, "K7MP");
}

TEST_F(Flow, MatchesNeedTwoLettersAndNeverListEveryone)
{
    std::vector<Person> inside = {{1, "Sam", "K", "AAAA"}, {2, "Sandra", "", "CCCC"}, {3, "Priya", "", "DDDD"}};
    EXPECT_TRUE(find_matches(inside, "", feed::CheckoutMode::NameOrCode).empty());
    EXPECT_TRUE(find_matches(inside, "S", feed::CheckoutMode::NameOrCode).empty());
    auto sa = find_matches(inside, "sa", feed::CheckoutMode::NameOrCode);
    ASSERT_EQ(sa.size(), 2u);
    EXPECT_EQ(sa[0].label, "Sam K.");
    EXPECT_EQ(sa[1].label, "Sandra");
    EXPECT_TRUE(find_matches(inside, "sa", feed::CheckoutMode::CodeOnly).empty()) << "a site may choose code-only";
}

TEST_F(Flow, PrivacyLineSaysWhatWhyAndHowLong)
{
    std::string line = privacy_line(sample.site, settings);
    EXPECT_NE(line.find("first name"), std::string::npos);
    EXPECT_NE(line.find("fire"), std::string::npos);
    EXPECT_NE(line.find("14 days"), std::string::npos);
}

TEST_F(Flow, ClosingTimeIsTheLocalCloseOfAnOpenDay)
{
    auto closes = closing_time(sample, zone, {2026, 11, 25});
    ASSERT_TRUE(closes);
    EXPECT_EQ(zone.to_local(*closes).minutes, 20 * 60 + 30);
    EXPECT_FALSE(closing_time(sample, zone, {2026, 12, 25})) << "closed on Christmas Day";
}

TEST_F(Flow, RollCallListsNamesLocatedAndCountsButNoDiscreetPurpose)
{
    std::vector<RollCallEntry> inside = {{"Sam", "K", "advice", "", now - 600, true, false}, {"Alex", "", "support-group", "", now - 60, false, true}};
    std::string text = roll_call_text(sample, zone, now, inside, {{"cafe", 7}});
    EXPECT_NE(text.find("[x] Sam K."), std::string::npos) << text;
    EXPECT_NE(text.find("[ ] Alex"), std::string::npos);
    EXPECT_NE(text.find("Private appointment"), std::string::npos);
    EXPECT_EQ(text.find("Support group"), std::string::npos);
    EXPECT_NE(text.find("Counted without names today: 7"), std::string::npos);
}
