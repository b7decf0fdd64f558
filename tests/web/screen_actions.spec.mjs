// Remote actions from the Screens page: each button asks the screen through the server, Restart
// asks first, and the card shows when the screen confirmed it. A screen whose kiosk reads an
// older feed says on its card what of the content it cannot show.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/screen_actions.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, signIn, adminApi, SITE } from './harness.mjs';

let base, password, browser, stop;

before(async () => { ({ base, password, browser, stop } = await start()); });
after(async () => { await stop?.(); });

async function kiosk(path, body, token, headers = {}) {
  const res = await fetch(base + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
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

test('a screen whose kiosk is older than the content needs says in plain words what it cannot show', { timeout: 120000 }, async () => {
  const page = await newPage(browser);
  await signIn(page, base, 'admin', password);
  const hello = { code: '604218375', secret: 'playwright-older-screen-secret-01' };
  assert.equal((await kiosk('/api/v1/pair', hello)).status, 202);
  assert.equal((await adminApi(page, 'POST', '/screens/adopt', { code: hello.code, site_id: SITE, role: 'cafe', name: 'Old Cafe TV' })).status, 201);
  const { token } = (await kiosk('/api/v1/pair', hello)).json;
  // The building closes a day and says why: a field older kiosks cannot read.
  const { json: { site } } = await adminApi(page, 'GET', `/sites/${SITE}`);
  const day = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
  const updated = { ...site, closed_dates: [...new Set([...(site.closed_dates || []), day])].sort(), closed_reasons: { ...(site.closed_reasons || {}), [day]: 'Boiler repairs' } };
  assert.equal((await adminApi(page, 'PUT', `/sites/${SITE}`, updated)).status, 200);

  // A kiosk from before feed levels says no level when it polls.
  assert.equal((await kiosk('/api/v1/feed', null, token)).status, 200);
  await page.goto(`${base}/admin/#/screens`);
  const card = page.locator('article', { hasText: 'Old Cafe TV' });
  await card.getByText(/This screen's software is older: it cannot show .*closed-day reasons/).waitFor();
  await card.getByText('closed-day reasons: left out: the day is still closed, without its reason').waitFor();
  const other = page.locator('article', { hasText: 'Hall TV' });
  assert.equal(await other.getByText(/software is older/).count(), 0, 'a screen that has not said its level is not called older');

  // Upgraded, it reads the newest level: the card says nothing more about it.
  assert.equal((await kiosk('/api/v1/feed', null, token, { 'X-Feed-Level': '99' })).status, 200);
  await page.reload();
  await card.getByText(/last seen/).waitFor();
  assert.equal(await card.getByText(/software is older/).count(), 0);
  await page.context().close();
});
