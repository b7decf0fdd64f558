#include "kiosk/core/signage.h"

#include "kiosk/core/format.h"
#include "kiosk/core/strings.h"

#include <algorithm>
#include <set>

namespace coi::core {

namespace {

// U+2013 EN DASH between two times reads as "from to".
constexpr std::string_view kDash = "\xE2\x80\x93";

// The text in the screen's second language, for showing under the first: only when the
// content really has that language and it says something different.
std::string second_of(const feed::Text& text, const Screen& screen)
{
    if (screen.second_language.empty() || screen.second_language == screen.language)
        return {};
    auto it = text.by_language.find(screen.second_language);
    if (it == text.by_language.end() || it->second.empty() || it->second == text.get(screen.language))
        return {};
    return it->second;
}

// An interface string in the second language (every table has every heading).
std::string second_tr(std::string_view key, const Screen& screen)
{
    if (screen.second_language.empty() || screen.second_language == screen.language || !has_language(screen.second_language))
        return {};
    std::string_view second = tr(key, screen.second_language);
    return second == tr(key, screen.language) ? std::string() : std::string(second);
}

std::string local_clock(const TimeZone& zone, feed::Instant instant)
{
    return clock_text(zone.to_local(instant).minutes);
}

// One occurrence as a row of `day`: its times, or "All day" on a day it covers whole (an
// all-day event, or a middle day of a multi-day one), its start alone when it has no end,
// and "until Fri 14 Aug" when it goes on past this day.
SessionRowView session_row(const feed::Feed& feed, const TimeZone& zone, const Occurrence& o, SessionState state, const Screen& screen, feed::Date day)
{
    SessionRowView row;
    feed::Instant day_start = zone.start_of_day(day);
    feed::Instant day_end = zone.start_of_day(feed::add_days(day, 1));
    bool whole_day = o.event->all_day || (o.start <= day_start && o.end >= day_end);
    if (whole_day) {
        row.time = tr("session.all_day", screen.language);
    } else {
        row.time = local_clock(zone, o.start);
        if (!o.event->start_only && o.end <= day_end)
            row.end = local_clock(zone, o.end);
    }
    if (o.end > day_end) {
        feed::Date last = zone.local_date(o.end - 1); // an event ending at midnight ends the day before
        std::string when = std::string(weekday_short(feed::weekday_of(last), screen.language)) + " " + short_date_text(last, screen.language);
        row.until = fill(tr("session.until", screen.language), {when});
    }
    row.title = o.event->title.get(screen.language);
    row.title_second = second_of(o.event->title, screen);
    if (auto* room = feed.site.find_room(o.event->room))
        row.room = room->name.get(screen.language);
    row.state = state;
    row.cancelled = o.cancelled;
    if (o.cancelled)
        row.badge = tr("session.cancelled", screen.language);
    else if (state == SessionState::Now)
        row.badge = tr("session.now", screen.language);
    else if (state == SessionState::Next)
        row.badge = tr("session.next", screen.language);
    return row;
}

std::string closed_message(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const Screen& screen, std::string_view first)
{
    std::string message(tr(first, screen.language));
    if (auto opening = next_opening(feed, zone, now)) {
        feed::Date today = zone.local_date(now);
        std::string when = opening->date == feed::add_days(today, 1) ? std::string(tr("closed.tomorrow", screen.language))
                                                                      : std::string(weekday_name(feed::weekday_of(opening->date), screen.language));
        message += " " + fill(tr("closed.opens_again", screen.language), {when, clock_text(opening->opens)});
    }
    return message;
}

WhatsOnView whats_on(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const Screen& screen, const Plans& plans)
{
    WhatsOnView view;
    view.heading = tr("page.whats_on", screen.language);
    view.heading_second = second_tr("page.whats_on", screen);
    view.more = {"session.more_later", screen.language};
    DayPlan plan = planned_day(plans, feed.site, zone.local_date(now));
    view.open_today = plan.open;
    if (!plan.open) {
        view.message = closed_message(feed, zone, now, screen, "closed.today");
        if (auto reason = feed::closed_reason(feed.site, plan.date, screen.language); !reason.empty())
            view.message = reason + " \xE2\x80\x94 " + view.message; // "Christmas Day — We're closed today. ..."
        return view;
    }
    auto states = session_states(plan.sessions, now);
    for (std::size_t i = 0; i < plan.sessions.size(); ++i)
        view.rows.push_back(session_row(feed, zone, plan.sessions[i], states[i], screen, plan.date));
    bool any_left = std::any_of(view.rows.begin(), view.rows.end(), [](auto& r) { return r.state != SessionState::Finished; });
    if (plan.sessions.empty())
        view.message = tr("session.none_today", screen.language);
    else if (!any_left)
        view.message = closed_message(feed, zone, now, screen, "session.none_left");
    return view;
}

CafeView cafe(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const Screen& screen)
{
    CafeView view;
    view.heading = tr("page.cafe", screen.language);
    view.heading_second = second_tr("page.cafe", screen);
    view.allergen_heading = tr("cafe.allergens", screen.language);
    view.ask_staff = tr("cafe.ask_staff", screen.language);
    view.sold_out = tr("cafe.sold_out", screen.language);
    view.more = {"cafe.more", screen.language};
    std::set<feed::Allergen> on_menu;
    for (const feed::Special* s : specials_on(feed, zone.local_date(now))) {
        SpecialView item;
        item.name = s->name.get(screen.language);
        item.name_second = second_of(s->name, screen);
        item.description = s->description.get(screen.language);
        item.price = price_text(s->price_pence, screen.language);
        for (feed::Allergen a : s->allergens) {
            item.allergen_numbers.push_back(static_cast<int>(a) + 1);
            on_menu.insert(a);
        }
        std::sort(item.allergen_numbers.begin(), item.allergen_numbers.end());
        for (feed::Dietary d : s->dietary)
            item.dietary.emplace_back(tr("diet." + std::string(feed::to_code(d)), screen.language));
        item.sold_out = s->sold_out;
        view.specials.push_back(std::move(item));
    }
    // Sold-out items sink to the bottom so what can be bought is read first.
    std::stable_partition(view.specials.begin(), view.specials.end(), [](auto& s) { return !s.sold_out; });
    for (feed::Allergen a : on_menu)
        view.key.push_back({static_cast<int>(a) + 1, std::string(tr("allergen." + std::string(feed::to_code(a)), screen.language))});
    if (view.specials.empty())
        view.message = tr("cafe.none", screen.language);
    return view;
}

NoticesView notices(const feed::Feed& feed, feed::Instant now, const Screen& screen)
{
    NoticesView view;
    view.heading = tr("page.notices", screen.language);
    view.heading_second = second_tr("page.notices", screen);
    for (const feed::Notice* n : notices_showing(feed, now, screen, false))
        view.notices.push_back({n->title.get(screen.language), n->body.get(screen.language), n->image, second_of(n->title, screen), second_of(n->body, screen)});
    if (view.notices.empty())
        view.message = tr("notices.none", screen.language);
    return view;
}

WeekView week(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const Screen& screen, const Plans& plans)
{
    WeekView view;
    view.heading = tr("page.week", screen.language);
    view.heading_second = second_tr("page.week", screen);
    feed::Date today = zone.local_date(now);
    for (int i = 0; i < kDaysShown; ++i) {
        DayPlan plan = planned_day(plans, feed.site, feed::add_days(today, i));
        WeekDayView day;
        day.today = plan.date == today;
        day.day = day.today ? std::string(tr("week.today", screen.language))
                            : std::string(weekday_short(feed::weekday_of(plan.date), screen.language));
        day.date = short_date_text(plan.date, screen.language);
        day.open = plan.open;
        day.hours = plan.open ? clock_text(plan.opens) + std::string(kDash) + clock_text(plan.closes)
                              : std::string(tr("week.closed", screen.language));
        if (!plan.open)
            day.reason = feed::closed_reason(feed.site, plan.date, screen.language);
        day.more = {"week.more", screen.language};
        auto states = session_states(plan.sessions, now);
        for (std::size_t i = 0; i < plan.sessions.size(); ++i)
            day.sessions.push_back(session_row(feed, zone, plan.sessions[i], states[i], screen, plan.date));
        view.days.push_back(std::move(day));
    }
    return view;
}

} // namespace

std::string CountedText::operator()(std::int64_t count) const { return count_text(key, count, language); }

std::vector<const feed::Notice*> notices_showing(const feed::Feed& feed, feed::Instant now, const Screen& screen, bool urgent)
{
    std::vector<const feed::Notice*> out;
    for (const feed::Notice& n : feed.notices) {
        if (n.urgent != urgent)
            continue;
        if ((n.show_from && now < *n.show_from) || (n.show_until && now >= *n.show_until))
            continue;
        if (!n.screens.empty() && std::find(n.screens.begin(), n.screens.end(), screen.role) == n.screens.end())
            continue;
        out.push_back(&n);
    }
    return out;
}

std::vector<std::string> all_texts(const feed::Feed& feed)
{
    std::vector<std::string> out;
    auto add = [&](const feed::Text& text) {
        for (auto& [language, value] : text.by_language)
            out.push_back(value);
    };
    add(feed.site.name);
    for (auto& r : feed.site.rooms)
        add(r.name);
    for (auto& p : feed.site.checkin.purposes)
        add(p.label);
    for (auto& e : feed.events) {
        add(e.title);
        add(e.description);
    }
    for (auto& n : feed.notices) {
        add(n.title);
        add(n.body);
    }
    for (auto& s : feed.specials) {
        add(s.name);
        add(s.description);
    }
    add(feed.site.assembly_point);
    if (feed.emergency)
        out.push_back(feed.emergency->message);
    for (auto language : all_languages())
        for (auto text : all_strings(language))
            out.emplace_back(text);
    return out;
}

std::vector<const feed::Special*> specials_on(const feed::Feed& feed, feed::Date date)
{
    std::vector<const feed::Special*> out;
    for (const feed::Special& s : feed.specials)
        if (s.days.empty() || std::find(s.days.begin(), s.days.end(), date) != s.days.end())
            out.push_back(&s);
    return out;
}

HeaderView signage_header(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, const Screen& screen)
{
    LocalDateTime local = zone.to_local(now);
    return {feed.site.name.get(screen.language), long_date_text(local.date, screen.language), clock_text(local.minutes)};
}

SignageView build_signage(const feed::Feed& feed, const TimeZone& zone, feed::Instant now, feed::Page page, const Screen& screen,
    const Plans& plans)
{
    SignageView view;
    view.header = signage_header(feed, zone, now, screen);
    view.page = page;
    // Only the page on screen: nothing else reads the other pages' parts. Sessions come from
    // the plans made ahead; nothing here expands a rule.
    switch (page) {
    case feed::Page::WhatsOn: view.whats_on = whats_on(feed, zone, now, screen, plans); break;
    case feed::Page::Cafe: view.cafe = cafe(feed, zone, now, screen); break;
    case feed::Page::Notices: view.notices = notices(feed, now, screen); break;
    case feed::Page::Week: view.week = week(feed, zone, now, screen, plans); break;
    }
    auto urgent = notices_showing(feed, now, screen, true);
    if (!urgent.empty()) {
        const feed::Notice& n = *urgent.front();
        view.urgent = {true, std::string(tr("urgent.label", screen.language)), n.title.get(screen.language), n.body.get(screen.language), {}};
        std::string title = second_of(n.title, screen), body = second_of(n.body, screen);
        view.urgent.second = title + (!title.empty() && !body.empty() ? " \xE2\x80\x94 " : "") + body;
    }
    view.call_to_action = tr("cta.check_in", screen.language);
    view.call_to_action_second = second_tr("cta.check_in", screen);
    view.qr_url = feed.site.public_url;
    view.qr_caption = tr("qr.scan", screen.language);
    auto& pages = feed.rotation.pages;
    auto it = std::find(pages.begin(), pages.end(), page);
    view.page_index = it == pages.end() ? 0 : static_cast<int>(it - pages.begin());
    view.page_count = static_cast<int>(pages.size());
    return view;
}

} // namespace coi::core
