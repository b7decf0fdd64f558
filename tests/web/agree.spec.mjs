// Browser tests for what the screens and the public page must agree on, edited in the admin:
// closed dates and the page rotation per screen role. A real kiosk-content --demo on
// 127.0.0.1, Debian's chromium driven by playwright-core, and the real kiosk drawing a
// screenshot of the exported feed, read back with tesseract.
//   KIOSK_CONTENT=build/content/server/kiosk-content KIOSK=build/kiosk/app/kiosk node tests/web/agree.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repo, AXE, SITE, KIOSK_CONTENT as BINARY, start } from './harness.mjs';

const run = promisify(execFile);
const KIOSK = process.env.KIOSK || join(repo, 'build', 'kiosk', 'app', 'kiosk');
const shots = mkdtempSync(join(tmpdir(), 'coi-agree-shots-'));

let server, browser, base, password, dataDir;
const ZONE = 'Europe/London';

async function signIn(page) {
  await page.goto(base + '/admin/');
  await page.getByLabel('Your name').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who', { hasText: 'admin' }).waitFor();
}

async function newPage(viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  return page;
}

// The building's date `days` from today, as "2026-12-09", and as the public page heads it.
function buildingDate(days) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.now() + days * 86400000));
  const get = (type) => parts.find((p) => p.type === type).value;
  const iso = `${get('year')}-${get('month')}-${get('day')}`;
  const heading = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' })
    .format(new Date(iso + 'T12:00:00Z')).replace(',', '');
  return { iso, heading };
}

// The kiosk's own picture of `page` at `at` (the building's local time), drawn from the feed
// kiosk-content exports for the site: what a screen following that feed shows.
async function kioskScreenshot(name, page, at) {
  const out = mkdtempSync(join(tmpdir(), 'coi-agree-export-'));
  const kioskData = mkdtempSync(join(tmpdir(), 'coi-agree-kiosk-'));
  try {
    await run(BINARY, ['--data', dataDir, 'export', '--site', SITE, '--out', out], { timeout: 30000 });
    const key = readFileSync(join(out, 'public-key.txt'), 'utf8').trim();
    const png = join(shots, `${name}.png`);
    await run('prlimit', ['--as=2000000000', '--', KIOSK, '--data', kioskData, '--feed', `file://${out}/feed.json`, '--feed-key', key,
      '--sync-once', '--screenshot', png, '--size', '1920x1080', '--at', at, '--page', page],
    { timeout: 60000, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' } });
    const { stdout } = await run('tesseract', [png, '-'], { timeout: 60000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    return { png, words: stdout.replace(/\s+/g, ' ') };
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(kioskData, { recursive: true, force: true });
  }
}

async function axeFindings(page) {
  await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

before(async () => {
  // Configured as docs/content-server.md says to draw previews with the kiosk program.
  server = await start({ config: `[preview]\nkiosk_binary = "${KIOSK}"\n` });
  ({ browser, base, password, dataDir } = server);
});

after(async () => {
  await server?.stop();
  if (process.env.COI_KEEP_SHOTS !== '1') rmSync(shots, { recursive: true, force: true });
  else console.log(`screenshots kept in ${shots}`);
});

test('a closed date added in the admin closes the day on the public page and on the screen', { timeout: 180000 }, async () => {
  const page = await newPage();
  await signIn(page);
  // A day from the day after tomorrow on that the building is not already closed.
  const { site } = await page.evaluate(async (id) => (await fetch(`/api/admin/sites/${id}`, { credentials: 'same-origin' })).json(), SITE);
  let ahead = 2;
  while ((site.closed_dates || []).includes(buildingDate(ahead).iso)) ++ahead;
  const day = buildingDate(ahead);
  await page.goto(`${base}/admin/#/site/${SITE}/settings`);
  const card = page.locator('form', { has: page.getByRole('heading', { name: 'Closed dates', exact: true }) });
  await card.waitFor();
  // A last day before the first is refused at its field.
  await card.getByLabel('First day closed').fill(day.iso);
  await card.getByLabel('Last day closed (optional)').fill(buildingDate(ahead - 1).iso);
  await card.getByRole('button', { name: 'Add closed dates' }).click();
  await card.getByText('The last day is before the first.').waitFor();
  assert.equal(await card.getByLabel('Last day closed (optional)').getAttribute('aria-invalid'), 'true');
  await card.getByLabel('Last day closed (optional)').fill('');
  await card.getByLabel('Reason (optional)').fill('Staff training day');
  await card.getByRole('button', { name: 'Add closed dates' }).click();
  await page.locator('#toast.show', { hasText: 'Closed dates saved' }).waitFor();
  const listed = page.locator('.closed-list li', { hasText: 'Staff training day' });
  await listed.waitFor();
  assert.match(await listed.innerText(), new RegExp(day.heading));
  await page.screenshot({ path: join(shots, 'admin-closed-dates.png'), fullPage: true });

  // The public page: that day closed, with the reason, and none of its sessions.
  const visitor = await newPage({ width: 390, height: 844 });
  await visitor.goto(`${base}/whats-on/${SITE}`);
  const section = visitor.locator('section', { has: visitor.getByRole('heading', { name: day.heading }) });
  await section.waitFor();
  assert.equal((await section.innerText()).includes('The building is closed: Staff training day.'), true, await section.innerText());
  assert.equal(await section.locator('li').count(), 0, 'no sessions on a closed day');
  await visitor.screenshot({ path: join(shots, 'public-closed-phone.png'), fullPage: true });

  // The screen: the kiosk's own drawing of the same feed says it is closed that day, and why.
  const shot = await kioskScreenshot('kiosk-closed', 'whats-on', `${day.iso}T11:00`);
  assert.match(shot.words, /closed today/i, shot.words);
  assert.match(shot.words, /Staff training day/, shot.words);

  // Removed again, the day is open on the public page.
  await page.getByRole('button', { name: new RegExp(`Remove closed ${day.heading}`) }).click();
  await page.locator('#toast.show', { hasText: 'Removed' }).waitFor();
  await visitor.reload();
  assert.equal((await section.innerText()).includes('The building is closed'), false);
  await visitor.context().close();
  await page.context().close();
});

// A screen of `role` paired through the Screens page as an installer would; returns its token.
async function pairScreen(page, code, role, name) {
  const hello = { code, secret: `agree-kiosk-secret-${code}` };
  const pair = () => fetch(base + '/api/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(hello) });
  assert.equal((await pair()).status, 202);
  await page.goto(`${base}/admin/#/screens`);
  await page.getByLabel('Code on the screen').fill(code);
  await page.getByLabel('What it is for').fill(role);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Pair screen' }).click();
  await page.locator('article', { hasText: name }).waitFor();
  const adopted = await pair();
  assert.equal(adopted.status, 200);
  return (await adopted.json()).token;
}

async function rotationOf(token) {
  const res = await fetch(base + '/api/v1/feed', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const feed = await res.json();
  return feed.rotation || { dwell_seconds: 15, pages: ['whats-on', 'cafe', 'notices', 'week'] };
}

test('the café screens get their own pages, order and time, and the others keep the building\'s', { timeout: 120000 }, async () => {
  const page = await newPage();
  await signIn(page);
  const cafe = await pairScreen(page, '318274650', 'cafe', 'Café board');
  const reception = await pairScreen(page, '529163847', 'reception', 'Reception TV');
  const card = page.locator('form.rotation');
  await card.locator('select[name=role]').selectOption('cafe');
  await card.getByText('cafe screens show the building\'s pages.').waitFor();
  // Café first, then notices; no What's on, no week; 8 seconds each.
  await card.getByRole('checkbox', { name: "What's on today" }).uncheck();
  await card.getByRole('checkbox', { name: 'This week' }).uncheck();
  await card.getByRole('button', { name: 'Move Café today up' }).click();
  await card.getByLabel('Seconds on each page').fill('8');
  await card.getByRole('button', { name: 'Save pages for cafe screens' }).click();
  await page.locator('#toast.show', { hasText: 'Pages saved' }).waitFor();
  await page.screenshot({ path: join(shots, 'admin-rotation.png'), fullPage: true });
  assert.deepEqual(await rotationOf(cafe), { dwell_seconds: 8, pages: ['cafe', 'notices'] });
  const before = await rotationOf(reception);
  assert.deepEqual(before.pages, ['whats-on', 'cafe', 'notices', 'week'], 'reception keeps the building\'s pages');

  // The building's own pages change every screen without its own, and the café keeps its own.
  await card.locator('select[name=role]').selectOption('');
  await card.getByRole('checkbox', { name: 'Café today' }).uncheck();
  await card.getByRole('button', { name: 'Save pages', exact: true }).click();
  await page.locator('#toast.show', { hasText: 'Pages saved' }).waitFor();
  assert.deepEqual((await rotationOf(reception)).pages, ['whats-on', 'notices', 'week']);
  assert.deepEqual((await rotationOf(cafe)).pages, ['cafe', 'notices']);

  // Read back after a reload, and nothing ticked is refused before it is sent.
  await page.reload();
  await card.locator('select[name=role]').selectOption('cafe');
  assert.equal(await card.getByLabel('Seconds on each page').inputValue(), '8');
  assert.equal(await card.getByRole('checkbox', { name: "What's on today" }).isChecked(), false);
  await card.getByRole('checkbox', { name: 'Café today' }).uncheck();
  await card.getByRole('checkbox', { name: 'Notices' }).uncheck();
  await card.getByRole('button', { name: 'Save pages for cafe screens' }).click();
  await card.getByText('Choose at least one page.').waitFor();
  assert.deepEqual((await rotationOf(cafe)).pages, ['cafe', 'notices']);

  // Back to the building's pages.
  await card.getByRole('button', { name: 'cafe screens use the building\'s pages' }).click();
  await page.locator('#toast.show', { hasText: 'Pages saved' }).waitFor();
  assert.deepEqual((await rotationOf(cafe)).pages, ['whats-on', 'notices', 'week']);
  await page.context().close();
});

// Adds a one-off event as the signed-in coordinator, through the API the events page uses.
async function addEvent(page, event) {
  return page.evaluate(async ({ site, event }) => {
    const session = await (await fetch('/api/admin/session', { credentials: 'same-origin' })).json();
    const res = await fetch(`/api/admin/sites/${site}/events`, {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify(event),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf },
    });
    return { status: res.status, json: await res.json() };
  }, { site: SITE, event });
}

test('the Screens page previews what a screen shows, drawn by the kiosk, before and after a change', { timeout: 240000 }, async () => {
  const page = await newPage();
  await signIn(page);
  await page.goto(`${base}/admin/#/screens`);
  const card = page.locator('form.rotation');
  await card.locator('select[name=role]').selectOption('');
  await card.getByLabel('Page to preview').selectOption('whats-on');
  const read = async (name) => {
    await card.getByRole('button', { name: 'Show preview' }).click();
    const img = card.locator('.preview img');
    await img.waitFor({ timeout: 120000 });
    await page.waitForFunction(() => document.querySelector('.preview img')?.naturalWidth === 1280);
    // The same picture full size, for tesseract (kept per content version: not drawn again).
    const bytes = await page.evaluate(async (site) => Array.from(new Uint8Array(await (await fetch(
      `/api/admin/sites/${site}/preview?role=reception&page=whats-on&size=1280x720`, { credentials: 'same-origin' })).arrayBuffer())), SITE);
    const png = join(shots, `${name}.png`);
    writeFileSync(png, Buffer.from(bytes));
    const { stdout } = await run('tesseract', [png, '-'], { timeout: 60000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    return stdout.replace(/\s+/g, ' ');
  };
  const before = await read('preview-before');
  assert.doesNotMatch(before, /Pancake Parade/);
  // A session starting in a couple of minutes: today's, and still to come, so What's on
  // shows it whatever the time of day (rounded to the minute, as the feed's times are).
  const start = new Date(Math.ceil(Date.now() / 60000) * 60000 + 120000);
  const added = await addEvent(page, { id: 'pancake-parade', title: 'Pancake Parade', room: 'main-hall',
    start: start.toISOString().replace('.000Z', 'Z'), end: new Date(start.getTime() + 1800000).toISOString().replace('.000Z', 'Z') });
  assert.equal(added.status, 201, JSON.stringify(added.json));
  const after = await read('preview-after');
  assert.match(after, /Pancake Parade/, after);
  await page.context().close();
});

test('the building, screens and public pages have no serious or critical accessibility finding', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const page = await newPage(viewport, { bypassCSP: true });
    await signIn(page);
    await page.goto(`${base}/admin/#/site/${SITE}/settings`);
    await page.getByRole('heading', { name: 'Closed dates', exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeFindings(page), [], `at ${viewport.width}x${viewport.height}`);
    await page.screenshot({ path: join(shots, `admin-building-${viewport.width}.png`), fullPage: true });
    await page.goto(`${base}/admin/#/screens`);
    await page.locator('form.rotation').waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await axeFindings(page), [], `screens at ${viewport.width}x${viewport.height}`);
    await page.screenshot({ path: join(shots, `admin-screens-${viewport.width}.png`), fullPage: true });
    await page.goto(`${base}/whats-on/${SITE}`);
    await page.locator('h1').waitFor();
    assert.deepEqual(await axeFindings(page), [], `public page at ${viewport.width}x${viewport.height}`);
    await page.screenshot({ path: join(shots, `public-${viewport.width}.png`), fullPage: true });
    await page.context().close();
  }
});
