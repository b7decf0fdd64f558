#pragma once
// Suggestions from the public ("Suggest an event or notice" on the What's on page): the
// parts with no HTTP and no database, each a rule tested by itself with time as a parameter.
//   - SuggestionLimiter: how many suggestions one address, and everyone together, may send;
//   - the spam trap: a field people never see (a bot fills it in) and a signed stamp of when
//     the form was drawn (a bot posts within a second; a stamp cannot be made up or reused a
//     day later). Neither needs a third-party service, and a bot caught by either is told
//     "thank you" like anyone else, so it learns nothing;
//   - read_suggestion_form: the form's fields, each error said at its field.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coi::server {

// [SECTION] Rate limit
struct SuggestionLimits {
    int per_address_hour = 3;
    int per_address_day = 20;
    int everyone_day = 200; // a flood from many addresses still cannot fill the queue
};

enum class LimitVerdict { Taken, AddressHour, AddressDay, Everyone };

class SuggestionLimiter {
public:
    explicit SuggestionLimiter(SuggestionLimits limits = {}) : m_limits(limits) { }
    // Counts the suggestion when it is Taken; a refused one counts for nothing. `address_key`
    // as auth.h's address_key (an IPv6 /64 is one address).
    LimitVerdict take(const std::string& address_key, std::int64_t now);

private:
    SuggestionLimits m_limits;
    std::mutex m_mutex;
    // Every suggestion taken in the last day, oldest first: at most everyone_day entries, so
    // memory stays bounded whatever the addresses.
    std::deque<std::pair<std::int64_t, std::string>> m_taken;
};

// [SECTION] Spam trap
constexpr std::int64_t kMinFillSeconds = 3;            // nobody types a title, a time and an email faster
constexpr std::int64_t kMaxFormAgeSeconds = 24 * 3600; // a form left open overnight is drawn again
constexpr const char* kHoneypotField = "website";      // hidden from people and screen readers

// The stamp's key, derived from a secret the server keeps (its feed-signing key), so stamps
// outlive a restart and cannot be made by anyone else.
std::string form_stamp_key(std::string_view server_secret);
// "<unix seconds>.<hex MAC over site and time>", for the form's hidden "stamp" field.
std::string make_form_stamp(const std::string& key, const std::string& site_id, std::int64_t now);

enum class TrapVerdict {
    Person,   // send it on
    Honeypot, // the hidden field was filled in: silently dropped
    TooFast,  // sent under kMinFillSeconds after the form was drawn: silently dropped
    Forged,   // no stamp, a stamp for another site, a bad MAC, a time ahead: silently dropped
    Stale,    // older than kMaxFormAgeSeconds: the form is drawn again, asking to send it again
};
TrapVerdict check_spam_trap(const std::string& key, const std::string& site_id, const std::string& stamp, const std::string& honeypot, std::int64_t now);

// [SECTION] The form
constexpr std::size_t kMaxSuggestionBodyBytes = 8 * 1024; // the form's few fields, percent-encoded
constexpr std::size_t kMaxTitleChars = 120;
constexpr std::size_t kMaxWhenChars = 120;
constexpr std::size_t kMaxDetailsChars = 1000;
constexpr std::size_t kMaxEmailChars = 254;

struct SuggestionForm {
    std::string title;   // "Knit and natter"
    std::string when;    // free text ("Tuesdays from 2pm") or a date and time from the browser's picker
    std::string details; // optional
    std::string email;   // so the building can reply; never shown anywhere public
};

struct FieldError {
    std::string field; // the form's field name
    std::string message;
};

struct ReadSuggestion {
    SuggestionForm form; // as sent, trimmed: drawn back into the form when there are errors
    std::vector<FieldError> errors;
};

// application/x-www-form-urlencoded -> name -> value. nullopt for a body that is not: a bad
// %-escape, a field given twice.
std::optional<std::map<std::string, std::string>> parse_form_body(std::string_view body);
ReadSuggestion read_suggestion_form(const std::map<std::string, std::string>& fields);

} // namespace coi::server
