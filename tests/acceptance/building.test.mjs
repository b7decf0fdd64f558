// A building's day, end to end: a coordinator pairs a new screen by the code it shows, then
// changes the building's content while the screen runs, a visitor checks in half-way through
// an update, both programs are restarted, and the screen is revoked. The programs are the
// built `kiosk` and `kiosk-content`, started as README.md, docs/content-server.md and the
// systemd units start them; the test touches them only through the screen (Xvfb, tesseract,
// xdotool), the web admin (Debian's chromium), the HTTP API, files and signals.
//   node --test tests/acceptance/building.test.mjs   (KIOSK, KIOSK_CONTENT: the built programs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  KIOSK, KIOSK_CONTENT, evidence, eventually, runFile, sleep, startContentDemo, startKiosk, startScreen, tempDir, writeToml,
} from './lib/programs.mjs';
import { capture, countColour, encodePng } from './lib/screen.mjs';
import { Person } from './lib/person.mjs';
import { adminApi, openBrowser, signIn } from './lib/admin.mjs';

const SITE = 'ashby-hill';
const POLL = 10; // seconds: the shortest poll a kiosk's config allows
let screen, person, server, serverData, browser, api, kiosk, kioskConfig, kioskData, port;
const stopped = []; // every kiosk process that ended, with its exit

// [SECTION] Looking at the screen

// A change reaches the screen within a poll, then its page comes round (4 pages of 3 s); on a
// busy CI machine a look (tesseract) takes seconds, so a page shown for 3 s can be missed once.
const untilShown = (what, pattern, seconds = POLL * 2 + 40) => person.untilShown(what, pattern, seconds);
const untilGone = (what, pattern, seconds = POLL * 2 + 20) => person.untilGone(what, pattern, seconds);
const tapOn = (phrase, seconds) => person.tapOn(phrase, seconds);

// The one kiosk process is still the one that started, and no look at the screen found it blank.
function stillRunning(pid) {
  assert.equal(kiosk.pid, pid, 'the same kiosk process');
  assert.ok(kiosk.running(), `the kiosk exited (${JSON.stringify(kiosk.exit)}); its log:\n${kiosk.log()}`);
  assert.deepEqual(kiosk.blankFrames, [], `the screen was blank; pictures kept in ${evidence}`);
}

// The kiosk applied new content after its log line `fromLine` (its log, as journalctl would show it).
async function applied(fromLine, seconds = POLL * 2 + 10) {
  const [, version] = await kiosk.waitForLine(/now showing content version (\d+)/, seconds, fromLine);
  return Number(version);
}

// [SECTION] The building's content, as the coordinator leaves it for the day

const hhmm = (d) => d.toISOString().slice(0, 19) + '+00:00';
function eventNow(id, title) {
  const start = new Date(Date.now() - 5 * 60000), end = new Date(Date.now() + 3 * 3600000);
  return { id, title, room: 'main-hall', start: hhmm(start), end: hhmm(end) };
}
function siteToday() {
  // The building's date now (Europe/London), for cancelling today's occurrence.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

async function startKioskNow() {
  kiosk = await startKiosk(screen, kioskConfig, kioskData);
  kiosk.exited.then((exit) => stopped.push({ pid: kiosk.pid, exit }));
  return kiosk;
}

before(async () => {
  screen = await startScreen(1280, 800);
  person = new Person(screen);
  serverData = tempDir('content');
  server = await startContentDemo(serverData);
  port = new URL(server.base).port;
  api = await adminApi(server.base, 'admin', server.password);
  // A day that is always open, whatever hour CI runs at, and only this test's own sessions,
  // notices and specials, so each is sure to be on its page.
  const { site } = await api.get(`/sites/${SITE}`).then((r) => ({ site: r.site || r }));
  site.opening_hours = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, open: '00:00', close: '23:59' }));
  site.closed_dates = [];
  await api.put(`/sites/${SITE}`, site);
  for (const kind of ['events', 'notices', 'specials'])
    for (const { id } of (await api.get(`/sites/${SITE}/${kind}`)).items) await api.del(`/sites/${SITE}/${kind}/${id}`);
  await api.post(`/sites/${SITE}/events`, eventNow('pottery', 'Pottery taster'));

  kioskData = tempDir('kiosk');
  kioskConfig = join(tempDir('kiosk-config'), 'kiosk.toml');
  writeToml(kioskConfig, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 3, pages: ['whats-on', 'cafe', 'notices', 'week'] },
    sync: { server: server.base, poll_seconds: POLL, allow_http: true },
  });
  browser = await openBrowser();
});

after(async () => {
  if (kiosk) await kiosk.stop();
  if (server) await server.stop();
  if (browser) await browser.close();
  if (screen) await screen.stop();
});

// [SECTION] The day

let pid, version = 0, pairingCode;

test('a fresh kiosk shows a code; typed into the Screens page exactly as shown, it pairs the screen', async () => {
  await startKioskNow();
  pid = kiosk.pid;
  pairingCode = await person.readCode('a pairing code', 30);
  const page = await signIn(browser, server.base, 'admin', server.password);
  await page.goto(`${server.base}/admin/#/screens`);
  await page.getByLabel('Code on the screen').pressSequentially(pairingCode, { delay: 30 }); // as a person types it
  await page.getByLabel('What it is for').fill('reception');
  await page.getByLabel('Name', { exact: true }).fill('Reception TV');
  await page.getByRole('button', { name: 'Pair screen' }).click();
  await page.locator('article', { hasText: 'Reception TV' }).waitFor({ timeout: 10000 });
  await page.getByText(/Paired.*Reception TV/).first().waitFor({ timeout: 10000 });
  await page.context().close();
  version = await applied(0, POLL + 15);
  await untilShown('the building', /Pottery\s+taster/);
  stillRunning(pid);
});

test('the running kiosk takes every change one after the other, in one process, never blank', async () => {
  const page = await signIn(browser, server.base, 'admin', server.password);

  // A new notice, with a picture from the coordinator's computer.
  const poster = encodePng(320, 200, () => [214, 40, 160]); // a magenta the pages never use
  await page.goto(`${server.base}/admin/#/site/${SITE}/notices`);
  // Beside the urgent switch: how soon a change shows, from how often this screen said it looks.
  await eventually('the notices page to say how often the screen looks for changes', 20, async () => {
    if (await page.getByText('Screens here look for changes every 10 s, so an urgent banner is on all of them within 10 s of saving.').isVisible()) return true;
    await page.reload();
    return false;
  }, 1000);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
  await form.getByLabel('Heading').fill('Choir practice tonight');
  await form.getByLabel('Message').fill('All voices welcome in the Garden Room.');
  await form.locator('input[type=file]').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: poster });
  await form.locator('.preview img').waitFor();
  await form.getByRole('button', { name: 'Add notice' }).click();
  await page.locator('article', { hasText: 'Choir practice tonight' }).waitFor();
  version = await applied(indexAfter(version));
  const notice = await untilShown('the new notice', /Choir\s+practice\s+tonight/);
  await eventually('the notice picture on screen', 15, async () => countColour(capture(screen.fb), [214, 40, 160]) > 20000, 300);
  stillRunning(pid);
  assert.ok(notice);

  // The urgent banner on, then off.
  const item = page.locator('article', { hasText: 'Choir practice tonight' });
  await item.getByRole('button', { name: 'Switch on urgent' }).click();
  await item.getByText('Urgent · showing').waitFor();
  version = await applied(indexAfter(version));
  // On every page: seen at the top while the What's on page is up.
  await untilShown('the urgent banner over What\'s on', /Choir\s+practice\s+tonight[\s\S]*Pottery\s+taster|Pottery\s+taster[\s\S]*Choir\s+practice\s+tonight/);
  await page.locator('article', { hasText: 'Choir practice tonight' }).getByRole('button', { name: 'Switch off urgent' }).click();
  version = await applied(indexAfter(version));
  await untilGone('the urgent banner over What\'s on', /Choir\s+practice\s+tonight[\s\S]*Pottery\s+taster|Pottery\s+taster[\s\S]*Choir\s+practice\s+tonight/);
  stillRunning(pid);
  await page.context().close();

  // An edited event, and a cancelled occurrence.
  await api.put(`/sites/${SITE}/events/pottery`, eventNow('pottery', 'Pottery for beginners'));
  version = await applied(indexAfter(version));
  await untilShown('the edited event', /Pottery\s+for\s+beginners/);
  await api.post(`/sites/${SITE}/events`, { ...eventNow('tai-chi', 'Seated tai chi'), rrule: 'FREQ=DAILY' });
  version = await applied(indexAfter(version));
  await untilShown('the new weekly session', /Seated\s+tai\s+chi/);
  await api.post(`/sites/${SITE}/events/tai-chi/cancel`, { date: siteToday(), cancelled: true });
  version = await applied(indexAfter(version));
  // Struck through, the title reads as "Seated-tai-ehi" or not at all; the word beside it is
  // the point, and it is the day's only cancelled session.
  await untilShown('today\'s session cancelled', /What's\s+on\s+today[\s\S]*Cancelled/);
  stillRunning(pid);

  // A café special and "Sold out", from the café's phone.
  await api.post('/users', { name: 'maggie', password: 'tea and toast 1984', role: 'cafe', sites: [SITE] });
  const phone = await signIn(browser, server.base, 'maggie', 'tea and toast 1984', { width: 390, height: 844 });
  // With no specials yet the form is open already; otherwise it opens on "Add a special".
  const addSpecial = phone.getByRole('button', { name: 'Add a special' });
  await addSpecial.or(phone.getByRole('heading', { name: 'Add a special' })).first().waitFor();
  if (await addSpecial.isVisible()) await addSpecial.click();
  const special = phone.locator('form', { has: phone.getByRole('heading', { name: 'Add a special' }) });
  await special.getByLabel('Name').fill('Leek and potato soup');
  await special.getByLabel('Price (£)').fill('3.50');
  await special.getByRole('button', { name: 'Add special' }).click();
  await phone.locator('article', { hasText: 'Leek and potato soup' }).getByText('£3.50').waitFor();
  version = await applied(indexAfter(version));
  await untilShown('the special with its price', /Leek\s+and\s+potato\s+soup[\s\S]{0,60}£3\.50/);
  await phone.locator('article', { hasText: 'Leek and potato soup' }).getByRole('button', { name: 'Mark sold out' }).click();
  await phone.locator('article', { hasText: 'Leek and potato soup' }).getByRole('button', { name: 'Back on' }).waitFor();
  version = await applied(indexAfter(version));
  // Struck through, its name no longer reads cleanly; it is the café's only special.
  await untilShown('the special sold out', /Café\s+today[\s\S]*Sold\s+out/);
  await phone.context().close();
  stillRunning(pid);
  assert.ok(kiosk.looks > 50, `the watcher looked at the screen ${kiosk.looks} times`);
});

// The index of the kiosk's log line that said `version`, so the next wait reads only what follows.
function indexAfter(shownVersion) {
  const at = kiosk.lines.findLastIndex((l) => l.includes(`now showing content version ${shownVersion}`));
  return at < 0 ? 0 : at + 1;
}

test('a visitor half-way through a named check-in keeps what they typed when content arrives', async () => {
  await tapOn('Touch here to check in', 20);
  await tapOn('Tell us you\'re here', 10);
  await tapOn('Visiting someone', 10);
  await untilShown('the name page', /What's\s+your\s+first\s+name/, 10);
  await person.type('Marg');
  await untilShown('the typed name', /\bMarg\b/, 10);
  await api.post(`/sites/${SITE}/notices`, { id: 'quiz', title: 'Quiz night on Friday', body: 'Teams of four.' });
  version = await applied(indexAfter(version));
  await sleep(1500); // a few frames after the new content
  const { seen } = await untilShown('the same name page with the name typed so far', /What's\s+your\s+first\s+name[\s\S]*\bMarg\b/, 5);
  assert.doesNotMatch(seen.text, /Quiz\s+night/, 'signage waits behind the check-in');
  await person.type('aret');
  await tapOn('Check in', 10);
  await untilShown('the thank-you', /Margaret/, 10);
  const { stdout } = await runFile(KIOSK, ['roll-call', '--config', kioskConfig, '--data', kioskData], { timeout: 20000 });
  assert.match(stdout, /Margaret/);
  // Back on signage the new notice shows.
  await untilShown('the notice that arrived during the check-in', /Quiz\s+night\s+on\s+Friday/, 120);
  stillRunning(pid);
});

test('kiosk-content restarted with a new signing key while the kiosk runs, then the kiosk restarted: both recover alone', async () => {
  // docs/content-server.md, "Rotating the signing key": stop, rotate-key, start.
  await server.stop();
  const rotated = await runFile(KIOSK_CONTENT, ['--data', serverData, 'rotate-key'], { timeout: 20000 });
  assert.match(rotated.stdout + rotated.stderr, /key/i);
  await sleep(POLL * 1000 + 2000); // the kiosk polls a server that is not there
  stillRunning(pid);
  server = await startContentDemo(serverData, `127.0.0.1:${port}`);
  api = await adminApi(server.base, 'admin', server.password);
  await api.post(`/sites/${SITE}/notices`, { id: 'after-restart', title: 'Repair cafe Saturday', body: 'Bring your broken things.' });
  version = await applied(indexAfter(version), POLL * 4 + 20); // after failures the kiosk backs off
  await untilShown('a change made after the server restarted, signed with its new key', /Repair\s+cafe\s+Saturday/);
  assert.doesNotMatch(kiosk.log(), /refused the feed/, 'the new key was followed, not refused');
  stillRunning(pid);

  const exit = await kiosk.stop('SIGTERM');
  assert.deepEqual(exit, { code: 0, signal: null }, 'SIGTERM is a clean stop: exit status 0');
  assert.match(kiosk.log(), /stopped by the service manager; closing cleanly/);
  await startKioskNow();
  pid = kiosk.pid;
  await untilShown('the building again, not a pairing code', /Repair\s+cafe\s+Saturday|Pottery\s+for\s+beginners/, 30);
  await api.post(`/sites/${SITE}/notices`, { id: 'after-kiosk-restart', title: 'Warm space open today', body: 'Tea is on us.' });
  await kiosk.waitForLine(/now showing content version/, POLL * 2 + 15);
  await untilShown('a change made after the kiosk restarted', /Warm\s+space\s+open\s+today/);
  stillRunning(pid);
});

test('a screen revoked on the Screens page says it is waiting to be paired, takes no check-in for a building it no longer has, and keeps its roll-call', async () => {
  const page = await signIn(browser, server.base, 'admin', server.password);
  await page.goto(`${server.base}/admin/#/screens`);
  page.on('dialog', (dialog) => dialog.accept());
  await page.locator('article', { hasText: 'Reception TV' }).getByRole('button', { name: 'Revoke' }).click();
  await page.locator('article', { hasText: 'Reception TV' }).getByText('Removed').waitFor();
  await page.context().close();
  assert.ok(await person.readCode('that it is waiting to be paired, with its code', POLL * 2 + 20, /waiting\s+to\s+be\s+paired/));
  const { shot } = await person.look();
  await person.tapAt({ x: shot.width / 2, y: shot.height / 2 });
  await sleep(3000);
  const after = await person.look();
  assert.match(after.seen.text, /waiting\s+to\s+be\s+paired/, 'a tap opens no check-in');
  assert.doesNotMatch(after.seen.text, /first\s+name|Tell\s+us\s+you're\s+here|Ashby\s+Hill/);
  const { stdout } = await runFile(KIOSK, ['roll-call', '--config', kioskConfig, '--data', kioskData], { timeout: 20000 });
  assert.match(stdout, /Margaret/, 'who is inside is not lost with the content');
  stillRunning(pid);
  assert.deepEqual(stopped.map((s) => s.exit), [{ code: 0, signal: null }], 'the only kiosk that ended is the one the test stopped');
});
