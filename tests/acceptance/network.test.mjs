// The network between a kiosk and kiosk-content: a hotel-style proxy or captive portal in the
// way answering with pages of its own, kiosk-content rebuilt from scratch, a picture damaged
// in the kiosk's storage. The kiosk reaches kiosk-content through a loopback proxy (lib/proxy.mjs)
// the test can tell to answer HTML errors; everything else is the built programs, touched from
// outside: the screen, the admin API, the kiosk's files, signals.
// The kiosk's first release drew a new pairing code on a proxy's 409 (the one on screen no longer
// paired), forgot its pairing on a proxy's 401 page, dropped a café special on a proxy's 404,
// refused every feed of a rebuilt server for ever, and never fetched a damaged picture again.
//   node --test tests/acceptance/network.test.mjs   (KIOSK, KIOSK_CONTENT: the built programs; sqlite3)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { KIOSK, eventually, runFile, sleep, startContentDemo, startKiosk, startScreen, tempDir, writeToml } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';
import { adminApi } from './lib/admin.mjs';
import { startProxy } from './lib/proxy.mjs';
import { buttons, readButton } from './lib/screen.mjs';

const SITE = 'ashby-hill';
const POLL = 10;
const data = tempDir('network-kiosk');
const config = join(tempDir('network-config'), 'kiosk.toml');
let screen, person, server, api, port, proxy, kiosk;

before(async () => {
  screen = await startScreen(1280, 800);
  person = new Person(screen);
  server = await startContentDemo(tempDir('network-content'));
  port = new URL(server.base).port;
  api = await openSite(server);
  proxy = await startProxy(server.base);
  writeToml(config, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 3, pages: ['cafe', 'notices'] },
    sync: { server: proxy.base, poll_seconds: POLL, allow_http: true },
  });
  const pin = await runFile('sh', ['-c', `echo 2468 | "${KIOSK}" set-pin --role staff --data "${data}"`], { timeout: 30000 });
  assert.match(pin.stdout, /the staff PIN is set/);
});

after(async () => {
  if (kiosk) await kiosk.stop();
  if (proxy) await proxy.stop();
  if (server) await server.stop();
  if (screen) await screen.stop();
});

// Open all day whatever hour CI runs at, and one café special of the test's own.
async function openSite(content) {
  const admin = await adminApi(content.base, 'admin', content.password);
  const site = await admin.get(`/sites/${SITE}`).then((r) => r.site || r);
  site.opening_hours = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, open: '00:00', close: '23:59' }));
  site.closed_dates = [];
  await admin.put(`/sites/${SITE}`, site);
  for (const { id } of (await admin.get(`/sites/${SITE}/specials`)).items) await admin.del(`/sites/${SITE}/specials/${id}`);
  await admin.post(`/sites/${SITE}/specials`, { id: 'soup', name: { en: 'Leek and potato soup' }, price_pence: 350 });
  return admin;
}

// Nine digits in three groups; the gaps read as one space or more, so they are made one.
const codeOnScreen = async (seconds) =>
  person.readCode('a pairing code', seconds);
const codesLogged = () => kiosk.lines.filter((l) => /pair this screen with code/.test(l)).length;
const applied = (from, seconds = POLL * 3 + 20) => kiosk.waitForLine(/now showing content version (\d+)/, seconds, from).then((m) => Number(m[1]));

function stillRunning() {
  assert.ok(kiosk.running(), `the kiosk exited (${JSON.stringify(kiosk.exit)}); its log:\n${kiosk.log()}`);
  assert.deepEqual(kiosk.blankFrames, []);
}

test('a proxy\'s 409 page to pairing leaves the code on screen, and the coordinator pairs the screen with it', async () => {
  proxy.answer('POST', /^\/api\/v1\/pair/, 409);
  kiosk = await startKiosk(screen, config, data);
  const code = await codeOnScreen(30);
  const from = proxy.count('POST', /^\/api\/v1\/pair/);
  await eventually('another pairing poll answered 409 by the proxy', 60, () => proxy.count('POST', /^\/api\/v1\/pair/) > from, 500);
  await sleep(1500); // a frame or two after the last answer
  assert.equal(await codeOnScreen(10), code, 'the same code on screen');
  assert.equal(codesLogged(), 1, kiosk.log());

  // Out of the way, the next pairing poll tells kiosk-content the code on screen.
  const passed = proxy.passed.length;
  proxy.getOutOfTheWay();
  await eventually('a pairing poll through to kiosk-content', 60, () => proxy.passed.slice(passed).some((r) => r.url === '/api/v1/pair'), 500);
  await api.post('/screens/adopt', { code: code.replace(' ', ''), site_id: SITE, role: 'reception', name: 'Reception TV' });
  await applied(0);
  await person.untilShown('the building\'s special', /Leek\s+and\s+potato\s+soup/, 60);
  stillRunning();
});

test('a proxy\'s 401 page to the feed poll keeps the screen paired, with its content, and it follows changes after', async () => {
  const from = kiosk.lines.length;
  proxy.answer('GET', /^\/api\/v1\/feed/, 401);
  const before = proxy.count('GET', /^\/api\/v1\/feed/);
  await eventually('a feed poll answered 401 by the proxy', POLL * 4, () => proxy.count('GET', /^\/api\/v1\/feed/) > before, 500);
  await kiosk.waitForLine(/not kiosk-content's own answer/, 10, from);
  const { seen } = await person.untilShown('the building\'s special still', /Leek\s+and\s+potato\s+soup/, 30);
  assert.doesNotMatch(seen.text, /\b\d{3}\s+\d{3}\s+\d{3}\b/, 'no pairing code on screen');
  assert.equal(codesLogged(), 1, 'no new pairing code');

  proxy.getOutOfTheWay();
  await api.post(`/sites/${SITE}/notices`, { id: 'after-proxy', title: 'Proxy gone, notice here', body: 'Through again.' });
  await applied(from, POLL * 8 + 20); // after failures the kiosk backs off
  await person.untilShown('a change made after the proxy got out of the way', /Proxy\s+gone,?\s+notice\s+here/, 60);
  stillRunning();
});

// Staff mode as staff.test.mjs opens it: hold the clock, the PIN on the pad.
async function openStaffMode() {
  const { seen } = await person.untilShown('signage with its clock', /\b\d\d:\d\d\b[\s\S]*Touch\s+here\s+to\s+check\s+in/, 30);
  const clock = seen.words.filter((w) => /^\d\d:\d\d$/.test(w.text)).sort((a, b) => b.x - a.x)[0];
  await person.hold({ x: clock.x + clock.w / 2, y: clock.y + clock.h / 2 }, 3500);
  const { shot } = await person.untilShown('the PIN pad', /Staff\s+PIN[\s\S]*Delete/, 10);
  const keys = new Map();
  for (const key of buttons(shot)) keys.set((await readButton(shot, key)).toUpperCase(), key);
  for (const label of ['2', '4', '6', '8', 'OK']) {
    assert.ok(keys.has(label), `the key ${label} on the pad; the keys read: ${[...keys.keys()].join(' ')}`);
    await person.tapAt(keys.get(label).middle);
  }
  await person.untilShown('the staff menu', /Caf[ée]\s+specials/, 10);
}

test('a café special saved in staff mode while a proxy answers 404 pages reaches kiosk-content once it gets out of the way', async () => {
  proxy.answer('POST', /^\/api\/v1\/specials/, 404); // reports go in order: only the special's is in the way
  await openStaffMode();
  await person.tapOn('Café specials', 10);
  await person.untilShown('the specials', /Leek\s+and\s+potato\s+soup/, 10);
  // Changed here, the coordinators' special becomes this screen's own, sent to kiosk-content.
  await person.tapOn('Change', 10);
  await person.tapOn('Save', 10);
  await person.untilShown('the specials again', /Add\s+a\s+special/, 10);
  await person.tapOn('Back', 10);
  await person.tapOn('Lock', 10, (places) => places[0]);
  // Asked again after the first refusal: the report was kept, not dropped.
  await eventually('the special posted twice, both answered 404 by the proxy', POLL * 8, () => proxy.count('POST', /^\/api\/v1\/specials/) >= 2, 500);
  const fromScreen = async () => (await api.get(`/sites/${SITE}/specials`)).items.filter((i) => /^kiosk-/.test(i.id));
  assert.deepEqual(await fromScreen(), [], 'not through yet');

  proxy.getOutOfTheWay();
  const [posted] = await eventually('kiosk-content to have the screen\'s special', POLL * 8, async () => { const l = await fromScreen(); return l.length ? l : null; }, 1000);
  assert.match(JSON.stringify(posted.item), /Leek and potato soup/);
  assert.doesNotMatch(kiosk.log(), /dropped/i);
  stillRunning();
});

test('kiosk-content rebuilt from scratch: the screen paired with it again follows its content from its first version', async () => {
  // Several versions on the old server, so the screen's floor is well above a fresh server's.
  const from = kiosk.lines.length;
  for (const n of [1, 2, 3, 4])
    await api.post(`/sites/${SITE}/notices`, { id: `old-${n}`, title: `Old notice ${n}`, body: 'From the old server.' });
  const version = (await api.get(`/sites/${SITE}/notices`)).content_version;
  await kiosk.waitForLine(new RegExp(`now showing content version ${version}\\b`), POLL * 3 + 20, from);
  await server.stop();
  server = await startContentDemo(tempDir('network-content-rebuilt'), `127.0.0.1:${port}`);
  api = await openSite(server);
  // The fresh server does not know the screen's token: its own 401, a pairing code on screen.
  const code = await codeOnScreen(POLL * 8);
  await api.post('/screens/adopt', { code: code.replace(' ', ''), site_id: SITE, role: 'reception', name: 'Reception TV' });
  await api.post(`/sites/${SITE}/notices`, { id: 'fresh', title: 'Fresh start notice', body: 'From the rebuilt server.' });
  const fresh = (await api.get(`/sites/${SITE}/notices`)).content_version;
  assert.ok(fresh < version, `the rebuilt server's version ${fresh} is below the ${version} the screen showed`);
  await person.untilShown('the rebuilt server\'s notice', /Fresh\s+start\s+notice/, POLL * 6 + 40);
  await person.untilGone('the old server\'s notices', /Old\s+notice\s+\d/, 60);
  assert.doesNotMatch(kiosk.log(), /older than version/);
  stillRunning();
});

test('a picture damaged in the kiosk\'s storage is fetched again from kiosk-content after a restart', async () => {
  assert.equal((await kiosk.stop()).code, 0);
  kiosk = null;
  const db = join(data, 'kiosk.db');
  const sqlite = (sql) => runFile('sqlite3', [db, sql], { timeout: 20000 }).then((r) => r.stdout.trim());
  const sha = await sqlite('SELECT sha256 FROM media ORDER BY sha256 LIMIT 1');
  assert.match(sha, /^[0-9a-f]{64}$/);
  await sqlite(`UPDATE media SET bytes = zeroblob(length(bytes)) WHERE sha256 = '${sha}'`); // worn to zeros
  const asked = proxy.passed.length;
  kiosk = await startKiosk(screen, config, data);
  await eventually('the damaged picture asked for again', POLL * 6, () => proxy.passed.slice(asked).some((r) => r.url === `/api/v1/media/${sha}`), 500);
  await eventually('the picture stored again with its own bytes', 30, async () => {
    const hex = await sqlite(`SELECT hex(bytes) FROM media WHERE sha256 = '${sha}'`);
    return hex && createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex') === sha;
  }, 1000);
  stillRunning();
});
