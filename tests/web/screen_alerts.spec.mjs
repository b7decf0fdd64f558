// Screens that ask for help, on the Screens page: a screen whose heartbeat says its disk is
// nearly full gets a "Needs help" badge and the words of its problem (not colour alone),
// without anyone reloading, and loses them when its next heartbeat says it has room again;
// the card passes axe-core's checks (contrast included) while it asks. The People page
// takes an email address, and the Building page the limit and webhook.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/screen_alerts.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, signIn, adminApi, axeFindings, SITE } from './harness.mjs';

let base, password, browser, stop;

// The checker looks every second here, so the page has something to show at once.
before(async () => { ({ base, password, browser, stop } = await start({ config: '[screens]\ncheck_seconds = 1\n' })); });
after(async () => { await stop?.(); });

async function kiosk(path, body, token) {
  const res = await fetch(base + path, {
    method: body ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json().catch(() => ({})) };
}

test('a screen low on disk shows "Needs help" in words on its card until its heartbeat says it has room', { timeout: 120000 }, async () => {
  const page = await newPage(browser, { width: 1280, height: 800 }, { bypassCSP: true }); // the pages' CSP would refuse axe's script
  await signIn(page, base, 'admin', password);
  const hello = { code: '582019374', secret: 'playwright-alerts-secret-01' };
  assert.equal((await kiosk('/api/v1/pair', hello)).status, 202);
  assert.equal((await adminApi(page, 'POST', '/screens/adopt', { code: hello.code, site_id: SITE, role: 'cafe', name: 'Café TV' })).status, 201);
  const { token } = (await kiosk('/api/v1/pair', hello)).json;
  assert.equal((await kiosk('/api/v1/status', { content_version: 1, free_disk_bytes: 30 * 1024 * 1024 }, token)).status, 200);

  await page.goto(`${base}/admin/#/screens`);
  const card = page.locator('article', { hasText: 'Café TV' });
  const help = card.getByRole('group', { name: 'Café TV needs help' });
  await help.waitFor({ timeout: 20000 });
  assert.match(await help.innerText(), /Needs help/);
  assert.match(await help.innerText(), /Low disk: low on disk space: 30 MB free \(since \d\d:\d\d\)/);
  assert.deepEqual(await axeFindings(page), []);

  assert.equal((await kiosk('/api/v1/status', { content_version: 1, free_disk_bytes: 4 * 1024 ** 3 }, token)).status, 200);
  await help.waitFor({ state: 'detached', timeout: 20000 });
  await page.context().close();
});

test('an account takes an email address on People, and the building its limit and webhook', { timeout: 120000 }, async () => {
  const page = await newPage(browser);
  await signIn(page, base, 'admin', password);
  await page.goto(`${base}/admin/#/users`);
  const form = page.locator('form', { hasText: 'Add a person' });
  await form.getByLabel('Name they sign in with').fill('ann');
  await form.getByLabel('Password').fill('a long enough password');
  await form.getByLabel('Email (optional)').fill('ann@example.org');
  await form.getByRole('checkbox').first().check();
  await form.getByRole('button', { name: 'Add person' }).click();
  await page.getByText('ann@example.org').waitFor();

  await page.goto(`${base}/admin/#/site/${SITE}/settings`);
  const card = page.locator('form', { hasText: 'Screens that ask for help' });
  const minutes = card.getByLabel(/Silent for how long/);
  await page.waitForFunction(() => document.querySelector('input[name=silent_minutes]')?.value === '15');
  await minutes.fill('30');
  await card.getByLabel('Webhook (optional)').fill('ftp://nope');
  await card.getByRole('button', { name: 'Save' }).click();
  await card.locator('[aria-invalid=true]').waitFor(); // refused at its field
  await card.getByLabel('Webhook (optional)').fill('https://ntfy.sh/ashby-hill-screens');
  await card.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved').first().waitFor();
  const saved = await adminApi(page, 'GET', `/sites/${SITE}/alerts`);
  assert.equal(saved.json.alerts.silent_minutes, 30);
  assert.equal(saved.json.alerts.webhook_url, 'https://ntfy.sh/ashby-hill-screens');
  await page.context().close();
});
