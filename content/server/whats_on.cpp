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

std::string render_whats_on(const feed::Feed& feed, feed::Instant now, const std::string& language)
{
    auto& site = feed.site;
    auto zone = site.timezone;
    auto today = to_local(now, zone).date;
    auto from = from_local(today, 0, zone);
    auto to = from_local(feed::add_days(today, 7), 0, zone);
    auto occurrences = occurrences_between(feed.events, zone, from, to);
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
        bool closed = std::find(site.closed_dates.begin(), site.closed_dates.end(), date) != site.closed_dates.end();
        std::string rows;
        for (auto& occurrence : occurrences) {
            if (to_local(occurrence.start, zone).date != date)
                continue;
            auto& event = *occurrence.event;
            auto* room = site.find_room(event.room);
            bool happening = occurrence.start <= now && now < occurrence.end;
            rows += std::string("<li") + (occurrence.cancelled ? " class=\"cancelled\"" : happening ? " class=\"now\"" : "") + ">";
            rows += "<span class=\"time\">" + clock(occurrence.start, zone) + "–" + clock(occurrence.end, zone) + "</span> ";
            rows += "<span class=\"title\">" + html_escape(event.title.get(lang)) + "</span>";
            if (room)
                rows += " <span class=\"room\">" + html_escape(room->name.get(lang)) + "</span>";
            if (occurrence.cancelled)
                rows += " <span class=\"badge\">Cancelled</span>";
            else if (happening)
                rows += " <span class=\"badge\">On now</span>";
            if (!event.description.empty())
                rows += "<div class=\"description\">" + html_escape(event.description.get(lang)) + "</div>";
            rows += "</li>";
        }
        if (closed)
            html += "<p class=\"closed\">The building is closed.</p>";
        else if (rows.empty())
            html += "<p class=\"quiet\">Nothing booked. Come in for a cuppa.</p>";
        else
            html += "<ul class=\"events\">" + rows + "</ul>";
        html += "</section>";
    }
    html += "</main><footer>Updated " + html_escape(feed::format_instant_utc(feed.generated_at)) + "</footer></body></html>";
    return html;
}

} // namespace coi::server
