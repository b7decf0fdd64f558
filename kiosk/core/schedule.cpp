#include "kiosk/core/schedule.h"

#include <libical/ical.h>

#include <algorithm>
#include <tuple>

namespace coi::core {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// A rule that never matches (FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31) or an HOURLY rule walked
// from years ago must not stall the frame loop; past this many steps we stop expanding.
constexpr int kMaxIteratorSteps = 200000;

constexpr int kOpeningLookaheadDays = 60;

// libical's iterator gives nothing past the year 2582 (MAX_TIME_T_YEAR) and refuses to skip
// ahead that far, so with the clock at the year 3000 every rule walked 200,000 steps from its
// start and found nothing: 6 s of a frame for the sample building, and an empty day. The
// Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks, 4,800
// months), so a window past this year is expanded a whole number of 400-year cycles earlier,
// where a rule falls on the same wall-clock dates, and moved back.
constexpr int kLatestExpandedYear = 2400;
constexpr std::int64_t kDaysPer400Years = 146097;

std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Local wall time as seconds on a civil timeline with no zone, for comparing what libical
// hands back (wall fields) against the window we want.
std::int64_t wall_seconds(const icaltimetype& t)
{
    return feed::days_from_civil(feed::Date{t.year, t.month, t.day}) * kSecondsPerDay + t.hour * 3600 + t.minute * 60
        + t.second;
}

std::int64_t wall_seconds(const LocalDateTime& local)
{
    return feed::days_from_civil(local.date) * kSecondsPerDay + local.minutes * 60 + local.second;
}

// Floating (zone-less) wall time. libical 3.0 with a TZID on DTSTART "fixes" an occurrence
// that lands in the spring-forward gap (01:30 -> 02:30) and then carries the fixed time on to
// every later occurrence, so a Sunday 01:30 session would be at 02:30 for ever after.
// Floating wall-clock iteration has no gaps; TimeZone::from_local resolves them per occurrence.
icaltimetype ical_wall_time(const LocalDateTime& local)
{
    icaltimetype t = icaltime_null_time();
    t.year = local.date.year;
    t.month = local.date.month;
    t.day = local.date.day;
    t.hour = local.minutes / 60;
    t.minute = local.minutes % 60;
    t.second = local.second;
    t.is_date = 0;
    t.zone = nullptr;
    return t;
}

// libical reports bad input through icalerrno and, if built with ICAL_ERRORS_ARE_FATAL,
// by aborting. A feed must never be able to crash the kiosk, so make sure errors stay values.
void keep_libical_errors_non_fatal()
{
    static const bool done = [] {
        icalerror_set_errors_are_fatal(0);
        return true;
    }();
    (void)done;
}

// Owns what libical hands out for one rule so every early return frees it, and applies UNTIL
// itself: libical would compare a UTC UNTIL against our floating wall times, off by the
// UTC offset. Taking UNTIL out of libical's hands also leaves set_start free to skip ahead.
class RuleIterator {
public:
    RuleIterator(const std::string& rrule, const LocalDateTime& first, const TimeZone& zone)
    {
        keep_libical_errors_non_fatal();
        m_rule = icalrecurrencetype_from_string(rrule.c_str());
        if (m_rule.freq == ICAL_NO_RECURRENCE)
            return;
        icaltimetype until = m_rule.until;
        if (!icaltime_is_null_time(until)) {
            if (until.is_date) {
                m_until = Until::LocalDate;
                m_until_date = feed::Date{until.year, until.month, until.day};
            } else if (icaltime_is_utc(until)) {
                m_until = Until::Instant;
                m_until_instant = icaltime_as_timet(until);
            } else {
                // Floating UNTIL: site wall-clock time, converted with the same gap rule as occurrences.
                m_until = Until::Instant;
                m_until_instant = zone.from_local(feed::Date{until.year, until.month, until.day}, until.hour * 60 + until.minute)
                    + until.second;
            }
            m_rule.until = icaltime_null_time();
        }
        m_dtstart = ical_wall_time(first);
        m_iterator = icalrecur_iterator_new(m_rule, m_dtstart);
    }
    ~RuleIterator()
    {
        if (m_iterator)
            icalrecur_iterator_free(m_iterator);
        if (m_rule.rscale)
            icalmemory_free_buffer(m_rule.rscale);
    }
    RuleIterator(const RuleIterator&) = delete;
    RuleIterator& operator=(const RuleIterator&) = delete;

    bool valid() const { return m_iterator != nullptr; }
    bool counted() const { return m_rule.count > 0; }              // COUNT: numbered from DTSTART, so never moved
    int interval() const { return std::max<int>(1, m_rule.interval); }

    // icalrecur_iterator_set_start exists since libical 3.0 but refuses rules with COUNT (it
    // would have to count from DTSTART anyway), and sub-daily rules have had bugs with it
    // (libical#491), so those walk from the start instead.
    bool try_skip_to(icaltimetype start)
    {
        if (m_rule.count > 0)
            return false;
        if (m_rule.freq != ICAL_DAILY_RECURRENCE && m_rule.freq != ICAL_WEEKLY_RECURRENCE
            && m_rule.freq != ICAL_MONTHLY_RECURRENCE && m_rule.freq != ICAL_YEARLY_RECURRENCE)
            return false;
        if (icalrecur_iterator_set_start(m_iterator, start))
            return true;
        // A refused set_start may have left the iterator half-moved: start afresh.
        icalrecur_iterator_free(m_iterator);
        m_iterator = icalrecur_iterator_new(m_rule, m_dtstart);
        return false;
    }

    icaltimetype next() { return m_iterator ? icalrecur_iterator_next(m_iterator) : icaltime_null_time(); }

    // Occurrences come in wall-clock order, so the first one past UNTIL ends the series.
    bool past_until(feed::Date local_date, feed::Instant start) const
    {
        switch (m_until) {
        case Until::None:
            return false;
        case Until::LocalDate:
            return local_date > m_until_date;
        case Until::Instant:
            return start > m_until_instant;
        }
        return false;
    }

private:
    enum class Until { None, LocalDate, Instant };

    icalrecurrencetype m_rule {};
    icaltimetype m_dtstart {};
    icalrecur_iterator* m_iterator = nullptr;
    Until m_until = Until::None;
    feed::Date m_until_date;
    feed::Instant m_until_instant = 0;
};

bool contains(const std::vector<feed::Date>& dates, feed::Date date)
{
    return std::find(dates.begin(), dates.end(), date) != dates.end();
}

// The opening_hours rows for one weekday, earliest opening first.
std::vector<feed::OpeningHours> rows_for(const feed::Site& site, feed::Weekday weekday)
{
    std::vector<feed::OpeningHours> rows;
    for (auto& row : site.opening_hours)
        if (row.day == weekday)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.open < b.open; });
    return rows;
}

} // namespace

// [SECTION] Recurrence

std::vector<feed::Instant> occurrence_starts(const feed::Event& event, const TimeZone& zone, feed::Instant from,
    feed::Instant to, Expansion expansion)
{
    std::vector<feed::Instant> starts;
    if (from >= to)
        return starts;
    feed::Instant duration = std::max<feed::Instant>(0, event.end - event.start);
    auto consider = [&](feed::Instant start) {
        // Overlap with [from, to); a zero-length event counts if it starts inside.
        bool overlaps = start < to && (start + duration > from || start >= from);
        if (overlaps && std::find(event.exdates.begin(), event.exdates.end(), start) == event.exdates.end())
            starts.push_back(start);
    };

    // RFC 5545: DTSTART is always the first instance, even when the rule wouldn't produce
    // it. libical's iterator doesn't add it, so we do.
    consider(event.start);
    if (event.rrule.empty())
        return starts;

    LocalDateTime first = zone.to_local(event.start);
    RuleIterator rule(event.rrule, first, zone);
    if (!rule.valid())
        return starts; // the parser rejects bad rules; if one slips through, show the first occurrence only

    // The window in wall-clock seconds, widened by a day each side so a change of UTC
    // offset between the window's edges and an occurrence can't drop one.
    std::int64_t wall_low = wall_seconds(zone.to_local(from - duration)) - kSecondsPerDay;
    std::int64_t wall_high = wall_seconds(zone.to_local(to)) + kSecondsPerDay;

    // A window past kLatestExpandedYear is expanded `shift_days` earlier: as many whole
    // cycles of 400 * INTERVAL years (a multiple of every period: days, weeks, months, years,
    // hours) as keep it after the series' start, so the fewest steps are walked (rules that
    // cannot skip ahead, sub-daily ones, walk from their start). Never a COUNT rule, whose
    // occurrences are numbered from the start.
    std::int64_t shift_days = 0;
    int low_year = feed::civil_from_days(floor_div(wall_low, kSecondsPerDay)).year;
    if (low_year > kLatestExpandedYear && !rule.counted()) {
        std::int64_t cycle_seconds = static_cast<std::int64_t>(rule.interval()) * kDaysPer400Years * kSecondsPerDay;
        std::int64_t cycles = (wall_low - wall_seconds(first)) / cycle_seconds;
        if (cycles > 0)
            shift_days = cycles * rule.interval() * kDaysPer400Years;
    }
    wall_low -= shift_days * kSecondsPerDay;
    wall_high -= shift_days * kSecondsPerDay;

    if (expansion == Expansion::SkipAhead && wall_low > wall_seconds(first)) {
        LocalDateTime skip_to;
        skip_to.date = feed::civil_from_days(floor_div(wall_low, kSecondsPerDay));
        (void)rule.try_skip_to(ical_wall_time(skip_to));
    }

    for (int step = 0; step < kMaxIteratorSteps; ++step) {
        icaltimetype next = rule.next();
        if (icaltime_is_null_time(next))
            break;
        std::int64_t wall = wall_seconds(next);
        if (wall > wall_high)
            break;
        if (wall < wall_low)
            continue; // before the window (walking from DTSTART, or set_start's margin); cheap to skip
        feed::Date local_date = feed::civil_from_days(feed::days_from_civil(feed::Date{next.year, next.month, next.day}) + shift_days);
        feed::Instant start = zone.from_local(local_date, next.hour * 60 + next.minute) + next.second;
        if (rule.past_until(local_date, start))
            break;
        if (start != event.start)
            consider(start);
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    return starts;
}

std::vector<Occurrence> occurrences_between(const feed::Feed& feed, const TimeZone& zone, feed::Instant from,
    feed::Instant to)
{
    std::vector<Occurrence> occurrences;
    for (auto& event : feed.events) {
        feed::Instant duration = std::max<feed::Instant>(0, event.end - event.start);
        for (feed::Instant start : occurrence_starts(event, zone, from, to)) {
            bool cancelled = event.cancelled || contains(event.cancelled_dates, zone.local_date(start));
            occurrences.push_back(Occurrence{&event, start, start + duration, cancelled});
        }
    }
    std::sort(occurrences.begin(), occurrences.end(), [](const Occurrence& a, const Occurrence& b) {
        return std::forward_as_tuple(a.start, a.event->title.get("en"), a.end, a.event->id)
            < std::forward_as_tuple(b.start, b.event->title.get("en"), b.end, b.event->id);
    });
    return occurrences;
}

std::vector<Occurrence> occurrences_on(const feed::Feed& feed, const TimeZone& zone, feed::Date local_day)
{
    return occurrences_between(feed, zone, zone.start_of_day(local_day), zone.start_of_day(feed::add_days(local_day, 1)));
}

// [SECTION] Days and the week

DayPlan hours_on(const feed::Site& site, feed::Date date)
{
    DayPlan plan;
    plan.date = date;
    auto rows = rows_for(site, feed::weekday_of(date));
    if (rows.empty() || contains(site.closed_dates, date))
        return plan;
    plan.open = true;
    plan.opens = rows.front().open;
    plan.closes = std::max_element(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.close < b.close; })->close;
    return plan;
}

namespace {

// The same overlap test occurrence_starts applies, so slicing a long window into days gives
// exactly what occurrences_on would for each day.
bool overlaps(const Occurrence& occurrence, feed::Instant from, feed::Instant to)
{
    return occurrence.start < to && (occurrence.end > from || occurrence.start >= from);
}

} // namespace

DayPlan plan_for_day(const feed::Feed& feed, const TimeZone& zone, feed::Date date)
{
    DayPlan plan = hours_on(feed.site, date);
    if (plan.open)
        plan.sessions = occurrences_on(feed, zone, date);
    return plan;
}

std::vector<DayPlan> plan_for_days(const feed::Feed& feed, const TimeZone& zone, feed::Date first, int count)
{
    std::vector<DayPlan> plans;
    if (count <= 0)
        return plans;
    // Expand every rule once for the whole range rather than once per day: creating a libical
    // iterator is the expensive part (Debian's libical goes through ICU calendars).
    auto all = occurrences_between(feed, zone, zone.start_of_day(first), zone.start_of_day(feed::add_days(first, count)));
    for (int i = 0; i < count; ++i) {
        DayPlan plan = hours_on(feed.site, feed::add_days(first, i));
        if (plan.open) {
            feed::Instant day_start = zone.start_of_day(plan.date);
            feed::Instant day_end = zone.start_of_day(feed::add_days(plan.date, 1));
            for (auto& occurrence : all)
                if (overlaps(occurrence, day_start, day_end))
                    plan.sessions.push_back(occurrence);
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

// [SECTION] Now and next

std::vector<SessionState> session_states(const std::vector<Occurrence>& sessions, feed::Instant now)
{
    std::optional<feed::Instant> next_start;
    for (auto& session : sessions)
        if (!session.cancelled && session.start > now && (!next_start || session.start < *next_start))
            next_start = session.start;

    std::vector<SessionState> states;
    states.reserve(sessions.size());
    for (auto& session : sessions) {
        if (session.end <= now)
            states.push_back(SessionState::Finished);
        else if (!session.cancelled && session.start <= now)
            states.push_back(SessionState::Now);
        else if (!session.cancelled && next_start && session.start == *next_start)
            states.push_back(SessionState::Next);
        else
            states.push_back(SessionState::Later);
    }
    return states;
}

// [SECTION] Opening hours

std::optional<Opening> next_opening(const feed::Feed& feed, const TimeZone& zone, feed::Instant now)
{
    feed::Date today = zone.local_date(now);
    for (int i = 0; i <= kOpeningLookaheadDays; ++i) {
        feed::Date date = feed::add_days(today, i);
        if (contains(feed.site.closed_dates, date))
            continue;
        for (auto& row : rows_for(feed.site, feed::weekday_of(date)))
            if (zone.from_local(date, row.open) > now)
                return Opening{date, row.open};
    }
    return std::nullopt;
}

bool is_open_at(const feed::Feed& feed, const TimeZone& zone, feed::Instant now)
{
    feed::Date today = zone.local_date(now);
    // Yesterday too, for a row that runs past midnight.
    for (feed::Date date : {feed::add_days(today, -1), today}) {
        if (contains(feed.site.closed_dates, date))
            continue;
        for (auto& row : rows_for(feed.site, feed::weekday_of(date))) {
            feed::Instant opens = zone.from_local(date, row.open);
            feed::Instant closes = row.close >= row.open ? zone.from_local(date, row.close)
                                                         : zone.from_local(feed::add_days(date, 1), row.close);
            if (opens <= now && now < closes)
                return true;
        }
    }
    return false;
}

} // namespace coi::core
