#include "kiosk/store/checkin_store.h"

namespace coi::store {

namespace {

constexpr const char* kColumns = "id, purpose_id, kind, COALESCE(event_id, ''), COALESCE(first_name, ''), COALESCE(initial, ''), "
                                 "COALESCE(code, ''), checked_in_at, checked_out_at, COALESCE(checkout_kind, ''), located_at, "
                                 "occurrence_start, volunteer";

CheckinRecord record_of(const Row& r)
{
    CheckinRecord c;
    c.id = r[0].integer;
    c.purpose_id = r[1].bytes;
    c.kind = r[2].bytes;
    c.event_id = r[3].bytes;
    c.first_name = r[4].bytes;
    c.initial = r[5].bytes;
    c.code = r[6].bytes;
    c.checked_in_at = r[7].integer;
    if (r[8].kind == Value::Kind::Integer)
        c.checked_out_at = r[8].integer;
    c.checkout_kind = r[9].bytes;
    if (r[10].kind == Value::Kind::Integer)
        c.located_at = r[10].integer;
    if (r[11].kind == Value::Kind::Integer)
        c.occurrence_start = r[11].integer;
    c.volunteer = r[12].integer != 0;
    return c;
}

std::vector<CheckinRecord> records(Result<std::vector<Row>> rows)
{
    std::vector<CheckinRecord> out;
    if (rows)
        for (auto& r : *rows)
            out.push_back(record_of(r));
    return out;
}

} // namespace

std::string_view to_code(CheckoutKind kind)
{
    switch (kind) {
    case CheckoutKind::Self: return "self";
    case CheckoutKind::Staff: return "staff";
    case CheckoutKind::Auto: return "auto";
    }
    return "self";
}

Result<CheckinRecord> CheckinStore::check_in(const std::string& purpose_id, const std::string& kind, const std::string& event_id,
    const std::string& first_name, const std::string& initial, const std::function<std::string()>& next_code, feed::Instant now,
    const CheckinExtras& extras)
{
    // A clash with a code someone inside already holds is refused by a unique index; try
    // another. 25^4 codes make more than a handful of tries vanishingly unlikely.
    for (int attempt = 0; attempt < 20; ++attempt) {
        std::string code = next_code();
        auto r = m_db.execute("INSERT INTO checkin (purpose_id, kind, event_id, first_name, initial, code, checked_in_at, occurrence_start, volunteer) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {Value::text(purpose_id), Value::text(kind), event_id.empty() ? Value::null() : Value::text(event_id), Value::text(first_name),
                initial.empty() ? Value::null() : Value::text(initial), Value::text(code), Value::of(now),
                extras.occurrence_start ? Value::of(*extras.occurrence_start) : Value::null(), Value::of(extras.volunteer ? 1 : 0)});
        if (r) {
            auto saved = by_id(m_db.last_insert_id());
            if (!saved)
                return Error{"the check-in was saved but cannot be read back"};
            return *saved;
        }
        if (r.error().message.find("UNIQUE") == std::string::npos)
            return r.error();
    }
    return Error{"no free check-out code after 20 tries"};
}

Result<Ok> CheckinStore::count_head(const std::string& purpose_id, const std::string& local_day, int local_hour)
{
    return m_db.execute("INSERT INTO headcount (day, hour, purpose_id, count) VALUES (?, ?, ?, 1) "
                        "ON CONFLICT(day, hour, purpose_id) DO UPDATE SET count = count + 1",
        {Value::text(local_day), Value::of(local_hour), Value::text(purpose_id)});
}

std::vector<CheckinRecord> CheckinStore::inside()
{
    return records(m_db.query(std::string("SELECT ") + kColumns + " FROM checkin WHERE checked_out_at IS NULL ORDER BY id"));
}

std::optional<CheckinRecord> CheckinStore::inside_by_code(const std::string& code)
{
    auto found = records(m_db.query(std::string("SELECT ") + kColumns + " FROM checkin WHERE checked_out_at IS NULL AND code = ?", {Value::text(code)}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::optional<CheckinRecord> CheckinStore::by_id(std::int64_t id)
{
    auto found = records(m_db.query(std::string("SELECT ") + kColumns + " FROM checkin WHERE id = ?", {Value::of(id)}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

Result<bool> CheckinStore::check_out(std::int64_t id, CheckoutKind kind, feed::Instant now)
{
    auto r = m_db.execute("UPDATE checkin SET checked_out_at = ?, checkout_kind = ? WHERE id = ? AND checked_out_at IS NULL",
        {Value::of(now), Value::text(std::string(to_code(kind))), Value::of(id)});
    if (!r)
        return r.error();
    return m_db.changes() > 0;
}

Result<int> CheckinStore::check_out_everyone(CheckoutKind kind, feed::Instant now)
{
    auto r = m_db.execute("UPDATE checkin SET checked_out_at = ?, checkout_kind = ? WHERE checked_out_at IS NULL",
        {Value::of(now), Value::text(std::string(to_code(kind)))});
    if (!r)
        return r.error();
    return static_cast<int>(m_db.changes());
}

Result<bool> CheckinStore::mark_located(std::int64_t id, feed::Instant now)
{
    auto r = m_db.execute("UPDATE checkin SET located_at = ? WHERE id = ?", {Value::of(now), Value::of(id)});
    if (!r)
        return r.error();
    return m_db.changes() > 0;
}

Result<int> CheckinStore::erase_personal_data(feed::Instant ended_before)
{
    // From the check-out, not the check-in: a visit's start says nothing about whether the
    // visitor is still in the building (a check-in on a clock 19 days slow was erased a
    // minute after the clock was put right, while she was still inside).
    auto r = m_db.execute("UPDATE checkin SET first_name = NULL, initial = NULL, code = NULL, erased_at = checked_out_at "
                          "WHERE checked_out_at IS NOT NULL AND checked_out_at < ? AND erased_at IS NULL",
        {Value::of(ended_before)});
    if (!r)
        return r.error();
    return static_cast<int>(m_db.changes());
}

Result<int> CheckinStore::pull_back_future_check_outs(feed::Instant now)
{
    auto r = m_db.execute("UPDATE checkin SET checked_out_at = ? WHERE checked_out_at > ?", {Value::of(now), Value::of(now)});
    if (!r)
        return r.error();
    return static_cast<int>(m_db.changes());
}

std::vector<HeadCount> CheckinStore::head_counts(const std::string& local_day)
{
    std::vector<HeadCount> out;
    auto rows = m_db.query("SELECT day, hour, purpose_id, count FROM headcount WHERE day = ? ORDER BY hour, purpose_id", {Value::text(local_day)});
    if (rows)
        for (auto& r : *rows)
            out.push_back({r[0].bytes, static_cast<int>(r[1].integer), r[2].bytes, static_cast<int>(r[3].integer)});
    return out;
}

std::vector<HeadCount> CheckinStore::head_counts_from(const std::string& first_local_day)
{
    std::vector<HeadCount> out;
    auto rows = m_db.query("SELECT day, hour, purpose_id, count FROM headcount WHERE day >= ? ORDER BY day, hour, purpose_id", {Value::text(first_local_day)});
    if (rows)
        for (auto& r : *rows)
            out.push_back({r[0].bytes, static_cast<int>(r[1].integer), r[2].bytes, static_cast<int>(r[3].integer)});
    return out;
}

std::vector<CheckinRecord> CheckinStore::checked_in_since(feed::Instant from)
{
    return records(m_db.query(std::string("SELECT ") + kColumns + " FROM checkin WHERE checked_in_at >= ? ORDER BY id", {Value::of(from)}));
}

Result<int> CheckinStore::tally_volunteer_hours(const feed::Feed& feed, const core::TimeZone& zone)
{
    int tallied = 0;
    // Read and marked inside one (immediate) transaction: a visit is summed exactly once even
    // if two connections tally at the same moment.
    auto done = m_db.transaction([&]() -> Result<Ok> {
        auto ended = records(m_db.query(std::string("SELECT ") + kColumns +
            " FROM checkin WHERE volunteer = 1 AND volunteer_tallied = 0 AND checked_out_at IS NOT NULL ORDER BY id"));
        std::vector<core::VolunteerVisit> visits;
        for (auto& r : ended)
            visits.push_back({r.checked_in_at, *r.checked_out_at, r.checkout_kind == to_code(CheckoutKind::Auto)});
        for (auto& d : core::tally_volunteers(feed, zone, visits))
            if (auto r = m_db.execute("INSERT INTO volunteer_day (day, people, minutes, to_closing) VALUES (?, ?, ?, ?) "
                                      "ON CONFLICT(day) DO UPDATE SET people = people + excluded.people, minutes = minutes + excluded.minutes, "
                                      "to_closing = to_closing + excluded.to_closing",
                    {Value::text(d.date), Value::of(d.people), Value::of(d.minutes), Value::of(d.to_closing)});
                !r)
                return r;
        for (auto& r : ended)
            if (auto marked = m_db.execute("UPDATE checkin SET volunteer_tallied = 1 WHERE id = ?", {Value::of(r.id)}); !marked)
                return marked;
        tallied = static_cast<int>(ended.size());
        return Ok{};
    });
    if (!done)
        return done.error();
    return tallied;
}

std::vector<core::VolunteerDay> CheckinStore::volunteer_days(const std::string& first_local_day)
{
    std::vector<core::VolunteerDay> out;
    auto rows = m_db.query("SELECT day, people, minutes, to_closing FROM volunteer_day WHERE day >= ? ORDER BY day", {Value::text(first_local_day)});
    if (rows)
        for (auto& r : *rows)
            out.push_back({r[0].bytes, static_cast<int>(r[1].integer), r[2].integer, static_cast<int>(r[3].integer)});
    return out;
}

std::int64_t CheckinStore::count_visits(const std::string& first_local_day, const std::string& last_local_day, feed::Instant from, feed::Instant until)
{
    auto heads = m_db.query("SELECT COALESCE(SUM(count), 0) FROM headcount WHERE day >= ? AND day <= ?", {Value::text(first_local_day), Value::text(last_local_day)});
    auto named = m_db.query("SELECT COUNT(*) FROM checkin WHERE checked_in_at >= ? AND checked_in_at < ?", {Value::of(from), Value::of(until)});
    std::int64_t total = 0;
    if (heads && !heads->empty())
        total += (*heads)[0][0].integer;
    if (named && !named->empty())
        total += (*named)[0][0].integer;
    return total;
}

Result<Ok> CheckinStore::count_feedback(const std::string& local_day, const std::string& purpose_id, core::Face face)
{
    return m_db.execute("INSERT INTO feedback (day, purpose_id, face, count) VALUES (?, ?, ?, 1) "
                        "ON CONFLICT(day, purpose_id, face) DO UPDATE SET count = count + 1",
        {Value::text(local_day), Value::text(purpose_id), Value::text(std::string(core::to_code(face)))});
}

std::vector<FeedbackCount> CheckinStore::feedback_counts(const std::string& first_local_day)
{
    std::vector<FeedbackCount> out;
    auto rows = m_db.query("SELECT day, purpose_id, face, count FROM feedback WHERE day >= ? ORDER BY day, purpose_id, face", {Value::text(first_local_day)});
    if (rows)
        for (auto& r : *rows)
            out.push_back({r[0].bytes, r[1].bytes, r[2].bytes, r[3].integer});
    return out;
}

std::int64_t CheckinStore::count_all()
{
    auto rows = m_db.query("SELECT COUNT(*) FROM checkin");
    return rows && !rows->empty() ? (*rows)[0][0].integer : 0;
}

} // namespace coi::store
