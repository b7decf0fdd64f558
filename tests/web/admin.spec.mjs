// Browser tests for the kiosk-content admin: a real kiosk-content --demo on 127.0.0.1, and
// Debian's chromium driven by playwright-core. Saves the README's screenshots to docs/img.
//   KIOSK_CONTENT=build/content/server/kiosk-content node tests/web/admin.spec.mjs
// Screenshots go to a temporary folder; COI_UPDATE_SCREENSHOTS=1 writes docs/img/admin-*.png
// instead (so an ordinary test run leaves the working tree as it was).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const shots = process.env.COI_UPDATE_SCREENSHOTS === '1' ? join(repo, 'docs', 'img') : mkdtempSync(join(tmpdir(), 'coi-web-shots-'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BINARY = process.env.KIOSK_CONTENT || join(repo, 'build', 'content', 'server', 'kiosk-content');

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('playwright-core is not installed: run scripts/setup --tests (npm install in tests/web)');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.log(`SKIP: no chromium at ${CHROMIUM}`);
  process.exit(77); // ctest SKIP_RETURN_CODE
}

let server, browser, base, password, dataDir;
const SITE = 'ashby-hill';

// Starts kiosk-content --demo on a free port and reads the port and password it prints.
function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), 'coi-web-test-'));
  return new Promise((resolve, reject) => {
    server = spawn(BINARY, ['--demo', '--data', dataDir, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('kiosk-content did not start: ' + out)), 15000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const pw = out.match(/one-time password: (\S+)/);
      const url = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (pw && url) { clearTimeout(timer); password = pw[1]; base = url[1]; resolve(); }
    });
    server.on('exit', (code) => reject(new Error(`kiosk-content exited with ${code}: ${out}`)));
  });
}

async function kiosk(path, body, token) {
  const res = await fetch(base + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json().catch(() => ({})) };
}

async function signIn(page, name, pw) {
  await page.goto(base + '/admin/');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill(pw);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (pw !== 'wrong password') await page.locator('#who', { hasText: name }).waitFor();
}

async function newPage(viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  return page;
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (process.env.COI_UPDATE_SCREENSHOTS !== '1') rmSync(shots, { recursive: true, force: true });
});

test('an admin signs in and sees the demo building', async () => {
  const page = await newPage();
  await signIn(page, 'admin', 'wrong password');
  await page.getByText('wrong name or password').waitFor();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your buildings' }).waitFor();
  await page.getByText("Ashby Hill People's Centre").first().waitFor();
  await page.screenshot({ path: join(shots, 'admin-home.png') });
  await page.context().close();
});

test('a coordinator creates a recurring event', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/site/${SITE}/events`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add an event' }) });
  await form.getByLabel('What is it?').fill('Seated tai chi');
  await form.getByLabel('From').fill('14:00');
  await form.getByLabel('Until').fill('15:00');
  await form.getByLabel('Repeats').selectOption('weekly');
  await form.locator('.days label', { hasText: 'Tue' }).locator('input').check();
  await form.locator('.days label', { hasText: 'Thu' }).locator('input').check();
  await form.getByRole('button', { name: 'Add event' }).click();
  const item = page.locator('article', { hasText: 'Seated tai chi' });
  await item.waitFor();
  assert.match(await item.innerText(), /Every .*Tue, .*Thu.*14:00–15:00/s);
  // Cancel one date: the others carry on.
  await item.getByRole('button', { name: 'Cancel one date' }).click();
  const cancel = page.locator('form', { has: page.getByRole('heading', { name: 'Cancel one Seated tai chi' }) });
  await cancel.getByLabel('Date').fill('2026-12-01');
  await cancel.getByRole('button', { name: 'Cancel this date' }).click();
  await page.locator('article', { hasText: 'Seated tai chi' }).getByText('Not on: Tue 1 Dec').waitFor();
  await page.locator('article', { hasText: 'Seated tai chi' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, 'admin-events.png') });
  await page.context().close();
});

test('a coordinator switches on an urgent notice', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
  await form.getByLabel('Heading').fill('Car park closed today');
  await form.getByLabel('Message').fill('Please park on Welfare Road. The hall is open as usual.');
  const poster = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 200 } });
  await form.locator('input[type=file]').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: poster });
  await form.locator('.preview img').waitFor();
  await form.getByRole('button', { name: 'Add notice' }).click();
  const item = page.locator('article', { hasText: 'Car park closed today' });
  await item.getByRole('button', { name: 'Switch on urgent' }).click();
  await item.getByText('Urgent · showing').waitFor();
  assert.equal(await page.locator('article', { hasText: 'Car park closed today' }).locator('img.thumb').count(), 1);
  await page.locator('.toast, #toast.show').first().waitFor({ state: 'attached' });
  await page.screenshot({ path: join(shots, 'admin-notices.png'), fullPage: false });
  await page.context().close();
});

test('a coordinator pairs a screen by its code and sees its status', async () => {
  const hello = { code: '407215', secret: 'playwright-kiosk-secret-0001' };
  assert.equal((await kiosk('/api/v1/pair', hello)).status, 202);
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/screens`);
  await page.getByLabel('Code on the screen').fill(hello.code);
  await page.getByLabel('What it is for').fill('reception');
  await page.getByLabel('Name', { exact: true }).fill('Reception TV');
  await page.getByRole('button', { name: 'Pair screen' }).click();
  await page.locator('article', { hasText: 'Reception TV' }).waitFor();
  const adopted = await kiosk('/api/v1/pair', hello);
  assert.equal(adopted.status, 200);
  const token = adopted.json.token;
  const feed = await fetch(base + '/api/v1/feed', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(feed.status, 200);
  assert.ok(feed.headers.get('x-feed-signature'));
  const version = Number(feed.headers.get('x-feed-version'));

  // The screen reports in with a screenshot: the public page at TV size stands in for it.
  const tv = await newPage({ width: 960, height: 540 });
  await tv.goto(`${base}/whats-on/${SITE}`);
  const png = await tv.screenshot();
  await tv.context().close();
  const form = new FormData();
  form.append('status', JSON.stringify({ content_version: version, app_version: '0.1.0', uptime_seconds: 93784,
    last_sync_at: Math.floor(Date.now() / 1000) - 120, last_error: '', free_disk_bytes: 5368709120 }));
  form.append('screenshot', new Blob([png], { type: 'image/png' }), 'screen.png');
  const status = await fetch(base + '/api/v1/status', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  assert.equal(status.status, 200);
  const today = new Date().toISOString().slice(0, 10);
  const counts = [];
  for (let d = 0; d < 14; d++) {
    const date = new Date(Date.now() - d * 86400000).toISOString().slice(0, 10);
    for (const [purpose, base] of [['cafe', 14], ['appointment', 5], ['visiting', 9], ['volunteering', 3]])
      counts.push({ date, hour: 11, purpose, count: base + ((d * 7 + purpose.length) % 6) });
  }
  assert.equal((await kiosk('/api/v1/footfall', { counts }, token)).status, 200, today);

  await page.reload();
  const card = page.locator('article', { hasText: 'Reception TV' });
  await card.getByText('Online').waitFor();
  await card.locator('img.screenshot').waitFor();
  // Everything the heartbeat carried about the screen itself is on its card.
  const health = await card.locator('.health').textContent();
  assert.match(health, /running 1 d 2 h/);
  assert.match(health, /last good update 2 min ago/);
  assert.match(health, /5\.0 GB free/);
  assert.match(await card.textContent(), /app 0\.1\.0/);
  await page.screenshot({ path: join(shots, 'admin-screens.png'), fullPage: true });

  await page.goto(`${base}/admin/#/site/${SITE}/footfall`);
  await page.locator('.chart .legend li').first().waitFor();
  await page.screenshot({ path: join(shots, 'admin-footfall.png') });
  await page.context().close();
});

test('a coordinator edits the building: hours and rooms', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/site/${SITE}/settings`);
  await page.getByRole('heading', { name: 'The building' }).waitFor();
  await page.locator('.hours-row', { hasText: 'Sunday' }).locator('input[type=checkbox]').uncheck();
  await page.getByRole('button', { name: 'Add a room' }).click();
  await page.getByLabel('Room name').last().fill('Quiet Room');
  await page.getByRole('button', { name: 'Save building' }).click();
  await page.locator('#toast.show', { hasText: 'Saved' }).waitFor();
  await page.getByLabel('Room name').last().waitFor();
  assert.equal(await page.getByLabel('Room name').last().inputValue(), 'Quiet Room');
  assert.equal(await page.locator('.hours-row', { hasText: 'Sunday' }).locator('input[type=checkbox]').isChecked(), false);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, 'admin-building.png') });
  await page.context().close();
});

// Uploads a calendar as the signed-in coordinator, through the same API the page uses.
async function importCalendar(page, ics) {
  return page.evaluate(async ({ site, ics }) => {
    const session = await (await fetch('/api/admin/session', { credentials: 'same-origin' })).json();
    const res = await fetch(`/api/admin/sites/${site}/ics/import`, {
      method: 'POST', credentials: 'same-origin', body: ics,
      headers: { 'Content-Type': 'text/calendar', 'X-CSRF-Token': session.csrf },
    });
    return { status: res.status, json: await res.json() };
  }, { site: SITE, ics });
}

test('the calendar panel says what the last import took in, what it left out and why', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  const event = (uid, summary, start, end) => `BEGIN:VEVENT\r\nUID:${uid}\r\nSUMMARY:${summary}\r\n${start}\r\n${end}\r\nEND:VEVENT\r\n`;
  const calendar = (events) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${events}END:VCALENDAR\r\n`;
  const good = calendar(
    event('knit', 'Knit and natter', 'DTSTART;TZID=GMT Standard Time:20261201T140000', 'DTEND;TZID=GMT Standard Time:20261201T160000') +
    event('fair', 'Winter fair', 'DTSTART;VALUE=DATE:20261212', 'DTEND;VALUE=DATE:20261214') +
    event('away', 'Twinning visit', 'DTSTART;TZID=Middle Earth Standard Time:20261205T100000', 'DTEND;TZID=Middle Earth Standard Time:20261205T120000') +
    event('back', 'Backwards', 'DTSTART:20261206T120000Z', 'DTEND:20261206T100000Z'));
  const reply = await importCalendar(page, good);
  assert.equal(reply.status, 200, JSON.stringify(reply.json));
  assert.equal(reply.json.imported, 2);
  await page.goto(`${base}/admin/#/site/${SITE}/settings`);
  const report = page.getByTestId('import-report');
  await report.waitFor();
  assert.match(await report.innerText(), /2 events on the screens, from 4 entries in the calendar/);
  await report.getByText('2 entries left out, and why').click();
  await report.getByText('"Twinning visit" is in the time zone "Middle Earth Standard Time", which this server does not know').waitFor();
  await report.getByText('"Backwards" ends before it starts').waitFor();
  assert.equal(await page.locator('.import-report [role=alert]').count(), 0, 'a calendar that imports is not an alarm');
  await report.evaluate((el) => el.closest('.card').scrollIntoView({ block: 'start' }));
  await page.locator('.card', { has: report }).screenshot({ path: join(shots, 'admin-calendar-report.png') });

  // A calendar that gives the screens nothing says so loudly, with the reasons open.
  assert.equal((await importCalendar(page, calendar(event('back', 'Backwards', 'DTSTART:20261206T120000Z', 'DTEND:20261206T100000Z')))).status, 200);
  await page.reload();
  const alarm = page.getByRole('alert').filter({ hasText: 'Nothing from this calendar is on the screens' });
  await alarm.waitFor();
  assert.match(await alarm.innerText(), /It has 1 event, and none could be shown/);
  await page.getByTestId('import-report').getByText('"Backwards" ends before it starts').waitFor();
  await page.context().close();
});

test('café staff post a special from a phone and mark it sold out', async () => {
  const admin = await newPage();
  await signIn(admin, 'admin', password);
  await admin.goto(`${base}/admin/#/users`);
  await admin.getByLabel('Name they sign in with').fill('maggie');
  await admin.locator('input[autocomplete="new-password"]').fill('tea and toast 1984');
  await admin.getByLabel('What they can do').selectOption('cafe');
  await admin.getByRole('button', { name: 'Add person' }).click();
  await admin.locator('article', { hasText: 'maggie' }).waitFor();
  await admin.screenshot({ path: join(shots, 'admin-people.png') });
  await admin.context().close();

  const phone = await newPage({ width: 390, height: 844 });
  await signIn(phone, 'maggie', 'tea and toast 1984');
  await phone.getByRole('button', { name: 'Add a special' }).click();
  const form = phone.locator('form', { has: phone.getByRole('heading', { name: 'Add a special' }) });
  await form.getByLabel('Name').fill('Leek and potato soup');
  await form.getByLabel('Price (£)').fill('3.50');
  await form.getByLabel('Description (optional)').fill('With a crusty roll');
  await form.locator('label.chip', { hasText: 'Celery' }).click();
  await form.locator('label.chip', { hasText: 'Milk' }).click();
  await form.locator('label.chip', { hasText: 'Vegetarian' }).click();
  await form.getByRole('button', { name: 'Add special' }).click();
  const item = phone.locator('article', { hasText: 'Leek and potato soup' });
  await item.getByText('£3.50').waitFor();
  await item.getByRole('button', { name: 'Mark sold out' }).click();
  await phone.locator('article', { hasText: 'Leek and potato soup' }).getByRole('button', { name: 'Back on' }).waitFor();
  await phone.locator('article.sold-out', { hasText: 'Leek and potato soup' }).locator('.badge', { hasText: 'Sold out' }).waitFor();
  await phone.locator('article', { hasText: 'Leek and potato soup' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await phone.screenshot({ path: join(shots, 'admin-cafe-phone.png') });
  // Café staff cannot reach notices, even by typing the address.
  await phone.goto(`${base}/admin/#/site/${SITE}/notices`);
  await phone.getByRole('button', { name: 'Add a special' }).waitFor();
  assert.equal(await phone.getByRole('heading', { name: 'Add a notice' }).count(), 0);
  await phone.context().close();
});

test('the public What\'s on page reads well on a phone', async () => {
  const phone = await newPage({ width: 390, height: 844 });
  await phone.goto(`${base}/whats-on/${SITE}`);
  await phone.getByRole('heading', { name: /What's on at/ }).waitFor();
  await phone.getByText('Seated tai chi').first().waitFor({ state: 'attached' }).catch(() => {});
  await phone.screenshot({ path: join(shots, 'admin-whats-on-phone.png') });
  await phone.context().close();
});
