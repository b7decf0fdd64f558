// Specification of the rules behind "Suggest an event or notice", with time as a parameter:
// how many suggestions an address and everyone may send, the spam trap (a hidden field and a
// signed stamp of when the form was drawn), and the form's fields, each error at its field.
#include "content/server/suggestions.h"

#include <gtest/gtest.h>

using namespace coi::server;

namespace {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kNoon = 1'796'000'000; // any moment: the rules only see differences

} // namespace

// [SECTION] Rate limit
TEST(SuggestionLimiter, TakesThreeAnHourFromOneAddressAndTheFourthWaitsForTheHourToPass)
{
    SuggestionLimiter limiter;
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(limiter.take("192.0.2.7", kNoon + i * kMinute), LimitVerdict::Taken) << i;
    EXPECT_EQ(limiter.take("192.0.2.7", kNoon + 10 * kMinute), LimitVerdict::AddressHour);
    EXPECT_EQ(limiter.take("192.0.2.7", kNoon + kHour - 1), LimitVerdict::AddressHour);
    EXPECT_EQ(limiter.take("192.0.2.7", kNoon + kHour), LimitVerdict::Taken) << "the first has left the hour";
}

TEST(SuggestionLimiter, AnotherAddressHasItsOwnHour)
{
    SuggestionLimiter limiter;
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(limiter.take("192.0.2.7", kNoon), LimitVerdict::Taken);
    EXPECT_EQ(limiter.take("192.0.2.8", kNoon), LimitVerdict::Taken);
}

TEST(SuggestionLimiter, TakesTwentyADayFromOneAddressHowEverSpreadOut)
{
    SuggestionLimiter limiter;
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(limiter.take("192.0.2.7", kNoon + i * kHour), LimitVerdict::Taken) << i;
    EXPECT_EQ(limiter.take("192.0.2.7", kNoon + 20 * kHour), LimitVerdict::AddressDay);
    EXPECT_EQ(limiter.take("192.0.2.7", kNoon + kDay), LimitVerdict::Taken) << "the first has left the day";
}

TEST(SuggestionLimiter, EveryoneTogetherHasADailyCapSoManyAddressesCannotFillTheQueue)
{
    SuggestionLimiter limiter({3, 20, 5});
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(limiter.take("198.51.100." + std::to_string(i), kNoon), LimitVerdict::Taken);
    EXPECT_EQ(limiter.take("203.0.113.1", kNoon + kHour), LimitVerdict::Everyone);
    EXPECT_EQ(limiter.take("203.0.113.1", kNoon + kDay), LimitVerdict::Taken);
}

TEST(SuggestionLimiter, ARefusedSuggestionCountsForNothing)
{
    SuggestionLimiter limiter;
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(limiter.take("192.0.2.7", kNoon), LimitVerdict::Taken);
    for (int i = 0; i < 50; ++i) // hammering while refused
        ASSERT_EQ(limiter.take("192.0.2.7", kNoon + 30 * kMinute), LimitVerdict::AddressHour);
    EXPECT_EQ(limiter.take("192.0.2.7", kNoon + kHour), LimitVerdict::Taken);
}

// [SECTION] Spam trap
struct SpamTrap : ::testing::Test {
    std::string key = form_stamp_key("the server's own secret");
    std::string stamp = make_form_stamp(key, "ashby-hill", kNoon);
};

TEST_F(SpamTrap, APersonWhoTookTheirTimeGetsThrough)
{
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", stamp, "", kNoon + 40), TrapVerdict::Person);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", stamp, "", kNoon + kMinFillSeconds), TrapVerdict::Person);
}

TEST_F(SpamTrap, TheHiddenFieldFilledInIsABot)
{
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", stamp, "https://cheap-pills.example", kNoon + 40), TrapVerdict::Honeypot);
}

TEST_F(SpamTrap, SentFasterThanAnyoneTypesIsABot)
{
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", stamp, "", kNoon), TrapVerdict::TooFast);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", stamp, "", kNoon + kMinFillSeconds - 1), TrapVerdict::TooFast);
}

TEST_F(SpamTrap, AFormLeftOpenOverADayIsStaleAndDrawnAgain)
{
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", stamp, "", kNoon + kMaxFormAgeSeconds), TrapVerdict::Person);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", stamp, "", kNoon + kMaxFormAgeSeconds + 1), TrapVerdict::Stale);
}

TEST_F(SpamTrap, AStampCannotBeMadeUpMovedInTimeOrTakenToAnotherBuilding)
{
    auto mac = stamp.substr(stamp.find('.'));
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", "", "", kNoon + 40), TrapVerdict::Forged);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", "garbage", "", kNoon + 40), TrapVerdict::Forged);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", std::to_string(kNoon - 10) + mac, "", kNoon + 40), TrapVerdict::Forged)
        << "an older time under the same MAC, to skip the wait";
    EXPECT_EQ(check_spam_trap(key, "other-centre", stamp, "", kNoon + 40), TrapVerdict::Forged);
    EXPECT_EQ(check_spam_trap(form_stamp_key("another server"), "ashby-hill", stamp, "", kNoon + 40), TrapVerdict::Forged);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", "99999999999999999999." + mac.substr(1), "", kNoon), TrapVerdict::Forged);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", "-5" + mac, "", kNoon), TrapVerdict::Forged);
}

TEST_F(SpamTrap, AStampFromTheFutureIsForged)
{
    auto ahead = make_form_stamp(key, "ashby-hill", kNoon + kHour);
    EXPECT_EQ(check_spam_trap(key, "ashby-hill", ahead, "", kNoon), TrapVerdict::Forged);
}

TEST_F(SpamTrap, TheStampKeyIsNotTheServersSecret)
{
    EXPECT_EQ(key.size(), 32u);
    EXPECT_EQ(key.find("the server's own secret"), std::string::npos);
    EXPECT_EQ(form_stamp_key("the server's own secret"), key) << "the same after a restart";
}

// [SECTION] The form
TEST(SuggestionForm, ReadsAFormBodyAsABrowserSendsIt)
{
    auto fields = parse_form_body("title=Knit+and+natter&when=Tuesdays%202pm&details=&email=sam%40example.org&website=");
    ASSERT_TRUE(fields);
    EXPECT_EQ(fields->at("title"), "Knit and natter");
    EXPECT_EQ(fields->at("when"), "Tuesdays 2pm");
    EXPECT_EQ(fields->at("email"), "sam@example.org");
    EXPECT_EQ(fields->at("details"), "");
}

TEST(SuggestionForm, RefusesBrokenEscapesAndAFieldGivenTwice)
{
    EXPECT_FALSE(parse_form_body("title=%G1"));
    EXPECT_FALSE(parse_form_body("title=%4"));
    EXPECT_FALSE(parse_form_body("title=%"));
    EXPECT_FALSE(parse_form_body("title=a&title=b"));
}

TEST(SuggestionForm, AGoodSuggestionHasNoErrorsAndIsTrimmed)
{
    auto read = read_suggestion_form({{"title", "  Knit and natter "}, {"when", "Tuesdays 2pm"}, {"email", "sam@example.org"}});
    EXPECT_TRUE(read.errors.empty());
    EXPECT_EQ(read.form.title, "Knit and natter");
    EXPECT_EQ(read.form.details, "");
}

TEST(SuggestionForm, EachMissingFieldIsSaidAtThatField)
{
    auto read = read_suggestion_form({{"title", " "}, {"details", "Bring needles"}});
    ASSERT_EQ(read.errors.size(), 3u);
    EXPECT_EQ(read.errors[0].field, "title");
    EXPECT_EQ(read.errors[1].field, "when");
    EXPECT_EQ(read.errors[2].field, "email");
    EXPECT_EQ(read.form.details, "Bring needles") << "kept to draw back into the form";
}

TEST(SuggestionForm, AnEmailWithoutAnAtOrADomainIsAskedForAgain)
{
    for (auto email : {"sam.example.org", "sam@", "@example.org", "sam@example", "sam@@example.org", "sam smith@example.org"}) {
        auto read = read_suggestion_form({{"title", "Choir"}, {"when", "Fridays"}, {"email", email}});
        ASSERT_EQ(read.errors.size(), 1u) << email;
        EXPECT_EQ(read.errors[0].field, "email") << email;
    }
}

TEST(SuggestionForm, LengthsAreCountedInCharactersNotBytes)
{
    std::string polish;
    for (std::size_t i = 0; i < kMaxTitleChars; ++i)
        polish += "ł"; // two bytes each
    auto read = read_suggestion_form({{"title", polish}, {"when", "Fridays"}, {"email", "sam@example.org"}});
    EXPECT_TRUE(read.errors.empty());
    read = read_suggestion_form({{"title", polish + "ł"}, {"when", "Fridays"}, {"email", "sam@example.org"}});
    ASSERT_EQ(read.errors.size(), 1u);
    EXPECT_EQ(read.errors[0].field, "title");
}

TEST(SuggestionForm, RefusesBrokenUtf8AndControlCharactersButKeepsLinesInTheDetails)
{
    auto with = [](const std::string& field, const std::string& value) {
        std::map<std::string, std::string> fields{{"title", "Choir"}, {"when", "Fridays"}, {"email", "sam@example.org"}};
        fields[field] = value;
        return read_suggestion_form(fields).errors;
    };
    EXPECT_EQ(with("title", "Choir\xC0\xAF").size(), 1u) << "an overlong encoding";
    EXPECT_EQ(with("title", "Choir\xE2\x82").size(), 1u) << "cut short";
    EXPECT_EQ(with("title", "Ch\x1Boir").size(), 1u) << "an escape code";
    EXPECT_EQ(with("when", std::string("Fri\0days", 8)).size(), 1u);
    EXPECT_EQ(with("title", "Choir\nSpam").size(), 1u) << "one line";
    EXPECT_TRUE(with("details", "Line one\r\nLine two").empty());
    EXPECT_EQ(with("details", std::string(kMaxDetailsChars + 1, 'a')).size(), 1u);
}
