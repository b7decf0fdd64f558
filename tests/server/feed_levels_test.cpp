// Specification of feeds written for older kiosks (content/feed/levels.h,
// content/server/feed_levels.h): a level 1 feed holds only what the original format 1 reader
// knew, and shows the same occurrences a full feed does.
#include "content/calendar/recurrence.h"
#include "content/feed/levels.h"
#include "content/feed/parse.h"
#include "content/server/feed_levels.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

using namespace coi;

namespace {

// A frozen copy of the fields the original reader (feed level 1) accepted, object by object:
// what a kiosk of that release refuses a whole feed over. Never generated from the table, so a
// table that forgot a field fails here.
const std::map<std::string, std::set<std::string>> kLevel1Fields = {
    {"feed", {"format", "version", "generated_at", "site", "media", "events", "notices", "specials", "rotation"}},
    {"site", {"id", "name", "timezone", "languages", "opening_hours", "closed_dates", "rooms", "checkin", "public_url"}},
    {"site.checkin", {"purposes", "retention_days", "share_counts", "checkout"}},
    {"room", {"id", "name"}},
    {"opening_hours", {"day", "open", "close"}},
    {"purpose", {"id", "label", "kind"}},
    {"event", {"id", "title", "room", "start", "end", "rrule", "exdates", "cancelled_dates", "cancelled", "category", "description", "image"}},
    {"notice", {"id", "title", "body", "image", "show_from", "show_until", "screens", "urgent"}},
    {"special", {"id", "name", "description", "price_pence", "allergens", "dietary", "days", "sold_out"}},
    {"rotation", {"dwell_seconds", "pages"}},
    {"media", {"sha256", "type", "bytes"}},
};

// Every field the level 1 reader would have refused, as "object.field".
std::vector<std::string> unknown_to_level1(const nlohmann::json& doc)
{
    std::vector<std::string> out;
    auto check = [&](const nlohmann::json& object, const std::string& name) {
        for (auto& [key, value] : object.items())
            if (!kLevel1Fields.at(name).count(key))
                out.push_back(name + "." + key);
    };
    auto each = [&](const nlohmann::json& list, const std::string& name) {
        for (auto& item : list)
            check(item, name);
    };
    check(doc, "feed");
    check(doc["site"], "site");
    if (doc["site"].contains("checkin")) {
        check(doc["site"]["checkin"], "site.checkin");
        each(doc["site"]["checkin"].value("purposes", nlohmann::json::array()), "purpose");
    }
    each(doc["site"]["rooms"], "room");
    each(doc["site"]["opening_hours"], "opening_hours");
    each(doc["events"], "event");
    each(doc["notices"], "notice");
    each(doc["specials"], "special");
    each(doc["media"], "media");
    if (doc.contains("rotation"))
        check(doc["rotation"], "rotation");
    return out;
}

// The level 1 reader's other rule that later levels relaxed: an event lasts more than nothing
// and at most 24 hours.
std::vector<std::string> too_long_or_empty_for_level1(const feed::Feed& feed)
{
    std::vector<std::string> out;
    for (auto& e : feed.events)
        if (e.end <= e.start || e.end - e.start > 24 * 3600)
            out.push_back(e.id);
    return out;
}

nlohmann::json event(const std::string& id, const std::string& title, const std::string& start, const std::string& end)
{
    return {{"id", id}, {"title", title}, {"room", "hall"}, {"start", start}, {"end", end}};
}

// A building's feed with everything level 2 added, as a calendar import writes it.
feed::Feed level2_feed()
{
    nlohmann::json doc = {{"format", 1}, {"version", 7}, {"generated_at", "2026-10-01T08:00:00Z"},
        {"site", {{"id", "ashby"}, {"name", "Ashby Hill"}, {"timezone", "Europe/London"},
                     {"opening_hours", nlohmann::json::array()}, {"rooms", {{{"id", "hall"}, {"name", "Main hall"}}}},
                     {"closed_dates", {"2026-12-25"}}, {"closed_reasons", {{"2026-12-25", "Christmas Day"}}},
                     {"checkin", {{"purposes", {{{"id", "volunteering"}, {"label", "Volunteering"}, {"kind", "named"}, {"volunteer", true}},
                                                 {{"id", "advice"}, {"label", "Advice"}, {"kind", "discreet"}}}},
                                     {"share_counts", true}, {"private_label", "Private appointments"}, {"feedback", "checkout"},
                                     {"remember", true}}}}},
        {"events", nlohmann::json::array()}, {"notices", nlohmann::json::array()}, {"specials", nlohmann::json::array()},
        {"media", nlohmann::json::array()}};
    auto& events = doc["events"];
    auto knit = event("knit", "Knit and natter", "2026-10-06T13:00:00Z", "2026-10-06T15:00:00Z");
    knit["rrule"] = "FREQ=WEEKLY;BYDAY=TU";
    knit["rdates"] = {"2026-10-09T13:00:00Z", "2026-10-20T13:00:00Z"}; // a Friday extra, and a Tuesday the rule gives
    knit["exdates"] = {"2026-10-27T14:00:00Z"};
    knit["cancelled_dates"] = {"2026-11-10"};
    events.push_back(knit);
    auto open_day = event("open-day", "Open day", "2026-10-10T23:00:00Z", "2026-10-11T23:00:00Z");
    open_day["all_day"] = true;
    events.push_back(open_day);
    auto drop_in = event("drop-in", "Drop-in", "2026-10-14T09:30:00Z", "2026-10-14T09:30:00Z");
    drop_in["start_only"] = true;
    events.push_back(drop_in);
    auto utc_club = event("utc-club", "UTC club", "2026-10-05T17:00:00Z", "2026-10-05T18:00:00Z"); // 18:00 BST, then 17:00 GMT
    utc_club["rrule"] = "FREQ=WEEKLY";
    utc_club["timezone"] = "UTC";
    events.push_back(utc_club);
    auto books = event("books", "Book club", "2026-10-06T09:00:00Z", "2026-10-06T10:00:00Z");
    books["rrule"] = "FREQ=WEEKLY;BYDAY=TU";
    books["more_rrules"] = {"FREQ=MONTHLY;BYDAY=2TH"};
    events.push_back(books);
    auto show = event("show", "Quilt show", "2026-10-18T23:00:00Z", "2026-10-21T23:00:00Z"); // Mon to Wed, all day
    show["all_day"] = true;
    events.push_back(show);
    auto parsed = feed::feed_from_json(doc);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    return parsed ? *parsed : feed::Feed{};
}

using Seen = std::set<std::tuple<std::string, feed::Instant, bool>>; // title, start on the day, cancelled

// What a screen shows on a local day: each occurrence's title, its start (the day's start for
// one already going on), and whether it is cancelled.
Seen shown_on(const feed::Feed& feed, feed::Date day)
{
    auto zone = *calendar::TimeZone::load(feed.site.timezone);
    feed::Instant from = zone.start_of_day(day), to = zone.start_of_day(feed::add_days(day, 1));
    Seen seen;
    for (auto& o : calendar::occurrences_between(feed.events, zone, from, to))
        seen.insert({o.event->title.get("en"), std::max(o.start, from), o.cancelled});
    return seen;
}

} // namespace

TEST(FeedLevels, ALevel1FeedHasOnlyWhatTheOriginalReaderAccepted)
{
    auto full = level2_feed();
    ASSERT_FALSE(unknown_to_level1(feed::feed_to_json(full)).empty()) << "the full feed has level 2 fields to degrade";
    auto levelled = server::feed_at_level(full, 1);
    EXPECT_EQ(unknown_to_level1(levelled.document), std::vector<std::string>{});
    auto parsed = feed::feed_from_json(levelled.document);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(too_long_or_empty_for_level1(*parsed), std::vector<std::string>{});
    EXPECT_TRUE(levelled.lost.empty()) << levelled.lost.front();
}

TEST(FeedLevels, ALevel1FeedShowsTheSameOccurrencesDayByDay)
{
    auto full = level2_feed();
    auto parsed = feed::feed_from_json(server::feed_at_level(full, 1).document);
    ASSERT_TRUE(parsed) << parsed.error().message;
    // Through the clocks going back (25 October), while the UTC club is written out.
    for (feed::Date day = {2026, 10, 1}; feed::days_from_civil(day) < feed::days_from_civil({2027, 1, 15}); day = feed::add_days(day, 1))
        EXPECT_EQ(shown_on(*parsed, day), shown_on(full, day)) << feed::format_date(day);
}

TEST(FeedLevels, ANewKioskGetsTheWholeFeed)
{
    auto full = level2_feed();
    EXPECT_EQ(server::feed_at_level(full, feed::kFeedLevel).document, feed::feed_to_json(full));
}

TEST(FeedLevels, ARepeatingEventLongerThanADayIsLeftOutOfALevel1FeedAndNamed)
{
    auto full = level2_feed();
    feed::Event camp = full.events.front();
    camp.id = "camp";
    camp.title = feed::Text::plain("Summer camp");
    camp.end = camp.start + 2 * 86400;
    full.events.push_back(camp);
    auto levelled = server::feed_at_level(full, 1);
    EXPECT_EQ(levelled.lost, std::vector<std::string>{"\"Summer camp\": a repeating event longer than a day"});
    auto parsed = feed::feed_from_json(levelled.document);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(too_long_or_empty_for_level1(*parsed), std::vector<std::string>{});
}

TEST(FeedLevels, AKioskThatSaysNothingReadsLevel1AndANewerOneTheNewest)
{
    EXPECT_EQ(feed::level_from_header(""), 1);
    EXPECT_EQ(feed::level_from_header("1"), 1);
    EXPECT_EQ(feed::level_from_header(" 2 "), 2);
    EXPECT_EQ(feed::level_from_header("9"), feed::kFeedLevel);
    EXPECT_EQ(feed::level_from_header("0"), 1);
    EXPECT_EQ(feed::level_from_header("two"), 1);
    EXPECT_EQ(feed::level_from_header("2x"), 1);
}

TEST(FeedLevels, WhatAnOlderKioskCannotShowIsTheTablesLinesForTheFieldsTheContentUses)
{
    auto full = feed::feed_to_json(level2_feed());
    auto words = [](const std::vector<feed::LevelledField>& lines) {
        std::vector<std::string> out;
        for (auto& line : lines)
            out.emplace_back(line.what);
        return out;
    };
    // Each level 2 field the content uses, once, in the table's order; nothing else.
    EXPECT_EQ(words(feed::used_above(full, 1)),
        (std::vector<std::string>{"extra dates of a series as part of it", "a series in a time zone of its own beyond 120 days", "all-day events as all-day",
            "events with a start time only", "closed-day reasons", "discreet visits", "the question how the visit was", "the offer to remember a visitor",
            "volunteers' hours", "events with more than one repeat rule as one"}));
    EXPECT_TRUE(feed::used_above(full, feed::kFeedLevel).empty());
    full["site"].erase("closed_reasons");
    full["site"]["checkin"].erase("remember");
    for (auto& line : feed::used_above(full, 1)) {
        EXPECT_NE(line.field, "closed_reasons");
        EXPECT_NE(line.field, "remember");
    }
}

TEST(FeedLevels, EveryLineOfTheTableSaysInPlainWordsWhatAnOlderKioskCannotShow)
{
    for (auto& line : feed::kLevelledFields)
        EXPECT_FALSE(line.what.empty()) << line.object << "." << line.field;
}
