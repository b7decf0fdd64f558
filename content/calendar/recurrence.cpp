#include "content/calendar/recurrence.h"

#include "content/calendar/libical_lock.h"
#include "content/feed/result.h"

#include <libical/ical.h>

#include <algorithm>
#include <tuple>

namespace coi::calendar {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

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

// Owns what libical hands out for one rule so every early return frees it, and applies UNTIL
// itself: libical would compare a UTC UNTIL against our floating wall times, off by the
// UTC offset. Taking UNTIL out of libical's hands also leaves set_start free to skip ahead.
class RuleIterator {
public:
    RuleIterator(const std::string& rrule, const LocalDateTime& first, const TimeZone& zone)
    {
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

// Every rule of an event: RRULE may appear more than once (Cyrus writes that), and the
// recurrence set is the union of them all.
std::vector<const std::string*> rules_of(const feed::Event& event)
{
    std::vector<const std::string*> rules;
    if (event.rrule.empty())
        return rules;
    rules.push_back(&event.rrule);
    for (const std::string& more : event.more_rrules)
        rules.push_back(&more);
    return rules;
}

// One rule's starts around [from, to), each handed to consider (which applies the window,
// the EXDATEs and the cap on starts).
template<typename Consider>
void expand_rule(const std::string& rrule, const feed::Event& event, const TimeZone& zone, feed::Instant from, feed::Instant to,
    feed::Instant duration, Expansion expansion, const std::vector<feed::Instant>& starts, Consider&& consider)
{
    auto lock = lock_libical(); // one rule's expansion at a time; released before the next
    LocalDateTime first = zone.to_local(event.start);
    RuleIterator rule(rrule, first, zone);
    if (!rule.valid())
        return; // the parser rejects bad rules; if one slips through, it adds nothing to the first occurrence

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
        let_go(rule.try_skip_to(ical_wall_time(skip_to)), "a rule that cannot skip ahead walks from its start, within the step limit");
    }

    for (int step = 0; step < kMaxIteratorSteps && starts.size() < static_cast<std::size_t>(kMaxOccurrencesPerEvent); ++step) {
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
}

thread_local std::uint64_t t_expansions = 0;

} // namespace

std::uint64_t expansions_on_this_thread() { return t_expansions; }

TimeZone zone_of(const feed::Event& event, const TimeZone& site_zone)
{
    if (event.timezone.empty() || event.timezone == site_zone.name())
        return site_zone;
    auto own = TimeZone::load(event.timezone);
    return own.ok() ? *own : site_zone;
}

feed::Instant occurrence_end(const feed::Event& event, const TimeZone& site_zone, feed::Instant start)
{
    feed::Instant duration = std::max<feed::Instant>(0, event.end - event.start);
    if (!event.all_day || start == event.start)
        return start + duration;
    // Whole local days: the first occurrence's length in days, counted from the day this one starts.
    TimeZone zone = zone_of(event, site_zone);
    auto days = feed::days_from_civil(zone.local_date(event.end)) - feed::days_from_civil(zone.local_date(event.start));
    return zone.start_of_day(feed::add_days(zone.local_date(start), static_cast<int>(days)));
}

std::vector<feed::Instant> occurrence_starts(const feed::Event& event, const TimeZone& site_zone, feed::Instant from,
    feed::Instant to, Expansion expansion)
{
    ++t_expansions;
    std::vector<feed::Instant> starts;
    if (from >= to)
        return starts;
    // The rule repeats in the event's own wall clock (a series written in New York or UTC).
    const TimeZone zone = zone_of(event, site_zone);
    // An all-day occurrence can be an hour longer than the first (25 h on the October change).
    feed::Instant duration = std::max<feed::Instant>(0, event.end - event.start) + (event.all_day ? 3600 : 0);
    auto consider = [&](feed::Instant start) {
        if (starts.size() >= static_cast<std::size_t>(kMaxOccurrencesPerEvent))
            return;
        // Overlap with [from, to); a zero-length event counts if it starts inside.
        feed::Instant end = event.all_day ? occurrence_end(event, site_zone, start) : start + duration;
        bool overlaps = start < to && (end > from || start >= from);
        if (overlaps && std::find(event.exdates.begin(), event.exdates.end(), start) == event.exdates.end())
            starts.push_back(start);
    };

    // RFC 5545: DTSTART is always the first instance, even when the rule wouldn't produce
    // it. libical's iterator doesn't add it, so we do; RDATEs likewise.
    consider(event.start);
    for (feed::Instant extra : event.rdates)
        consider(extra);
    auto sorted = [&] {
        std::sort(starts.begin(), starts.end());
        starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
        return starts;
    };
    // Every rule (RRULE may appear more than once), with DTSTART and the RDATEs above: a
    // recurrence set counts a start once (sorted()), so a date two rules give, or a rule and
    // an RDATE, is one occurrence.
    for (const std::string* rrule : rules_of(event))
        expand_rule(*rrule, event, zone, from, to, duration, expansion, starts, consider);
    return sorted();
}

std::vector<Occurrence> occurrences_between(const std::vector<feed::Event>& events, const TimeZone& zone,
    feed::Instant from, feed::Instant to)
{
    std::vector<Occurrence> occurrences;
    for (auto& event : events) {
        for (feed::Instant start : occurrence_starts(event, zone, from, to)) {
            // Cancelled dates are the building's dates, whatever zone the rule repeats in.
            bool cancelled = event.cancelled || contains(event.cancelled_dates, zone.local_date(start));
            occurrences.push_back(Occurrence{&event, start, occurrence_end(event, zone, start), cancelled});
        }
    }
    std::sort(occurrences.begin(), occurrences.end(), [](const Occurrence& a, const Occurrence& b) {
        return std::forward_as_tuple(a.start, a.event->title.get("en"), a.end, a.event->id)
            < std::forward_as_tuple(b.start, b.event->title.get("en"), b.end, b.event->id);
    });
    return occurrences;
}

std::optional<std::string> rrule_problem(const std::string& rrule)
{
    if (rrule.size() > 512)
        return "must be at most 512 characters";
    auto lock = lock_libical();
    icalerror_clear_errno();
    auto rule = icalrecurrencetype_from_string(rrule.c_str());
    bool broken = rule.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR;
    icalerror_clear_errno();
    if (rule.rscale)
        icalmemory_free_buffer(rule.rscale);
    if (broken)
        return "\"" + rrule + "\" is not an RFC 5545 rule (e.g. FREQ=WEEKLY;BYDAY=TU)";
    return std::nullopt;
}

} // namespace coi::calendar
