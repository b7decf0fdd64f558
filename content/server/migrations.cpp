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

constexpr std::array<const char*, kSchemaVersion> kMigrations{kVersion1, kVersion2, kVersion3, kVersion4, kVersion5, kScreenActions};

} // namespace

Done migrate(Database& db)
{
    auto read = db.prepare("PRAGMA user_version");
    read.step();
    int current = static_cast<int>(read.integer(0));
    if (current > kSchemaVersion)
        return Failure{FailureKind::Internal, "the database was written by a newer kiosk-content (schema " +
                                                  std::to_string(current) + "); this one knows up to " +
                                                  std::to_string(kSchemaVersion)};
    for (int version = current; version < kSchemaVersion; ++version) {
        Transaction tx(db);
        db.exec(kMigrations[static_cast<std::size_t>(version)]);
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        tx.commit();
    }
    return done();
}

} // namespace coi::server
