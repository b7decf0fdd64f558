// Screens and pairing. A kiosk shows a 9-digit code and polls POST /api/v1/pair with it
// and a secret only it knows; a coordinator adopts the code; the next poll collects the
// device token, whose hash alone is kept.
#include "repository.h"
#include "secrets.h"

#include <array>

namespace coi::server {

namespace {

constexpr std::int64_t kPairingLifetime = 60 * 60; // an unadopted code is forgotten after an hour

constexpr const char* kScreenColumns = "SELECT id, site_id, name, role, revoked, created_at, last_seen, content_version, last_error, app_version, "
                                       "screenshot_at, uptime_seconds, last_sync_at, free_disk_bytes, status_at, poll_seconds, feed_level, error_repeats FROM screens";

std::optional<std::int64_t> optional_integer(Statement& row, int column)
{
    return row.is_null(column) ? std::nullopt : std::optional<std::int64_t>(row.integer(column));
}

void bind_optional(Statement& statement, int index, const std::optional<std::int64_t>& value)
{
    if (value)
        statement.bind(index, *value);
    else
        statement.bind_null(index);
}

Screen read_screen(Statement& row)
{
    Screen screen;
    screen.id = row.integer(0);
    screen.site_id = row.text(1);
    screen.name = row.text(2);
    screen.role = row.text(3);
    screen.revoked = row.integer(4) != 0;
    screen.created_at = row.integer(5);
    screen.last_seen = row.integer(6);
    screen.content_version = row.integer(7);
    screen.last_error = row.text(8);
    screen.app_version = row.text(9);
    screen.screenshot_at = row.integer(10);
    screen.uptime_seconds = optional_integer(row, 11);
    screen.last_sync_at = optional_integer(row, 12);
    screen.free_disk_bytes = optional_integer(row, 13);
    screen.status_at = row.integer(14);
    screen.poll_seconds = optional_integer(row, 15);
    screen.feed_level = optional_integer(row, 16);
    screen.error_repeats = row.integer(17);
    return screen;
}

Done check_screen_fields(const std::string& role, const std::string& name)
{
    if (auto checked = check_screen_role(role); !checked)
        return checked;
    if (name.empty() || name.size() > 64)
        return bad_input("field \"name\": must be 1 to 64 characters");
    return done();
}

} // namespace

Done check_screen_role(const std::string& role)
{
    if (role.empty() || role.size() > 32)
        return bad_input("field \"role\": must be 1 to 32 characters, e.g. reception or cafe");
    for (char c : role)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return bad_input("field \"role\": use only a-z, 0-9, - and _ (e.g. reception)");
    return done();
}

bool is_pairing_code(std::string_view digits)
{
    return (digits.size() == kPairingCodeDigits || digits.size() == kOlderPairingCodeDigits) &&
           digits.find_first_not_of("0123456789") == std::string_view::npos;
}

Outcome<PairingState> Repository::register_pairing(const std::string& code, const std::string& secret, NewCodes new_codes)
{
    if (!is_pairing_code(code))
        return bad_input("field \"code\": must be 9 digits");
    if (secret.size() < 16 || secret.size() > 128)
        return bad_input("field \"secret\": must be 16 to 128 characters");
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    m_db->prepare("DELETE FROM pairings WHERE created_at < ?").bind(1, now() - kPairingLifetime).run();
    auto row = m_db->prepare("SELECT secret_hash, screen_id, token FROM pairings WHERE code = ?");
    row.bind(1, code);
    PairingState state;
    if (!row.step()) {
        if (new_codes == NewCodes::Refuse)
            return Failure{FailureKind::TooMany, "too many new pairing codes from this address; wait a few minutes"};
        state.created = true;
        m_db->prepare("INSERT INTO pairings(code, secret_hash, created_at) VALUES(?, ?, ?)")
            .bind(1, code).bind(2, token_hash(secret)).bind(3, now()).run();
    } else {
        if (!same_secret(row.text(0), token_hash(secret)))
            return conflict("code " + code + " is already waiting on another screen; show a new code");
        if (!row.is_null(1)) {
            state.adopted = true;
            state.screen_id = row.integer(1);
            state.token = row.text(2);
        }
    }
    tx.commit();
    return state;
}

Outcome<Screen> Repository::adopt_screen(const std::string& code, const std::string& site_id, const std::string& role,
                                         const std::string& name)
{
    if (auto checked = check_screen_fields(role, name); !checked)
        return checked.failure();
    std::lock_guard lock(m_mutex);
    Transaction tx(*m_db);
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    auto row = m_db->prepare("SELECT screen_id FROM pairings WHERE code = ? AND created_at >= ?");
    row.bind(1, code).bind(2, now() - kPairingLifetime);
    if (!row.step())
        return not_found("no screen is showing code " + code + " right now; check the number on the screen");
    if (!row.is_null(0))
        return conflict("code " + code + " has already been used; the screen will show a new one if needed");
    auto token = random_token();
    m_db->prepare("INSERT INTO screens(site_id, name, role, token_hash, created_at) VALUES(?, ?, ?, ?, ?)")
        .bind(1, site_id).bind(2, name).bind(3, role).bind(4, token_hash(token)).bind(5, now()).run();
    auto id = m_db->last_insert_id();
    m_db->prepare("UPDATE pairings SET screen_id = ?, token = ? WHERE code = ?").bind(1, id).bind(2, token).bind(3, code).run();
    tx.commit();
    return screen(id);
}

std::vector<Screen> Repository::screens()
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare(std::string(kScreenColumns) + " ORDER BY site_id, name");
    std::vector<Screen> result;
    while (rows.step())
        result.push_back(read_screen(rows));
    return result;
}

Outcome<Screen> Repository::screen(std::int64_t id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare(std::string(kScreenColumns) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step())
        return not_found("no screen with id " + std::to_string(id));
    return read_screen(row);
}

Outcome<Screen> Repository::screen_by_token(const std::string& token)
{
    if (token.size() != 64)
        return Failure{FailureKind::Unauthorised, "a screen must send its device token: Authorization: Bearer <token>"};
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare(std::string(kScreenColumns) + " WHERE token_hash = ?");
    row.bind(1, token_hash(token));
    if (!row.step())
        return Failure{FailureKind::Unauthorised, "this device token is not known here; pair the screen again"};
    auto screen = read_screen(row);
    if (screen.revoked)
        return Failure{FailureKind::Revoked, "this screen was removed by a coordinator; pair it again to use it"};
    return screen;
}

Outcome<Screen> Repository::update_screen(std::int64_t id, const std::string& site_id, const std::string& role,
                                          const std::string& name)
{
    if (auto checked = check_screen_fields(role, name); !checked)
        return checked.failure();
    std::lock_guard lock(m_mutex);
    if (!site_exists(site_id))
        return not_found("no site \"" + site_id + "\"");
    m_db->prepare("UPDATE screens SET site_id = ?, role = ?, name = ? WHERE id = ?")
        .bind(1, site_id).bind(2, role).bind(3, name).bind(4, id).run();
    if (m_db->changes() == 0)
        return not_found("no screen with id " + std::to_string(id));
    return screen(id);
}

Done Repository::revoke_screen(std::int64_t id)
{
    std::lock_guard lock(m_mutex);
    m_db->prepare("UPDATE screens SET revoked = 1 WHERE id = ?").bind(1, id).run();
    if (m_db->changes() == 0)
        return not_found("no screen with id " + std::to_string(id));
    m_db->prepare("DELETE FROM pairings WHERE screen_id = ?").bind(1, id).run();
    return done();
}

void Repository::touch_screen(std::int64_t id)
{
    if (!m_read_only_reason.empty())
        return; // bookkeeping only: a read-only server still hands the screen its feed
    std::lock_guard lock(m_mutex);
    m_db->prepare("UPDATE screens SET last_seen = ? WHERE id = ?").bind(1, now()).bind(2, id).run();
    // The screen has its token and is using it: the plaintext copy held for pairing can go.
    m_db->prepare("DELETE FROM pairings WHERE screen_id = ?").bind(1, id).run();
}

void Repository::record_feed_level(std::int64_t id, int level)
{
    if (!m_read_only_reason.empty())
        return; // bookkeeping only, as touch_screen
    std::lock_guard lock(m_mutex);
    m_db->prepare("UPDATE screens SET feed_level = ? WHERE id = ?").bind(1, std::int64_t(level)).bind(2, id).run();
}

void Repository::record_status(std::int64_t screen_id, const ScreenStatus& status)
{
    std::lock_guard lock(m_mutex);
    // error_repeats counts heartbeats in a row with the same error (the right-hand side
    // reads the row as it was), so a screen stuck on one failure can ask for help.
    auto update = m_db->prepare("UPDATE screens SET last_seen = ?, content_version = ?, last_error = ?, app_version = ?, "
                                "uptime_seconds = ?, last_sync_at = ?, free_disk_bytes = ?, status_at = ?, poll_seconds = ?, "
                                "error_repeats = CASE WHEN ?3 = '' THEN 0 WHEN last_error = ?3 THEN error_repeats + 1 ELSE 1 END WHERE id = ?");
    update.bind(1, now()).bind(2, status.content_version).bind(3, status.last_error).bind(4, status.app_version);
    bind_optional(update, 5, status.uptime_seconds);
    bind_optional(update, 6, status.last_sync_at);
    bind_optional(update, 7, status.free_disk_bytes);
    update.bind(8, now());
    bind_optional(update, 9, status.poll_seconds);
    update.bind(10, screen_id).run();
    m_db->prepare("DELETE FROM pairings WHERE screen_id = ?").bind(1, screen_id).run();
}

Done Repository::record_screenshot(std::int64_t screen_id, const std::string& png)
{
    if (png.size() > kMaxScreenshotBytes)
        return Failure{FailureKind::TooLarge, "a screenshot must be at most 2 MB"};
    if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0)
        return bad_input("the screenshot must be a PNG image");
    std::lock_guard lock(m_mutex);
    m_db->prepare("UPDATE screens SET screenshot = ?, screenshot_at = ? WHERE id = ?")
        .bind_blob(1, png).bind(2, now()).bind(3, screen_id).run();
    return done();
}

std::optional<std::string> Repository::screenshot(std::int64_t screen_id)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT screenshot FROM screens WHERE id = ? AND screenshot IS NOT NULL");
    row.bind(1, screen_id);
    if (!row.step())
        return std::nullopt;
    return row.blob(0);
}

// [SECTION] Remote actions
namespace {

constexpr std::array<std::pair<ActionKind, std::string_view>, 4> kActionCodes{{
    {ActionKind::Refresh, "refresh"},
    {ActionKind::Screenshot, "screenshot"},
    {ActionKind::Identify, "identify"},
    {ActionKind::Restart, "restart"},
}};

constexpr int kRecentActions = 4; // what a screen's card has room for

ScreenAction read_action(Statement& row)
{
    ScreenAction action;
    action.id = row.integer(0);
    action.kind = action_from_code(row.text(1)).value_or(ActionKind::Refresh);
    action.asked_at = row.integer(2);
    action.done_at = row.is_null(3) ? 0 : row.integer(3);
    return action;
}

} // namespace

std::string_view to_code(ActionKind kind)
{
    for (auto& [known, code] : kActionCodes)
        if (known == kind)
            return code;
    return "refresh";
}

std::optional<ActionKind> action_from_code(std::string_view code)
{
    for (auto& [kind, known] : kActionCodes)
        if (known == code)
            return kind;
    return std::nullopt;
}

Outcome<ScreenAction> Repository::ask_action(std::int64_t screen_id, ActionKind kind)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT revoked FROM screens WHERE id = ?");
    row.bind(1, screen_id);
    if (!row.step())
        return not_found("no screen with id " + std::to_string(screen_id));
    if (row.integer(0) != 0)
        return conflict("this screen was removed: it cannot be asked to do anything");
    ScreenAction action{0, kind, now(), 0};
    m_db->prepare("INSERT INTO screen_actions (screen_id, action, asked_at) VALUES (?, ?, ?)")
        .bind(1, screen_id)
        .bind(2, to_code(kind))
        .bind(3, action.asked_at)
        .run();
    action.id = m_db->last_insert_id();
    return action;
}

std::vector<ScreenAction> Repository::pending_actions(std::int64_t screen_id)
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT id, action, asked_at, done_at FROM screen_actions "
                              "WHERE screen_id = ? AND done_at IS NULL AND asked_at > ? ORDER BY id");
    rows.bind(1, screen_id).bind(2, now() - kActionLifetime);
    std::vector<ScreenAction> actions;
    while (rows.step())
        actions.push_back(read_action(rows));
    return actions;
}

std::vector<ScreenAction> Repository::recent_actions(std::int64_t screen_id)
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT id, action, asked_at, done_at FROM screen_actions WHERE screen_id = ? ORDER BY id DESC LIMIT ?");
    rows.bind(1, screen_id).bind(2, kRecentActions);
    std::vector<ScreenAction> actions;
    while (rows.step())
        actions.push_back(read_action(rows));
    return actions;
}

std::vector<std::pair<std::int64_t, std::int64_t>> Repository::newest_pending_actions()
{
    std::lock_guard lock(m_mutex);
    auto rows = m_db->prepare("SELECT screen_id, MAX(id) FROM screen_actions WHERE done_at IS NULL AND asked_at > ? "
                              "GROUP BY screen_id ORDER BY screen_id");
    rows.bind(1, now() - kActionLifetime);
    std::vector<std::pair<std::int64_t, std::int64_t>> newest;
    while (rows.step())
        newest.emplace_back(rows.integer(0), rows.integer(1));
    return newest;
}

void Repository::confirm_actions(std::int64_t screen_id, const std::vector<std::int64_t>& ids)
{
    if (ids.empty())
        return;
    std::lock_guard lock(m_mutex);
    // The screen_id condition: a screen can only ever confirm what was asked of it.
    for (auto id : ids)
        m_db->prepare("UPDATE screen_actions SET done_at = ? WHERE id = ? AND screen_id = ? AND done_at IS NULL")
            .bind(1, now())
            .bind(2, id)
            .bind(3, screen_id)
            .run();
}

} // namespace coi::server
