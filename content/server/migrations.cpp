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
// footfall counts are; and two running sums of the footfall kept by triggers, so a report
// over years of hourly counts reads a few thousand rows a building, not a million: visits per
// day and purpose (footfall_days) and per month and hour of day (footfall_hours). The
// triggers add what an upload adds and take away what it replaces or a purge deletes, so the
// sums are always those of footfall. Indexes by date are for the retention purge.
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
CREATE TABLE footfall_days (
    site_id TEXT NOT NULL,
    date TEXT NOT NULL,
    purpose TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (site_id, date, purpose)
) WITHOUT ROWID;
CREATE TABLE footfall_hours (
    site_id TEXT NOT NULL,
    month TEXT NOT NULL,               -- YYYY-MM
    hour INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (site_id, month, hour)
) WITHOUT ROWID;
INSERT INTO footfall_days SELECT site_id, date, purpose, sum(count) FROM footfall GROUP BY site_id, date, purpose;
INSERT INTO footfall_hours SELECT site_id, substr(date, 1, 7), hour, sum(count) FROM footfall GROUP BY site_id, substr(date, 1, 7), hour;
CREATE TRIGGER footfall_sums_insert AFTER INSERT ON footfall BEGIN
    INSERT INTO footfall_days VALUES (new.site_id, new.date, new.purpose, new.count)
        ON CONFLICT(site_id, date, purpose) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_hours VALUES (new.site_id, substr(new.date, 1, 7), new.hour, new.count)
        ON CONFLICT(site_id, month, hour) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_sums_delete AFTER DELETE ON footfall BEGIN
    UPDATE footfall_days SET count = count - old.count WHERE site_id = old.site_id AND date = old.date AND purpose = old.purpose;
    UPDATE footfall_hours SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND hour = old.hour;
END;
CREATE TRIGGER footfall_sums_update AFTER UPDATE ON footfall BEGIN
    UPDATE footfall_days SET count = count - old.count WHERE site_id = old.site_id AND date = old.date AND purpose = old.purpose;
    UPDATE footfall_hours SET count = count - old.count WHERE site_id = old.site_id AND month = substr(old.date, 1, 7) AND hour = old.hour;
    INSERT INTO footfall_days VALUES (new.site_id, new.date, new.purpose, new.count)
        ON CONFLICT(site_id, date, purpose) DO UPDATE SET count = count + excluded.count;
    INSERT INTO footfall_hours VALUES (new.site_id, substr(new.date, 1, 7), new.hour, new.count)
        ON CONFLICT(site_id, month, hour) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER footfall_sums_site_gone AFTER DELETE ON sites BEGIN
    DELETE FROM footfall_days WHERE site_id = old.id;
    DELETE FROM footfall_hours WHERE site_id = old.id;
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

constexpr std::array<const char*, kSchemaVersion> kMigrations{kVersion1, kVersion2, kVersion3, kVersion4, kVersion5,
                                                              kVersion6Reporting};

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
