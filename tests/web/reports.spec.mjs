// The Reports page in Debian's chromium (playwright-core), against a real kiosk-content
// --demo on 127.0.0.1: a screen's day of anonymous counts, sent as a kiosk sends them, is
// what the report's tables, charts and CSV files say; across two buildings small numbers
// read "fewer than 5"; the page prints on A4 with the building's name and the period; no
// serious or critical accessibility finding at 1280x800 and 390x844.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/reports.spec.mjs
// COI_UPDATE_SCREENSHOTS=1 writes docs/img/admin-report*.png (else a temporary folder);
// COI_REPORT_PDF=FILE keeps the printed PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo, AXE, SITE, start } from './harness.mjs';

const shots = process.env.COI_UPDATE_SCREENSHOTS === '1' ? join(repo, 'docs', 'img') : mkdtempSync(join(tmpdir(), 'coi-report-shots-'));
let server, browser, base, password;
const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10); // yesterday: a whole day

// The admin API as a browser uses it: the session cookie and the CSRF token.
async function adminApi() {
  const login = await fetch(base + '/api/admin/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password }) });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf } = await login.json();
  return async (method, path, body) => {
    const res = await fetch(base + '/api/admin' + path, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, json: await res.json().catch(() => ({})) };
  };
}

// A screen paired to `site` the way a kiosk pairs: its device token.
async function pairedScreen(api, site, code) {
  const hello = { code, secret: `report-test-kiosk-secret-${code}` };
  const pair = () => fetch(base + '/api/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(hello) });
  assert.equal((await pair()).status, 202);
  assert.equal((await api('POST', '/screens/adopt', { code, site_id: site, role: 'reception', name: `Reception ${site}` })).status, 201);
  return (await (await pair()).json()).token;
}

async function upload(token, body) {
  const res = await fetch(base + '/api/v1/footfall', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

// One day at Ashby Hill, as its reception screen sends it.
const ASHBY_DAY = {
  counts: [
    { date: day, hour: 9, purpose: 'cafe', count: 23 }, { date: day, hour: 12, purpose: 'cafe', count: 17 },
    { date: day, hour: 10, purpose: 'appointment', count: 6 }, { date: day, hour: 14, purpose: 'session', count: 18 },
    { date: day, hour: 11, purpose: 'private', count: 3 }, { date: day, hour: 9, purpose: 'volunteering', count: 4 },
  ],
  sessions: [{ date: day, event: 'tea-dance', start: '14:00', count: 18 }],
  volunteers: [{ date: day, people: 4, minutes: 4 * 270 + 30, to_closing: 1 }],
  feedback: [{ date: day, purpose: 'cafe', face: 'happy', count: 12 }, { date: day, purpose: 'cafe', face: 'okay', count: 3 },
    { date: day, purpose: 'session', face: 'unhappy', count: 1 }],
  returning: [{ date: day, count: 7 }],
};

async function newPage(viewport = { width: 1280, height: 860 }, options = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  return page;
}

async function signIn(page) {
  await page.goto(base + '/admin/');
  await page.getByLabel('Your name').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who', { hasText: 'admin' }).waitFor();
}

const reportUrl = (sites) => `${base}/admin/#/reports?sites=${sites}&from=${day}&to=${day}&period=custom`;
const table = (page, id) => page.locator(`section[data-table="${id}"]`);
const row = (page, id, first) => table(page, id).locator('tbody tr', { has: page.locator('th', { hasText: first }) });

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await start();
  ({ browser, base, password } = server);
  const api = await adminApi();
  // A second building, for the report across buildings.
  const bolton = { id: 'bolton-road', name: 'Bolton Road Centre', timezone: 'Europe/London', languages: ['en'],
    opening_hours: [{ day: 'mon', open: '09:00', close: '17:00' }], rooms: [{ id: 'hall', name: 'Hall' }],
    checkin: { share_counts: true, purposes: [{ id: 'cafe', label: 'Café', kind: 'headcount' }] } };
  assert.equal((await api('POST', '/sites', bolton)).status, 201);
  await upload(await pairedScreen(api, SITE, '611204387'), ASHBY_DAY);
  await upload(await pairedScreen(api, 'bolton-road', '611204388'), { counts: [{ date: day, hour: 10, purpose: 'cafe', count: 2 }] });
});

after(async () => {
  await server?.stop();
  if (process.env.COI_UPDATE_SCREENSHOTS !== '1') rmSync(shots, { recursive: true, force: true });
});

test("a building's report shows exactly the day its screen counted, in charts and tables", async () => {
  const page = await newPage();
  await signIn(page);
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports' }).waitFor();
  await page.goto(reportUrl(SITE));
  const long = new Date(day + 'T12:00:00Z').toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  await page.locator('.report-head .period', { hasText: `${long} to ${long}` }).waitFor();
  await page.getByRole('heading', { name: "Ashby Hill People's Centre" }).waitFor();
  const cells = async (id, first) => (await row(page, id, first).locator('td').allInnerTexts());
  assert.deepEqual(await cells('purposes', 'Café or a cuppa'), ['40']);
  assert.deepEqual(await cells('purposes', 'Sessions'), ['18']);
  assert.deepEqual(await cells('purposes', 'An appointment or advice'), ['6']);
  assert.deepEqual(await cells('purposes', 'Volunteering'), ['4']);
  assert.deepEqual(await cells('purposes', 'Private appointments'), ['3']);
  assert.deepEqual(await cells('purposes', 'All visits'), ['71']);
  assert.equal(await table(page, 'purposes').getByText('Support group').count(), 0, 'a discreet purpose is never named');
  assert.deepEqual(await cells('hours', '09:00'), ['27']);
  assert.deepEqual(await cells('sessions', "Ashby Hill People's Centre"), ['Tea dance', '1', '18']);
  assert.deepEqual(await cells('registers', "Ashby Hill People's Centre"), [long, '14:00', 'Tea dance', '18']);
  const month = new Date(day + 'T12:00:00Z').toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.deepEqual(await cells('volunteers', "Ashby Hill People's Centre"), [month, '4', '18.5', '1']);
  assert.deepEqual(await cells('feedback', 'Café or a cuppa'), ['12', '3', '0']);
  assert.deepEqual(await cells('returning', month), ['7']);
  // Each chart is an SVG of its own with words for a screen reader; the table is its data.
  const chart = table(page, 'purposes').locator('svg[role="img"]');
  assert.match(await chart.getAttribute('aria-label'), /Café or a cuppa 40/);
  assert.equal(await table(page, 'purposes').locator('svg rect.bar').count(), 5);
  await page.screenshot({ path: join(shots, 'admin-report.png'), fullPage: true });
  await page.context().close();
});

test('every table downloads as CSV with its columns', async () => {
  const page = await newPage();
  await signIn(page);
  await page.goto(reportUrl(SITE));
  await table(page, 'registers').locator('tbody tr').first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), table(page, 'registers').getByRole('link', { name: /Download CSV/ }).click()]);
  assert.equal(download.suggestedFilename(), `registers-${day}-to-${day}.csv`);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(path, 'utf8'), `building,date,start,session,attendance\r\nAshby Hill People's Centre,${day},14:00,Tea dance,18\r\n`);
  await page.context().close();
});

test('across two buildings a count under 5 reads "fewer than 5" and the totals are rounded', async () => {
  const page = await newPage();
  await signIn(page);
  await page.goto(reportUrl(`${SITE},bolton-road`));
  await page.getByRole('heading', { name: "Ashby Hill People's Centre, Bolton Road Centre" }).waitFor();
  const cells = async (id, first) => (await row(page, id, first).locator('td').allInnerTexts());
  assert.deepEqual(await cells('buildings', 'Bolton Road Centre'), ['fewer than 5']);
  assert.deepEqual(await cells('purposes', 'Private appointments'), ['fewer than 5']);
  assert.deepEqual(await cells('purposes', 'Café or a cuppa'), ['40']); // 42, rounded
  assert.deepEqual(await cells('purposes', 'All visits'), ['75']);     // 73, rounded
  await page.getByText('is shown as "fewer than 5"').waitFor();
  await page.context().close();
});

test('the report prints on A4 with the building and the period, and nothing of the admin around it', async () => {
  const page = await newPage({ width: 794, height: 1123 });
  await signIn(page);
  await page.goto(reportUrl(SITE));
  await row(page, 'purposes', 'All visits').waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.locator('.report-controls').isVisible(), false);
  assert.equal(await page.getByRole('link', { name: /Download CSV/ }).first().isVisible(), false);
  assert.equal(await page.getByRole('heading', { name: "Ashby Hill People's Centre" }).isVisible(), true);
  await page.screenshot({ path: join(shots, 'admin-report-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  if (process.env.COI_REPORT_PDF) writeFileSync(process.env.COI_REPORT_PDF, pdf); // to look at it
  // A4 is 595 x 842 points: every page's MediaBox says so.
  const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[([^\]]*)\]/g)].map((m) => m[1].trim().split(/\s+/).map(Number));
  assert.ok(boxes.length >= 1);
  for (const [, , w, h] of boxes) assert.ok(Math.abs(w - 595) < 2 && Math.abs(h - 842) < 2, `${w} x ${h}`);
  await page.context().close();
});

test("the building's reporting settings are saved as the feed's site.checkin fields, and only when set", async () => {
  const page = await newPage();
  await signIn(page);
  await page.goto(`${base}/admin/#/site/bolton-road/settings`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'The building' }) });
  await form.getByLabel('Count discreet visits as (optional)').waitFor();
  const api = await adminApi();
  const checkin = async () => (await api('GET', '/sites/bolton-road')).json.site.checkin;
  const save = async () => {
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/sites/bolton-road')),
      form.getByRole('button', { name: 'Save building' }).click()]);
    assert.equal(res.status(), 200, await res.text());
    await page.waitForLoadState('networkidle');
    await form.getByLabel('Count discreet visits as (optional)').waitFor();
  };
  // Saved untouched, none of them is written: an older screen still takes the feed.
  await save();
  assert.deepEqual(Object.keys(await checkin()).sort(), ['purposes', 'retention_days', 'share_counts']);

  await page.getByRole('button', { name: 'Add a reason' }).click();
  await form.getByLabel('Reason for visiting').last().fill('Volunteering');
  await form.getByLabel('Kind').last().selectOption('named');
  await form.getByLabel(/Volunteer hours for Volunteering/).check();
  await form.getByLabel('Count discreet visits as (optional)').fill('Private appointments');
  await form.getByLabel('Ask "How did we do today?"').selectOption('checkout');
  await form.getByLabel(/Remember me for next time/).check();
  await save();
  const saved = await checkin();
  assert.equal(saved.private_label, 'Private appointments');
  assert.equal(saved.feedback, 'checkout');
  assert.equal(saved.remember, true);
  assert.deepEqual(saved.purposes.find((p) => p.id === 'volunteering'), { id: 'volunteering', label: 'Volunteering', kind: 'named', volunteer: true });
  assert.equal(saved.purposes.find((p) => p.id === 'cafe').volunteer, undefined);
  await page.context().close();
});

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`no serious or critical accessibility finding on the Reports page at ${viewport.width}x${viewport.height}`, async () => {
    const page = await newPage(viewport, { bypassCSP: true }); // the pages' CSP would refuse axe's script
    await signIn(page);
    const findings = [];
    for (const sites of [SITE, `${SITE},bolton-road`]) {
      await page.goto(reportUrl(sites));
      await row(page, 'purposes', 'All visits').waitFor();
      await page.waitForLoadState('networkidle');
      await page.addScriptTag({ path: AXE });
      const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
        findings.push(`${sites}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    assert.deepEqual(findings, []);
    if (viewport.width === 390) await page.screenshot({ path: join(shots, 'admin-report-phone.png'), fullPage: false });
    await page.context().close();
  });
}
