// A suggestion from the public through the building's queue: a visitor on a phone fills in
// "Suggest an event or notice" under the What's on page (plain HTML, no script), the
// coordinator finds it under Waiting, makes it an event (the editor opens filled in) and adds
// it; until then it is nowhere public. Both pages are axe-clean.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/suggestions.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, signIn, adminApi, axeFindings, SITE } from './harness.mjs';

let base, password, browser, stop;

before(async () => { ({ base, password, browser, stop } = await start()); });
after(async () => { await stop?.(); });

const PHONE = { width: 390, height: 844 };

test('a visitor suggests an event on a phone; the coordinator approves it and it becomes a draft event', { timeout: 120000 }, async () => {
  // The form needs no script: a phone with JavaScript off sends one too (the coordinator dismisses it below).
  const plain = await newPage(browser, PHONE, { javaScriptEnabled: false, isMobile: true, hasTouch: true });
  await plain.goto(`${base}/whats-on/${SITE}/suggest`);
  await plain.getByLabel('What is it?').fill('Free bike checks');
  await plain.getByLabel('When is it?').fill('Any Friday');
  await plain.getByLabel('Your email address').fill('kim@example.org');
  await plain.waitForTimeout(3500);
  await plain.getByRole('button', { name: 'Send suggestion' }).click();
  await plain.getByRole('heading', { name: 'Thank you' }).waitFor();
  await plain.context().close();

  // axe runs as a script, so this phone has JavaScript on; the page itself has none.
  const phone = await newPage(browser, PHONE, { isMobile: true, hasTouch: true, bypassCSP: true }); // the CSP would refuse axe's script
  await phone.goto(`${base}/whats-on/${SITE}`);
  await phone.getByRole('link', { name: 'Suggest an event or notice' }).click();
  await phone.getByRole('heading', { name: 'Suggest an event or notice' }).waitFor();
  assert.deepEqual(await axeFindings(phone), [], 'the empty form');
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `no sideways scrolling on a phone (${wide} px wide)`);

  // A mistake is said at its field, and what was typed stays.
  await phone.getByLabel('What is it?').fill('Seed swap');
  await phone.getByLabel('When is it?').fill('First Sunday in spring, 11 till 2');
  await phone.getByLabel('Anything else? (optional)').fill('Bring seeds, cuttings and jars to share.');
  await phone.getByLabel('Your email address').fill('sam.taylor-example.org');
  await phone.waitForTimeout(3500); // a person takes a few seconds; the form drops anything faster, silently
  await phone.getByRole('button', { name: 'Send suggestion' }).click();
  await phone.getByText('There is a problem').waitFor();
  assert.equal(await phone.getByLabel('Your email address').getAttribute('aria-invalid'), 'true');
  assert.match(await phone.locator('#email-error').innerText(), /name@example\.org/);
  assert.equal(await phone.getByLabel('What is it?').inputValue(), 'Seed swap');
  assert.deepEqual(await axeFindings(phone), [], 'the form with its errors');

  await phone.getByLabel('Your email address').fill('sam.taylor@example.org');
  await phone.waitForTimeout(3500);
  await phone.getByRole('button', { name: 'Send suggestion' }).click();
  await phone.getByRole('heading', { name: 'Thank you' }).waitFor();
  assert.deepEqual(await axeFindings(phone), [], 'the thank-you page');

  // Nowhere public until the coordinator adds it.
  await phone.goto(`${base}/whats-on/${SITE}`);
  assert.doesNotMatch(await phone.locator('body').innerText(), /Seed swap|sam\.taylor/);
  await phone.context().close();

  const admin = await newPage(browser, undefined, { bypassCSP: true });
  await signIn(admin, base, 'admin', password);
  await admin.goto(`${base}/admin/#/site/${SITE}/waiting`);
  const bikes = admin.locator('article', { hasText: 'Free bike checks' });
  admin.once('dialog', (dialog) => dialog.accept());
  await bikes.getByRole('button', { name: 'Dismiss: Free bike checks' }).click();
  await bikes.waitFor({ state: 'detached' });
  const card = admin.locator('article', { hasText: 'Seed swap' });
  await card.getByText('First Sunday in spring, 11 till 2').waitFor();
  await card.getByRole('link', { name: 'sam.taylor@example.org' }).waitFor();
  assert.deepEqual(await axeFindings(admin), [], 'the Waiting page');

  await card.getByRole('button', { name: 'Make it an event: Seed swap' }).click();
  await admin.getByRole('heading', { name: 'Add the suggested event' }).waitFor();
  assert.equal(await admin.getByLabel('What is it?').inputValue(), 'Seed swap');
  await admin.getByText('Suggested by sam.taylor@example.org for "First Sunday in spring, 11 till 2"').waitFor();
  assert.deepEqual(await axeFindings(admin), [], 'the editor with the draft');
  // Still a draft: nothing stored yet.
  let events = (await adminApi(admin, 'GET', `/sites/${SITE}/events`)).json.items;
  assert.ok(!events.some((e) => e.item.title === 'Seed swap'), 'nothing is saved before "Add event"');
  await admin.getByRole('button', { name: 'Add event' }).click();
  await admin.getByText('Added. Screens update within a minute.').waitFor();
  events = (await adminApi(admin, 'GET', `/sites/${SITE}/events`)).json.items;
  const added = events.find((e) => e.item.title === 'Seed swap');
  assert.ok(added, 'the event is stored once added');
  assert.equal(added.item.description, 'Bring seeds, cuttings and jars to share.');

  // Out of the queue.
  const queue = await adminApi(admin, 'GET', `/sites/${SITE}/suggestions`);
  assert.deepEqual(queue.json.suggestions, []);
  await admin.goto(`${base}/admin/#/site/${SITE}/waiting`);
  await admin.getByText('No suggestions waiting.').waitFor();
  await admin.context().close();
});
