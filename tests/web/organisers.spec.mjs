// Organiser groups end to end: a coordinator makes a group and invites an organiser; the
// organiser accepts on a phone, adds a weekly session in the one room the group was given and
// posts a notice that waits; the coordinator approves it and the feed a paired screen polls
// carries it; a trusted group's notice is live at once and is undone. axe-core is clean on the
// new pages at 1280x800 and 390x844.
//   KIOSK_CONTENT=build/content/server/kiosk-content node --test tests/web/organisers.spec.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, newPage, signIn, adminApi, axeFindings, SITE } from './harness.mjs';

let base, password, browser, stop;
const PHONE = { width: 390, height: 844 };
const COORDINATOR = { name: 'Sam Coordinator', password: 'coordinator password 1' };
const ORGANISER = { name: 'Mary Choir', password: 'choir practice weekly' };
const AXE_READY = { bypassCSP: true }; // the pages' CSP would refuse axe's script

// Four people (admin, coordinator, two phones) and a screen all come from 127.0.0.1 here: enough
// threads that the per-address connection cap (half of them) never drops one of their pages.
before(async () => { ({ base, password, browser, stop } = await start({ config: '[server]\nthreads = 64\n' })); });
after(async () => { await stop?.(); });

// A screen of the building, paired through the real API: what its feed holds is what it shows.
async function pairedScreen(adminPage) {
  const hello = { code: '318604275', secret: 'playwright-organisers-secret' };
  const pair = () => fetch(base + '/api/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(hello) });
  assert.equal((await pair()).status, 202);
  assert.equal((await adminApi(adminPage, 'POST', '/screens/adopt', { code: hello.code, site_id: SITE, role: 'reception', name: 'Reception' })).status, 201);
  const { token } = await (await pair()).json();
  return async () => (await fetch(base + '/api/v1/feed', { headers: { Authorization: `Bearer ${token}` } })).text();
}

async function expectAxeClean(page, what) {
  assert.deepEqual(await axeFindings(page), [], `axe findings on ${what}`);
}

test('a coordinator invites an organiser, whose session and notice wait for approval, and a trusted change is undone', { timeout: 240000 }, async () => {
  const adminPage = await newPage(browser);
  await signIn(adminPage, base, 'admin', password);
  const made = await adminApi(adminPage, 'POST', '/users', { name: COORDINATOR.name, password: COORDINATOR.password, role: 'coordinator', sites: [SITE] });
  assert.equal(made.status, 201);
  const feed = await pairedScreen(adminPage);

  // The coordinator makes the group: Ashby Hill, the Meeting Room only.
  const desk = await newPage(browser, undefined, AXE_READY);
  await signIn(desk, base, COORDINATOR.name, COORDINATOR.password);
  await desk.goto(`${base}/admin/#/groups`);
  await desk.getByLabel('Name of the group or partner').fill('Ashby Choir');
  const place = desk.locator(`fieldset[data-site="${SITE}"]`);
  await place.getByLabel('May use this building').check();
  await place.getByLabel('Meeting Room').check();
  await desk.getByRole('button', { name: 'Add group' }).click();
  const card = desk.locator('article', { hasText: 'Ashby Choir' });
  await card.waitFor();
  await card.getByRole('button', { name: 'Invite an organiser to Ashby Choir' }).click();
  const link = await desk.getByLabel('Invitation link for Ashby Choir').inputValue();
  assert.match(link, /\/admin\/invite\.html#[0-9a-f]{64}$/);
  await expectAxeClean(desk, 'Groups, 1280x800');

  // The organiser accepts on a phone; the link is then spent.
  const phone = await newPage(browser, PHONE, AXE_READY);
  await phone.goto(link);
  await phone.getByRole('heading', { name: 'Join Ashby Choir' }).waitFor();
  await expectAxeClean(phone, 'the invitation page, 390x844');
  await phone.getByLabel('Your name').fill(ORGANISER.name);
  await phone.getByLabel('Choose a password').fill(ORGANISER.password);
  await phone.getByRole('button', { name: 'Make my account' }).click();
  await phone.getByRole('heading', { name: `Welcome, ${ORGANISER.name}` }).waitFor();
  await expectAxeClean(phone, 'the welcome page, 390x844');
  const again = await newPage(browser, undefined, AXE_READY);
  await again.goto(link);
  await again.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
  await expectAxeClean(again, 'a spent invitation, 1280x800');
  await again.context().close();

  // A weekly session in the group's room: the form offers no other room, and it waits.
  await signIn(phone, base, ORGANISER.name, ORGANISER.password);
  await phone.goto(`${base}/admin/#/site/${SITE}/events`);
  const room = phone.getByLabel('Room');
  await room.waitFor();
  assert.deepEqual(await room.locator('option').evaluateAll((options) => options.map((o) => o.value)), ['meeting-room']);
  await phone.getByLabel('What is it?').fill('Choir practice');
  await phone.getByLabel('From').fill('19:00');
  await phone.getByLabel('Until').fill('21:00');
  await phone.getByLabel('Repeats').selectOption('weekly');
  await phone.getByLabel('Tue').check();
  await phone.getByRole('button', { name: 'Add event' }).click();
  await phone.getByText('Sent for approval').first().waitFor();
  await expectAxeClean(phone, "an organiser's What's on, 390x844");
  const other = await adminApi(phone, 'POST', `/sites/${SITE}/events`,
    { id: 'choir-hall', title: 'Choir', room: 'main-hall', start: '2026-11-24T19:00:00Z', end: '2026-11-24T21:00:00Z' });
  assert.equal(other.status, 403, 'another room is refused by the server too');

  // A notice that waits: not in the feed until approved.
  await phone.goto(`${base}/admin/#/site/${SITE}/notices`);
  await phone.getByLabel('Heading').fill('Choir concert Saturday');
  await phone.getByLabel('Message').fill('All welcome, 3pm in the Meeting Room.');
  await phone.getByRole('button', { name: 'Add notice' }).click();
  await phone.getByText('Sent for approval').first().waitFor();
  assert.doesNotMatch(await feed(), /Choir concert Saturday/);
  await phone.goto(`${base}/admin/#/site/${SITE}/waiting`);
  await phone.getByText('New notice: Choir concert Saturday').waitFor();
  await expectAxeClean(phone, "an organiser's Waiting, 390x844");

  // The coordinator approves it in one tap; the screen's feed carries it.
  await desk.goto(`${base}/admin/#/site/${SITE}/waiting`);
  await desk.getByText('New session: Choir practice, every Tuesday 19:00').waitFor();
  await expectAxeClean(desk, 'Waiting, 1280x800');
  await desk.getByRole('button', { name: 'Approve: New notice: Choir concert Saturday' }).click();
  await desk.getByText('Approved.').first().waitFor();
  assert.match(await feed(), /Choir concert Saturday/);
  await desk.goto(`${base}/admin/#/site/${SITE}/audit`);
  await desk.getByRole('cell', { name: `Approved Ashby Choir's change: New notice: Choir concert Saturday` }).waitFor();
  await expectAxeClean(desk, 'Audit, 1280x800');

  // Trusted: the next notice is live at once, listed under recent changes, and undone.
  await desk.goto(`${base}/admin/#/groups`);
  const choir = desk.locator('article', { hasText: 'Ashby Choir' });
  await choir.getByRole('button', { name: 'Change Ashby Choir' }).click();
  await choir.getByLabel(/Trusted: their changes go on the screens at once/).check();
  await choir.getByRole('button', { name: 'Save' }).click();
  await desk.locator('article', { hasText: 'Trusted' }).waitFor();
  await phone.goto(`${base}/admin/#/site/${SITE}/notices`);
  await phone.getByLabel('Heading').fill('Extra rehearsal Friday');
  await phone.getByLabel('Message').fill('6pm, Meeting Room.');
  await phone.getByRole('button', { name: 'Add notice' }).click();
  await phone.getByText('Notice added').first().waitFor();
  assert.match(await feed(), /Extra rehearsal Friday/);
  await desk.goto(`${base}/admin/#/site/${SITE}/waiting`);
  await desk.getByRole('button', { name: 'Undo: New notice: Extra rehearsal Friday' }).click();
  await desk.getByText('Undone.').first().waitFor();
  assert.doesNotMatch(await feed(), /Extra rehearsal Friday/);
  assert.match(await feed(), /Choir concert Saturday/);

  // Suspending the group signs the organiser out at once.
  await desk.goto(`${base}/admin/#/groups`);
  await desk.getByRole('button', { name: 'Suspend the group' }).click();
  await desk.locator('article', { hasText: 'Suspended' }).waitFor();
  assert.equal((await adminApi(phone, 'GET', `/sites/${SITE}/notices`)).status, 401);

  for (const page of [adminPage, desk, phone]) await page.context().close();
});
