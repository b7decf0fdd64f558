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

