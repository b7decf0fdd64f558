#include "whats_on.h"

#include "recurrence.h"

#include <algorithm>

namespace coi::server {

namespace {

constexpr const char* kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

std::string day_heading(feed::Date date, int offset)
{
    std::string name = kDayNames[static_cast<int>(feed::weekday_of(date))];
    std::string full = name + " " + std::to_string(date.day) + " " + kMonthNames[date.month - 1];
    if (offset == 0)
        return "Today, " + full;
    if (offset == 1)
        return "Tomorrow, " + full;
    return full;
}

std::string clock(feed::Instant instant, const std::string& zone)
{
    return feed::format_clock(to_local(instant, zone).minutes);
}

// "Fri 14 Aug", for "until Fri 14 Aug".
std::string short_day(feed::Date date)
{
    return std::string(kDayNames[static_cast<int>(feed::weekday_of(date))]).substr(0, 3) + " " + std::to_string(date.day) + " "
        + std::string(kMonthNames[date.month - 1]).substr(0, 3);
}

// What the time column says on one day: "All day" for a day the occurrence covers whole,
// the start alone for an event with no end, else start–end (the kiosk's rows say the same).
std::string time_text(const calendar::Occurrence& o, feed::Instant day_start, feed::Instant day_end, const std::string& zone)
{
    if (o.event->all_day || (o.start <= day_start && o.end >= day_end))
        return "All day";
    if (o.event->start_only || o.end > day_end)
        return clock(o.start, zone);
    return clock(o.start, zone) + "–" + clock(o.end, zone);
}

// "10:32 on Monday 7 December", in the building's own zone: when the content last changed,
// said as a visitor says it.
std::string updated_text(feed::Instant instant, const std::string& zone)
{
    auto local = to_local(instant, zone);
    return feed::format_clock(local.minutes) + " on " + kDayNames[static_cast<int>(feed::weekday_of(local.date))] + " "
        + std::to_string(local.date.day) + " " + kMonthNames[local.date.month - 1];
}

constexpr int kClosedDatesShown = 5;
constexpr int kClosedDatesAhead = 366; // a year of bank holidays

// The next closed dates after this week, with their reasons: what a visitor planning ahead
// needs (this week's own closed days are in the days above).
std::string coming_closed_dates(const feed::Site& site, feed::Date after, const std::string& lang)
{
    std::vector<feed::Date> dates;
    for (auto& date : site.closed_dates)
        if (date > after && date <= feed::add_days(after, kClosedDatesAhead))
            dates.push_back(date);
    std::sort(dates.begin(), dates.end());
    if (dates.size() > kClosedDatesShown)
        dates.resize(kClosedDatesShown);
    if (dates.empty())
        return {};
    std::string html = "<section class=\"closed-dates\"><h2>Closed on</h2><ul>";
    for (auto& date : dates) {
        auto reason = feed::closed_reason(site, date, lang);
        html += "<li>" + day_heading(date, 2) + (reason.empty() ? "" : " <span class=\"reason\">" + html_escape(reason) + "</span>") + "</li>";
    }
    return html + "</ul></section>";
}

} // namespace

std::string html_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

WhatsOnWeek expand_whats_on(std::shared_ptr<const feed::Feed> feed, std::int64_t content_version, feed::Instant now)
{
    WhatsOnWeek week;
    auto& zone = feed->site.timezone;
    week.today = to_local(now, zone).date;
    auto from = from_local(week.today, 0, zone);
    auto to = from_local(feed::add_days(week.today, 7), 0, zone);
    week.occurrences = occurrences_between(feed->events, zone, from, to);
    week.content_version = content_version;
    week.feed = std::move(feed);
    return week;
}

std::string render_whats_on(const feed::Feed& feed, feed::Instant now, const std::string& language)
{
    return render_whats_on(expand_whats_on(std::make_shared<const feed::Feed>(feed), 0, now), now, language);
}

std::shared_ptr<const WhatsOnWeek> WhatsOnCache::find(const std::string& site_id, std::int64_t content_version) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_weeks.find(site_id);
    if (it == m_weeks.end() || it->second->content_version != content_version)
        return nullptr;
    return it->second;
}

void WhatsOnCache::keep(const std::string& site_id, std::shared_ptr<const WhatsOnWeek> week)
{
    std::lock_guard lock(m_mutex);
    m_weeks[site_id] = std::move(week);
}

std::string render_whats_on(const WhatsOnWeek& week, feed::Instant now, const std::string& language)
{
    auto& feed = *week.feed;
    auto& site = feed.site;
    auto zone = site.timezone;
    auto today = week.today;
    auto& occurrences = week.occurrences;
    auto lang = std::find(site.languages.begin(), site.languages.end(), language) != site.languages.end()
                    ? language
                    : std::string("en");

    std::string html;
    html += "<!doctype html><html lang=\"" + html_escape(lang) + "\"><head><meta charset=\"utf-8\">";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    html += "<title>What's on at " + html_escape(site.name.get(lang)) + "</title>";
    html += "<link rel=\"stylesheet\" href=\"/admin/public.css\"></head><body class=\"public\">";
    html += "<header><h1>What's on at " + html_escape(site.name.get(lang)) + "</h1>";
    if (site.languages.size() > 1) {
        html += "<nav class=\"languages\">";
        for (auto& code : site.languages)
            html += "<a href=\"?lang=" + html_escape(code) + "\"" + (code == lang ? " aria-current=\"true\"" : "") +
                    ">" + html_escape(code) + "</a> ";
        html += "</nav>";
    }
    html += "</header><main>";

    for (auto& notice : feed.notices) {
        bool shown = (!notice.show_from || *notice.show_from <= now) && (!notice.show_until || *notice.show_until > now);
        if (notice.urgent && shown)
            html += "<aside class=\"urgent\"><strong>" + html_escape(notice.title.get(lang)) + "</strong> " +
                    html_escape(notice.body.get(lang)) + "</aside>";
    }

    for (int offset = 0; offset < 7; ++offset) {
        auto date = feed::add_days(today, offset);
        html += "<section><h2>" + day_heading(date, offset) + "</h2>";
        // The kiosk's rule, from the one place both ask: a closed day lists no sessions.
        auto hours = feed::open_hours_on(site, date);
        bool closed = !hours;
        if (hours)
            html += "<p class=\"hours\">Open " + feed::format_clock(hours->open) + "–" + feed::format_clock(hours->close) + "</p>";
        std::string rows;
        auto day_start = from_local(date, 0, zone);
        auto day_end = from_local(feed::add_days(date, 1), 0, zone);
        for (auto& occurrence : occurrences) {
            // Every day it covers, as on the screens (a zero-length one on the day it starts).
            bool on_this_day = occurrence.start < day_end && (occurrence.end > day_start || occurrence.start >= day_start);
            if (!on_this_day)
                continue;
            auto& event = *occurrence.event;
            auto* room = site.find_room(event.room);
            bool happening = occurrence.start <= now && now < occurrence.end;
            rows += std::string("<li") + (occurrence.cancelled ? " class=\"cancelled\"" : happening ? " class=\"now\"" : "") + ">";
            rows += "<span class=\"time\">" + time_text(occurrence, day_start, day_end, zone) + "</span> ";
            rows += "<span class=\"title\">" + html_escape(event.title.get(lang)) + "</span>";
            if (room)
                rows += " <span class=\"room\">" + html_escape(room->name.get(lang)) + "</span>";
            if (occurrence.end > day_end)
                rows += " <span class=\"until\">until " + short_day(to_local(occurrence.end - 1, zone).date) + "</span>";
            if (occurrence.cancelled)
                rows += " <span class=\"badge\">Cancelled</span>";
            else if (happening)
                rows += " <span class=\"badge\">On now</span>";
            if (!event.description.empty())
                rows += "<div class=\"description\">" + html_escape(event.description.get(lang)) + "</div>";
            rows += "</li>";
        }
        if (closed) {
            auto reason = feed::closed_reason(site, date, lang);
            html += "<p class=\"closed\">The building is closed" + (reason.empty() ? std::string(".") : ": " + html_escape(reason) + ".") + "</p>";
        }
        else if (rows.empty())
            html += "<p class=\"quiet\">Nothing booked. Come in for a cuppa.</p>";
        else
            html += "<ul class=\"events\">" + rows + "</ul>";
        html += "</section>";
    }
    html += coming_closed_dates(site, feed::add_days(today, 6), lang);
    // The building's queue, never this page, is where a suggestion goes (routes_suggestions.cpp).
    html += "<p class=\"suggest-link\"><a href=\"/whats-on/" + html_escape(site.id) + "/suggest\">Suggest an event or notice</a></p>";
    html += "</main><footer>Updated " + html_escape(updated_text(feed.generated_at, zone)) + "</footer></body></html>";
    return html;
}

} // namespace coi::server
