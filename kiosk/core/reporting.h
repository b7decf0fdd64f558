#pragma once
// Check-in reporting: the rules that turn the building's check-ins into anonymous numbers
// for the people who fund it. Which id a check-in is counted under (a discreet visit only
// as "private", and only where the site names that category), volunteers' hours summed per
// day, the three faces of "How did we do today?", and the words a visitor chose for
// "Remember me for next time?" made canonical before the store hashes them. Pure: the
// zone and the visits are parameters.

#include "content/feed/types.h"
#include "kiosk/core/time_zone.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coi::core {

// The id sessions are counted under, and the one every discreet purpose shares.
constexpr std::string_view kSessionPurpose = "session";
constexpr std::string_view kPrivatePurpose = "private";

// The id a check-in may leave the building under, or nullopt when it must not. stored_kind
// is what the kiosk recorded ("headcount" for a one-tap count, "named" or "discreet" for a
// check-in row). Fails closed: a kind this version does not know, or a purpose the site no
// longer lists, is not counted; a visit that is discreet by its record or by the site's
// list now counts only as "private", and only when the site has a private_label.
std::optional<std::string> reported_purpose(const feed::CheckinSettings&, std::string_view purpose_id, std::string_view stored_kind);

// [SECTION] Volunteer hours

struct VolunteerVisit {
    feed::Instant checked_in_at = 0;
    feed::Instant checked_out_at = 0;
    bool signed_out_at_closing = false; // the automatic sign-out: counted to closing time
};

struct VolunteerDay {
    std::string date;            // local date of the check-in
    int people = 0;
    std::int64_t minutes = 0;    // each visit's minutes, rounded to the nearest
    int to_closing = 0;          // of people: signed out automatically
    bool operator==(const VolunteerDay&) const = default;
};

// Ended volunteer visits summed per local day of their check-in, in date order. A visit
// signed out at closing counts to that day's closing time, not to whenever the kiosk got
// round to it (it may have been off at closing).
std::vector<VolunteerDay> tally_volunteers(const feed::Feed&, const TimeZone&, const std::vector<VolunteerVisit>&);

// [SECTION] How did we do today?

enum class Face { Happy, Okay, Unhappy };
std::string_view to_code(Face); // happy | okay | unhappy
std::optional<Face> face_from_code(std::string_view);

// Whether to ask after a check-in of this kind (a one-tap count) or a check-out.
enum class AskAfter { CheckIn, CheckOut };
bool asks_feedback(const feed::CheckinSettings&, AskAfter, feed::PurposeKind);

// [SECTION] Remember me for next time?

constexpr std::size_t kRememberMinCharacters = 4;
// What the visitor typed (a 4-character code, or a first name and initial), made canonical
// so "sam k" and "Sam  K" are the same: one case (lower), single spaces, no space at either end.
// nullopt if it is shorter than kRememberMinCharacters.
std::optional<std::string> remember_words(std::string_view typed);

// [SECTION] Days and weeks

feed::Date week_start(feed::Date); // the Monday of the date's week

} // namespace coi::core
