#include "migrations.h"

#include <array>
#include <string>

namespace coi::server {

namespace {

// Items (events, notices, specials) are stored as the feed's own JSON, validated by the
// feed library on the way in, so the feed a kiosk receives is exactly what was accepted.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE meta (                   -- counters that must never go backwards
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    site_json TEXT NOT NULL,           -- the feed's "site" object
    rotation_json TEXT NOT NULL DEFAULT '{}',
    content_version INTEGER NOT NULL DEFAULT 1,
    version_at INTEGER NOT NULL,       -- generated_at for that version, so bytes are stable
    ics_url TEXT,
    ics_refreshed_at INTEGER,
    ics_error TEXT
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'cafe')),
    created_at INTEGER NOT NULL
);
CREATE TABLE user_sites (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, site_id)
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE screens (
    id INTEGER PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_seen INTEGER,
    content_version INTEGER,
    last_error TEXT,
    app_version TEXT,
    screenshot BLOB,
    screenshot_at INTEGER
);
CREATE TABLE pairings (
    code TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,         -- only the kiosk that registered the code may collect
    created_at INTEGER NOT NULL,
    screen_id INTEGER REFERENCES screens(id) ON DELETE CASCADE,
    token TEXT                         -- held only until the kiosk collects it once
);
CREATE TABLE events (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    item_json TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'admin' CHECK (source IN ('admin', 'ics')),
    PRIMARY KEY (site_id, id)
);
CREATE TABLE notices (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    item_json TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE TABLE specials (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    item_json TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE TABLE special_posts (          -- kiosk staff-mode posts, idempotent by client UUID
    client_uuid TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    special_id TEXT NOT NULL
);
CREATE TABLE media (
    sha256 TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE footfall (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    screen_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    hour INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (site_id, screen_id, date, hour, purpose)
);
)sql";

// The rest of a kiosk's heartbeat (POST /api/v1/status): NULL where the screen has not said.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE screens ADD COLUMN uptime_seconds INTEGER;
ALTER TABLE screens ADD COLUMN last_sync_at INTEGER;    -- the kiosk's last good poll (its clock), 0 for never
ALTER TABLE screens ADD COLUMN free_disk_bytes INTEGER;
ALTER TABLE screens ADD COLUMN status_at INTEGER;       -- when that heartbeat arrived (our clock)
)sql";

// Every pairing call deletes the expired codes: without an index that read the whole table,
// which anyone may fill.
constexpr const char* kVersion3 = R"sql(
CREATE INDEX pairings_by_age ON pairings(created_at);
)sql";

// How often each screen asks for new content (its heartbeat's poll_seconds), so the admin can
// say how soon an urgent banner reaches the building's screens. NULL: not said (an older kiosk).
constexpr const char* kVersion4 = R"sql(
ALTER TABLE screens ADD COLUMN poll_seconds INTEGER;
)sql";

// What the last calendar import took in and left out, and why (a JSON object, see
// Repository::record_ics_report), for the building's calendar panel. NULL: never imported.
constexpr const char* kVersion5 = R"sql(
ALTER TABLE sites ADD COLUMN ics_report TEXT;
)sql";

// Reports for funders: the rest of a kiosk's anonymous upload (session registers, volunteer
// time, feedback faces, returning visitors), each row the running total for its key as the
// footfall counts are; and running sums kept by triggers, so a report over years of hourly
// counts reads a few rows a month and building, not a million: per month (visits by purpose,
// by day of the week and by hour; sessions; volunteers; faces; returning visitors) and per day
// (visits by purpose, each occurrence's register), the days only for the ends of a period
// that are not whole months. The triggers add what an upload adds and take away what it
// replaces or a purge deletes, so the sums are always those of the counts. Indexes by date are for the retention purge.
constexpr const char* kVersion6Reporting = R"sql(
CREATE TABLE footfall_sessions (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    screen_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    event TEXT NOT NULL,               -- the event's id
    start TEXT NOT NULL,               -- the occurrence's local start, HH:MM
    count INTEGER NOT NULL,
    PRIMARY KEY (site_id, screen_id, date, event, start)
);
CREATE TABLE footfall_volunteers (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    screen_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    people INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    to_closing INTEGER NOT NULL,       -- of the people, signed out automatically at closing
    PRIMARY KEY (site_id, screen_id, date)
);
CREATE TABLE footfall_feedback (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    screen_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    purpose TEXT NOT NULL,
    face TEXT NOT NULL CHECK (face IN ('happy', 'okay', 'unhappy')),
    count INTEGER NOT NULL,
    PRIMARY KEY (site_id, screen_id, date, purpose, face)
);
CREATE TABLE footfall_returning (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    screen_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (site_id, screen_id, date)
);
CREATE TABLE footfall_days (site_id TEXT NOT NULL, date TEXT NOT NULL, purpose TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, date, purpose)) WITHOUT ROWID;
CREATE TABLE footfall_months (site_id TEXT NOT NULL, month TEXT NOT NULL, purpose TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, month, purpose)) WITHOUT ROWID;
CREATE TABLE footfall_weekdays (site_id TEXT NOT NULL, month TEXT NOT NULL, weekday INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, month, weekday)) WITHOUT ROWID;   -- weekday: 0 Sunday .. 6 Saturday
CREATE TABLE footfall_hours (site_id TEXT NOT NULL, month TEXT NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, month, hour)) WITHOUT ROWID;
CREATE TABLE session_days (site_id TEXT NOT NULL, date TEXT NOT NULL, event TEXT NOT NULL, start TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, date, event, start)) WITHOUT ROWID;   -- an occurrence's register, summed over screens
CREATE TABLE session_months (site_id TEXT NOT NULL, month TEXT NOT NULL, event TEXT NOT NULL, occurrences INTEGER NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (site_id, month, event)) WITHOUT ROWID;
CREATE TABLE volunteer_months (site_id TEXT NOT NULL, month TEXT NOT NULL, people INTEGER NOT NULL, minutes INTEGER NOT NULL,
    to_closing INTEGER NOT NULL, PRIMARY KEY (site_id, month)) WITHOUT ROWID;
CREATE TABLE feedback_months (site_id TEXT NOT NULL, month TEXT NOT NULL, purpose TEXT NOT NULL, face TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (site_id, month, purpose, face)) WITHOUT ROWID;
CREATE TABLE returning_months (site_id TEXT NOT NULL, month TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, month)) WITHOUT ROWID;
INSERT INTO footfall_days SELECT site_id, date, purpose, sum(count) FROM footfall GROUP BY 1, 2, 3;
INSERT INTO footfall_months SELECT site_id, substr(date, 1, 7), purpose, sum(count) FROM footfall GROUP BY 1, 2, 3;
INSERT INTO footfall_weekdays SELECT site_id, substr(date, 1, 7), CAST(strftime('%w', date) AS INTEGER), sum(count) FROM footfall GROUP BY 1, 2, 3;
INSERT INTO footfall_hours SELECT site_id, substr(date, 1, 7), hour, sum(count) FROM footfall GROUP BY 1, 2, 3;
CREATE TRIGGER footfall_sums_insert AFTER INSERT ON footfall BEGIN
    INSERT INTO footfall_days VALUES (new.site_id, new.date, new.purpose, new.count)
        ON CONFLICT(site_id, date, purpose) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_months VALUES (new.site_id, substr(new.date, 1, 7), new.purpose, new.count)
        ON CONFLICT(site_id, month, purpose) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_weekdays VALUES (new.site_id, substr(new.date, 1, 7), CAST(strftime('%w', new.date) AS INTEGER), new.count)
        ON CONFLICT(site_id, month, weekday) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_hours VALUES (new.site_id, substr(new.date, 1, 7), new.hour, new.count)
        ON CONFLICT(site_id, month, hour) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_sums_delete AFTER DELETE ON footfall BEGIN
    UPDATE footfall_days SET count = count - old.count WHERE site_id = old.site_id AND date = old.date AND purpose = old.purpose;
    UPDATE footfall_months SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND purpose = old.purpose;
    UPDATE footfall_weekdays SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND weekday = CAST(strftime('%w', old.date) AS INTEGER);
    UPDATE footfall_hours SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND hour = old.hour;
END;
CREATE TRIGGER footfall_sums_update AFTER UPDATE ON footfall BEGIN
    UPDATE footfall_days SET count = count - old.count WHERE site_id = old.site_id AND date = old.date AND purpose = old.purpose;
    UPDATE footfall_months SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND purpose = old.purpose;
    UPDATE footfall_weekdays SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND weekday = CAST(strftime('%w', old.date) AS INTEGER);
    UPDATE footfall_hours SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND hour = old.hour;
    INSERT INTO footfall_days VALUES (new.site_id, new.date, new.purpose, new.count)
        ON CONFLICT(site_id, date, purpose) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_months VALUES (new.site_id, substr(new.date, 1, 7), new.purpose, new.count)
        ON CONFLICT(site_id, month, purpose) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_weekdays VALUES (new.site_id, substr(new.date, 1, 7), CAST(strftime('%w', new.date) AS INTEGER), new.count)
        ON CONFLICT(site_id, month, weekday) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_hours VALUES (new.site_id, substr(new.date, 1, 7), new.hour, new.count)
        ON CONFLICT(site_id, month, hour) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_sessions_sums_insert AFTER INSERT ON footfall_sessions BEGIN
    INSERT INTO session_days VALUES (new.site_id, new.date, new.event, new.start, new.count)
        ON CONFLICT(site_id, date, event, start) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_sessions_sums_delete AFTER DELETE ON footfall_sessions BEGIN
    UPDATE session_days SET count = count - old.count WHERE site_id = old.site_id AND date = old.date AND event = old.event AND start = old.start;
END;
CREATE TRIGGER footfall_sessions_sums_update AFTER UPDATE ON footfall_sessions BEGIN
    UPDATE session_days SET count = count - old.count WHERE site_id = old.site_id AND date = old.date AND event = old.event AND start = old.start;
    INSERT INTO session_days VALUES (new.site_id, new.date, new.event, new.start, new.count)
        ON CONFLICT(site_id, date, event, start) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_volunteers_sums_insert AFTER INSERT ON footfall_volunteers BEGIN
    INSERT INTO volunteer_months VALUES (new.site_id, substr(new.date, 1, 7), new.people, new.minutes, new.to_closing)
        ON CONFLICT(site_id, month) DO UPDATE SET people = people + excluded.people, minutes = minutes + excluded.minutes, to_closing = to_closing + excluded.to_closing;
END;
CREATE TRIGGER footfall_volunteers_sums_delete AFTER DELETE ON footfall_volunteers BEGIN
    UPDATE volunteer_months SET people = people - old.people, minutes = minutes - old.minutes, to_closing = to_closing - old.to_closing WHERE site_id = old.site_id AND month = substr(old.date, 1, 7);
END;
CREATE TRIGGER footfall_volunteers_sums_update AFTER UPDATE ON footfall_volunteers BEGIN
    UPDATE volunteer_months SET people = people - old.people, minutes = minutes - old.minutes, to_closing = to_closing - old.to_closing WHERE site_id = old.site_id AND month = substr(old.date, 1, 7);
    INSERT INTO volunteer_months VALUES (new.site_id, substr(new.date, 1, 7), new.people, new.minutes, new.to_closing)
        ON CONFLICT(site_id, month) DO UPDATE SET people = people + excluded.people, minutes = minutes + excluded.minutes, to_closing = to_closing + excluded.to_closing;
END;
CREATE TRIGGER footfall_feedback_sums_insert AFTER INSERT ON footfall_feedback BEGIN
    INSERT INTO feedback_months VALUES (new.site_id, substr(new.date, 1, 7), new.purpose, new.face, new.count)
        ON CONFLICT(site_id, month, purpose, face) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_feedback_sums_delete AFTER DELETE ON footfall_feedback BEGIN
    UPDATE feedback_months SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND purpose = old.purpose AND face = old.face;
END;
CREATE TRIGGER footfall_feedback_sums_update AFTER UPDATE ON footfall_feedback BEGIN
    UPDATE feedback_months SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND purpose = old.purpose AND face = old.face;
    INSERT INTO feedback_months VALUES (new.site_id, substr(new.date, 1, 7), new.purpose, new.face, new.count)
        ON CONFLICT(site_id, month, purpose, face) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_returning_sums_insert AFTER INSERT ON footfall_returning BEGIN
    INSERT INTO returning_months VALUES (new.site_id, substr(new.date, 1, 7), new.count)
        ON CONFLICT(site_id, month) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_returning_sums_delete AFTER DELETE ON footfall_returning BEGIN
    UPDATE returning_months SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7);
END;
CREATE TRIGGER footfall_returning_sums_update AFTER UPDATE ON footfall_returning BEGIN
    UPDATE returning_months SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7);
    INSERT INTO returning_months VALUES (new.site_id, substr(new.date, 1, 7), new.count)
        ON CONFLICT(site_id, month) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER session_days_sums_insert AFTER INSERT ON session_days BEGIN
    INSERT INTO session_months VALUES (new.site_id, substr(new.date, 1, 7), new.event, 1, new.count)
        ON CONFLICT(site_id, month, event) DO UPDATE SET occurrences = occurrences + 1, count = count + excluded.count;
END;
CREATE TRIGGER session_days_sums_update AFTER UPDATE ON session_days BEGIN
    UPDATE session_months SET count = count - old.count + new.count WHERE site_id = new.site_id AND month = substr(new.date, 1, 7) AND event = new.event;
END;
CREATE TRIGGER session_days_sums_delete AFTER DELETE ON session_days BEGIN
    UPDATE session_months SET occurrences = occurrences - 1, count = count - old.count
        WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND event = old.event;
END;
CREATE TRIGGER footfall_sums_site_gone AFTER DELETE ON sites BEGIN
    DELETE FROM footfall_days WHERE site_id = old.id;
    DELETE FROM footfall_months WHERE site_id = old.id;
    DELETE FROM footfall_weekdays WHERE site_id = old.id;
    DELETE FROM footfall_hours WHERE site_id = old.id;
    DELETE FROM session_days WHERE site_id = old.id;
    DELETE FROM session_months WHERE site_id = old.id;
    DELETE FROM volunteer_months WHERE site_id = old.id;
    DELETE FROM feedback_months WHERE site_id = old.id;
    DELETE FROM returning_months WHERE site_id = old.id;
END;
CREATE INDEX footfall_by_site_date ON footfall(site_id, date, hour, count);
CREATE INDEX footfall_by_date ON footfall(date);
CREATE INDEX footfall_sessions_by_site_date ON footfall_sessions(site_id, date, event, start, count);
CREATE INDEX footfall_sessions_by_date ON footfall_sessions(date);
CREATE INDEX footfall_volunteers_by_site_date ON footfall_volunteers(site_id, date);
CREATE INDEX footfall_volunteers_by_date ON footfall_volunteers(date);
CREATE INDEX footfall_feedback_by_site_date ON footfall_feedback(site_id, date, purpose, face, count);
CREATE INDEX footfall_feedback_by_date ON footfall_feedback(date);
CREATE INDEX footfall_returning_by_site_date ON footfall_returning(site_id, date, count);
CREATE INDEX footfall_returning_by_date ON footfall_returning(date);
)sql";

// Remote actions (Refresh now, Take a screenshot now, Show identify, Restart): asked from the
// Screens page, fetched by the screen with its token, confirmed by its next heartbeat.
constexpr const char* kScreenActions = R"sql(
CREATE TABLE screen_actions (
    id INTEGER PRIMARY KEY,
    screen_id INTEGER NOT NULL REFERENCES screens(id) ON DELETE CASCADE,
    action TEXT NOT NULL,        -- refresh, screenshot, identify, restart
    asked_at INTEGER NOT NULL,
    done_at INTEGER              -- NULL until the screen's heartbeat confirms it
);
CREATE INDEX screen_actions_by_screen ON screen_actions(screen_id, id);
)sql";

// Emergency mode: each building's emergency (one row, the last one; on while ended_at is
// NULL) and its key for the kiosks' signed messages to each other on the local network.
constexpr const char* kEmergencyMode = R"sql(
CREATE TABLE emergencies (
    site_id TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                -- evacuate, closed, stay_inside, message
    message TEXT NOT NULL DEFAULT '',
    started_by TEXT NOT NULL DEFAULT '',
    started_at INTEGER NOT NULL,
    ended_at INTEGER,                  -- NULL while it is on
    ended_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE site_lan_keys (
    site_id TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
    lan_key TEXT NOT NULL              -- base64 of 32 random bytes (crypto_auth)
);
)sql";

// Each screen's feed level (X-Feed-Level on its last poll): the Screens page says what an
// older screen cannot show. NULL until the screen polls again.
constexpr const char* kScreenFeedLevel = R"sql(
ALTER TABLE screens ADD COLUMN feed_level INTEGER;
)sql";

// Screens that ask for help (screen_health.h, alerts.h): each building's limit and webhook;
// an optional email address per account (its own table: only alerts read it); how many
// heartbeats in a row carried the same error; and each screen's problems already told, so
// a problem is told once when it starts and once when it clears, across restarts too.
constexpr const char* kScreenAlerts = R"sql(
CREATE TABLE site_alerts (
    site_id TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
    silent_minutes INTEGER NOT NULL DEFAULT 15,
    webhook_url TEXT NOT NULL DEFAULT ''   -- '' for none; an ntfy topic, a chat bridge
);
CREATE TABLE user_emails (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email TEXT NOT NULL
);
ALTER TABLE screens ADD COLUMN error_repeats INTEGER NOT NULL DEFAULT 0;
CREATE TABLE screen_problems (
    screen_id INTEGER NOT NULL REFERENCES screens(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                    -- silent, old_content, repeating_error, low_disk
    since INTEGER NOT NULL,                -- when it was noticed (and told)
    words TEXT NOT NULL,                   -- what was told
    PRIMARY KEY (screen_id, kind)
);
)sql";

// [SECTION] Suggestions from the public
// "Suggest an event or notice" on the public What's on page: the building's queue, read only
// by its editors. Never part of a feed or a public page; purged after kKeepSuggestionsSeconds.
constexpr const char* kSuggestions = R"sql(
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    when_text TEXT NOT NULL,         -- as the visitor wrote it
    details TEXT NOT NULL,
    email TEXT NOT NULL,             -- for the building's reply; personal data
    received_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'waiting' -- waiting, approved (a dismissed one is deleted)
);
CREATE INDEX suggestions_by_site ON suggestions(site_id, state, id);
CREATE INDEX suggestions_by_time ON suggestions(received_at);
)sql";

// [SECTION] Organiser groups, invites, changes waiting and the audit list.
// A group (a choir, a partner service) may use some buildings and, in each, some rooms; its
// organisers sign in with the "organiser" role and see only their group's events and
// notices. users.role's CHECK cannot be altered in place, so users is rebuilt the way SQLite
// documents (a new table, the rows copied, the old dropped, the new renamed), with foreign
// keys off (migrate): dropping the old table must not cascade to user_sites and sessions.
// A pending change is the proposed item (JSON) and the item it replaces (NULL: a new one).
constexpr const char* kOrganisers = R"sql(
CREATE TABLE organiser_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    trusted INTEGER NOT NULL DEFAULT 0,   -- changes go live at once, listed for undo
    suspended INTEGER NOT NULL DEFAULT 0, -- no sign-in for its organisers
    created_at INTEGER NOT NULL
);
CREATE TABLE users_with_organisers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'cafe', 'organiser')),
    created_at INTEGER NOT NULL,
    group_id INTEGER REFERENCES organiser_groups(id) ON DELETE CASCADE, -- organisers only
    suspended INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users_with_organisers(id, name, password_hash, role, created_at)
    SELECT id, name, password_hash, role, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_with_organisers RENAME TO users;
CREATE TABLE group_sites (
    group_id INTEGER NOT NULL REFERENCES organiser_groups(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    rooms_json TEXT NOT NULL DEFAULT '[]', -- room ids the group's sessions may use there
    PRIMARY KEY (group_id, site_id)
);
CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,           -- the link's token is never stored
    group_id INTEGER NOT NULL REFERENCES organiser_groups(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER                        -- spent: the link works once
);
ALTER TABLE events ADD COLUMN group_id INTEGER REFERENCES organiser_groups(id) ON DELETE SET NULL;
ALTER TABLE notices ADD COLUMN group_id INTEGER REFERENCES organiser_groups(id) ON DELETE SET NULL;
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES organiser_groups(id) ON DELETE CASCADE,
    user_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('events', 'notices')),
    item_id TEXT NOT NULL,
    proposed_json TEXT NOT NULL,
    replaces_json TEXT,
    description TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'approved', 'rejected', 'live', 'undone')),
    created_at INTEGER NOT NULL,
    decided_by TEXT,
    decided_at INTEGER
);
CREATE INDEX changes_by_site ON changes(site_id, state, id);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    site_id TEXT NOT NULL,                 -- kept when the site goes: the record is of the past
    who TEXT NOT NULL,
    what TEXT NOT NULL
);
CREATE INDEX audit_by_site ON audit(site_id, at);
CREATE INDEX audit_by_age ON audit(at);
)sql";

// One named step per version, in order: a step is appended, never edited or renumbered.
constexpr std::array<sqlite::Migration, kSchemaVersion> kMigrations{{
    {"tables", kVersion1},
    {"heartbeat details", kVersion2},
    {"pairings by age", kVersion3},
    {"poll seconds", kVersion4},
    {"calendar import report", kVersion5},
    {"reports for funders", kVersion6Reporting},
    {"screen actions", kScreenActions},
    {"emergency mode", kEmergencyMode},
    {"screen feed level", kScreenFeedLevel},
    {"screen alerts", kScreenAlerts},
    {"suggestions from the public", kSuggestions},
    {"organiser groups", kOrganisers},
}};

} // namespace

std::span<const sqlite::Migration> migrations() { return kMigrations; }

} // namespace coi::server
