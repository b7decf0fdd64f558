// Emergency mode in the admin, on a phone (390x844): one big button per building, two taps
// and a confirm to start; a red banner across every page while it is on, ending it with the
// same confirm; axe finds nothing serious on either.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/emergency.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, signIn, adminApi, axeFindings, SITE } from './harness.mjs';

let base, password, browser, stop;

before(async () => { ({ base, password, browser, stop } = await start()); });
after(async () => { await stop?.(); });

test('start an evacuation from Home in two taps and a confirm, see the banner, end it', { timeout: 120000 }, async () => {
  const page = await newPage(browser, { width: 390, height: 844 }, { bypassCSP: true }); // the CSP would refuse axe's script
  await signIn(page, base, 'admin', password);
  await page.goto(`${base}/admin/#/`);
  const big = page.getByRole('button', { name: /^Emergency at .*…$/ });
  await big.waitFor();
  assert.deepEqual(await axeFindings(page), []);
  const box = await big.boundingBox();
  assert.ok(box && box.width <= 390 && box.height >= 44, `the button fits a phone and is easy to hit: ${JSON.stringify(box)}`);

  await big.click();
  await page.getByRole('button', { name: /Evacuate now/ }).click();
  // Nothing has happened yet: the confirm step asks first.
  assert.equal((await adminApi(page, 'GET', '/emergencies')).json.sites.find((s) => s.site_id === SITE).emergency, null);
  assert.deepEqual(await axeFindings(page), []);
  await page.getByRole('button', { name: 'Yes, start now' }).click();

  const banner = page.getByRole('alert').filter({ hasText: 'Emergency at' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Evacuate now/);
  const stored = (await adminApi(page, 'GET', '/emergencies')).json.sites.find((s) => s.site_id === SITE).emergency;
  assert.equal(stored.kind, 'evacuate');
  assert.equal(stored.active, true);
  // On every page, not only Home.
  await page.goto(`${base}/admin/#/screens`);
  await banner.waitFor();
  assert.deepEqual(await axeFindings(page), []);

  await banner.getByRole('button', { name: 'End emergency' }).click();
  await page.getByRole('button', { name: 'Yes, end it' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.equal((await adminApi(page, 'GET', '/emergencies')).json.sites.find((s) => s.site_id === SITE).emergency.active, false);
  await page.context().close();
});

test('a typed message is confirmed before it goes to the screens', { timeout: 120000 }, async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, base, 'admin', password);
  await page.goto(`${base}/admin/#/`);
  await page.getByRole('button', { name: /^Emergency at .*…$/ }).click();
  await page.getByRole('textbox', { name: /Message for the screens/ }).fill('Boiler failed: please go home');
  await page.getByRole('button', { name: 'Show this message' }).click();
  await page.getByText('Show “Boiler failed: please go home” on every screen').waitFor();
  await page.getByRole('button', { name: 'Yes, start now' }).click();
  await page.getByRole('alert').filter({ hasText: 'Boiler failed' }).waitFor();
  const stored = (await adminApi(page, 'GET', '/emergencies')).json.sites.find((s) => s.site_id === SITE).emergency;
  assert.equal(stored.kind, 'message');
  assert.equal(stored.message, 'Boiler failed: please go home');
  await page.context().close();
});
