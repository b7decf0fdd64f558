// The embedded sample building: it must be a valid feed, a believable week, and
// "always today" whatever the date, because an unpaired kiosk shows it as it is.

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "content/sample/sample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace coi;
using feed::Weekday;

namespace {

const feed::Feed& sample_feed()
{
    static const feed::Feed parsed = [] {
        auto result = feed::parse_feed(sample::feed_json());
        if (!result)
            ADD_FAILURE() << "sample feed does not parse: " << result.error().message;
        return result ? result.release() : feed::Feed {};
    }();
    return parsed;
}

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Europe/London by the EU/UK rule (BST from 01:00 UTC on the last Sunday of March to
// 01:00 UTC on the last Sunday of October). Enough to check the sample's own times in a
// test without pulling in libical; the kiosk's real expansion lives in kiosk/core.
std::int64_t last_sunday(int year, int month)
{
    feed::Date day {year, month, 31}; // March and October both have 31 days
    while (feed::weekday_of(day) != Weekday::Sun)
        day = feed::add_days(day, -1);
    return feed::days_from_civil(day);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct Local {
    feed::Date date;
    feed::ClockMinutes clock = 0;
};

Local london(feed::Instant instant)
{
    int year = feed::civil_from_days(floor_div(instant, 86400)).year;
    auto bst_start = last_sunday(year, 3) * 86400 + 3600;
    auto bst_end = last_sunday(year, 10) * 86400 + 3600;
    auto local = instant + ((instant >= bst_start && instant < bst_end) ? 3600 : 0);
    auto days = floor_div(local, 86400);
    return {feed::civil_from_days(days), static_cast<int>((local - days * 86400) / 60)};
}

std::map<std::string, std::string> rrule_parts(const std::string& rrule)
{
    std::map<std::string, std::string> parts;
    std::stringstream in(rrule);
    for (std::string part; std::getline(in, part, ';');) {
        auto eq = part.find('=');
        parts[part.substr(0, eq)] = eq == std::string::npos ? "" : part.substr(eq + 1);
    }
    return parts;
}

// The weekdays of BYDAY, ignoring an ordinal like the 1 in "1SA".
std::set<Weekday> byday(const std::string& rrule)
{
    static const std::map<std::string, Weekday> codes {{"MO", Weekday::Mon}, {"TU", Weekday::Tue},
        {"WE", Weekday::Wed}, {"TH", Weekday::Thu}, {"FR", Weekday::Fri}, {"SA", Weekday::Sat},
        {"SU", Weekday::Sun}};
    std::set<Weekday> days;
    std::stringstream in(rrule_parts(rrule)["BYDAY"]);
    for (std::string code; std::getline(in, code, ',');) {
        auto found = codes.find(code.size() >= 2 ? code.substr(code.size() - 2) : code);
        if (found != codes.end())
            days.insert(found->second);
    }
    return days;
}

bool is_weekly(const feed::Event& event)
{
    return rrule_parts(event.rrule)["FREQ"] == "WEEKLY";
}

// The weekdays an event can fall on: its BYDAY, or the weekday of its start.
std::set<Weekday> days_of(const feed::Event& event)
{
    if (!event.rrule.empty())
        return byday(event.rrule);
    return {feed::weekday_of(london(event.start).date)};
}

const feed::OpeningHours* hours_on(const feed::Site& site, Weekday day)
{
    for (const auto& hours : site.opening_hours) {
        if (hours.day == day)
            return &hours;
    }
    return nullptr;
}

bool translated_into_all(const feed::Text& text)
{
    for (auto language : {"pl", "ro", "lt", "uk"}) {
        auto found = text.by_language.find(language);
        if (found == text.by_language.end() || found->second.empty() || found->second == text.get("en"))
            return false;
    }
    return true;
}

feed::Instant instant(std::string_view iso)
{
    return feed::parse_instant(iso).value();
}

} // namespace

TEST(Sample, FeedParsesAndValidates)
{
    auto result = feed::parse_feed(sample::feed_json());
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->format, 1);
    EXPECT_EQ(result->version, 1);
    EXPECT_EQ(result->site.id, "ashby-hill");
    EXPECT_EQ(result->site.name.get("en"), "Ashby Hill People's Centre");
    EXPECT_EQ(result->site.timezone, "Europe/London");
    EXPECT_EQ(result->site.languages, (std::vector<std::string> {"en", "pl", "ro", "lt", "uk"}));
}

TEST(Sample, EmbedsFeedJsonByteForByte)
{
    // The signature covers exact bytes, so the build must not re-encode anything.
    EXPECT_EQ(sample::feed_json(), read_file(std::filesystem::path(COI_SAMPLE_DIR) / "feed.json"));
}

TEST(Sample, SurvivesARoundTripThroughTheServerSerialiser)
{
    const auto& original = sample_feed();
    auto again = feed::parse_feed(feed::serialise_feed(original));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, original);
}

TEST(Sample, HasAtLeast25RecurringSessionsIn4Rooms)
{
    const auto& feed = sample_feed();
    std::set<std::string> rooms;
    int recurring = 0;
    for (const auto& event : feed.events) {
        if (event.rrule.empty())
            continue;
        ++recurring;
        rooms.insert(event.room);
    }
    EXPECT_GE(recurring, 25);
    EXPECT_GE(rooms.size(), 4u);
    EXPECT_GE(feed.site.rooms.size(), 4u);
}

TEST(Sample, EveryDayFromMondayToSaturdayIsAFullDay)
{
    const auto& feed = sample_feed();
    std::map<Weekday, int> sessions;
    for (const auto& event : feed.events) {
        if (is_weekly(event)) {
            for (auto day : byday(event.rrule))
                ++sessions[day];
        }
    }
    for (auto day : {Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat}) {
        EXPECT_TRUE(hours_on(feed.site, day)) << feed::to_code(day) << " should be open";
        EXPECT_GE(sessions[day], 5) << "weekly sessions on " << feed::to_code(day);
    }
}

TEST(Sample, RecurringSessionsStartedInThePastAndNeverEnd)
{
    // Always "today": a first occurrence long gone, and no UNTIL or COUNT to run out.
    for (const auto& event : sample_feed().events) {
        if (event.rrule.empty())
            continue;
        auto parts = rrule_parts(event.rrule);
        EXPECT_TRUE(parts["FREQ"] == "WEEKLY" || parts["FREQ"] == "MONTHLY") << event.id;
        EXPECT_FALSE(parts.contains("UNTIL")) << event.id;
        EXPECT_FALSE(parts.contains("COUNT")) << event.id;
        EXPECT_FALSE(byday(event.rrule).empty()) << event.id;
        EXPECT_LT(event.start, instant("2026-01-12T00:00:00Z")) << event.id;
    }
}

TEST(Sample, EachSessionStartsOnItsOwnFirstOccurrence)
{
    // RFC 5545 counts DTSTART as an occurrence even when BYDAY does not match it,
    // so a start on the wrong weekday would add a stray session.
    for (const auto& event : sample_feed().events) {
        if (!event.rrule.empty()) {
            EXPECT_TRUE(byday(event.rrule).contains(feed::weekday_of(london(event.start).date))) << event.id;
        }
    }
}

TEST(Sample, SessionsFallInsideOpeningHours)
{
    const auto& site = sample_feed().site;
    for (const auto& event : sample_feed().events) {
        auto start = london(event.start);
        auto end = london(event.end);
        EXPECT_EQ(start.date, end.date) << event.id << " should not run past midnight";
        for (auto day : days_of(event)) {
            const auto* hours = hours_on(site, day);
            ASSERT_TRUE(hours) << event.id << " on a closed day: " << feed::to_code(day);
            EXPECT_GE(start.clock, hours->open) << event.id << " on " << feed::to_code(day);
            EXPECT_LE(end.clock, hours->close) << event.id << " on " << feed::to_code(day);
        }
    }
}

TEST(Sample, ExdatesAndCancelledDatesAreRealOccurrences)
{
    int with_exdates = 0;
    int with_cancelled = 0;
    for (const auto& event : sample_feed().events) {
        auto clock = london(event.start).clock;
        for (auto exdate : event.exdates) {
            auto local = london(exdate);
            EXPECT_TRUE(byday(event.rrule).contains(feed::weekday_of(local.date))) << event.id;
            EXPECT_EQ(local.clock, clock) << event.id << ": an exdate must match the local start time";
            EXPECT_GT(exdate, event.start) << event.id;
        }
        for (auto date : event.cancelled_dates)
            EXPECT_TRUE(byday(event.rrule).contains(feed::weekday_of(date))) << event.id;
        with_exdates += !event.exdates.empty();
        with_cancelled += !event.cancelled_dates.empty();
    }
    EXPECT_GE(with_exdates, 1);
    EXPECT_GE(with_cancelled, 1);
}

TEST(Sample, HasAOneOffChristmasFayreStillToCome)
{
    const auto& events = sample_feed().events;
    auto fayre = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.id == "christmas-fayre"; });
    ASSERT_NE(fayre, events.end());
    EXPECT_TRUE(fayre->rrule.empty());
    EXPECT_EQ(london(fayre->start).date, (feed::Date {2026, 12, 12}));
    EXPECT_FALSE(fayre->image.empty());
}

TEST(Sample, ClosesOnUkBankHolidays)
{
    const auto& closed = sample_feed().site.closed_dates;
    for (auto date : {feed::Date {2026, 12, 25}, feed::Date {2026, 12, 28}, feed::Date {2027, 1, 1},
             feed::Date {2027, 3, 26}, feed::Date {2027, 12, 27}})
        EXPECT_NE(std::find(closed.begin(), closed.end(), date), closed.end()) << feed::format_date(date);
    EXPECT_TRUE(std::is_sorted(closed.begin(), closed.end()));
    EXPECT_EQ(std::set<feed::Date>(closed.begin(), closed.end()).size(), closed.size());
}

TEST(Sample, EveryMediaHashMatchesItsBytes)
{
    const auto& feed = sample_feed();
    ASSERT_FALSE(sample::media().empty());
    for (const auto& item : sample::media()) {
        EXPECT_EQ(feed::sha256_hex(item.bytes), item.sha256);
        EXPECT_EQ(sample::find_media(item.sha256), &item);
        const auto* listed = feed.find_media(item.sha256);
        ASSERT_TRUE(listed) << item.sha256 << " is embedded but not in the feed's media; run update-media";
        EXPECT_EQ(listed->type, item.type);
        EXPECT_EQ(listed->bytes, static_cast<std::int64_t>(item.bytes.size()));
    }
    for (const auto& listed : feed.media)
        EXPECT_TRUE(sample::find_media(listed.sha256)) << listed.sha256 << " is in the feed but not embedded";
    EXPECT_EQ(feed.media.size(), sample::media().size());
    EXPECT_EQ(sample::find_media(std::string(64, '0')), nullptr);
}

TEST(Sample, EmbedsEveryFileInTheMediaFolder)
{
    std::set<std::string> on_disk;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(COI_SAMPLE_DIR) / "media"))
        on_disk.insert(feed::sha256_hex(read_file(entry.path())));
    std::set<std::string> embedded;
    for (const auto& item : sample::media())
        embedded.insert(std::string(item.sha256));
    EXPECT_EQ(embedded, on_disk);
}

TEST(Sample, ImagesAreSimpleSvgForTheKiosk)
{
    // SDL2_image draws SVG with nanosvg: no text, filters, CSS or linked gradients.
    for (const auto& item : sample::media()) {
        EXPECT_EQ(item.type, "image/svg+xml");
        EXPECT_NE(item.bytes.find("viewBox=\"0 0 800 500\""), std::string_view::npos) << item.sha256;
        for (auto banned : {"<text", "<filter", "<style", "href", "<image", "<script"})
            EXPECT_EQ(item.bytes.find(banned), std::string_view::npos) << item.sha256 << " has " << banned;
    }
}

TEST(Sample, EveryNoticeButTheUrgentOneHasAnImage)
{
    int with_image = 0;
    for (const auto& notice : sample_feed().notices) {
        if (!notice.urgent) {
            EXPECT_FALSE(notice.image.empty()) << notice.id;
        }
        with_image += !notice.image.empty();
        EXPECT_LE(notice.body.get("en").size(), 200u) << notice.id << ": keep it short";
    }
    EXPECT_GE(with_image, 4);
}

TEST(Sample, HasOneUrgentNoticeThatIsOff)
{
    // A finished closure notice, kept so a coordinator can copy it, never shown again.
    const auto& feed = sample_feed();
    std::vector<const feed::Notice*> urgent;
    for (const auto& notice : feed.notices) {
        if (notice.urgent)
            urgent.push_back(&notice);
    }
    ASSERT_EQ(urgent.size(), 1u);
    ASSERT_TRUE(urgent[0]->show_until);
    EXPECT_LT(*urgent[0]->show_until, feed.generated_at);
}

TEST(Sample, HasAtLeast8SpecialsWithPricesAndAllergens)
{
    const auto& specials = sample_feed().specials;
    int every_day = 0;
    int sold_out = 0;
    std::set<feed::Dietary> dietary;
    for (const auto& special : specials) {
        EXPECT_GE(special.price_pence, 50) << special.id;
        EXPECT_LE(special.price_pence, 1000) << special.id << ": a community café price";
        EXPECT_FALSE(special.allergens.empty()) << special.id;
        every_day += special.days.empty();
        sold_out += special.sold_out;
        dietary.insert(special.dietary.begin(), special.dietary.end());
    }
    EXPECT_GE(specials.size(), 8u);
    EXPECT_GE(every_day, 8);
    EXPECT_EQ(sold_out, 1);
    EXPECT_EQ(dietary.size(), 4u) << "vegetarian, vegan, gluten-free and halal all on the board";
}

TEST(Sample, ConfiguresTheCheckinPurposes)
{
    const auto& checkin = sample_feed().site.checkin;
    std::map<std::string, feed::PurposeKind> kinds;
    for (const auto& purpose : checkin.purposes) {
        kinds[purpose.id] = purpose.kind;
        EXPECT_TRUE(translated_into_all(purpose.label)) << purpose.id;
    }
    EXPECT_EQ(kinds, (std::map<std::string, feed::PurposeKind> {
                         {"cafe", feed::PurposeKind::HeadCount},
                         {"appointment", feed::PurposeKind::Named},
                         {"volunteering", feed::PurposeKind::Named},
                         {"visiting", feed::PurposeKind::Named},
                         {"support-group", feed::PurposeKind::Discreet},
                         {"something-else", feed::PurposeKind::HeadCount},
                     }));
    EXPECT_EQ(checkin.retention_days, 14);
    EXPECT_TRUE(checkin.share_counts);
    EXPECT_EQ(checkin.checkout, feed::CheckoutMode::NameOrCode);
}

TEST(Sample, TranslatesSomeEventTitles)
{
    int translated = 0;
    for (const auto& event : sample_feed().events)
        translated += translated_into_all(event.title);
    EXPECT_GE(translated, 3);
}

TEST(Sample, RotatesAllFourPagesEvery15Seconds)
{
    const auto& rotation = sample_feed().rotation;
    EXPECT_EQ(rotation.dwell_seconds, 15);
    EXPECT_EQ(rotation.pages, (std::vector<feed::Page> {feed::Page::WhatsOn, feed::Page::Cafe,
                                  feed::Page::Notices, feed::Page::Week}));
}

TEST(Sample, PublicUrlIsTheSitesWhatsOnPage)
{
    const auto& site = sample_feed().site;
    EXPECT_TRUE(site.public_url.ends_with("/whats-on/" + site.id)) << site.public_url;
}

TEST(Sample, DiscreetPurposesHaveNoPublicTimetableEntry)
{
    // A support group is recorded at check-in but never named on a public screen.
    const auto& f = sample_feed();
    for (const auto& purpose : f.site.checkin.purposes) {
        if (purpose.kind != feed::PurposeKind::Discreet)
            continue;
        for (const auto& event : f.events) {
            EXPECT_NE(event.id, purpose.id);
            EXPECT_NE(event.title.get("en"), purpose.label.get("en"));
        }
    }
}
