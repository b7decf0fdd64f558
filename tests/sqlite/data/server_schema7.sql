-- A kiosk-content database as kiosk-content wrote it at schema 7 (create-admin, then --demo),
-- with the pictures and sign-in sessions left out and a few items kept of each kind.
-- sqlite3's .dump does not keep user_version: the last line sets it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (                   -- counters that must never go backwards
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO meta VALUES('last_version',1);
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    site_json TEXT NOT NULL,           -- the feed's "site" object
    rotation_json TEXT NOT NULL DEFAULT '{}',
    content_version INTEGER NOT NULL DEFAULT 1,
    version_at INTEGER NOT NULL,       -- generated_at for that version, so bytes are stable
    ics_url TEXT,
    ics_refreshed_at INTEGER,
    ics_error TEXT
, ics_report TEXT);
INSERT INTO sites VALUES('ashby-hill','{"checkin":{"checkout":"name-or-code","feedback":"checkout-and-headcount","private_label":{"en":"Private appointments","lt":"Asmeniniai susitikimai","pl":"Wizyty prywatne","ro":"Întâlniri private","uk":"Особисті зустрічі"},"purposes":[{"id":"cafe","kind":"headcount","label":{"en":"Café or a cuppa","lt":"Kavinė","pl":"Kawiarnia","ro":"Cafenea","uk":"Кафе"}},{"id":"appointment","kind":"named","label":{"en":"An appointment or advice","lt":"Susitikimas ar konsultacija","pl":"Wizyta lub porada","ro":"Programare sau consiliere","uk":"Запис на прийом або консультація"}},{"id":"volunteering","kind":"named","label":{"en":"Volunteering","lt":"Savanorystė","pl":"Wolontariat","ro":"Voluntariat","uk":"Волонтерство"},"volunteer":true},{"id":"visiting","kind":"named","label":{"en":"Visiting someone","lt":"Lankau ką nors","pl":"Odwiedzam kogoś","ro":"Vizitez pe cineva","uk":"Відвідую когось"}},{"id":"support-group","kind":"discreet","label":{"en":"Support group","lt":"Paramos grupė","pl":"Grupa wsparcia","ro":"Grup de sprijin","uk":"Група підтримки"}},{"id":"something-else","kind":"headcount","label":{"en":"Something else","lt":"Kita","pl":"Coś innego","ro":"Altceva","uk":"Щось інше"}}],"remember":true,"retention_days":14,"share_counts":true},"closed_dates":["2026-01-01","2026-04-03","2026-04-06","2026-05-04","2026-05-25","2026-08-31","2026-12-25","2026-12-28","2027-01-01","2027-03-26","2027-03-29","2027-05-03","2027-05-31","2027-08-30","2027-12-27","2027-12-28","2028-01-03"],"id":"ashby-hill","languages":["en","pl","ro","lt","uk"],"name":"Ashby Hill People''s Centre","opening_hours":[{"close":"20:30","day":"mon","open":"08:30"},{"close":"20:30","day":"tue","open":"08:30"},{"close":"20:30","day":"wed","open":"08:30"},{"close":"20:30","day":"thu","open":"08:30"},{"close":"20:30","day":"fri","open":"08:30"},{"close":"16:00","day":"sat","open":"09:00"},{"close":"14:00","day":"sun","open":"10:00"}],"public_url":"http://127.0.0.1:8080/whats-on/ashby-hill","rooms":[{"id":"main-hall","name":"Main Hall"},{"id":"cafe","name":"Community Café"},{"id":"meeting-room","name":"Meeting Room"},{"id":"it-suite","name":"IT Suite"},{"id":"garden-room","name":"Garden Room"},{"id":"workshop","name":"The Workshop"}],"timezone":"Europe/London"}','{"dwell_seconds":15,"pages":["whats-on","cafe","notices","week"]}',1,1796658984,NULL,NULL,NULL,NULL);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'cafe')),
    created_at INTEGER NOT NULL
);
INSERT INTO users VALUES(1,'amira','$argon2id$v=19$m=65536,t=2,p=1$e2kikFRLiwJdVXdmOpx88g$RAII/WG5WUlRsl3lICS4D2iXhnDf/bywz26sclirxlg','admin',1796658984);
INSERT INTO users VALUES(2,'admin','$argon2id$v=19$m=65536,t=2,p=1$kXXoT0mkDRIdFksAlj8N7Q$ijbMr/4VtPnOXxBaF224EQ/s2TY9zGACwFmCkF7nBeg','admin',1796658985);
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
, uptime_seconds INTEGER, last_sync_at INTEGER, free_disk_bytes INTEGER, status_at INTEGER, poll_seconds INTEGER);
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
INSERT INTO events VALUES('ashby-hill','advice-drop-in','{"category":"advice","description":"Free, confidential help with benefits, debt, housing and bills. Just drop in.","end":"2026-01-05T13:00:00Z","id":"advice-drop-in","room":"meeting-room","rrule":"FREQ=WEEKLY;BYDAY=MO,WE,FR","start":"2026-01-05T10:00:00Z","title":{"en":"Money and benefits advice","lt":"Konsultacijos dėl pinigų ir išmokų","pl":"Porady w sprawie pieniędzy i zasiłków","ro":"Consiliere despre bani și ajutoare sociale","uk":"Консультації з грошей і виплат"}}','admin');
INSERT INTO events VALUES('ashby-hill','after-school-crafts','{"category":"family","description":"Glue, glitter and making things. Ages 5 to 11 with a grown-up.","end":"2026-01-09T17:00:00Z","id":"after-school-crafts","room":"garden-room","rrule":"FREQ=WEEKLY;BYDAY=FR","start":"2026-01-09T15:30:00Z","title":"After-school crafts"}','admin');
CREATE TABLE notices (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    item_json TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
INSERT INTO notices VALUES('ashby-hill','burst-pipe','{"body":"Sorry, a burst pipe means the centre is closed today. Bingo and youth club are cancelled. We hope to reopen tomorrow.","id":"burst-pipe","show_from":"2026-02-03T07:00:00Z","show_until":"2026-02-03T20:30:00Z","title":"Closed today: burst pipe","urgent":true}');
CREATE TABLE specials (
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    item_json TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
INSERT INTO specials VALUES('ashby-hill','bacon-roll','{"allergens":["gluten"],"description":"Back bacon in a soft white roll. Sauces on the side.","dietary":[],"id":"bacon-roll","name":"Bacon roll","price_pence":250}');
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
    PRIMARY KEY (site_id, month, weekday)) WITHOUT ROWID;
CREATE TABLE footfall_hours (site_id TEXT NOT NULL, month TEXT NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, month, hour)) WITHOUT ROWID;
CREATE TABLE session_days (site_id TEXT NOT NULL, date TEXT NOT NULL, event TEXT NOT NULL, start TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, date, event, start)) WITHOUT ROWID;
CREATE TABLE session_months (site_id TEXT NOT NULL, month TEXT NOT NULL, event TEXT NOT NULL, occurrences INTEGER NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (site_id, month, event)) WITHOUT ROWID;
CREATE TABLE volunteer_months (site_id TEXT NOT NULL, month TEXT NOT NULL, people INTEGER NOT NULL, minutes INTEGER NOT NULL,
    to_closing INTEGER NOT NULL, PRIMARY KEY (site_id, month)) WITHOUT ROWID;
CREATE TABLE feedback_months (site_id TEXT NOT NULL, month TEXT NOT NULL, purpose TEXT NOT NULL, face TEXT NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY (site_id, month, purpose, face)) WITHOUT ROWID;
CREATE TABLE returning_months (site_id TEXT NOT NULL, month TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (site_id, month)) WITHOUT ROWID;
CREATE TABLE screen_actions (
    id INTEGER PRIMARY KEY,
    screen_id INTEGER NOT NULL REFERENCES screens(id) ON DELETE CASCADE,
    action TEXT NOT NULL,        -- refresh, screenshot, identify, restart
    asked_at INTEGER NOT NULL,
    done_at INTEGER              -- NULL until the screen's heartbeat confirms it
);
CREATE INDEX pairings_by_age ON pairings(created_at);
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
CREATE INDEX screen_actions_by_screen ON screen_actions(screen_id, id);
COMMIT;
PRAGMA user_version = 7;
