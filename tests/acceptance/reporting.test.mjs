// A day of mixed check-ins at a real kiosk paired with a real kiosk-content, counted without
// names: a one-tap café visit with a face tapped, a visitor by name who asks to be remembered,
// a session, a discreet appointment and a volunteer who checks out and taps a face. The
// kiosk reaches kiosk-content through a loopback proxy (lib/proxy.mjs) that keeps every
// request it passes, so the test reads exactly what the kiosk uploaded, and then searches
// everything it sent for the visitors' names, codes and remembered words. The counts ride with
// the heartbeat (every five minutes, and at start), so the kiosk is restarted to send them.
//   node --test tests/acceptance/reporting.test.mjs   (KIOSK, KIOSK_CONTENT: the built programs; sqlite3)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, runFile, startContentDemo, startKiosk, startScreen, tempDir, writeToml } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';
import { adminApi } from './lib/admin.mjs';
import { startProxy } from './lib/proxy.mjs';

const SITE = 'ashby-hill';
const POLL = 10;
const data = tempDir('reporting-kiosk');
const contentData = tempDir('reporting-content'); // kiosk-content's files, searched for names at the end
const config = join(tempDir('reporting-config'), 'kiosk.toml');
const NAMES = ['Philippa', 'Oluwaseun', 'Marguerite', 'Zbigniew'];
const REMEMBERED = 'ROSE K';
let screen, person, server, api, proxy, kiosk, session;

// The site's local date and "HH:MM" of an instant, as the kiosk reports them (Europe/London).
const local = (at) => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, clock: `${parts.hour}:${parts.minute}` };
};

before(async () => {
  screen = await startScreen(1280, 800);
  person = new Person(screen);
  server = await startContentDemo(contentData);
  api = await adminApi(server.base, 'admin', server.password);
  // Open all day whatever hour the test runs at, and a session on now: the tea dance.
  const site = await api.get(`/sites/${SITE}`).then((r) => r.site || r);
  site.opening_hours = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, open: '00:00', close: '23:59' }));
  site.closed_dates = [];
  await api.put(`/sites/${SITE}`, site);
  const start = new Date(Math.floor(Date.now() / 60000) * 60000 - 20 * 60000);
  session = { id: 'acceptance-tea-dance', start };
  await api.post(`/sites/${SITE}/events`, { id: session.id, title: 'Acceptance tea dance', room: 'main-hall',
    start: start.toISOString().replace('.000Z', 'Z'), end: new Date(start.getTime() + 3 * 3600000).toISOString().replace('.000Z', 'Z') });
  proxy = await startProxy(server.base);
  writeToml(config, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 3, pages: ['notices'] },
    sync: { server: proxy.base, poll_seconds: POLL, allow_http: true },
  });
  kiosk = await startKiosk(screen, config, data);
  const code = await person.readCode('a pairing code', 30);
  await eventually('a pairing poll through to kiosk-content', 60, () => proxy.passed.some((r) => r.url === '/api/v1/pair'), 500);
  await api.post('/screens/adopt', { code: code.replace(/ /g, ''), site_id: SITE, role: 'reception', name: 'Reception TV' });
  await kiosk.waitForLine(/now showing content version/, POLL * 3 + 20);
  await person.untilShown('signage', /Touch\s+here\s+to\s+check\s+in/, 60);
});

after(async () => {
  if (kiosk) await kiosk.stop();
  if (proxy) await proxy.stop();
  if (server) await server.stop();
  if (screen) await screen.stop();
});

async function checkInAs(tile, name) {
  await person.tapOn('Touch here to check in', 30);
  await person.tapOn('Tell us you\'re here', 10);
  await person.tapOn(tile, 10);
  await person.untilShown('the name page', /What's\s+your\s+first\s+name/, 10);
  await person.type(name);
  await person.tapOn('Check in', 10);
  await person.untilShown(`the welcome for ${name}`, new RegExp(`Welcome,\\s+${name}`), 10);
}

// A tap anywhere but on a question skips it, as a visitor walking on would after a look.
async function backToSignage(tapOn) {
  await person.tapOn(tapOn, 10);
  await person.untilShown('signage again', /Touch\s+here\s+to\s+check\s+in/, 40);
}

// The last running total the kiosk uploaded for each row of a list, by the row's key.
function uploaded(list, key) {
  const rows = new Map();
  for (const r of proxy.passed.filter((p) => p.method === 'POST' && p.url === '/api/v1/footfall')) {
    const body = JSON.parse(r.body().toString('utf8'));
    for (const row of body[list] || []) rows.set(key(row), row);
  }
  return [...rows.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

test('a day of mixed check-ins is uploaded exactly, per purpose, session, volunteer day and face', async () => {
  // A café visit: one tap, then a face.
  await person.tapOn('Touch here to check in', 30);
  await person.tapOn('Tell us you\'re here', 10);
  await person.tapOn('Café or a cuppa', 10);
  await person.untilShown('the question', /How\s+did\s+we\s+do\s+today/, 10);
  await person.tapOn('Good', 10);
  await person.untilShown('the thanks', /Thank\s+you\s+for\s+telling\s+us/, 10);
  await backToSignage('Enjoy your visit.');
  // A visitor by name, who asks to be remembered.
  await checkInAs('Visiting someone', NAMES[0]);
  await person.tapOn('Remember me for next time?', 10);
  await person.untilShown('the remember page', /scrambled\s+form/, 10);
  await person.type(REMEMBERED.toLowerCase());
  await person.tapOn('Remember me', 10, (places) => places.reduce((a, b) => (b.x > a.x ? b : a))); // the button, right of the heading
  await person.untilShown('the promise', /We'll\s+remember\s+you/, 10);
  await backToSignage('We\'ll remember you.');
  // The session on now, a discreet appointment, a volunteer.
  await checkInAs('Acceptance tea dance', NAMES[1]);
  await backToSignage(`Welcome, ${NAMES[1]}.`);
  await checkInAs('Private appointment', NAMES[2]);
  await backToSignage(`Welcome, ${NAMES[2]}.`);
  await checkInAs('Volunteering', NAMES[3]);
  const checkedIn = Date.now();
  await backToSignage(`Welcome, ${NAMES[3]}.`);
  // The volunteer leaves: found by the first letters of her name, and taps a face.
  await person.tapOn('Touch here to check in', 30);
  await person.tapOn('Leaving?', 10);
  await person.type('Zb');
  await person.tapOn('Zbigniew', 10);
  await person.untilShown('the goodbye and the question', /Goodbye,\s+Zbigniew[\s\S]*How\s+did\s+we\s+do\s+today/, 10);
  await person.tapOn('Not good', 10);
  await person.untilShown('the thanks', /Thank\s+you\s+for\s+telling\s+us/, 10);
  const minutes = Math.round((Date.now() - checkedIn) / 60000);
  // The counts ride with the kiosk's heartbeat, every five minutes and at start: restarted as
  // the service manager restarts it, it sends them at once.
  assert.deepEqual(await kiosk.stop('SIGTERM'), { code: 0, signal: null });
  kiosk = await startKiosk(screen, config, data);

  const today = local(new Date()).date;
  const byKey = (...fields) => (row) => fields.map((f) => String(row[f])).join(' ');
  const sum = (rows) => Object.fromEntries([...new Set(rows.map((r) => r.purpose))].map((p) =>
    [p, rows.filter((r) => r.purpose === p).reduce((n, r) => n + r.count, 0)]));
  const sentSoFar = () => JSON.stringify(proxy.passed.filter((p) => p.url === '/api/v1/footfall').map((p) => [p.status, p.body().toString('utf8')]));
  await eventually('every list uploaded with the day\'s totals', POLL * 6 + 30, () => {
    const counts = uploaded('counts', byKey('date', 'hour', 'purpose'));
    const volunteers = uploaded('volunteers', byKey('date'));
    const feedback = uploaded('feedback', byKey('date', 'purpose', 'face'));
    return Object.values(sum(counts)).reduce((a, b) => a + b, 0) === 5 && volunteers.length === 1 && feedback.length === 2;
  }, 1000).catch((error) => { throw new Error(`${error.message}; the kiosk sent (answer, body): ${sentSoFar()}`); });

  // Counts per purpose for the day (the hour may have turned during the test): every check-in,
  // the discreet one only as "private".
  const counts = uploaded('counts', byKey('date', 'hour', 'purpose'));
  assert.ok(counts.every((r) => r.date === today), JSON.stringify(counts));
  assert.deepEqual(sum(counts), { cafe: 1, private: 1, session: 1, visiting: 1, volunteering: 1 });
  assert.deepEqual(uploaded('sessions', byKey('date', 'event', 'start')),
    [{ date: local(session.start).date, event: session.id, start: local(session.start).clock, count: 1 }]);
  const [volunteers] = uploaded('volunteers', byKey('date'));
  assert.deepEqual({ ...volunteers, minutes: undefined }, { date: today, people: 1, minutes: undefined, to_closing: 0 });
  assert.ok(Math.abs(volunteers.minutes - minutes) <= 1, `${volunteers.minutes} minutes uploaded, about ${minutes} spent`);
  assert.deepEqual(uploaded('feedback', byKey('date', 'purpose', 'face')), [
    { date: today, purpose: 'cafe', face: 'happy', count: 1 },
    { date: today, purpose: 'volunteering', face: 'unhappy', count: 1 },
  ]);
  assert.deepEqual(uploaded('returning', byKey('date')), [], 'remembered today, returning another day');

  // kiosk-content took the hourly counts; the newer lists were answered as its version does
  // (until it stores them, a 400 for those requests alone).
  const stored = await api.get(`/sites/${SITE}/footfall?days=1`);
  assert.deepEqual(sum(stored.counts.filter((r) => r.date === today)), { cafe: 1, private: 1, session: 1, visiting: 1, volunteering: 1 });
  const newer = proxy.passed.filter((p) => p.url === '/api/v1/footfall' && !JSON.parse(p.body().toString('utf8')).counts);
  assert.ok(newer.length > 0);
  console.log(`# the newer lists were answered ${[...new Set(newer.map((p) => p.status))].join(', ')} by this kiosk-content`);

  // This kiosk-content stores them: the building's report for the day says exactly what the
  // kiosk counted, every list of it.
  const report = await api.get(`/reports?sites=${SITE}&from=${today}&to=${today}`);
  const table = (id) => report.tables.find((t) => t.id === id);
  const cell = (id, first, column = 1) => table(id).rows.find((r) => r[0] === first)?.[column];
  assert.equal(cell('purposes', 'All visits'), 5);
  assert.equal(cell('purposes', 'Sessions'), 1);
  assert.equal(cell('purposes', 'Volunteering'), 1);
  assert.equal(table('purposes').rows.some((r) => /support/i.test(r[0])), false, 'a discreet purpose is never named');
  assert.deepEqual(table('registers').rows.map((r) => [r[1], r[2], r[4]]), [[local(session.start).date, local(session.start).clock, 1]]);
  assert.deepEqual(table('volunteers').rows.map((r) => [r[2], r[4]]), [[1, 0]]);
  assert.ok(Math.abs(table('volunteers').rows[0][3] - volunteers.minutes / 60) <= 0.05, JSON.stringify(table('volunteers').rows));
  assert.deepEqual(table('feedback').rows.at(-1), ['All answers', 1, 0, 1]);
  assert.deepEqual(table('returning').rows, [['All months', 0]]);
});

test('nothing the kiosk sent names a visitor or carries their code or remembered words', async () => {
  const { stdout } = await runFile('sqlite3', [join(data, 'kiosk.db'), 'SELECT code FROM checkin WHERE code IS NOT NULL'], { timeout: 10000 });
  const codes = stdout.split('\n').map((c) => c.trim()).filter(Boolean);
  assert.equal(codes.length, 4, 'the four named visitors\' codes, from the kiosk\'s own database');
  const sent = Buffer.concat(proxy.passed.filter((p) => p.method !== 'GET').map((p) => p.body()));
  assert.ok(sent.length > 0);
  const text = sent.toString('latin1');
  for (const secret of [...NAMES, ...codes, REMEMBERED, REMEMBERED.toLowerCase(), 'support-group', 'Support group']) {
    assert.equal(text.indexOf(secret), -1, `"${secret}" is in what the kiosk sent`);
    assert.equal(server.log().indexOf(secret), -1, `"${secret}" is in kiosk-content's log`);
  }
  // Nor is any of it in kiosk-content's files (its database and journal, as they lie on disk).
  const files = readdirSync(contentData).map((f) => join(contentData, f)).filter((f) => statSync(f).isFile());
  assert.ok(files.some((f) => f.endsWith('content.db')));
  for (const file of files) {
    const bytes = readFileSync(file).toString('latin1');
    for (const secret of [...NAMES, ...codes, REMEMBERED, REMEMBERED.toLowerCase()])
      assert.equal(bytes.indexOf(secret), -1, `"${secret}" is in ${file}`);
  }
});
