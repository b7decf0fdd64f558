// Remote actions from the Screens page: each button asks the screen through the server, Restart
// asks first, and the card shows when the screen confirmed it.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/screen_actions.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, signIn, adminApi, SITE } from './harness.mjs';

let base, password, browser, stop;

before(async () => { ({ base, password, browser, stop } = await start()); });
after(async () => { await stop?.(); });

async function kiosk(path, body, token) {
  const res = await fetch(base + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json().catch(() => ({})) };
}

test('each button on a screen card asks that screen, and its heartbeat shows it done', { timeout: 120000 }, async () => {
  const page = await newPage(browser);
  await signIn(page, base, 'admin', password);
  // A screen paired through the real API, as a kiosk pairs.
  const hello = { code: '731904256', secret: 'playwright-actions-secret-01' };
  assert.equal((await kiosk('/api/v1/pair', hello)).status, 202);
  assert.equal((await adminApi(page, 'POST', '/screens/adopt', { code: hello.code, site_id: SITE, role: 'hall', name: 'Hall TV' })).status, 201);
  const { token } = (await kiosk('/api/v1/pair', hello)).json;
  await page.goto(`${base}/admin/#/screens`);
  const card = page.locator('article', { hasText: 'Hall TV' });

  for (const label of ['Refresh now', 'Take a screenshot now', 'Show identify']) {
    await card.getByRole('button', { name: `${label}: Hall TV` }).click();
    await page.getByText(`${label}: asked Hall TV`).first().waitFor();
  }
  // Restart asks first; saying no asks nothing of the screen.
  page.once('dialog', (dialog) => dialog.dismiss());
  await card.getByRole('button', { name: 'Restart the kiosk: Hall TV' }).click();
  page.once('dialog', (dialog) => dialog.accept());
  await card.getByRole('button', { name: 'Restart the kiosk: Hall TV' }).click();
  await page.getByText('Restart the kiosk: asked Hall TV').first().waitFor();

  // The server holds exactly what was pressed, for that screen, none done yet.
  const beat = await kiosk('/api/v1/status', { content_version: 1 }, token);
  assert.equal(beat.status, 200);
  assert.deepEqual(beat.json.actions.map((a) => a.action), ['refresh', 'screenshot', 'identify', 'restart']);
  await card.getByText(/Identify: asked at \d\d:\d\d · waiting for the screen/).waitFor();

  // The screen's next heartbeat confirms them; the card shows it without anyone reloading.
  const done = beat.json.actions.map((a) => a.id);
  assert.equal((await kiosk('/api/v1/status', { content_version: 1, actions_done: done }, token)).status, 200);
  await card.getByText(/Restart: asked at \d\d:\d\d · done \d\d:\d\d/).waitFor({ timeout: 15000 });
  assert.doesNotMatch(await card.locator('.action-log').innerText(), /waiting for the screen/);
  await page.context().close();
});
