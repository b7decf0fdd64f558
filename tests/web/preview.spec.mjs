// Seeing an edit on the screens before saving it, and cropping a saved picture again. A real
// kiosk-content --demo configured to draw previews with the real kiosk program; what the
// kiosk drew is read back with tesseract.
//   KIOSK_CONTENT=build/content/server/kiosk-content KIOSK=build/kiosk/app/kiosk node --test tests/web/preview.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { start, newPage, signIn, adminApi, axeFindings, repo, SITE } from './harness.mjs';

const run = promisify(execFile);
const KIOSK = process.env.KIOSK || join(repo, 'build', 'kiosk', 'app', 'kiosk');
const shots = mkdtempSync(join(tmpdir(), 'coi-preview-shots-'));
const DRAWN = 120000; // the kiosk starting, reading the feed and drawing, on a busy machine
let base, password, browser, stop;

before(async () => {
  ({ base, password, browser, stop } = await start({ config: `[preview]\nkiosk_binary = "${KIOSK}"\n` }));
});

after(async () => {
  await stop?.();
  if (process.env.COI_KEEP_SHOTS !== '1') rmSync(shots, { recursive: true, force: true });
  else console.log(`screenshots kept in ${shots}`);
});

async function admin(viewport) {
  const page = await newPage(browser, viewport, { bypassCSP: true });
  await signIn(page, base, 'admin', password);
  return page;
}

// The building's clock `minutes` from now, as the event form takes it.
async function buildingTime(page, minutes) {
  const { site } = (await adminApi(page, 'GET', `/sites/${SITE}`)).json;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + minutes * 60000));
  const get = (type) => parts.find((p) => p.type === type).value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

// The picture in the open preview dialog, written out and read by tesseract.
async function readPreview(page, name) {
  const dialog = page.getByRole('dialog', { name: 'Preview: not saved yet' });
  const img = dialog.locator('img').first();
  await img.waitFor({ timeout: DRAWN });
  await page.waitForFunction(() => document.querySelector('dialog img')?.naturalWidth === 1280);
  const bytes = await img.evaluate(async (el) => Array.from(new Uint8Array(await (await fetch(el.src)).arrayBuffer())));
  const png = join(shots, `${name}.png`);
  writeFileSync(png, Buffer.from(bytes));
  const { stdout } = await run('tesseract', [png, '-'], { timeout: 60000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
  return stdout.replace(/\s+/g, ' ');
}

const titles = async (page, kind) => (await adminApi(page, 'GET', `/sites/${SITE}/${kind}`)).json.items.map((e) => e.item.title?.en ?? e.item.title);

test('a new event is previewed on the screens, drawn by the kiosk, before anything is saved', { timeout: 300000 }, async () => {
  const page = await admin();
  await page.goto(`${base}/admin/#/site/${SITE}/events`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add an event' }) });
  await form.waitFor();
  const from = await buildingTime(page, 3), to = await buildingTime(page, 33);
  assert.equal(from.date, to.date, 'run this test before 23:20 building time: the event must start and end today');
  await form.getByLabel('What is it?').fill('Pancake Parade');
  await form.getByLabel('Date').fill(from.date);
  await form.getByLabel('From').fill(from.time);
  await form.getByLabel('Until').fill(to.time);
  await form.getByRole('button', { name: 'Preview', exact: true }).click();
  const words = await readPreview(page, 'draft-event');
  assert.match(words, /Pancake Parade/, words);
  const dialog = page.getByRole('dialog', { name: 'Preview: not saved yet' });
  assert.ok(await dialog.getByText(/^On \S+ screens$/).first().isVisible(), 'each picture is named by its screen role');
  assert.ok(!(await titles(page, 'events')).includes('Pancake Parade'), 'a preview saves nothing');
  await page.screenshot({ path: join(shots, 'draft-event-dialog.png') });
  await dialog.getByRole('button', { name: 'Close preview' }).click();
  assert.equal(await dialog.count(), 0);
  // The form is as it was: saving now puts it on the screens.
  assert.equal(await form.getByLabel('What is it?').inputValue(), 'Pancake Parade');
  await page.context().close();
});

test('a draft the server refuses is refused at its field, as a save would be, and nothing opens', { timeout: 120000 }, async () => {
  const page = await admin();
  await page.goto(`${base}/admin/#/site/${SITE}/events`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add an event' }) });
  await form.waitFor();
  await form.getByLabel('What is it?').fill('Sometimes club');
  await form.getByLabel('Repeats').selectOption('custom');
  const rule = form.getByLabel('Repeat rule');
  await rule.fill('FREQ=SOMETIMES');
  await form.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.locator('[aria-invalid=true]').first().waitFor({ timeout: 30000 });
  assert.equal(await rule.getAttribute('aria-invalid'), 'true', 'the rule the server refused is marked');
  const note = await rule.getAttribute('aria-describedby');
  assert.match(await page.locator(`#${note.split(' ')[0]}`).textContent(), /rrule/);
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.context().close();
});

test('a notice for one kind of screen is previewed on that kind only, named; the dialog fits a phone and passes axe', { timeout: 300000 }, async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const page = await admin(viewport);
    await page.goto(`${base}/admin/#/site/${SITE}/notices`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
    await form.waitFor();
    await form.getByLabel('Heading').fill('Jumble sale');
    await form.getByLabel('Message').fill('Saturday in the main hall');
    await form.locator('.days label', { hasText: 'cafe' }).locator('input').check();
    await form.getByRole('button', { name: 'Preview', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Preview: not saved yet' });
    if (viewport.width === 1280) {
      const words = await readPreview(page, 'draft-notice');
      assert.match(words, /Jumble sale/, `the notice being edited is on the page drawn: ${words}`);
    }
    await dialog.locator('img').first().waitFor({ timeout: DRAWN });
    await page.waitForFunction(() => document.querySelector('dialog img')?.complete);
    assert.deepEqual(await dialog.locator('figcaption').allTextContents(), ['On cafe screens']);
    const box = await dialog.boundingBox();
    const img = await dialog.locator('img').first().boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `the dialog fits ${viewport.width} px: ${JSON.stringify(box)}`);
    assert.ok(img.width <= box.width && img.width > viewport.width / 2, `the picture fits the dialog: ${JSON.stringify(img)}`);
    assert.deepEqual(await axeFindings(page), [], `preview dialog at ${viewport.width}x${viewport.height}`);
    await page.screenshot({ path: join(shots, `draft-notice-${viewport.width}.png`) });
    assert.ok(!(await titles(page, 'notices')).includes('Jumble sale'), 'a preview saves nothing');
    await page.keyboard.press('Escape');
    assert.equal(await dialog.count(), 0);
    await page.context().close();
  }
});

test('a saved picture is cropped again to a screen\'s shape from the notice editor', { timeout: 120000 }, async () => {
  const page = await admin();
  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  // A wide picture, red on its left quarter: a 16:9 frame pushed fully left keeps red only.
  const uploaded = await page.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 1600, height: 400 });
    const g = canvas.getContext('2d');
    g.fillStyle = '#1414dc'; g.fillRect(0, 0, 1600, 400);
    g.fillStyle = '#dc1414'; g.fillRect(0, 0, 760, 400);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const session = await (await fetch('/api/admin/session')).json();
    const res = await fetch('/api/admin/media', { method: 'POST', body: blob, headers: { 'Content-Type': 'image/png', 'X-CSRF-Token': session.csrf } });
    return res.json();
  });
  const notice = { id: 'banner-photo', title: 'Banner photo', image: uploaded.sha256 };
  assert.equal((await adminApi(page, 'POST', `/sites/${SITE}/notices`, notice)).status, 201);
  await page.reload();
  await page.getByRole('button', { name: 'Edit Banner photo' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Edit notice' }) });
  await form.getByRole('button', { name: 'Crop again', exact: true }).click();
  await form.getByLabel('Crop to the shape of').selectOption('landscape');
  const frame = form.locator('.crop-frame');
  await frame.focus();
  for (let i = 0; i < 12; ++i) await page.keyboard.press('Shift+ArrowLeft');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  let saved;
  for (let i = 0; i < 100 && (!saved || saved.image === uploaded.sha256); ++i) {
    await page.waitForTimeout(100);
    saved = (await adminApi(page, 'GET', `/sites/${SITE}/notices`)).json.items.find((e) => e.item.id === 'banner-photo')?.item;
  }
  assert.notEqual(saved.image, uploaded.sha256, 'the notice now has the cropped picture');
  const cropped = await page.evaluate(async (sha) => {
    const bitmap = await createImageBitmap(await (await fetch(`/api/v1/media/${sha}`)).blob());
    const canvas = Object.assign(document.createElement('canvas'), { width: bitmap.width, height: bitmap.height });
    const g = canvas.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const [r, , b] = g.getImageData(bitmap.width - 3, bitmap.height / 2, 1, 1).data;
    return { width: bitmap.width, height: bitmap.height, r, b };
  }, saved.image);
  assert.ok(Math.abs(cropped.width / cropped.height - 16 / 9) < 0.02, `a 16:9 picture: ${JSON.stringify(cropped)}`);
  assert.ok(cropped.r > 150 && cropped.b < 100, `only the red left part is kept: ${JSON.stringify(cropped)}`);
  await page.context().close();
});
