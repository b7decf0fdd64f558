// Editing that forgives: duplicating an event, copying last week's café menu, undoing a delete,
// a photo dropped and cropped to the screen's shape, and pictures the server will not keep.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/editing.spec.mjs
// Screenshots go to a temporary folder; COI_UPDATE_SCREENSHOTS=1 writes docs/img/editing-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, newPage, signIn, adminApi, repo, SITE } from './harness.mjs';

const keep = process.env.COI_UPDATE_SCREENSHOTS === '1';
const shots = keep ? join(repo, 'docs', 'img') : mkdtempSync(join(tmpdir(), 'coi-web-shots-'));
let base, password, browser, stop;

before(async () => {
  mkdirSync(shots, { recursive: true });
  ({ base, password, browser, stop } = await start());
});

after(async () => {
  await stop?.();
  if (!keep) rmSync(shots, { recursive: true, force: true });
});

async function admin(viewport) {
  const page = await newPage(browser, viewport);
  await signIn(page, base, 'admin', password);
  return page;
}

const events = async (page) => (await adminApi(page, 'GET', `/sites/${SITE}/events`)).json.items.map((entry) => entry.item);

test('an event is duplicated in one tap: a copy in the editor, saved only when added, with its own id', async () => {
  const page = await admin();
  await page.goto(`${base}/admin/#/site/${SITE}/events`);
  const original = (await events(page)).find((e) => e.title === 'Youth club' || e.title?.en === 'Youth club');
  assert.ok(original, 'the demo building has a Youth club');
  const before = (await events(page)).length;

  await page.locator('article', { hasText: 'Youth club' }).getByRole('button', { name: 'Duplicate Youth club' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a copy' }) });
  await form.waitFor();
  assert.equal(await form.getByLabel('What is it?').inputValue(), 'Copy of Youth club');
  assert.equal(await form.getByLabel('Repeats').inputValue(), 'weekly', 'it repeats as the original does');
  assert.equal(await form.getByLabel('Room').inputValue(), original.room);
  const ticked = await form.locator('.days input:checked').evaluateAll((boxes) => boxes.map((b) => b.value));
  assert.deepEqual(ticked, original.rrule.match(/BYDAY=([A-Z,]+)/)[1].split(','));
  await page.screenshot({ path: join(shots, 'editing-duplicate.png') });
  assert.equal((await events(page)).length, before, 'nothing is saved until "Add event"');
  assert.equal(await page.locator('article', { hasText: 'Copy of Youth club' }).count(), 0);

  await form.getByLabel('What is it?').fill('Youth club (half term)');
  await form.getByRole('button', { name: 'Add event' }).click();
  await page.locator('article', { hasText: 'Youth club (half term)' }).waitFor({ timeout: 10000 });
  const after = await events(page);
  assert.equal(after.length, before + 1);
  const copy = after.find((e) => (e.title?.en ?? e.title) === 'Youth club (half term)');
  assert.notEqual(copy.id, original.id, 'the copy has its own id');
  assert.equal(copy.rrule, original.rrule);
  assert.equal(copy.room, original.room);
  assert.ok(after.some((e) => e.id === original.id && (e.title?.en ?? e.title) === 'Youth club'), 'the original is as it was');
  await page.context().close();
});

// A calendar day in the building's zone, `days` from today.
function dayIn(zone, days) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(today + 'T12:00:00Z') + days * 86400000).toISOString().slice(0, 10);
}

test("last week's café menu is copied to today from the web: new specials, back on, the originals kept", async () => {
  const page = await admin({ width: 390, height: 844 });
  const zone = (await adminApi(page, 'GET', `/sites/${SITE}`)).json.site.timezone;
  const [today, lastWeek] = [dayIn(zone, 0), dayIn(zone, -7)];
  const weekday = new Date(lastWeek + 'T12:00:00Z').toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
  const menu = [
    { id: 'shepherds-pie-lw', name: "Shepherd's pie", price_pence: 450, allergens: ['celery', 'milk'], dietary: [], days: [lastWeek], sold_out: true },
    { id: 'rice-pudding-lw', name: 'Rice pudding', price_pence: 180, description: 'With jam', allergens: ['milk'], dietary: ['vegetarian'], days: [lastWeek] },
  ];
  for (const special of menu) assert.equal((await adminApi(page, 'POST', `/sites/${SITE}/specials`, special)).status, 201);
  const specials = async () => (await adminApi(page, 'GET', `/sites/${SITE}/specials`)).json.items.map((entry) => entry.item);
  const before = await specials();

  await page.goto(`${base}/admin/#/site/${SITE}/specials`);
  await page.getByRole('button', { name: `Copy last ${weekday}'s menu` }).click();
  await page.locator('#toast.show', { hasText: "2 specials from" }).waitFor({ timeout: 10000 });
  const after = await specials();
  assert.equal(after.length, before.length + 2);
  for (const original of menu) {
    const copy = after.find((s) => s.name === original.name && s.days?.includes(today));
    assert.ok(copy, `${original.name} is on today's menu`);
    assert.notEqual(copy.id, original.id, 'a copy is a new special');
    assert.deepEqual(copy.days, [today]);
    assert.equal(copy.sold_out ?? false, false, 'sold out is not copied: it is a new day');
    assert.equal(copy.price_pence, original.price_pence);
    assert.deepEqual(copy.allergens, original.allergens);
    assert.deepEqual(copy.dietary ?? [], original.dietary);
    assert.equal(copy.description, original.description);
    assert.deepEqual(after.find((s) => s.id === original.id).days, [lastWeek], 'last week keeps its own');
  }
  const pie = page.locator('article', { hasText: "Shepherd's pie" }).filter({ has: page.getByRole('button', { name: "Mark sold out: Shepherd's pie" }) });
  await pie.waitFor();
  await page.screenshot({ path: join(shots, 'editing-copy-menu-phone.png') });

  // A second tap adds nothing: the board is not doubled.
  await page.getByRole('button', { name: `Copy last ${weekday}'s menu` }).click();
  await page.locator('#toast.show', { hasText: "on today's menu already" }).waitFor({ timeout: 10000 });
  assert.equal((await specials()).length, after.length);
  await page.context().close();
});

// A screen paired to the demo building, as a kiosk pairs: its token, to read the feed it gets.
async function pairedScreen(page, code, secret) {
  const pair = (body) => fetch(base + '/api/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await pair({ code, secret })).status, 202);
  assert.equal((await adminApi(page, 'POST', '/screens/adopt', { code, site_id: SITE, role: 'reception', name: `Screen ${code}` })).status, 201);
  const { token } = await (await pair({ code, secret })).json();
  return async () => {
    const res = await fetch(base + '/api/v1/feed', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    return res.json();
  };
}

test('a deleted notice, event or special can be undone for a minute, even after a reload, exactly as it was', async () => {
  const page = await admin();
  const feed = await pairedScreen(page, '630418275', 'playwright-kiosk-secret-undo');
  const notice = { id: 'boiler-service', title: 'Boiler service on Friday', body: 'The hall is cold until noon.', screens: ['reception'], urgent: false };
  assert.equal((await adminApi(page, 'POST', `/sites/${SITE}/notices`, notice)).status, 201);
  const shown = (await feed()).notices.find((n) => n.id === notice.id);
  assert.ok(shown, 'the screen shows the notice');

  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: `Delete ${notice.title}` }).click();
  const undo = page.getByRole('button', { name: `Undo deleting ${notice.title}` });
  await undo.waitFor({ timeout: 10000 });
  assert.ok(await undo.evaluate((el) => el === document.activeElement), 'Undo takes the focus, for a keyboard');
  assert.equal((await feed()).notices.find((n) => n.id === notice.id), undefined, 'the screen no longer shows it');
  await page.screenshot({ path: join(shots, 'editing-undo-notice.png') });

  // The page reloaded (or opened on another device) within the minute still offers it.
  await page.reload();
  await undo.click();
  await page.locator('article', { hasText: notice.title }).waitFor({ timeout: 10000 });
  assert.equal(await undo.count(), 0, 'nothing left to undo');
  assert.deepEqual((await feed()).notices.find((n) => n.id === notice.id), shown, 'the screen shows it again, the same id and words');

  // Events and specials the same way; a special from the café page.
  for (const [tab, kind, name, question] of [['events', 'events', 'Youth club', 'Delete Youth club'], ['specials', 'specials', 'Cheese and onion toastie', 'Remove Cheese and onion toastie']]) {
    const before = (await feed())[kind].filter((x) => (x.title?.en ?? x.title ?? x.name?.en ?? x.name) === name);
    assert.equal(before.length, 1, `the demo has ${name}`);
    await page.goto(`${base}/admin/#/site/${SITE}/${tab}`);
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: question, exact: true }).click();
    await page.getByRole('button', { name: `Undo deleting ${name}` }).click({ timeout: 10000 });
    await page.locator('article', { hasText: name }).first().waitFor({ timeout: 10000 });
    assert.deepEqual((await feed())[kind].filter((x) => x.id === before[0].id), before, `${name} is back as it was`);
  }

  // Undo only brings back what was deleted: an id that was never deleted is refused in words.
  const refused = await adminApi(page, 'POST', `/sites/${SITE}/notices/never-there/restore`);
  assert.equal(refused.status, 404);
  assert.match(refused.json.error, /can be undone for 60 seconds/);
  await page.context().close();
});

