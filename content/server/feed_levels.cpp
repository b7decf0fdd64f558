#include "feed_levels.h"

#include "content/calendar/recurrence.h"
#include "content/feed/levels.h"
#include "content/feed/parse.h"

#include <algorithm>
#include <cstdio>

namespace coi::server {

namespace {

// An id for a piece cut from an event, stable across builds of the feed (a kiosk keeps its
// check-ins against event ids) and within the feed's id rules: 1 to 64 of a-z 0-9 - _.
std::string piece_id(const std::string& id, const std::string& what)
{
    std::uint32_t hash = 2166136261u; // FNV-1a
    for (unsigned char c : id + "\n" + what)
        hash = (hash ^ c) * 16777619u;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", hash);
    return id.substr(0, 40) + "-" + hex;
}

bool contains(const std::vector<feed::Date>& dates, feed::Date date) { return std::find(dates.begin(), dates.end(), date) != dates.end(); }

// One occurrence of `series` as a one-off event of its own, with the series' cancellation.
feed::Event one_off(const feed::Event& series, const calendar::TimeZone& site_zone, feed::Instant start, const std::string& what)
{
    feed::Event single = series;
    single.id = piece_id(series.id, what);
    single.start = start;
    single.end = calendar::occurrence_end(series, site_zone, start);
    single.rrule.clear();
    single.more_rrules.clear();
    single.rdates.clear();
    single.exdates.clear();
    single.cancelled_dates.clear();
    single.timezone.clear();
    single.cancelled = series.cancelled || contains(series.cancelled_dates, site_zone.local_date(start));
    return single;
}

calendar::TimeZone zone_named(const std::string& name)
{
    auto zone = calendar::TimeZone::load(name);
    return zone ? *zone : calendar::TimeZone::utc();
}

// Level 2 -> level 1, one event at a time; each step leaves no level 2 field behind for the next.
class ToLevel1 {
public:
    ToLevel1(const feed::Feed& feed, std::vector<std::string>& lost)
        : m_feed(feed), m_lost(lost), m_zone(zone_named(feed.site.timezone))
    {
    }

    std::vector<feed::Event> events()
    {
        std::vector<feed::Event> out;
        for (const feed::Event& event : m_feed.events)
            for (feed::Event& series : each_rule(event))
                for (feed::Event& piece : in_the_building_zone(series))
                    for (feed::Event& single : without_rdates(piece))
                        for (feed::Event& done : at_most_a_day(with_level1_times(single)))
                            out.push_back(std::move(done));
        return out;
    }

private:
    // more_rrules: each further rule a series of its own, as level 1 kiosks were sent them.
    std::vector<feed::Event> each_rule(const feed::Event& event)
    {
        std::vector<feed::Event> out{event};
        out.front().more_rrules.clear();
        for (std::size_t i = 0; i < event.more_rrules.size(); ++i) {
            feed::Event again = event;
            again.id = piece_id(event.id, "rule " + std::to_string(i + 2));
            again.rrule = event.more_rrules[i];
            again.more_rrules.clear();
            again.rdates.clear();
            again.exdates.push_back(event.start); // the first occurrence is the first series'
            out.push_back(std::move(again));
        }
        return out;
    }

    // timezone: a one-off's instants are absolute, so it needs none; a series repeating in
    // another zone is written out as one-offs for kWrittenOutDays.
    std::vector<feed::Event> in_the_building_zone(feed::Event event)
    {
        if (event.timezone.empty() || event.timezone == m_feed.site.timezone || event.rrule.empty()) {
            event.timezone.clear();
            return {std::move(event)};
        }
        std::vector<feed::Event> out;
        feed::Instant from = m_feed.generated_at - 86400, to = m_feed.generated_at + kWrittenOutDays * 86400LL;
        for (feed::Instant start : calendar::occurrence_starts(event, m_zone, from, to)) {
            if (out.size() >= static_cast<std::size_t>(kWrittenOutPerSeries))
                break;
            out.push_back(one_off(event, m_zone, start, "at " + std::to_string(start)));
        }
        return out;
    }

    // rdates: each extra date a one-off of its own, unless an EXDATE takes it out or the
    // rule gives that start already (a recurrence set counts a start once).
    std::vector<feed::Event> without_rdates(feed::Event event)
    {
        std::vector<feed::Event> out;
        feed::Event rule_alone = event;
        rule_alone.rdates.clear();
        for (feed::Instant extra : event.rdates) {
            if (std::find(event.exdates.begin(), event.exdates.end(), extra) != event.exdates.end())
                continue;
            auto given = calendar::occurrence_starts(rule_alone, m_zone, extra, extra + 1);
            if (std::find(given.begin(), given.end(), extra) != given.end())
                continue;
            out.push_back(one_off(event, m_zone, extra, "rdate " + std::to_string(extra)));
        }
        event.rdates.clear();
        out.insert(out.begin(), std::move(event));
        return out;
    }

    // all_day and start_only: level 1 shows every event with a start and an end time.
    static feed::Event with_level1_times(feed::Event event)
    {
        event.all_day = false;
        if (event.start_only && event.end == event.start)
            event.end = event.start + 3600;
        event.start_only = false;
        return event;
    }

    // Level 1 refuses an event longer than a day: a one-off is cut into day-long pieces; a
    // longer series is left out (its pieces would need rules of their own) and named in `lost`.
    std::vector<feed::Event> at_most_a_day(feed::Event event)
    {
        if (event.end - event.start <= feed::kLevel1MaxEventSeconds)
            return {std::move(event)};
        if (!event.rrule.empty()) {
            m_lost.push_back("\"" + event.title.get("en") + "\": a repeating event longer than a day");
            return {};
        }
        std::vector<feed::Event> out;
        for (feed::Instant start = event.start; start < event.end; start += feed::kLevel1MaxEventSeconds) {
            feed::Event piece = event;
            piece.id = out.empty() ? event.id : piece_id(event.id, "day from " + std::to_string(start));
            piece.start = start;
            piece.end = std::min<feed::Instant>(event.end, start + feed::kLevel1MaxEventSeconds);
            out.push_back(std::move(piece));
        }
        return out;
    }

    const feed::Feed& m_feed;
    std::vector<std::string>& m_lost;
    calendar::TimeZone m_zone;
};

} // namespace

LevelledFeed feed_at_level(const feed::Feed& feed, int level)
{
    LevelledFeed out;
    if (level >= feed::kFeedLevel) {
        out.document = feed::feed_to_json(feed);
        return out;
    }
    feed::Feed lower = feed;
    if (level < 2) // the level 2 event fields; a level 2 kiosk reads them, only newer fields are stripped
        lower.events = ToLevel1(feed, out.lost).events();
    out.document = feed::feed_to_json(lower);
    feed::strip_above(out.document, level); // whatever the steps above have no better way for
    return out;
}

} // namespace coi::server
