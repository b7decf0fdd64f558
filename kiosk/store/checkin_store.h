#pragma once
// Check-ins in the kiosk's store. A check-in the screen has confirmed is committed with
// a full fsync before the screen says so. Personal data (first name, initial, code) is
// erased the site's retention days after the visitor left; the anonymous rest stays for
// the counts. The row id is the check-ins' sequence: rows are never deleted, so it only
// grows, and the order of arrival survives a clock that jumps.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/core/reporting.h"
#include "kiosk/store/database.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace coi::store {

enum class CheckoutKind { Self, Staff, Auto };

struct CheckinRecord {
    std::int64_t id = 0;
    std::string purpose_id;
    std::string kind; // named | discreet
    std::string event_id;
    std::string first_name;
    std::string initial;
    std::string code;
    feed::Instant checked_in_at = 0;
    std::optional<feed::Instant> checked_out_at;
    std::string checkout_kind; // self | staff | auto
    std::optional<feed::Instant> located_at;
    std::optional<feed::Instant> occurrence_start; // a session check-in: the occurrence's start
    bool volunteer = false;                        // the purpose counted volunteer hours
    // Whether the visit's purpose stays private on every list (staff's Who's in, the fire
    // roll-call). Fails closed: a kind this version does not know (written by a newer one, or
    // a damaged row) is private too.
    bool is_private() const
    {
        auto known = feed::purpose_kind_from_code(kind);
        return !known || *known == feed::PurposeKind::Discreet;
    }
};

struct HeadCount {
    std::string day; // YYYY-MM-DD, local
    int hour = 0;    // local
    std::string purpose_id;
    int count = 0;
};

// What a check-in carries for the anonymous reports besides its purpose.
struct CheckinExtras {
    std::optional<feed::Instant> occurrence_start; // a session: which occurrence
    bool volunteer = false;                        // the purpose counts volunteer hours
};

struct FeedbackCount {
    std::string day; // YYYY-MM-DD, local
    std::string purpose_id;
    std::string face; // happy | okay | unhappy
    std::int64_t count = 0;
};

class CheckinStore {
public:
    explicit CheckinStore(Database& db) : m_db(db) {}

    // A named or discreet check-in with a fresh check-out code unique among people inside;
    // next_code is asked again if a code is taken.
    Result<CheckinRecord> check_in(const std::string& purpose_id, const std::string& kind, const std::string& event_id,
        const std::string& first_name, const std::string& initial, const std::function<std::string()>& next_code, feed::Instant now,
        const CheckinExtras& extras = {});
    Result<Ok> count_head(const std::string& purpose_id, const std::string& local_day, int local_hour); // one anonymous visitor
    std::vector<CheckinRecord> inside();                                  // not checked out, in the order they came (by id, not by clock)
    std::optional<CheckinRecord> inside_by_code(const std::string& code);
    std::optional<CheckinRecord> by_id(std::int64_t id);
    Result<bool> check_out(std::int64_t id, CheckoutKind, feed::Instant now); // false if already out
    Result<int> check_out_everyone(CheckoutKind, feed::Instant now);          // how many
    Result<bool> mark_located(std::int64_t id, feed::Instant now);
    // Names and codes of visits that ended (checked out by themselves, by staff or at
    // closing) before then. Someone still inside is never erased, whatever the clock says.
    Result<int> erase_personal_data(feed::Instant ended_before);
    // Visits that ended "after" now ended on a clock that was ahead: they ended at now at the
    // latest, so their retention counts from now rather than from a date still to come.
    Result<int> pull_back_future_check_outs(feed::Instant now);
    std::vector<HeadCount> head_counts(const std::string& local_day);
    std::vector<HeadCount> head_counts_from(const std::string& first_local_day); // that day and after
    // Check-ins (named, discreet, sessions) that came at or after from, for the anonymous
    // counts: what they read is the purpose, the session and the times, never the name.
    std::vector<CheckinRecord> checked_in_since(feed::Instant from);

    // Volunteer hours: every ended volunteer visit not yet summed is added to its day's
    // anonymous totals, and marked, in one transaction, so each counts exactly once; the
    // totals outlive the names. Run it before erasing names. Returns how many visits.
    Result<int> tally_volunteer_hours(const feed::Feed&, const core::TimeZone&);
    std::vector<core::VolunteerDay> volunteer_days(const std::string& first_local_day);
    // Every visit in a span of local days, counted or named alike: head counts of the days
    // first_local_day..last_local_day and check-ins from `from` until `until`.
    std::int64_t count_visits(const std::string& first_local_day, const std::string& last_local_day, feed::Instant from, feed::Instant until);

    // One tap on a face of "How did we do today?", under a reported purpose id.
    Result<Ok> count_feedback(const std::string& local_day, const std::string& purpose_id, core::Face);
    std::vector<FeedbackCount> feedback_counts(const std::string& first_local_day);
    std::int64_t count_all();                                                // every check-in ever recorded

private:
    Database& m_db;
};

std::string_view to_code(CheckoutKind);

} // namespace coi::store
