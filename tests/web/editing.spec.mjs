// Editing that forgives: duplicating an event, copying last week's café menu, undoing a delete,
// a photo dropped and cropped to the screen's shape, and pictures the server will not keep.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/editing.spec.mjs
// Screenshots go to a temporary folder; COI_UPDATE_SCREENSHOTS=1 writes docs/img/editing-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, newPage, signIn, adminApi, axeFindings, repo, SITE } from './harness.mjs';

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

// A 1200 x 1200 photo in four colours: red and green above, blue and yellow below.
async function fourColourPng(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 1200, height: 1200 });
    const g = canvas.getContext('2d');
    for (const [x, y, colour] of [[0, 0, '#dc1414'], [600, 0, '#14b414'], [0, 600, '#1414dc'], [600, 600, '#e6d214']]) {
      g.fillStyle = colour;
      g.fillRect(x, y, 600, 600);
    }
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

// The notice's stored picture: its size and the colour name at some of its pixels.
async function storedPicture(page, sha, points) {
  return page.evaluate(async ({ sha, points }) => {
    const bitmap = await createImageBitmap(await (await fetch(`/api/v1/media/${sha}`)).blob());
    const canvas = Object.assign(document.createElement('canvas'), { width: bitmap.width, height: bitmap.height });
    const g = canvas.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const name = ([r, gr, b]) => (r > 180 && gr > 160 && b < 90 ? 'yellow' : r > 150 && gr < 90 ? 'red' : gr > 130 && r < 90 ? 'green' : b > 150 && r < 90 ? 'blue' : `${r},${gr},${b}`);
    return { width: bitmap.width, height: bitmap.height, at: points.map(([x, y]) => name(g.getImageData(x < 0 ? bitmap.width + x : x, y < 0 ? bitmap.height + y : y, 1, 1).data)) };
  }, { sha, points });
}

const noticeNamed = async (page, title) => (await adminApi(page, 'GET', `/sites/${SITE}/notices`)).json.items.map((e) => e.item).find((n) => n.title === title);

test('a photo dropped on the notice form is cropped to the screen\'s shape, the frame moved by keyboard or mouse', async () => {
  const page = await admin();
  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
  await form.getByLabel('Heading').fill('Garden open day');
  const png = await fourColourPng(page);
  // Dropped from the desktop: a real drop event carrying the file.
  const dropped = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'garden.png', { type: 'image/png' }));
    return transfer;
  }, [...png]);
  await form.locator('.dropzone').dispatchEvent('dragover', { dataTransfer: dropped });
  await form.locator('.dropzone').dispatchEvent('drop', { dataTransfer: dropped });
  const frame = form.getByRole('img', { name: /^Crop frame/ });
  await frame.waitFor({ timeout: 10000 });
  assert.equal(await form.getByLabel('Crop to the shape of').inputValue(), 'landscape');
  const box = await frame.boundingBox();
  assert.ok(Math.abs(box.width / box.height - 16 / 9) < 0.05, `the frame is 16:9: ${JSON.stringify(box)}`);
  // To the top with the keyboard.
  await frame.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowUp');
  assert.match(await frame.getAttribute('aria-label'), / and 0% from the top$/);
  await form.evaluate((el) => el.querySelector('.dropzone').scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, 'editing-crop.png') });
  await form.getByRole('button', { name: 'Add notice' }).click();
  await page.locator('article', { hasText: 'Garden open day' }).waitFor({ timeout: 10000 });
  const top = await storedPicture(page, (await noticeNamed(page, 'Garden open day')).image, [[10, 10], [-10, 10], [10, -3], [-10, -3]]);
  assert.deepEqual([top.width, top.height], [1200, 675], 'the top 16:9 of the photo, at its own resolution');
  assert.deepEqual(top.at, ['red', 'green', 'blue', 'yellow']);

  // Portrait, dragged right with the mouse (a finger sends the same pointer events).
  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  await form.getByLabel('Heading').fill('Garden open day, portrait');
  await form.locator('input[type=file]').setInputFiles({ name: 'garden.png', mimeType: 'image/png', buffer: png });
  await frame.waitFor({ timeout: 10000 });
  await form.getByLabel('Crop to the shape of').selectOption('portrait');
  await frame.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const tall = await frame.boundingBox();
  assert.ok(Math.abs(tall.width / tall.height - 9 / 16) < 0.05, `the frame is 9:16: ${JSON.stringify(tall)}`);
  await page.mouse.move(tall.x + tall.width / 2, tall.y + tall.height / 2);
  await page.mouse.down();
  await page.mouse.move(tall.x + tall.width / 2 + 400, tall.y + tall.height / 2, { steps: 5 });
  await page.mouse.up();
  await form.getByRole('button', { name: 'Add notice' }).click();
  await page.locator('article', { hasText: 'Garden open day, portrait' }).waitFor({ timeout: 10000 });
  const right = await storedPicture(page, (await noticeNamed(page, 'Garden open day, portrait')).image, [[100, 10], [100, -10]]);
  assert.deepEqual([right.width, right.height], [675, 1200], '9:16 of the photo, at its own resolution');
  assert.deepEqual(right.at, ['green', 'yellow'], 'the right-hand side: the frame was moved');
  await page.context().close();
});

test('an SVG is refused in plain words at the picture field, and a script in it reaches nobody', async () => {
  const page = await admin();
  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
  await form.getByLabel('Heading').fill('Poster');
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">' +
    '<script>fetch("/api/admin/users")</script><image xlink:href="http://198.51.100.7/t.png" width="100" height="100"/></svg>';
  const file = form.locator('input[type=file]');
  await file.setInputFiles({ name: 'poster.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
  await form.locator('.field-error', { hasText: 'SVG drawings are not taken' }).waitFor({ timeout: 10000 });
  assert.match(await form.locator('.field-error').innerText(), /Save it as a PNG/);
  assert.equal(await file.getAttribute('aria-invalid'), 'true');
  assert.equal(await form.locator('.preview img').count(), 0, 'nothing to show: nothing was stored');
  const sha = await page.evaluate(async (text) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, '0')).join(''), svg);
  assert.equal((await fetch(`${base}/api/v1/media/${sha}`)).status, 404, 'not served');
  await form.evaluate((el) => el.querySelector('.dropzone').scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(shots, 'editing-svg-refused.png') });
  await page.context().close();
});

// The new parts of the pages open as a coordinator sees them, on a desktop and on a phone:
// the copy of an event in the form, the Café page's copy buttons, "Deleted … Undo", and the
// crop frame over a photo. No serious or critical accessibility finding (axe-core).
for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`the editing tools have no serious or critical accessibility finding at ${viewport.width}x${viewport.height}`, async () => {
    const page = await newPage(browser, viewport, { bypassCSP: true }); // the pages' CSP would refuse axe's script
    await signIn(page, base, 'admin', password);
    const findings = [];
    const audit = async (name) => { for (const finding of await axeFindings(page)) findings.push(`${name}: ${finding}`); };

    await page.goto(`${base}/admin/#/site/${SITE}/events`);
    await page.getByRole('button', { name: 'Duplicate Warm space' }).click();
    await page.getByRole('heading', { name: 'Add a copy' }).waitFor();
    await audit('event copy');

    const id = `audit-${viewport.width}`;
    assert.equal((await adminApi(page, 'POST', `/sites/${SITE}/specials`, { id, name: `Audit soup ${viewport.width}`, price_pence: 300 })).status, 201);
    assert.equal((await adminApi(page, 'DELETE', `/sites/${SITE}/specials/${id}`)).status, 200);
    await page.goto(`${base}/admin/#/site/${SITE}/specials`);
    await page.getByRole('button', { name: `Undo deleting Audit soup ${viewport.width}` }).waitFor();
    await audit('café with undo');

    await page.goto(`${base}/admin/#/site/${SITE}/notices`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
    await form.locator('input[type=file]').setInputFiles({ name: 'garden.png', mimeType: 'image/png', buffer: await fourColourPng(page) });
    await form.getByRole('img', { name: /^Crop frame/ }).waitFor({ timeout: 10000 });
    await audit('notice crop');
    if (viewport.width < 500) {
      await form.evaluate((el) => el.querySelector('.crop-stage').scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(shots, 'editing-crop-phone.png') });
    }
    assert.deepEqual(findings, []);
    await page.context().close();
  });
}

test('on a 360-pixel phone the People page shows each role whole in its select, and says what it means', async () => {
  const phone = await admin({ width: 360, height: 740 });
  await phone.goto(`${base}/admin/#/users`);
  const role = phone.getByLabel('What they can do');
  for (const [value, means] of [['admin', /Everything/], ['coordinator', /buildings ticked below/], ['cafe', /café specials of one building/]]) {
    await role.selectOption(value);
    // The chosen role's words against the room inside the select (less its padding and arrow).
    const fit = await role.evaluate((select) => {
      const style = getComputedStyle(select);
      const g = document.createElement('canvas').getContext('2d');
      g.font = style.font;
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
      return { text: select.selectedOptions[0].text, width: g.measureText(select.selectedOptions[0].text).width, room };
    });
    assert.ok(fit.width <= fit.room, `"${fit.text}" is ${fit.width.toFixed(0)} px in ${fit.room.toFixed(0)} px of select`);
    const hint = await phone.locator(`#${(await role.getAttribute('aria-describedby')).split(' ')[0]}`).innerText();
    assert.match(hint, means);
  }
  await role.selectOption('coordinator');
  await role.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await phone.screenshot({ path: join(shots, 'editing-people-phone.png') });
  await phone.context().close();
});

test('when the building\'s screens stand portrait, the crop frame starts portrait and names them', async () => {
  const page = await admin();
  // A screen paired here reports in with a portrait screenshot, as a TV on its side does.
  const code = '741852963', secret = 'playwright-kiosk-secret-portrait';
  const pair = (body) => fetch(base + '/api/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await pair({ code, secret })).status, 202);
  assert.equal((await adminApi(page, 'POST', '/screens/adopt', { code, site_id: SITE, role: 'hall', name: 'Hall portrait TV' })).status, 201);
  const { token } = await (await pair({ code, secret })).json();
  const png = Buffer.from((await page.evaluate(() => Object.assign(document.createElement('canvas'), { width: 108, height: 192 }).toDataURL('image/png'))).split(',')[1], 'base64');
  const form = new FormData();
  form.append('status', JSON.stringify({ content_version: 1, app_version: '0.1.0', uptime_seconds: 60, last_sync_at: Math.floor(Date.now() / 1000), last_error: '', free_disk_bytes: 1e9 }));
  form.append('screenshot', new Blob([png], { type: 'image/png' }), 'screen.png');
  assert.equal((await fetch(base + '/api/v1/status', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form })).status, 200);

  await page.goto(`${base}/admin/#/site/${SITE}/notices`);
  const notice = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
  await notice.locator('input[type=file]').setInputFiles({ name: 'garden.png', mimeType: 'image/png', buffer: await fourColourPng(page) });
  const frame = notice.getByRole('img', { name: /^Crop frame/ });
  await frame.waitFor({ timeout: 10000 });
  const shape = notice.getByLabel('Crop to the shape of');
  assert.equal(await shape.inputValue(), 'portrait', 'every screen known here stands portrait');
  assert.match(await shape.locator('option[value=portrait]').innerText(), /Hall portrait TV/);
  const box = await frame.boundingBox();
  assert.ok(Math.abs(box.width / box.height - 9 / 16) < 0.05, `the frame is 9:16: ${JSON.stringify(box)}`);
  await page.context().close();
});
