#pragma once
// The server's data library: every read and write of users, sites, screens, content and
// counts, over one SQLite connection. No HTTP here; callers get Outcome values whose
// FailureKind the HTTP layer maps to a status code. Every write that changes what a
// screen shows runs in one transaction, re-validates the whole site's feed with the feed
// library before committing, and bumps the site's content version.

#include "content/feed/types.h"
#include "database.h"
#include "image.h"
#include "outcome.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace coi::server {

// [SECTION] Accounts
enum class Role { Admin, Coordinator, Cafe, Organiser };
std::string_view to_code(Role);
std::optional<Role> role_from_code(std::string_view);

struct User {
    std::int64_t id = 0;
    std::string name;
    Role role = Role::Coordinator;
    std::vector<std::string> sites;                       // coordinator: assigned sites; café: exactly one; organiser: its group's
    std::int64_t group_id = 0;                            // organiser: the group it belongs to; 0 for every other role
    bool may_edit_site(std::string_view site_id) const;   // admin, or an assigned coordinator
    bool may_post_specials(std::string_view site_id) const; // the above, or café of that site
    bool may_organise(std::string_view site_id) const;      // an organiser whose group may use the site
};

struct Session {
    User user;
    std::string csrf;
};

struct NewSession {
    std::string token; // goes in the cookie; only its hash is stored
    std::string csrf;
};

Done check_password_strength(const std::string& password); // repo_users.cpp

// [SECTION] Sites and content
struct SiteRow {
    std::string id;
    nlohmann::json site;     // the feed's "site" object
    nlohmann::json rotation; // the feed's "rotation" object, {} for defaults
    std::int64_t content_version = 1;
    std::int64_t version_at = 0;
    std::string ics_url;
    std::int64_t ics_refreshed_at = 0;
    std::string ics_error;
    nlohmann::json ics_report; // the last import's report (record_ics_report), null for none
};

enum class ItemKind { Event, Notice, Special };
std::string_view to_code(ItemKind); // "events", "notices", "specials": also the table name

enum class ItemSource { Admin, Ics };

struct StoredItem {
    std::string id;
    nlohmann::json item; // the feed's JSON for this item
    ItemSource source = ItemSource::Admin;
    std::int64_t group_id = 0; // events and notices: the organiser group that owns it, 0 for none
};

enum class WriteMode { Create, Replace, Upsert };

struct StoredMedia {
    std::string sha256;
    std::string type;
    std::string bytes;
};

// [SECTION] Screens
struct Screen {
    std::int64_t id = 0;
    std::string site_id;
    std::string name;
    std::string role; // reception, cafe, hall ...: matched against notice "screens"
    bool revoked = false;
    std::int64_t created_at = 0;
    std::int64_t last_seen = 0; // 0: never
    std::int64_t content_version = 0;
    std::string last_error;
    std::string app_version;
    std::int64_t screenshot_at = 0; // 0: none
    // From the last heartbeat; empty when the screen has not said (an older kiosk).
    std::optional<std::int64_t> uptime_seconds;
    std::optional<std::int64_t> last_sync_at;   // the kiosk's last good poll, unix seconds; 0: never
    std::optional<std::int64_t> free_disk_bytes;
    std::optional<std::int64_t> poll_seconds;   // how often it asks for new content
    std::int64_t status_at = 0;                 // when that heartbeat arrived; 0: never
    std::optional<std::int64_t> feed_level;     // the feed level it read at its last poll; empty: not known yet
    std::int64_t error_repeats = 0;             // heartbeats in a row that carried last_error (0 when it is empty)
};

// Something a coordinator asked one screen to do from the Screens page (API.md, "Remote
// actions"): kept until the screen's heartbeat says it is done, or kActionLifetime passes
// (a screen switched off for the night must not restart itself the next morning).
enum class ActionKind { Refresh, Screenshot, Identify, Restart };
std::string_view to_code(ActionKind);
std::optional<ActionKind> action_from_code(std::string_view);
constexpr std::int64_t kActionLifetime = 10 * 60;
constexpr std::size_t kMaxActionsDone = 100; // ids one heartbeat may confirm

struct ScreenAction {
    std::int64_t id = 0;
    ActionKind kind = ActionKind::Refresh;
    std::int64_t asked_at = 0;
    std::int64_t done_at = 0; // 0: not yet
};

// A pairing code as stored and sent by a kiosk: nine digits. An address may hold 60 live
// codes (an hour each, 10 new ones per 10 minutes), so a whole IPv6 /48 holds 0.4% of the
// billion, where it could hold every six-digit code. Six digits are still taken from kiosks
// older than the nine-digit ones, so a screen waiting through the upgrade still pairs; a
// current kiosk never shows one, so squatting them denies only those older screens.
constexpr std::size_t kPairingCodeDigits = 9;
constexpr std::size_t kOlderPairingCodeDigits = 6;
bool is_pairing_code(std::string_view digits);
Done check_screen_role(const std::string& role); // 1 to 32 of a-z, 0-9, - and _ (reception, cafe)

struct PairingState {
    bool created = false; // this call registered the code (rather than polled it)
    bool adopted = false;
    std::string token; // set once, on the poll that collects it
    std::int64_t screen_id = 0;
};

// A heartbeat, as POST /api/v1/status validated it (see API.md).
struct ScreenStatus {
    std::int64_t content_version = 0;
    std::string last_error;
    std::string app_version;
    std::optional<std::int64_t> uptime_seconds;
    std::optional<std::int64_t> last_sync_at;
    std::optional<std::int64_t> free_disk_bytes;
    std::optional<std::int64_t> poll_seconds;
    std::vector<std::int64_t> actions_done; // remote actions carried out since the last heartbeat
};

struct FootfallCount {
    std::string date; // YYYY-MM-DD, local to the site
    int hour = 0;     // 0..23
    std::string purpose;
    std::int64_t count = 0;
};

// The rest of a kiosk's anonymous upload (API.md, POST /api/v1/footfall). Every row is a
// running total for its key, so a resend replaces it. None of them can hold a person: ids
// are the site's own ids, numbers are sums.
struct SessionAttendance {
    std::string date;  // the occurrence's local date
    std::string event; // the event's id
    std::string start; // "HH:MM", the occurrence's local start
    std::int64_t count = 0;
};

struct VolunteerDay {
    std::string date;
    std::int64_t people = 0;     // volunteers who signed in that day
    std::int64_t minutes = 0;    // their time in the building, summed
    std::int64_t to_closing = 0; // of them, signed out automatically at closing (counted to closing time)
};

struct FeedbackCount {
    std::string date;
    std::string purpose; // a purpose id, "session" or "private"
    std::string face;    // "happy", "okay" or "unhappy"
    std::int64_t count = 0;
};

struct ReturningCount {
    std::string date;
    std::int64_t count = 0; // visitors who opted in to be remembered and came again that day
};

struct FootfallUpload {
    std::vector<FootfallCount> counts;
    std::vector<SessionAttendance> sessions;
    std::vector<VolunteerDay> volunteers;
    std::vector<FeedbackCount> feedback;
    std::vector<ReturningCount> returning;
    std::size_t rows() const { return counts.size() + sessions.size() + volunteers.size() + feedback.size() + returning.size(); }
};

// Every stored count of a set of sites over a date range, summed over screens, as the
// reports need them (report.h turns these into tables). Dates are inclusive, YYYY-MM-DD.
struct ReportData {
    struct ByPurpose {    // visits over the period
        std::string site_id, purpose;
        std::int64_t count = 0;
    };
    struct ByMonth {      // visits per month (YYYY-MM); also returning visitors
        std::string site_id, month;
        std::int64_t count = 0;
    };
    struct ByWeekday {    // visits per day of the week, 0 Sunday .. 6 Saturday
        std::string site_id;
        int weekday = 0;
        std::int64_t count = 0;
    };
    struct Hourly {       // visits per hour of day
        std::string site_id;
        int hour = 0;
        std::int64_t count = 0;
    };
    struct Session {      // one occurrence's register
        std::string site_id, date, event, start;
        std::int64_t count = 0;
    };
    struct SessionTotal { // a session over the period: how many times it met, how many came
        std::string site_id, event;
        std::int64_t occurrences = 0, count = 0;
    };
    struct Volunteers {   // per month
        std::string site_id, month;
        std::int64_t people = 0, minutes = 0, to_closing = 0;
    };
    struct Feedback {
        std::string site_id, purpose, face;
        std::int64_t count = 0;
    };
    // A key may come twice (from whole months and from the days at the ends): sum them.
    std::vector<ByPurpose> purposes;
    std::vector<ByMonth> months;
    std::vector<ByWeekday> weekdays;
    std::vector<Hourly> hourly;
    std::vector<Session> sessions; // filled only for a report of one building (report_data's `registers`)
    std::vector<SessionTotal> session_totals;
    std::vector<Volunteers> volunteers;
    std::vector<Feedback> feedback;
    std::vector<ByMonth> returning;
};

constexpr std::size_t kMaxScreenshotBytes = 2 * 1024 * 1024;
constexpr std::size_t kMaxStatusErrorBytes = 1000; // a heartbeat's last_error
constexpr std::size_t kMaxAppVersionBytes = 64;    // a heartbeat's app_version
constexpr std::size_t kMaxMediaBytes = 10 * 1024 * 1024;

// How long a deleted event, notice or special can be brought back, exactly as it was.
constexpr std::int64_t kUndoSeconds = 60;

// An item deleted less than kUndoSeconds ago, as it was stored.
struct DeletedItem {
    std::string id;
    nlohmann::json item;
    std::int64_t seconds_left = 0;
};

// [SECTION] Screens that ask for help (repo_alerts.cpp)
struct SiteAlerts {
    int silent_minutes = 15; // a screen silent this long in opening hours is a problem
    std::string webhook_url; // "" for none
};

struct OpenProblem {
    std::int64_t screen_id = 0;
    std::string kind; // screen_health.h's to_code(ProblemKind)
    std::int64_t since = 0;
    std::string words;
};

// [SECTION] Suggestions from the public (repo_suggestions.cpp)
// How long a suggestion, and the email address it came with, is kept: long enough to reply
// and to see it through, short enough that a visitor's address does not linger.
constexpr std::int64_t kKeepSuggestionsSeconds = 90 * 24 * 3600;

struct Suggestion {
    std::int64_t id = 0;
    std::string site_id;
    std::string title;
    std::string when; // free text, as the visitor wrote it
    std::string details;
    std::string email;
    std::int64_t received_at = 0;
};

// [SECTION] Organiser groups, changes waiting, audit
// A group may use some buildings and, in each, only the rooms listed (none: notices only).
struct Group {
    std::int64_t id = 0;
    std::string name;
    std::map<std::string, std::vector<std::string>> rooms; // site id -> room ids allowed
    bool trusted = false;                                  // its changes go live at once and are listed for undo
    bool suspended = false;                                // its organisers cannot sign in
};

struct Organiser {
    std::int64_t id = 0;
    std::string name;
    std::int64_t group_id = 0;
    bool suspended = false;
};

constexpr std::int64_t kInviteSeconds = 7 * 24 * 3600;
constexpr std::int64_t kAuditKeepSeconds = 366 * 24 * 3600; // a year, leap years included

struct NewInvite {
    std::string token; // goes in the link; only its hash is stored
    std::int64_t expires_at = 0;
};

// An organiser's change to an event or a notice: waiting for a coordinator, or (a trusted
// group's) live and open to undo.
enum class ChangeState { Waiting, Approved, Rejected, Live, Undone };
std::string_view to_code(ChangeState);

struct Change {
    std::int64_t id = 0;
    std::string site_id;
    std::int64_t group_id = 0;
    std::string group_name;
    std::string user_name;
    ItemKind kind = ItemKind::Event;
    std::string item_id;
    nlohmann::json proposed;
    nlohmann::json replaces; // null: a new item
    std::string description; // in words: "Choir: Tuesday 19:00 → Wednesday 19:00"
    ChangeState state = ChangeState::Waiting;
    std::int64_t created_at = 0;
    std::string decided_by;
    std::int64_t decided_at = 0;
};

struct AuditEntry {
    std::int64_t at = 0;
    std::string site_id;
    std::string who;
    std::string what;
};

class Repository {
public:
    static Outcome<std::unique_ptr<Repository>> open(const std::string& database_path);
    explicit Repository(std::unique_ptr<Database> db) : m_db(std::move(db)) {}
    // Why nothing can be saved ("" when the database opened for writing): a full or read-only
    // disk at start. The server still serves what the database holds.
    const std::string& read_only_reason() const { return m_read_only_reason; }

    // Time is a parameter for tests; the server passes the wall clock.
    void set_clock(std::int64_t (*now)()) { m_now = now; }
    std::int64_t now() const { return m_now(); }

    // [SECTION] Users and sessions (repo_users.cpp)
    Outcome<User> create_user(const std::string& name, const std::string& password, Role role,
                              std::vector<std::string> sites);
    Outcome<User> update_user(std::int64_t id, const std::optional<std::string>& password, Role role,
                              std::vector<std::string> sites);
    Done delete_user(std::int64_t id);
    std::vector<User> users();
    Outcome<User> user(std::int64_t id);
    Outcome<User> check_password(const std::string& name, const std::string& password); // Unauthorised on mismatch
    std::size_t user_count();
    NewSession create_session(std::int64_t user_id, int hours);
    std::optional<Session> session(const std::string& token);
    void delete_session(const std::string& token);

    // [SECTION] Sites (repo_sites.cpp)
    std::vector<SiteRow> sites();
    Outcome<SiteRow> site(const std::string& id);
    Outcome<SiteRow> create_site(const nlohmann::json& site_json);
    Outcome<SiteRow> update_site(const std::string& id, const nlohmann::json& site_json);
    Done set_rotation(const std::string& id, const nlohmann::json& rotation_json);
    Done delete_site(const std::string& id);
    // A whole feed document (site, rotation, events, notices, specials) as a new site, in one
    // transaction and one content version. Its images must already be stored.
    Done import_site(const nlohmann::json& feed_document);
    Done set_ics_url(const std::string& id, const std::string& url);
    void record_ics_refresh(const std::string& id, const std::string& error);
    // {"at", "in_calendar", "imported", "skipped": [sentences]}: what a coordinator reads on
    // the calendar panel about the last import.
    void record_ics_report(const std::string& id, const nlohmann::json& report);

    // [SECTION] Events, notices, specials (repo_items.cpp)
    Outcome<std::vector<StoredItem>> items(ItemKind kind, const std::string& site_id);
    Outcome<StoredItem> put_item(ItemKind kind, const std::string& site_id, const nlohmann::json& item, WriteMode mode);
    // A delete is kept for kUndoSeconds (in memory: a restart forgets it) so that it can be
    // undone, from any page or after a reload, with the same id and content.
    Done delete_item(ItemKind kind, const std::string& site_id, const std::string& item_id);
    Outcome<StoredItem> restore_item(ItemKind kind, const std::string& site_id, const std::string& item_id);
    std::vector<DeletedItem> recently_deleted(ItemKind kind, const std::string& site_id);
    Outcome<StoredItem> cancel_occurrence(const std::string& site_id, const std::string& event_id,
                                          const std::string& date, bool cancelled);
    Done replace_ics_events(const std::string& site_id, const std::vector<nlohmann::json>& events);
    // Kiosk staff mode: an upsert that happens at most once per client UUID.
    Outcome<StoredItem> post_special_once(const std::string& site_id, const std::string& client_uuid,
                                          const nlohmann::json& special);

    // [SECTION] Media (repo_media.cpp)
    // `crop`: the part of the upright picture to keep (a frame the coordinator placed).
    // An upload: a picture, decoded and encoded again; an SVG is refused (it can carry scripts).
    Outcome<feed::Media> put_media(const std::string& type, const std::string& bytes,
                                   const std::optional<CropFraction>& crop = std::nullopt);
    // The demo building's own drawings, built into the program: its SVGs are kept as they are.
    Outcome<feed::Media> put_builtin_media(const std::string& type, const std::string& bytes);
    std::optional<StoredMedia> media(const std::string& sha256);
    std::vector<feed::Media> media_list(const std::vector<std::string>& hashes);

    // [SECTION] Screens that ask for help (repo_alerts.cpp)
    SiteAlerts site_alerts(const std::string& site_id);                  // the defaults when never set
    Done set_site_alerts(const std::string& site_id, const SiteAlerts&); // NotFound for no such site
    std::map<std::int64_t, std::string> user_emails();                   // user id -> address, for those who gave one
    Done set_user_email(std::int64_t user_id, const std::string& email); // "" removes it
    std::vector<std::string> alert_emails(const std::string& site_id);   // the site's coordinators and every admin with an address
    std::vector<OpenProblem> open_problems();                            // every screen's problems already told
    // A problem starts (told) or clears (told): each returns false when that was recorded
    // already, so a problem is told once however often the checker looks.
    bool open_problem(std::int64_t screen_id, const std::string& kind, const std::string& words);
    bool close_problem(std::int64_t screen_id, const std::string& kind);

    // [SECTION] Screens and pairing (repo_screens.cpp)
    // NewCodes::Refuse: only an existing code may be polled; a new one is TooMany (the
    // caller's per-address limit on new codes has been reached).
    enum class NewCodes { Allow, Refuse };
    Outcome<PairingState> register_pairing(const std::string& code, const std::string& secret,
                                           NewCodes new_codes = NewCodes::Allow);
    Outcome<Screen> adopt_screen(const std::string& code, const std::string& site_id, const std::string& role,
                                 const std::string& name);
    std::vector<Screen> screens();
    Outcome<Screen> screen(std::int64_t id);
    Outcome<Screen> screen_by_token(const std::string& token); // Unauthorised or Revoked
    Outcome<Screen> update_screen(std::int64_t id, const std::string& site_id, const std::string& role,
                                  const std::string& name);
    Done revoke_screen(std::int64_t id);
    void touch_screen(std::int64_t id);
    void record_feed_level(std::int64_t id, int level); // the X-Feed-Level of the screen's poll
    void record_status(std::int64_t screen_id, const ScreenStatus& status);
    Done record_screenshot(std::int64_t screen_id, const std::string& png);
    std::optional<std::string> screenshot(std::int64_t screen_id);
    Outcome<ScreenAction> ask_action(std::int64_t screen_id, ActionKind kind);          // NotFound, or Conflict if revoked
    std::vector<ScreenAction> pending_actions(std::int64_t screen_id);                  // not done, not expired, oldest first
    std::vector<ScreenAction> recent_actions(std::int64_t screen_id);                   // the last few asked, newest first
    void confirm_actions(std::int64_t screen_id, const std::vector<std::int64_t>& ids); // ids of other screens are ignored
    // Each screen with an action pending and the newest such action's id: what nchan's
    // per-screen channels are told ("something is waiting for screen X").
    std::vector<std::pair<std::int64_t, std::int64_t>> newest_pending_actions();

    // [SECTION] Footfall (repo_footfall.cpp)
    Done record_footfall(const Screen& screen, const std::vector<FootfallCount>& counts);
    // The whole upload in one transaction: checked in full first, so nothing is partly stored.
    Done record_footfall(const Screen& screen, const FootfallUpload& upload);
    std::vector<FootfallCount> footfall(const std::string& site_id, const std::string& from_date);
    // `registers`: every session occurrence's attendance too (a list as long as the period,
    // for one building's report).
    ReportData report_data(const std::vector<std::string>& site_ids, const std::string& from, const std::string& to,
                           bool registers = true);
    // Retention: every anonymous count dated before `before` (YYYY-MM-DD) is deleted; returns
    // how many rows went.
    std::int64_t purge_counts_before(const std::string& before);
    // The counts older than keep_years (to the day, by the clock) purged, at most once a day:
    // the server calls this at start and on every upload. Returns the rows deleted. The audit
    // list's year-old entries go in the same round (purge_expired_audit).
    std::int64_t purge_expired_counts(int keep_years);

    // [SECTION] Emergency mode (repo_emergency.cpp)
    // Each starts or ends the building's emergency and bumps its content version, so every
    // screen hears of it through the same notification as any save. `at`: when it happened,
    // for a kiosk reporting what it did while the server was out of reach (clamped to now);
    // a state older than the one stored is Conflict (the newer one stands).
    Outcome<feed::Emergency> start_emergency(const std::string& site_id, feed::EmergencyKind kind, const std::string& message, const std::string& started_by,
        std::optional<std::int64_t> at = std::nullopt);
    Outcome<feed::Emergency> end_emergency(const std::string& site_id, const std::string& ended_by,
        std::optional<std::int64_t> at = std::nullopt);                   // NotFound if none is on
    std::optional<feed::Emergency> emergency(const std::string& site_id); // the last one, on or ended
    // The building's key for its kiosks' local-network messages, made on first use. Only for
    // a paired screen's own feed (FeedCache); never on a public route.
    std::string lan_key(const std::string& site_id);
    // [SECTION] Suggestions from the public (repo_suggestions.cpp)
    // The form's fields as read_suggestion_form checked them. NotFound for no such site.
    Outcome<Suggestion> add_suggestion(
        const std::string& site_id, const std::string& title, const std::string& when, const std::string& details, const std::string& email);
    std::vector<Suggestion> waiting_suggestions(const std::string& site_id); // oldest first
    // Out of the queue: approved (kept, with its email, until purged) or dismissed (gone at once).
    Outcome<Suggestion> approve_suggestion(const std::string& site_id, std::int64_t id);
    Done dismiss_suggestion(const std::string& site_id, std::int64_t id);
    // Every suggestion received more than kKeepSuggestionsSeconds ago, by the clock; returns how many.
    std::int64_t purge_expired_suggestions();
    // [SECTION] Organiser groups, invites, changes waiting, audit (repo_groups.cpp)
    Outcome<Group> create_group(const std::string& name, const std::map<std::string, std::vector<std::string>>& rooms, bool trusted);
    Outcome<Group> update_group(std::int64_t id, const std::string& name, const std::map<std::string, std::vector<std::string>>& rooms, bool trusted);
    Outcome<Group> group(std::int64_t id);
    std::vector<Group> groups();
    std::vector<Organiser> organisers(std::int64_t group_id);
    // Suspending ends the sessions of every organiser concerned at once.
    Done set_group_suspended(std::int64_t id, bool suspended);
    Done set_organiser_suspended(std::int64_t user_id, bool suspended);
    NewInvite create_invite(std::int64_t group_id);
    Outcome<Group> invite_group(const std::string& token); // NotFound for unknown, spent or expired
    // Spends the token and makes the organiser account, in one transaction.
    Outcome<User> accept_invite(const std::string& token, const std::string& name, const std::string& password);
    // The group owning an event or notice (0: none), NotFound when there is no such item.
    Outcome<std::int64_t> item_group(ItemKind kind, const std::string& site_id, const std::string& item_id);
    // Every check an admin save runs, then rolled back: nothing is stored.
    Done check_item(ItemKind kind, const std::string& site_id, const nlohmann::json& item, WriteMode mode);
    // Stores the item as an admin save does, owned by the group.
    Outcome<StoredItem> put_group_item(ItemKind kind, const std::string& site_id, const nlohmann::json& item, WriteMode mode, std::int64_t group_id);
    Outcome<Change> record_change(const Change& change);
    Outcome<Change> change(std::int64_t id);
    std::vector<Change> changes(const std::string& site_id, ChangeState state, std::int64_t since = 0);
    Done decide_change(std::int64_t id, ChangeState state, const std::string& decided_by);
    void record_audit(const std::string& site_id, const std::string& who, const std::string& what);
    std::vector<AuditEntry> audit(const std::string& site_id, std::size_t limit = 500); // newest first
    // Retention: audit entries older than kAuditKeepSeconds by the clock deleted; returns how many.
    std::int64_t purge_expired_audit();

    // [SECTION] Feed assembly (feed_builder.cpp)
    // The whole feed for a site, or for one screen role (notices filtered to that role).
    Outcome<feed::Feed> assemble_feed(const std::string& site_id, const std::optional<std::string>& screen_role);
    std::optional<std::int64_t> content_version(const std::string& site_id); // cheap: no JSON parsed

    // [SECTION] Draft previews (repo_items.cpp, repo_media.cpp)
    // The feed a screen of `screen_role` would get were `item` saved as put_item would save it:
    // the same checks (a refusal is the one a save would give), then written, assembled and
    // rolled back inside one transaction, so nothing is stored and no version is spent.
    Outcome<feed::Feed> draft_feed(
        ItemKind kind, const std::string& site_id, const nlohmann::json& item, WriteMode mode, const std::optional<std::string>& screen_role);
    // A stored picture cropped again (`crop` of it, as fractions) and stored as a new picture;
    // the old one stays for whatever still uses it. NotFound when there is no such picture.
    Outcome<feed::Media> recrop_media(const std::string& sha256, const CropFraction& crop);

private:
    std::string m_read_only_reason;
    // Helpers that expect m_mutex held and, for writes, a Transaction open.
    Done validate_site_feed(const std::string& site_id); // the whole feed parses: nothing invalid is committed
    std::int64_t bump_version(const std::string& site_id);
    bool site_exists(const std::string& site_id);
    Outcome<StoredItem> put_item_locked(ItemKind kind, const std::string& site_id, const nlohmann::json& item,
                                        WriteMode mode, ItemSource source, const feed::Site* site = nullptr);
    Outcome<User> load_user(Statement& row);
    bool is_suspended(std::int64_t user_id); // the account or its group
    void forget_old_deletes(); // what kUndoSeconds no longer covers
    feed::Media store_media(const std::string& type, const std::string& bytes);

    struct Deleted {
        nlohmann::json item;
        std::int64_t deleted_at = 0;
    };
    // (kind, site, id) -> the item as it was stored when deleted.
    std::map<std::tuple<ItemKind, std::string, std::string>, Deleted> m_deleted;

    std::unique_ptr<Database> m_db;
    std::recursive_mutex m_mutex; // one connection, one writer at a time; recursive so public calls compose
    std::int64_t (*m_now)() = &wall_clock;
    std::string m_counts_purged_on; // the UTC day purge_expired_counts last ran
    static std::int64_t wall_clock();
};

// Errors the repository throws only for broken invariants become this at the HTTP boundary.
std::string describe_json_type(const nlohmann::json& value); // "a string", "a number" ... for messages

} // namespace coi::server
