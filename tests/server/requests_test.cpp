// The routes' request bodies, read without HTTP (content/server/requests.h): the functions
// tests/fuzz/api_fuzzer drives. Every wrong body is a Failure naming the field, never an exception.
#include "content/server/requests.h"

#include <gtest/gtest.h>

using namespace coi;
using namespace coi::server;
using nlohmann::json;

namespace {

feed::Site hall_site()
{
    feed::Site site;
    site.id = "ashby";
    site.timezone = "Europe/London";
    site.rooms = {{"hall", feed::Text::plain("Main Hall")}};
    return site;
}

} // namespace

TEST(Requests, BodyMustBeAJsonObjectSentAsJson)
{
    EXPECT_TRUE(parse_json_object("application/json; charset=utf-8", R"({"a": 1})").ok());
    EXPECT_EQ(parse_json_object("text/plain", "{}").failure().kind, FailureKind::BadInput);
    EXPECT_NE(parse_json_object("application/json", "[1]").failure().message.find("a list"), std::string::npos);
    EXPECT_NE(parse_json_object("application/json", "{\"a\":").failure().message.find("at byte"), std::string::npos);
    EXPECT_EQ(parse_json_object("application/json", std::string(kMaxJsonBytes + 1, ' ')).failure().kind, FailureKind::TooLarge);
}

// Found by tests/fuzz/api_fuzzer: nlohmann reports a number too large for a double as
// out_of_range, not parse_error; uncaught, every JSON route answered it with a 500.
TEST(Requests, ANumberTooLargeForADoubleIsBadInput)
{
    auto body = parse_json_object("application/json", R"({"price_pence": 6e326})");
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.failure().kind, FailureKind::BadInput);
    EXPECT_NE(body.failure().message.find("too large"), std::string::npos);
}

// The route used json::value("id", ...), which throws on an id that is not text: a 500.
TEST(Requests, PutWithAnIdThatIsNotTextIsRefusedNotThrown)
{
    auto item = read_item_request(ItemKind::Event, json{{"id", 5}}, "bingo");
    ASSERT_FALSE(item.ok());
    EXPECT_NE(item.failure().message.find("does not match the address"), std::string::npos);
    auto same = read_item_request(ItemKind::Event, json{{"title", "Bingo"}}, "bingo");
    ASSERT_TRUE(same.ok());
    EXPECT_EQ((*same)["id"], "bingo");
}

TEST(Requests, UrgentNoticeNeedsAnEndTime)
{
    EXPECT_FALSE(read_item_request(ItemKind::Notice, json{{"id", "storm"}, {"title", "Closed"}, {"urgent", true}}, "").ok());
    EXPECT_TRUE(read_item_request(ItemKind::Notice,
                                  json{{"id", "storm"}, {"title", "Closed"}, {"urgent", true}, {"show_until", "2026-11-25T18:00:00Z"}}, "")
                    .ok());
}

TEST(Requests, CanonicalEventReadsBackToItself)
{
    json event{{"id", "bingo"}, {"title", {{"en", "Bingo"}}}, {"room", "hall"}, {"start", "2026-11-25T14:00:00+00:00"},
               {"end", "2026-11-25T16:00:00Z"}, {"rrule", "FREQ=WEEKLY;BYDAY=WE"}};
    auto stored = canonical_item(ItemKind::Event, event, hall_site());
    ASSERT_TRUE(stored.ok()) << stored.failure().message;
    EXPECT_EQ(stored->id, "bingo");
    EXPECT_EQ(stored->item["title"], "Bingo");
    EXPECT_EQ(stored->item["start"], "2026-11-25T14:00:00Z");
    auto again = canonical_item(ItemKind::Event, stored->item, hall_site());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->item, stored->item);
    event["room"] = "ballroom";
    EXPECT_NE(canonical_item(ItemKind::Event, event, hall_site()).failure().message.find("ballroom"), std::string::npos);
}

TEST(Requests, CancelNeedsARealDate)
{
    auto cancel = read_cancel_request(json{{"date", "2026-12-02"}});
    ASSERT_TRUE(cancel.ok());
    EXPECT_TRUE(cancel->cancelled);
    EXPECT_FALSE(read_cancel_request(json{{"date", "2026-02-30"}}).ok());
    EXPECT_FALSE(read_cancel_request(json{{"date", "2026-12-02"}, {"cancelled", "yes"}}).ok());
    EXPECT_FALSE(read_cancel_request(json{{"day", "2026-12-02"}}).ok());
}

TEST(Requests, FootfallRowsAreCheckedEveryOne)
{
    json good{{"counts", {{{"date", "2026-11-25"}, {"hour", 10}, {"purpose", "cafe"}, {"count", 12}}}}};
    auto rows = read_footfall_request(good);
    ASSERT_TRUE(rows.ok()) << rows.failure().message;
    ASSERT_EQ(rows->counts.size(), 1u);
    EXPECT_EQ(rows->counts[0].count, 12);
    for (auto [field, value] : {std::pair<const char*, json>{"hour", 24}, {"count", -1}, {"date", "yesterday"}, {"purpose", ""}}) {
        json bad = good;
        bad["counts"][0][field] = value;
        auto refused = read_footfall_request(bad);
        ASSERT_FALSE(refused.ok()) << field;
        EXPECT_NE(refused.failure().message.find(std::string("counts[0]: field \"") + field), std::string::npos) << refused.failure().message;
    }
    json many{{"counts", json::array()}};
    for (std::size_t i = 0; i <= kMaxFootfallRows; ++i)
        many["counts"].push_back(good["counts"][0]);
    EXPECT_EQ(read_footfall_request(many).failure().kind, FailureKind::TooLarge);
    EXPECT_FALSE(read_footfall_request(json{{"counts", {1}}}).ok());
    EXPECT_FALSE(read_footfall_request(json{{"rows", json::array()}}).ok());
}

TEST(Requests, APairingCodeIsReadAsAPersonTypesWhatTheScreenShows)
{
    for (const char* typed : {"977 111 204", "977111204", "977-111-204", " 977 111 204 ", "977.111.204", "9 7 7 1 1 1 2 0 4"})
        EXPECT_EQ(read_pairing_code(typed).value(), "977111204") << typed;
}

// Kiosks older than the nine-digit codes show six; while they are upgraded their codes are
// still read.
TEST(Requests, AnOlderKiosksSixDigitCodeIsStillRead)
{
    for (const char* typed : {"977 111", "977111", "977-111"})
        EXPECT_EQ(read_pairing_code(typed).value(), "977111") << typed;
}

TEST(Requests, APairingCodeThatIsNotNineDigitsSaysWhatACodeLooksLike)
{
    for (const char* typed : {"", "977 11", "977 1111", "977 111 20", "977 111 2045", "977 111 20l", "977111204; DROP", "٣٤٥٦٧٨٩٠١"}) {
        auto code = read_pairing_code(typed);
        ASSERT_FALSE(code) << typed;
        EXPECT_EQ(code.failure().kind, FailureKind::BadInput);
        EXPECT_NE(code.failure().message.find("9 digits the screen shows, like 483 920 117"), std::string::npos) << code.failure().message;
    }
}

TEST(Requests, ASpecialCannotClaimWhatItsAllergensContradict)
{
    json soup{{"id", "soup"}, {"name", "Leek soup"}, {"price_pence", 350}, {"allergens", json::array({"celery", "milk"})}, {"dietary", json::array({"vegan"})}};
    auto refused = canonical_item(ItemKind::Special, soup, {});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.failure().message.find("cannot be \"vegan\" and contain \"milk\""), std::string::npos) << refused.failure().message;
    soup["dietary"] = json::array({"vegetarian"});
    EXPECT_TRUE(canonical_item(ItemKind::Special, soup, {}).ok()) << "milk is vegetarian";
    soup["allergens"] = json::array({"fish"});
    EXPECT_FALSE(canonical_item(ItemKind::Special, soup, {}).ok());
    soup["allergens"] = json::array({"gluten"});
    soup["dietary"] = json::array({"gluten-free"});
    EXPECT_FALSE(canonical_item(ItemKind::Special, soup, {}).ok());
    soup["allergens"] = json::array({"celery", "soya"});
    soup["dietary"] = json::array({"vegan", "gluten-free"});
    EXPECT_TRUE(canonical_item(ItemKind::Special, soup, {}).ok());
}
