#pragma once
// Check-ins in the kiosk's store. A check-in the screen has confirmed is committed with
// a full fsync before the screen says so. Personal data (first name, initial, code) is
// erased after the site's retention days; the anonymous rest stays for the counts.

#include "content/feed/result.h"
#include "content/feed/types.h"
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
};

struct HeadCount {
    std::string day; // YYYY-MM-DD, local
    int hour = 0;    // local
    std::string purpose_id;
    int count = 0;
};

class CheckinStore {
public:
    explicit CheckinStore(Database& db) : m_db(db) {}

    // A named or discreet check-in with a fresh check-out code unique among people inside;
    // next_code is asked again if a code is taken.
    Result<CheckinRecord> check_in(const std::string& purpose_id, const std::string& kind, const std::string& event_id,
        const std::string& first_name, const std::string& initial, const std::function<std::string()>& next_code, feed::Instant now);
    Result<Ok> count_head(const std::string& purpose_id, const std::string& local_day, int local_hour); // one anonymous visitor
    std::vector<CheckinRecord> inside();                                  // not checked out, oldest first
    std::optional<CheckinRecord> inside_by_code(const std::string& code);
    std::optional<CheckinRecord> by_id(std::int64_t id);
    Result<bool> check_out(std::int64_t id, CheckoutKind, feed::Instant now); // false if already out
    Result<int> check_out_everyone(CheckoutKind, feed::Instant now);          // how many
    Result<bool> mark_located(std::int64_t id, feed::Instant now);
    Result<int> erase_personal_data(feed::Instant older_than);               // names and codes of visits before then
    std::vector<HeadCount> head_counts(const std::string& local_day);
    std::int64_t count_all();                                                // every check-in ever recorded

private:
    Database& m_db;
};

std::string_view to_code(CheckoutKind);

} // namespace coi::store
