// Specification of the feed parser: a good feed round-trips, a malformed one is refused
// whole with a message that names the item, the field and what was expected.
#include "content/feed/parse.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace coi::feed;

namespace {

json minimal_feed()
{
    return json::parse(R"({
      "format": 1, "version": 3, "generated_at": "2026-11-25T08:00:00Z",
      "site": {"id": "ashby", "name": "Ashby Hill People's Centre", "timezone": "Europe/London",
               "languages": ["en", "pl"],
               "opening_hours": [{"day": "mon", "open": "08:30", "close": "17:00"}],
               "rooms": [{"id": "hall", "name": "Main Hall"}],
               "checkin": {"purposes": [{"id": "cafe", "label": "Café", "kind": "headcount"}]}},
      "events": [{"id": "bingo", "title": {"en": "Bingo", "pl": "Bingo"}, "room": "hall",
                  "start": "2026-01-06T18:30:00+00:00", "end": "2026-01-06T21:00:00+00:00",
                  "rrule": "FREQ=WEEKLY;BYDAY=TU", "cancelled_dates": ["2026-12-29"]}],
      "notices": [{"id": "flu", "title": "Flu jabs", "body": "Free on Thursday.",
                   "image": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}],
      "specials": [{"id": "soup", "name": "Soup of the day", "price_pence": 350,
                    "allergens": ["celery", "gluten"], "dietary": ["vegan"]}],
      "media": [{"sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                 "type": "image/svg+xml", "bytes": 1200}]
    })");
}

std::string error_of(const json& doc)
{
    auto result = parse_feed(doc.dump());
    return result ? std::string("(accepted)") : result.error().message;
}

} // namespace

TEST(FeedParse, AcceptsAMinimalFeed)
{
    auto feed = parse_feed(minimal_feed().dump());
    ASSERT_TRUE(feed) << feed.error().message;
    EXPECT_EQ(feed->version, 3);
    EXPECT_EQ(feed->site.name.get("en"), "Ashby Hill People's Centre");
    ASSERT_EQ(feed->events.size(), 1u);
    EXPECT_EQ(feed->events[0].title.get("pl"), "Bingo");
    EXPECT_EQ(feed->events[0].end - feed->events[0].start, 150 * 60);
    EXPECT_EQ(feed->specials[0].price_pence, 350);
    EXPECT_EQ(feed->specials[0].allergens, (std::vector<Allergen>{Allergen::Celery, Allergen::Gluten}));
    EXPECT_EQ(feed->rotation.pages.size(), 4u) << "rotation defaults to all four pages";
}

TEST(FeedParse, SerialiseThenParseGivesTheSameFeed)
{
    auto feed = parse_feed(minimal_feed().dump());
    ASSERT_TRUE(feed);
    auto again = parse_feed(serialise_feed(*feed));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, *feed);
}

// What a calendar import needs beyond the admin's own events: multi-day and all-day events,
// events with only a start, extra dates (RDATE) and a rule anchored in another zone.
TEST(FeedParse, CalendarFieldsAreOptionalAndRoundTrip)
{
    auto doc = minimal_feed();
    doc["events"].push_back(json::parse(R"({"id": "refurb", "title": "Closed for refurbishment", "room": "hall",
        "start": "2026-08-10T00:00:00+01:00", "end": "2026-08-15T00:00:00+01:00", "all_day": true})"));
    doc["events"].push_back(json::parse(R"({"id": "deadline", "title": "Grant deadline", "room": "hall",
        "start": "2026-08-12T12:00:00Z", "end": "2026-08-12T12:00:00Z", "start_only": true})"));
    doc["events"].push_back(json::parse(R"({"id": "call", "title": "Twinning call", "room": "hall",
        "start": "2026-03-02T15:00:00Z", "end": "2026-03-02T16:00:00Z", "rrule": "FREQ=WEEKLY",
        "timezone": "America/New_York", "rdates": ["2026-03-05T15:00:00Z"]})"));
    auto feed = parse_feed(doc.dump());
    ASSERT_TRUE(feed) << feed.error().message;
    EXPECT_FALSE(feed->events[0].all_day || feed->events[0].start_only) << "absent fields keep today's meaning";
    EXPECT_TRUE(feed->events[0].timezone.empty() && feed->events[0].rdates.empty());
    EXPECT_TRUE(feed->events[1].all_day);
    EXPECT_EQ(feed->events[1].end - feed->events[1].start, 5 * 86400);
    EXPECT_TRUE(feed->events[2].start_only);
    EXPECT_EQ(feed->events[2].end, feed->events[2].start);
    EXPECT_EQ(feed->events[3].timezone, "America/New_York");
    EXPECT_EQ(feed->events[3].rdates, (std::vector<Instant>{*parse_instant("2026-03-05T15:00:00Z")}));
    auto again = parse_feed(serialise_feed(*feed));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, *feed);
    EXPECT_EQ(json::parse(serialise_feed(*feed))["events"][0].count("all_day"), 0u) << "an old kiosk sees an unchanged event";
}

// Check-in reporting: what a site lets the kiosk count and ask. Every field is optional and
// absent means the privacy default: discreet visits uncounted, no question, nobody remembered.
TEST(FeedParse, CheckinReportingFieldsAreOptionalAndRoundTrip)
{
    auto plain = parse_feed(minimal_feed().dump());
    ASSERT_TRUE(plain) << plain.error().message;
    EXPECT_FALSE(plain->site.checkin.counts_private());
    EXPECT_EQ(plain->site.checkin.feedback, FeedbackMode::Off);
    EXPECT_FALSE(plain->site.checkin.remember);
    EXPECT_FALSE(plain->site.checkin.purposes[0].volunteer);
    auto written = json::parse(serialise_feed(*plain))["site"]["checkin"];
    for (auto* field : {"private_label", "feedback", "remember"})
        EXPECT_EQ(written.count(field), 0u) << field << ": an old kiosk sees an unchanged check-in";
    EXPECT_EQ(written["purposes"][0].count("volunteer"), 0u);

    auto doc = minimal_feed();
    auto& checkin = doc["site"]["checkin"];
    checkin["private_label"] = {{"en", "Private appointments"}, {"pl", "Wizyty prywatne"}};
    checkin["feedback"] = "checkout-and-headcount";
    checkin["remember"] = true;
    checkin["purposes"].push_back({{"id", "volunteering"}, {"label", "Volunteering"}, {"kind", "named"}, {"volunteer", true}});
    auto feed = parse_feed(doc.dump());
    ASSERT_TRUE(feed) << feed.error().message;
    EXPECT_TRUE(feed->site.checkin.counts_private());
    EXPECT_EQ(feed->site.checkin.private_label.get("pl"), "Wizyty prywatne");
    EXPECT_EQ(feed->site.checkin.feedback, FeedbackMode::CheckoutAndHeadCount);
    EXPECT_TRUE(feed->site.checkin.remember);
    EXPECT_TRUE(feed->site.checkin.purposes[1].volunteer);
    auto again = parse_feed(serialise_feed(*feed));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, *feed);

    checkin["feedback"] = "checkout";
    EXPECT_EQ(parse_feed(doc.dump())->site.checkin.feedback, FeedbackMode::Checkout);
}

TEST(FeedParse, AnEmptyPrivateLabelMeansDiscreetVisitsAreNotCounted)
{
    auto doc = minimal_feed();
    doc["site"]["checkin"]["private_label"] = "";
    auto feed = parse_feed(doc.dump());
    ASSERT_TRUE(feed) << feed.error().message;
    EXPECT_FALSE(feed->site.checkin.counts_private());
    EXPECT_EQ(json::parse(serialise_feed(*feed))["site"]["checkin"].count("private_label"), 0u);
}

TEST(FeedParse, TranslatedTextFallsBackToEnglish)
{
    auto feed = parse_feed(minimal_feed().dump());
    ASSERT_TRUE(feed);
    EXPECT_EQ(feed->events[0].title.get("uk"), "Bingo");
    EXPECT_EQ(feed->notices[0].title.get("pl"), "Flu jabs");
}

TEST(FeedParse, RefusesBytesThatAreNotJson)
{
    auto result = parse_feed("{\"format\": 1,");
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("not valid JSON"), std::string::npos);
}

TEST(FeedParse, RefusesAFeedOver4MiB)
{
    auto result = parse_feed(std::string(kMaxFeedBytes + 1, ' '));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message, "the feed is larger than 4 MiB");
}

// Each malformation, applied to a good feed, and the exact message a coordinator sees.
struct Malformed {
    const char* name;
    void (*apply)(json&);
    const char* message;
};

class FeedRefuses : public testing::TestWithParam<Malformed> {};

TEST_P(FeedRefuses, WithAMessageNamingItemFieldAndExpectation)
{
    json doc = minimal_feed();
    GetParam().apply(doc);
    EXPECT_EQ(error_of(doc), GetParam().message);
}

const Malformed kMalformed[] = {
    {"WrongFormat", [](json& d) { d["format"] = 2; }, "field \"format\": this kiosk reads feed format 1, got 2"},
    {"MissingSite", [](json& d) { d.erase("site"); }, "missing field \"site\""},
    {"VersionNotANumber", [](json& d) { d["version"] = "7"; }, "field \"version\": expected a whole number, got text"},
    {"VersionZero", [](json& d) { d["version"] = 0; }, "field \"version\": must be between 1 and 9223372036854775807, got 0"},
    {"UnknownTopLevelField", [](json& d) { d["evnets"] = json::array(); }, "unknown field \"evnets\""},
    {"TimeWithoutOffset", [](json& d) { d["events"][0]["start"] = "2026-01-06T18:30:00"; },
        "events[0] \"bingo\": field \"start\": expected a time like 2026-11-25T09:30:00+00:00 (with its offset), got \"2026-01-06T18:30:00\""},
    {"EndBeforeStart", [](json& d) { d["events"][0]["end"] = "2026-01-06T17:00:00+00:00"; },
        "events[0] \"bingo\": field \"end\": must be after \"start\""},
    {"EventLongerThanAYear", [](json& d) { d["events"][0]["end"] = "2027-01-08T17:00:00+00:00"; },
        "events[0] \"bingo\": field \"end\": must be at most 366 days after \"start\""},
    {"ZeroLengthWithoutStartOnly", [](json& d) { d["events"][0]["end"] = d["events"][0]["start"]; },
        "events[0] \"bingo\": field \"end\": must be after \"start\""},
    {"StartOnlyEndingBeforeStart", [](json& d) { d["events"][0]["start_only"] = true; d["events"][0]["end"] = "2026-01-06T18:00:00+00:00"; },
        "events[0] \"bingo\": field \"end\": must not be before \"start\""},
    {"EventZoneThatIsAPath", [](json& d) { d["events"][0]["timezone"] = "../../etc/passwd"; },
        "events[0] \"bingo\": field \"timezone\": expected an IANA time zone like Europe/London"},
    {"RdateWithoutOffset", [](json& d) { d["events"][0]["rdates"] = {"2026-02-01T10:00:00"}; },
        "events[0] \"bingo\".rdates[0]: expected a time like 2026-11-25T09:30:00+00:00 (with its offset), got \"2026-02-01T10:00:00\""},
    {"UnknownRoom", [](json& d) { d["events"][0]["room"] = "attic"; },
        "events[0] \"bingo\": field \"room\": \"attic\" is not one of site.rooms"},
    {"DuplicateEventId", [](json& d) { d["events"].push_back(d["events"][0]); }, "events[1] \"bingo\": id is used twice"},
    {"BadEventId", [](json& d) { d["events"][0]["id"] = "Bingo Night"; },
        "events[0] \"Bingo Night\": field \"id\": expected an id of 1 to 64 characters a-z, 0-9, - or _, got \"Bingo Night\""},
    {"RruleThatIsNotARule", [](json& d) { d["events"][0]["rrule"] = "every tuesday"; },
        "events[0] \"bingo\": field \"rrule\": expected an RFC 5545 rule like FREQ=WEEKLY;BYDAY=TU"},
    {"NegativePrice", [](json& d) { d["specials"][0]["price_pence"] = -50; },
        "specials[0] \"soup\": field \"price_pence\": must be between 0 and 100000, got -50"},
    {"PriceInPounds", [](json& d) { d["specials"][0]["price_pence"] = 3.5; },
        "specials[0] \"soup\": field \"price_pence\": expected a whole number, got a decimal number"},
    {"UnknownAllergen", [](json& d) { d["specials"][0]["allergens"][1] = "wheat"; },
        "specials[0] \"soup\".allergens[1]: expected one of the 14 allergen codes (celery, gluten, crustaceans, eggs, fish, lupin, milk, molluscs, mustard, nuts, peanuts, sesame, soya, sulphites), got \"wheat\""},
    {"SameAllergenTwice", [](json& d) { d["specials"][0]["allergens"] = {"milk", "milk"}; },
        "specials[0] \"soup\": field \"allergens\": lists the same allergen twice"},
    {"ImageNotInMedia", [](json& d) { d["media"] = json::array(); },
        "notices[0] \"flu\": field \"image\": aaaaaaaaaaaa... is not listed in \"media\""},
    {"ShowUntilBeforeShowFrom", [](json& d) {
         d["notices"][0]["show_from"] = "2026-11-25T10:00:00Z";
         d["notices"][0]["show_until"] = "2026-11-24T10:00:00Z"; },
        "notices[0] \"flu\": field \"show_until\": must be after \"show_from\""},
    {"TranslationWithoutEnglish", [](json& d) { d["events"][0]["title"] = {{"pl", "Bingo"}}; },
        "events[0] \"bingo\": field \"title\": a translated text needs an \"en\" version to fall back to"},
    {"ControlCharacterInTitle", [](json& d) { d["notices"][0]["title"] = "Flu\x07 jabs"; },
        "notices[0] \"flu\": field \"title\": contains control characters"},
    {"OpeningClosesBeforeItOpens", [](json& d) { d["site"]["opening_hours"][0]["close"] = "08:00"; },
        "site.opening_hours[0]: field \"close\": must be after \"open\""},
    {"ImpossibleDate", [](json& d) { d["events"][0]["cancelled_dates"][0] = "2026-02-30"; },
        "events[0] \"bingo\".cancelled_dates[0]: expected a date like 2026-11-25, got \"2026-02-30\""},
    {"RetentionOutOfRange", [](json& d) { d["site"]["checkin"]["retention_days"] = 365; },
        "site.checkin: field \"retention_days\": must be between 1 and 90, got 365"},
    {"UnknownPurposeKind", [](json& d) { d["site"]["checkin"]["purposes"][0]["kind"] = "secret"; },
        "site.checkin.purposes[0]: field \"kind\": expected headcount, named or discreet, got \"secret\""},
    {"UnknownFeedbackMode", [](json& d) { d["site"]["checkin"]["feedback"] = "always"; },
        "site.checkin: field \"feedback\": expected off, checkout or checkout-and-headcount, got \"always\""},
    {"RememberNotABool", [](json& d) { d["site"]["checkin"]["remember"] = "yes"; },
        "site.checkin: field \"remember\": expected true or false, got text"},
    {"PrivateLabelOnTwoLines", [](json& d) { d["site"]["checkin"]["private_label"] = "Private\nappointments"; },
        "site.checkin: field \"private_label\": contains control characters"},
    {"VolunteerOnAHeadCount", [](json& d) { d["site"]["checkin"]["purposes"][0]["volunteer"] = true; },
        "site.checkin.purposes[0]: field \"volunteer\": only a named purpose can count volunteer hours"},
    {"MediaWithBadHash", [](json& d) { d["media"][0]["sha256"] = "abc"; },
        "media[0]: field \"sha256\": expected a sha256 of 64 lowercase hex characters"},
    {"DwellTooShort", [](json& d) { d["rotation"] = {{"dwell_seconds", 1}}; },
        "rotation: field \"dwell_seconds\": must be between 3 and 600, got 1"},
    {"EventsNotAList", [](json& d) { d["events"] = json::object(); }, "events: expected a list, got an object"},
};

INSTANTIATE_TEST_SUITE_P(Malformed, FeedRefuses, testing::ValuesIn(kMalformed),
    [](const testing::TestParamInfo<Malformed>& info) { return std::string(info.param.name); });
