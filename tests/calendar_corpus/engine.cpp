// engine.h over today's server: server::import_ics turns the .ics into feed events exactly
// as a calendar subscription does, feed::event_from_json makes them what the stored feed
// holds, and server::occurrences_between expands them as the public What's on page does.
#include "engine.h"

#include "content/feed/parse.h"
#include "content/server/ics_import.h"
#include "content/server/recurrence.h"

#include <cstdio>
#include <utility>

namespace coi::corpus {

namespace {

std::string local_text(feed::Instant instant, const std::string& zone)
{
    auto local = server::to_local(instant, zone);
    char text[32];
    std::snprintf(text, sizeof text, "%sT%02d:%02d", feed::format_date(local.date).c_str(), local.minutes / 60,
                  local.minutes % 60);
    return text;
}

// The building the calendar is imported into: one room (every event needs one), the
// corpus file's zone.
feed::Site site_in(const std::string& zone)
{
    feed::Site site;
    site.id = "corpus";
    site.name = feed::Text::plain("Corpus building");
    site.timezone = zone;
    site.languages = {"en"};
    site.rooms.push_back({"hall", feed::Text::plain("Hall")});
    return site;
}

class ServerCalendar final : public ImportedCalendar {
public:
    ServerCalendar(std::string zone, std::vector<feed::Event> events, std::vector<std::string> skipped)
        : zone_(std::move(zone)), events_(std::move(events)), skipped_(std::move(skipped))
    {
    }

    std::vector<ShownOccurrence> day(feed::Date date) const override
    {
        auto from = server::from_local(date, 0, zone_);
        auto to = server::from_local(feed::add_days(date, 1), 0, zone_);
        std::vector<ShownOccurrence> shown;
        for (auto& occurrence : server::occurrences_between(events_, zone_, from, to)) {
            ShownOccurrence item;
            item.start = local_text(occurrence.start, zone_);
            if (occurrence.end != occurrence.start)
                item.end = local_text(occurrence.end, zone_);
            item.title = occurrence.event->title.get("en");
            item.cancelled = occurrence.cancelled;
            shown.push_back(std::move(item));
        }
        return shown;
    }
    std::size_t imported() const override { return events_.size(); }
    std::vector<std::string> skipped() const override { return skipped_; }

private:
    std::string zone_;
    std::vector<feed::Event> events_;
    std::vector<std::string> skipped_;
};

} // namespace

std::unique_ptr<ImportedCalendar> import_calendar(const std::string& ics_text, const std::string& zone,
                                                  ImportFailure& failure)
{
    if (!server::known_timezone(zone)) { // the server would read it as UTC without a word
        failure.message = "unknown time zone " + zone;
        return nullptr;
    }
    auto site = site_in(zone);
    auto imported = server::import_ics(ics_text, site);
    if (!imported) {
        failure.message = imported.failure().message;
        return nullptr;
    }
    std::vector<feed::Event> events;
    auto skipped = imported->skipped;
    for (auto& item : imported->events) {
        auto event = feed::event_from_json(item, site);
        if (event)
            events.push_back(std::move(*event));
        else // import_ics promises this never happens; say so rather than hide it
            skipped.push_back("the feed refused an imported event: " + event.error().message);
    }
    return std::make_unique<ServerCalendar>(zone, std::move(events), std::move(skipped));
}

} // namespace coi::corpus
