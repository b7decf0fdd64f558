// Browser tests for the kiosk-content admin: a real kiosk-content --demo on 127.0.0.1, and
// Debian's chromium driven by playwright-core. Saves the README's screenshots to docs/img.
//   KIOSK_CONTENT=build/content/server/kiosk-content node tests/web/admin.spec.mjs
// Screenshots go to a temporary folder; COI_UPDATE_SCREENSHOTS=1 writes docs/img/admin-*.png
// instead (so an ordinary test run leaves the working tree as it was).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo, AXE, SITE, start } from './harness.mjs';

const shots = process.env.COI_UPDATE_SCREENSHOTS === '1' ? join(repo, 'docs', 'img') : mkdtempSync(join(tmpdir(), 'coi-web-shots-'));
let server, browser, base, password;

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

async function newPage(viewport = { width: 1280, height: 860 }, options = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  return page;
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await start();
  ({ browser, base, password } = server);
});

after(async () => {
  await server?.stop();
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
  assert.equal(await form.locator('.days input:checked').count(), 0, 'no weekday is ticked for you');
  await form.locator('.days label', { hasText: 'Tue' }).locator('input').check();
  await form.locator('.days label', { hasText: 'Thu' }).locator('input').check();
  await form.getByRole('button', { name: 'Add event' }).click();
  const item = page.locator('article', { hasText: 'Seated tai chi' });
  await item.waitFor();
  assert.match(await item.innerText(), /Every Tue, Thu · 14:00–15:00/);
  // Cancel one date: the others carry on. A Tuesday after the first date (today).
  const today = new Date(new Date().toISOString().slice(0, 10) + 'T12:00:00Z');
  const tuesday = new Date(today.getTime() + (((2 - today.getUTCDay() + 7) % 7) || 7) * 86400000);
  const weekday = (d) => d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).replace(',', '');
  await item.getByRole('button', { name: 'Cancel one date' }).click();
  const cancel = page.locator('form', { has: page.getByRole('heading', { name: 'Cancel one Seated tai chi' }) });
  await cancel.getByLabel('Date').fill(tuesday.toISOString().slice(0, 10));
  await cancel.getByRole('button', { name: 'Cancel this date' }).click();
  await page.locator('article', { hasText: 'Seated tai chi' }).getByText(`Not on: ${weekday(tuesday)}`).waitFor();
  await page.locator('article', { hasText: 'Seated tai chi' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, 'admin-events.png') });
  await page.context().close();
});

test('the event form shows only what applies and refuses at the field what cannot be', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/site/${SITE}/events`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add an event' }) });
  await form.waitFor();
  // "Just once": no weekdays, no raw repeat rule.
  assert.equal(await form.getByLabel('Repeats').inputValue(), 'once');
  assert.equal(await form.locator('.days').isVisible(), false, '"On these days" is hidden for "Just once"');
  assert.equal(await form.getByLabel('Repeat rule').isVisible(), false, 'the RRULE box is hidden for "Just once"');
  await page.screenshot({ path: join(shots, 'admin-event-form.png') });

  // An end before the start is refused at "Until", and nothing is saved.
  await form.getByLabel('What is it?').fill('Film club');
  await form.getByLabel('From').fill('19:00');
  await form.getByLabel('Until').fill('18:00');
  await form.getByRole('button', { name: 'Add event' }).click();
  const until = form.getByLabel('Until');
  await form.locator('.field-error', { hasText: 'It must end after it starts (19:00).' }).waitFor({ timeout: 10000 });
  assert.equal(await until.getAttribute('aria-invalid'), 'true');
  const describedBy = await until.getAttribute('aria-describedby');
  assert.match(await page.locator(`#${describedBy.split(' ')[0]}`).innerText(), /must end after it starts/);

  // Weekly with no day ticked is asked about, at the days.
  await until.fill('21:00');
  await form.getByLabel('Repeats').selectOption('weekly');
  assert.equal(await form.locator('.days').isVisible(), true);
  assert.equal(await form.getByLabel('First date').count(), 1, 'a repeating event asks for its first date');
  await form.getByRole('button', { name: 'Add event' }).click();
  await form.locator('.days .field-error', { hasText: 'Tick the days it is on.' }).waitFor({ timeout: 10000 });
  assert.equal(await until.getAttribute('aria-invalid'), null, 'the fixed field is no longer marked');
  assert.equal(await page.locator('article', { hasText: 'Film club' }).count(), 0);
  await form.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, 'admin-event-form-errors.png') });

  // "Cancel one date" on a day the series never falls on: refused at the date.
  const youth = page.locator('article', { hasText: 'Youth club' }); // every Mon and Wed
  await youth.getByRole('button', { name: 'Cancel one date' }).click();
  const cancel = page.locator('form', { has: page.getByRole('heading', { name: 'Cancel one Youth club' }) });
  const today = new Date(new Date().toISOString().slice(0, 10) + 'T12:00:00Z');
  const tuesday = new Date(today.getTime() + (((2 - today.getUTCDay() + 7) % 7) || 7) * 86400000).toISOString().slice(0, 10);
  await cancel.getByLabel('Date').fill(tuesday);
  await cancel.getByRole('button', { name: 'Cancel this date' }).click();
  await cancel.locator('.field-error', { hasText: `is not on ${tuesday}` }).waitFor({ timeout: 10000 });
  assert.equal(await cancel.getByLabel('Date').getAttribute('aria-invalid'), 'true');
  assert.doesNotMatch(await youth.innerText(), /Not on/);
  await page.context().close();
});

test('a café special takes prices as the counter says them and cannot be both vegan and milky', async () => {
  const page = await newPage({ width: 390, height: 844 });
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/site/${SITE}/specials`);
  await page.getByRole('button', { name: 'Add a special' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a special' }) });
  await form.getByLabel('Name').fill('Flat white');
  await form.getByLabel('Price (£)').fill('80p');
  await form.locator('label.chip', { hasText: 'Milk' }).click();
  await form.locator('label.chip', { hasText: 'Vegan' }).click();
  await form.getByRole('button', { name: 'Add special' }).click();
  await form.locator('.field-error', { hasText: 'It cannot be Vegan and contain Milk' }).waitFor({ timeout: 10000 });
  assert.equal(await form.locator('input[value="vegan"]').getAttribute('aria-invalid'), 'true');
  await form.locator('.field-error').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, 'admin-special-errors-phone.png') });
  await form.locator('label.chip', { hasText: 'Vegan' }).click();
  await form.getByRole('button', { name: 'Add special' }).click();
  await page.locator('article', { hasText: 'Flat white' }).getByText('80p').waitFor({ timeout: 10000 });
  // The server refuses the contradiction too, whatever sends it.
  const refused = await page.evaluate(async (site) => {
    const session = await (await fetch('/api/admin/session')).json();
    const res = await fetch(`/api/admin/sites/${site}/specials`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf },
      body: JSON.stringify({ id: 'latte', name: 'Latte', price_pence: 120, allergens: ['milk'], dietary: ['vegan'] }) });
    return res.status;
  }, SITE);
  assert.equal(refused, 400);
  for (const [typed, shown] of [['£1.20', '£1.20'], ['1.2', '£1.20']]) {
    await page.getByRole('button', { name: 'Add a special' }).click().catch(() => {});
    const again = page.locator('form', { has: page.getByRole('heading', { name: 'Add a special' }) });
    await again.getByLabel('Name').fill(`Tea ${typed}`);
    await again.getByLabel('Price (£)').fill(typed);
    await again.getByRole('button', { name: 'Add special' }).click();
    await page.locator('article', { hasText: `Tea ${typed}` }).getByText(shown).waitFor({ timeout: 10000 });
  }
  await page.context().close();
});

test('a coordinator account needs a building, asked at the buildings', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/users`);
  await page.getByLabel('Name they sign in with').fill('sam');
  await page.locator('input[autocomplete="new-password"]').fill('a long enough password');
  await page.getByLabel('What they can do').selectOption('coordinator');
  await page.getByRole('button', { name: 'Add person' }).click();
  await page.locator('fieldset .field-error', { hasText: 'Tick at least one building they look after.' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('article', { hasText: 'sam' }).count(), 0);
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

test('a picture the server refuses is named at its field and never dropped without a word', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
  await form.getByLabel('Heading').fill('Quiz night');
  // JPEG magic bytes with a web page behind them: not a picture.
  const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]);
  const file = form.locator('input[type=file]');
  await file.setInputFiles({ name: 'quiz.jpg', mimeType: 'image/jpeg', buffer: fake });
  const error = form.locator('.field-error');
  await error.filter({ hasText: 'This picture was not added: the picture could not be read' }).waitFor({ timeout: 10000 });
  assert.equal(await file.getAttribute('aria-invalid'), 'true');
  assert.ok((await file.getAttribute('aria-describedby')).split(' ').includes(await error.getAttribute('id')));
  assert.equal(await file.inputValue(), '', 'the refused file is not left in the form as if chosen');
  await form.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.screenshot({ path: join(shots, 'admin-notice-refused-picture.png') });

  // The first "Add notice" stops and says so again; the second goes on without a picture.
  await form.getByRole('button', { name: 'Add notice' }).click();
  await error.filter({ hasText: 'again to go on without one' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('article', { hasText: 'Quiz night' }).count(), 0);
  assert.equal(await form.getByLabel('Heading').inputValue(), 'Quiz night', 'the form is kept');
  await form.getByRole('button', { name: 'Add notice' }).click();
  await page.locator('article', { hasText: 'Quiz night' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('article', { hasText: 'Quiz night' }).locator('img.thumb').count(), 0);
  await page.context().close();
});

test('a coordinator pairs a screen by its code and sees its status', async () => {
  const hello = { code: '407215963', secret: 'playwright-kiosk-secret-0001' };
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

test('a screen just paired says it waits for its first visit, and its card changes by itself', async () => {
  const hello = { code: '518204377', secret: 'playwright-kiosk-secret-0002' };
  assert.equal((await kiosk('/api/v1/pair', hello)).status, 202);
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/screens`);
  // The field shows what the screen shows: nine digits in three groups, typed as seen.
  assert.equal(await page.getByLabel('Code on the screen').getAttribute('placeholder'), '483 920 117');
  await page.getByText('It shows a 9-digit code').waitFor();
  await page.getByLabel('Code on the screen').fill('518 204 377');
  await page.getByLabel('What it is for').fill('hall');
  await page.getByLabel('Name', { exact: true }).fill('Hall TV');
  await page.getByRole('button', { name: 'Pair screen' }).click();
  const card = page.locator('article', { hasText: 'Hall TV' });
  await card.getByText('Paired, waiting for its first visit').waitFor({ timeout: 10000 });
  assert.doesNotMatch(await card.innerText(), /Offline|last seen never/);
  await page.screenshot({ path: join(shots, 'admin-screen-waiting.png') });
  // The screen collects its token and fetches its feed; nobody touches the page.
  const { token } = (await kiosk('/api/v1/pair', hello)).json;
  assert.equal((await fetch(base + '/api/v1/feed', { headers: { Authorization: `Bearer ${token}` } })).status, 200);
  await card.locator('.badge', { hasText: 'Online' }).waitFor({ timeout: 20000 });
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

test('a building the server refuses says why beside the field, and the form stays', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/site/${SITE}/settings`);
  await page.getByRole('heading', { name: 'The building' }).waitFor();
  const zone = page.getByLabel('Time zone');
  await zone.fill('Mars/Olympus_Mons');
  await page.getByRole('button', { name: 'Save building' }).click();
  const error = page.locator('.field-error', { hasText: 'Mars/Olympus_Mons' });
  await error.waitFor({ timeout: 10000 });
  assert.equal(await zone.getAttribute('aria-invalid'), 'true');
  assert.ok((await zone.getAttribute('aria-describedby')).split(' ').includes(await error.getAttribute('id')));
  await page.waitForTimeout(8500); // longer than an error toast lasts
  assert.ok(await error.isVisible(), 'the error is still there when the toast has gone');
  assert.equal(await zone.inputValue(), 'Mars/Olympus_Mons', 'what was typed is kept to correct');
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

// WCAG contrast of two CSS colours ("rgb(r, g, b)").
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => Number(v) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('on a phone every tab is in reach and a toast never covers the button under it', async () => {
  const phone = await newPage({ width: 390, height: 844 });
  await signIn(phone, 'admin', password);
  await phone.goto(`${base}/admin/#/site/${SITE}/events`);
  const visitors = phone.locator('nav.tabs a', { hasText: 'Visitors' });
  const box = await visitors.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the Visitors tab is on the screen: ${JSON.stringify(box)}`);
  await phone.screenshot({ path: join(shots, 'admin-tabs-phone.png') });
  await visitors.click();
  await phone.locator('.chart').waitFor();

  // "Sold out" and straight back: the toast that says so must not take the tap.
  await phone.goto(`${base}/admin/#/site/${SITE}/specials`);
  const item = phone.locator('article', { hasText: 'Cheese and onion toastie' });
  await item.getByRole('button', { name: 'Mark sold out' }).click();
  await phone.locator('#toast.show', { hasText: 'marked sold out' }).waitFor();
  const backOn = phone.locator('article', { hasText: 'Cheese and onion toastie' }).getByRole('button', { name: 'Back on' });
  // At the foot of the screen, where a thumb reaches and where the toast used to sit.
  await backOn.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  const toast = await phone.locator('#toast').boundingBox();
  const button = await backOn.boundingBox();
  const overlaps = toast && button && !(toast.x + toast.width <= button.x || button.x + button.width <= toast.x ||
    toast.y + toast.height <= button.y || button.y + button.height <= toast.y);
  const hit = await backOn.evaluate((el) => { const r = el.getBoundingClientRect(); return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); });
  assert.ok(!overlaps, `the toast ${JSON.stringify(toast)} covers "Back on" ${JSON.stringify(button)}`);
  assert.ok(hit, 'a tap on "Back on" reaches it');
  await phone.screenshot({ path: join(shots, 'admin-sold-out-phone.png') });
  await backOn.click({ timeout: 5000 });
  await phone.locator('article', { hasText: 'Cheese and onion toastie' }).getByRole('button', { name: 'Mark sold out' }).waitFor();

  // Text and field edges readable: .warn text 4.5:1, an input's border 3:1 against the page.
  await phone.getByRole('button', { name: 'Add a special' }).click();
  const colours = await phone.evaluate(() => {
    const probe = document.createElement('p');
    probe.className = 'warn';
    probe.textContent = 'probe';
    document.querySelector('main').append(probe);
    const input = document.querySelector('main input:not([type=checkbox])') || document.querySelector('input');
    const paper = getComputedStyle(document.body).backgroundColor !== 'rgba(0, 0, 0, 0)'
      ? getComputedStyle(document.body).backgroundColor : getComputedStyle(document.documentElement).backgroundColor;
    return { warn: getComputedStyle(probe).color, paper, border: getComputedStyle(input).borderTopColor, field: getComputedStyle(input).backgroundColor };
  });
  assert.ok(contrast(colours.warn, colours.paper) >= 4.5, `.warn text: ${contrast(colours.warn, colours.paper).toFixed(2)}:1`);
  assert.ok(contrast(colours.border, colours.paper) >= 3, `input border on the page: ${contrast(colours.border, colours.paper).toFixed(2)}:1`);
  assert.ok(contrast(colours.border, colours.field) >= 3, `input border on the field: ${contrast(colours.border, colours.field).toFixed(2)}:1`);
  await phone.context().close();
});

test('the Visitors chart says why it is empty when the building does not share counts', async () => {
  const page = await newPage();
  await signIn(page, 'admin', password);
  await page.goto(`${base}/admin/#/`);
  const status = await page.evaluate(async (from) => {
    const session = await (await fetch('/api/admin/session')).json();
    const { site } = await (await fetch(`/api/admin/sites/${from}`)).json();
    const quiet = { ...site, id: 'quiet-hall', name: 'Quiet Hall', checkin: { ...site.checkin, share_counts: false } };
    const res = await fetch('/api/admin/sites', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf }, body: JSON.stringify(quiet) });
    return res.status;
  }, SITE);
  assert.equal(status, 201);
  await page.goto(`${base}/admin/#/site/quiet-hall/footfall`);
  await page.getByText('No counts arrive while sharing is off.').waitFor({ timeout: 10000 });
  await page.getByRole('link', { name: 'Share anonymous visitor counts' }).click();
  await page.getByRole('heading', { name: 'The building' }).waitFor();
  await page.goto(`${base}/admin/#/site/quiet-hall/footfall`);
  await page.getByText('No counts arrive while sharing is off.').waitFor();
  await page.screenshot({ path: join(shots, 'admin-footfall-sharing-off.png') });
  await page.context().close();
});

// Every admin page and the public page, as a coordinator and as a visitor sees them, on a
// desktop and on a phone: no serious or critical accessibility finding (axe-core).
const PAGES = [['sign-in', '/admin/#/login', false], ['buildings', '/admin/#/', true], ['screens', '/admin/#/screens', true],
  ['people', '/admin/#/users', true], ['events', `/admin/#/site/${SITE}/events`, true], ['notices', `/admin/#/site/${SITE}/notices`, true],
  ['cafe', `/admin/#/site/${SITE}/specials`, true], ['building', `/admin/#/site/${SITE}/settings`, true],
  ['visitors', `/admin/#/site/${SITE}/footfall`, true], ['public', `/whats-on/${SITE}`, false]];

async function axeFindings(page) {
  await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`no serious or critical accessibility finding on any page at ${viewport.width}x${viewport.height}`, async () => {
    const page = await newPage(viewport, { bypassCSP: true }); // the pages' CSP would refuse axe's script
    const findings = [];
    for (const [name, path, signedIn] of PAGES) {
      if (signedIn && !(await page.locator('#who', { hasText: 'admin' }).count())) await signIn(page, 'admin', password);
      await page.goto(base + path);
      await page.locator(name === 'public' ? 'h1' : 'main h1, main h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      for (const finding of await axeFindings(page)) findings.push(`${name}: ${finding}`);
    }
    assert.deepEqual(findings, []);
    await page.context().close();
  });
}
