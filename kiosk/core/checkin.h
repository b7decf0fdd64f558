#pragma once
// The check-in and check-out flow as a pure state machine. The UI turns taps and keys into
// Actions; step() returns the new state and, when something must be recorded, a Record
// for the app to write to the store. Time is a parameter: the inactivity timeout and the
// "done" screen's return to signage are decided here, not by a timer.

#include "content/feed/types.h"
#include "kiosk/core/schedule.h"
#include "kiosk/core/time_zone.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::core {

// Remember: "Remember me for next time?", typing the words to be remembered by.
enum class Step { Signage, Welcome, Purpose, Name, Done, Checkout, CheckoutDone, Remember };

// One tile on "What brings you in today?": a session of today, or a site purpose.
struct Tile {
    std::string purpose_id;   // "session" for a session tile
    std::string event_id;     // the session, for session tiles
    std::string label;        // the session title, or the purpose label ("Private appointment" for discreet ones)
    std::string detail;       // "Now · Main Hall", "Next 12:00 · Café", or "One tap, no typing"
    std::string room;
    feed::PurposeKind kind = feed::PurposeKind::HeadCount;
    bool now = false;
    feed::Instant start = 0;  // a session tile: its occurrence's start, for the register
    bool volunteer = false;   // the purpose counts volunteer hours
};

// Someone inside, as the check-out screen may show them: first name and initial only.
struct Match {
    std::int64_t id = 0;
    std::string label; // "Sam K."
};

struct CheckinState {
    Step step = Step::Signage;
    feed::Instant last_input = 0;
    std::optional<Tile> chosen;
    std::string name;        // as typed
    std::string initial;     // as typed
    bool typing_initial = false;
    bool shift = true;       // capital first letter
    bool trimmed = false;    // the visitor's text was cleaned; say so
    std::string query;       // check-out: letters of a first name, or a code
    std::string done_title;  // "Welcome, Sam."
    std::string done_detail; // "Bingo is in the Main Hall."
    std::string code;        // the visitor's check-out code, on the done screen
    feed::Instant done_at = 0;
    // On the done screens: "How did we do today?" (three faces, counted under
    // feedback_purpose, a reported purpose id) and "Remember me for next time?".
    bool ask_feedback = false;
    std::string feedback_purpose;
    bool feedback_given = false; // a face was tapped: "Thank you" in its place
    bool offer_remember = false;
    std::string remember_text;   // Remember step: as typed
    // This visitor's choices on the welcome screen: they last for this check-in or check-out
    // and are forgotten when the screen goes back to signage. Unset: the site's default.
    std::string language;              // "pl"; empty: FlowSettings::language
    std::optional<bool> large_text;    // unset: FlowSettings::large_text
    std::optional<bool> high_contrast; // unset: FlowSettings::high_contrast
};

enum class ActionKind {
    Touch,          // any touch: wakes signage into the welcome screen
    StartCheckIn, StartCheckOut, Back, Cancel,
    ChooseTile,     // index into tiles()
    Type,           // text: one key or pasted characters
    Backspace, Shift, NextField, Confirm,
    ChooseMatch,    // a Match id, check out that person
    ChooseLanguage, // text: a language code with a table ("uk"); lasts until signage
    ToggleLargeText, ToggleContrast, // the visitor's own reading settings, until signage
    ChooseFace,     // text: happy | okay | unhappy, on a done screen that asks
    StartRemember,  // "Remember me for next time?" on the check-in done screen
};

struct Action {
    ActionKind kind = ActionKind::Touch;
    std::string text;    // Type
    std::int64_t id = 0; // ChooseTile index, ChooseMatch id
};

// What the app must write for this step to be true.
struct Record {
    enum class Kind { HeadCount, Named, CheckOutById, CheckOutByCode, Feedback, Remember } kind = Kind::HeadCount;
    std::string purpose_id;
    std::string event_id;
    feed::PurposeKind purpose_kind = feed::PurposeKind::HeadCount;
    std::string first_name;
    std::string initial;
    std::int64_t id = 0;
    std::string code;
    std::optional<feed::Instant> occurrence_start; // Named: a session's occurrence
    bool volunteer = false;                        // Named: the purpose counts volunteer hours
    std::string face;                              // Feedback: happy | okay | unhappy; purpose_id is what it counts under
    std::string words;                             // Remember: canonical (remember_words), for the store to hash
};

struct FlowSettings {
    int timeout_seconds = 60;  // any check-in step returns to signage after this long untouched
    int done_seconds = 8;      // the done screen goes back to signage by itself
    std::string language = "en";    // the site's default language
    bool large_text = false;        // the site's default text size
    bool high_contrast = false;     // the site's default theme
    int question_seconds = 20;      // a done screen that asks something waits this long instead
    feed::FeedbackMode feedback = feed::FeedbackMode::Off; // the site's check-in reporting settings
    bool remember = false;
    int retention_days = 14;        // how long names, codes and remembered words are kept
};

// The settings for this visitor: the site's, with the visitor's own choices on top.
FlowSettings for_visitor(const CheckinState&, const FlowSettings& site);

struct StepResult {
    CheckinState state;
    std::optional<Record> record;
};

// The tiles for the purpose screen at now: sessions happening now, then next, then the
// site's purposes. Discreet purposes show as "Private appointment".
std::vector<Tile> tiles(const feed::Feed&, const TimeZone&, feed::Instant now, const FlowSettings&);

StepResult step(const CheckinState&, const Action&, const feed::Feed&, const TimeZone&, feed::Instant now, const FlowSettings&);
CheckinState tick(const CheckinState&, feed::Instant now, const FlowSettings&); // timeouts; Signage forgets everything
// When a done screen goes back to signage by itself: later when it asks something.
feed::Instant done_until(const CheckinState&, const FlowSettings&);

// After the app has recorded a check-in: the done screen. code is empty for a head count.
// It asks "How did we do today?" after a one-tap check-in if the site says so, and offers
// "Remember me for next time?" where the site does.
CheckinState confirmed_check_in(const CheckinState&, const std::string& code, feed::Instant now, const FlowSettings&);
// feedback_purpose: the reported purpose id the visit counts under (core::reported_purpose);
// nullopt, or a site that does not ask, and there is no question.
CheckinState confirmed_check_out(const CheckinState&, const std::string& first_name, feed::Instant now, const FlowSettings&,
    const std::optional<std::string>& feedback_purpose = std::nullopt);
CheckinState confirmed_feedback(const CheckinState&, feed::Instant now, const FlowSettings&); // the face was counted: "Thank you"
CheckinState confirmed_remember(const CheckinState&, bool returning, feed::Instant now, const FlowSettings&); // words kept (or known)
CheckinState failed(const CheckinState&, const std::string& message, feed::Instant now); // stay, say what went wrong

// Someone inside the building, as the store has them.
struct Person {
    std::int64_t id = 0;
    std::string first_name;
    std::string initial;
    std::string code;
};

// Who the check-out screen may offer for what was typed: only people whose first name
// starts with 2+ typed letters, never a list of everyone inside, and none at all when the
// site checks out by code only. At most `limit`.
std::vector<Match> find_matches(const std::vector<Person>& inside, std::string_view query, feed::CheckoutMode, std::size_t limit = 6);

// When the doors close on that local date; nullopt on a closed day. Everyone still signed
// in then is signed out automatically, marked "auto".
std::optional<feed::Instant> closing_time(const feed::Feed&, const TimeZone&, feed::Date);

// The fire roll-call as plain text: who is inside (first name and initial; discreet
// purposes only as "Private appointment"), who has been located, and today's anonymous
// counts per purpose.
struct RollCallEntry {
    std::string first_name, initial, purpose_id, event_id;
    feed::Instant checked_in_at = 0;
    bool located = false;
    bool discreet = false;
};
struct RollCallCount {
    std::string purpose_id;
    int count = 0;
};
std::string roll_call_text(const feed::Feed&, const TimeZone&, feed::Instant now, const std::vector<RollCallEntry>&, const std::vector<RollCallCount>&);

// A believable state for each step with sample visitor data ("Sam K.", code K7MP), so
// `kiosk --screenshot --page name` shows every step without a real visitor.
CheckinState sample_state(Step, const feed::Feed&, const TimeZone&, feed::Instant now, const FlowSettings&);

// The plain-language line shown before confirming: what is kept, why, for how long.
std::string privacy_line(const feed::Site&, const FlowSettings&);

} // namespace coi::core
