-- A kiosk database as the kiosk wrote it at schema 5 (its first start on the demo building), with
-- the pictures left out, the feed shortened, and a setting, a check-in and an outbox row added
-- under that schema. sqlite3's .dump does not keep user_version: the last line sets it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE content_version (
        version     INTEGER PRIMARY KEY,
        feed        BLOB NOT NULL,          -- the exact bytes that were verified
        signature   TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL,          -- embedded, https://..., file://...
        received_at INTEGER NOT NULL        -- unix seconds
    );
INSERT INTO content_version VALUES(1,X'7b22666f726d6174223a20317d','','embedded',1796658999);
CREATE TABLE current_content (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL REFERENCES content_version(version)
    );
INSERT INTO current_content VALUES(1,1);
CREATE TABLE media (
        sha256     TEXT PRIMARY KEY,
        type       TEXT NOT NULL,
        bytes      BLOB NOT NULL,
        stored_at  INTEGER NOT NULL
    );
CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
INSERT INTO setting VALUES('sync.token','token-made-before');
CREATE TABLE checkin (
        id             INTEGER PRIMARY KEY,
        purpose_id     TEXT NOT NULL,          -- a site purpose, or "session"
        kind           TEXT NOT NULL,          -- named | discreet
        event_id       TEXT,                   -- the session chosen, if any
        first_name     TEXT,                   -- erased after retention
        initial        TEXT,                   -- erased after retention
        code           TEXT,                   -- 4-character check-out code, erased after retention
        checked_in_at  INTEGER NOT NULL,
        checked_out_at INTEGER,
        checkout_kind  TEXT,                   -- self | staff | auto
        located_at     INTEGER,                -- fire roll-call: seen safe
        erased_at      INTEGER
    , occurrence_start INTEGER, volunteer INTEGER NOT NULL DEFAULT 0, volunteer_tallied INTEGER NOT NULL DEFAULT 0);
INSERT INTO checkin VALUES(1,'cafe','named',NULL,'Sam','K','K7MP',1764064800,NULL,NULL,NULL,NULL,NULL,0,0);
CREATE TABLE headcount (
        day        TEXT NOT NULL,              -- local date YYYY-MM-DD
        hour       INTEGER NOT NULL,           -- local hour 0..23
        purpose_id TEXT NOT NULL,
        count      INTEGER NOT NULL,
        PRIMARY KEY (day, hour, purpose_id)
    );
CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,   -- the order they are sent in
        client_uuid     TEXT NOT NULL UNIQUE,
        kind            TEXT NOT NULL,         -- status | footfall | special
        path            TEXT NOT NULL,         -- /api/v1/status ...
        body            TEXT NOT NULL,         -- JSON
        created_at      INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT
    );
INSERT INTO outbox VALUES(1,'u-1','footfall','/api/v1/footfall','{}',1764064800,0,NULL);
CREATE TABLE local_special (
        id        TEXT PRIMARY KEY,            -- client UUID, also sent to the server
        day       TEXT NOT NULL,               -- YYYY-MM-DD it was posted for
        every_day INTEGER NOT NULL DEFAULT 0,
        special   TEXT NOT NULL,               -- the feed's JSON for one special
        removed   INTEGER NOT NULL DEFAULT 0
    );
CREATE TABLE special_override (
        special_id TEXT NOT NULL,
        day        TEXT NOT NULL,
        sold_out   INTEGER NOT NULL DEFAULT 0,
        removed    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (special_id, day)
    );
CREATE TABLE local_notice (
        id         TEXT PRIMARY KEY,
        notice     TEXT NOT NULL,              -- the feed's JSON for one notice
        show_until INTEGER NOT NULL
    );
CREATE TABLE volunteer_day (
        day        TEXT PRIMARY KEY,           -- local date YYYY-MM-DD of the check-in
        people     INTEGER NOT NULL,
        minutes    INTEGER NOT NULL,
        to_closing INTEGER NOT NULL            -- of people: signed out automatically, counted to closing time
    );
CREATE TABLE feedback (
        day        TEXT NOT NULL,              -- local date YYYY-MM-DD
        purpose_id TEXT NOT NULL,              -- a purpose id, "session" or "private"
        face       TEXT NOT NULL,              -- happy | okay | unhappy
        count      INTEGER NOT NULL,
        PRIMARY KEY (day, purpose_id, face)
    );
CREATE TABLE remembered (
        hash         TEXT PRIMARY KEY,         -- keyed BLAKE2b of what the visitor chose, never the words
        last_seen_at INTEGER NOT NULL,         -- erased the site's retention days after this
        last_day     TEXT NOT NULL             -- the local date it last counted as returning (or was made)
    );
CREATE TABLE returning_day (
        day   TEXT PRIMARY KEY,
        count INTEGER NOT NULL
    );
CREATE INDEX checkin_inside ON checkin (checked_out_at) WHERE checked_out_at IS NULL;
CREATE UNIQUE INDEX checkin_code_inside ON checkin (code) WHERE checked_out_at IS NULL AND code IS NOT NULL;
COMMIT;
PRAGMA user_version = 5;
