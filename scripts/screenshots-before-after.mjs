// The steps behind scripts/screenshots-before-after: one function per picture, run once with
// the older programs and once with the current ones. Usage: see the shell script.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const out = resolve(process.argv[2]);
const { chromium } = createRequire(resolve('tests/web/package.json'))('playwright-core');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SITE = 'ashby-hill';
const sides = [
  { name: 'before', kiosk: process.env.KIOSK_BEFORE, content: process.env.KIOSK_CONTENT_BEFORE },
  { name: 'after', kiosk: process.env.KIOSK, content: process.env.KIOSK_CONTENT },
];
const temp = (name) => mkdtempSync(join(tmpdir(), `coi-before-after-${name}-`));

async function startContent(binary) {
  const data = temp('content');
  const server = spawn(binary, ['--demo', '--data', data, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { base, password } = await new Promise((resolveStart, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error('kiosk-content did not start: ' + said)), 20000);
    server.stdout.on('data', (chunk) => {
      said += chunk;
      const pw = said.match(/one-time password: (\S+)/), url = said.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (pw && url) { clearTimeout(timer); resolveStart({ base: url[1], password: pw[1] }); }
    });
    server.on('exit', (code) => reject(new Error(`kiosk-content exited with ${code}: ${said}`)));
  });
  return { base, password, data, binary, stop: () => { server.kill('SIGTERM'); rmSync(data, { recursive: true, force: true }); } };
}

async function signedIn(browser, content, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(content.base + '/admin/');
  await page.getByLabel('Your name').fill('admin');
  await page.getByLabel('Password').fill(content.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who', { hasText: 'admin' }).waitFor();
  return page;
}

// The admin API as the signed-in page calls it.
function api(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const session = await (await fetch('/api/admin/session')).json();
    const res = await fetch('/api/admin' + path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf },
      body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json().catch(() => ({})) };
  }, { method, path, body });
}

// The building's date `days` from today (Europe/London, the demo's zone).
function buildingDate(days) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.now() + days * 86400000));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// The kiosk's own picture of `page` from the site's feed as kiosk-content exports it.
async function kioskShot(side, content, page, file, at) {
  const feed = temp('export'), data = temp('kiosk');
  try {
    await run(content.binary, ['--data', content.data, 'export', '--site', SITE, '--out', feed], { timeout: 30000 });
    const key = readFileSync(join(feed, 'public-key.txt'), 'utf8').trim();
    const args = ['--data', data, '--feed', `file://${feed}/feed.json`, '--feed-key', key, '--sync-once', '--screenshot', file, '--size', '1280x720', '--page', page];
    if (at) args.push('--at', at);
    await run('prlimit', ['--as=2000000000', '--', side.kiosk, ...args], { timeout: 90000, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' } });
  } finally {
    rmSync(feed, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
}

// [SECTION] The pictures: (side, content, browser, file) each.
const steps = {
  // A new event, "Just once": no weekday boxes and no RFC 5545 rule box.
  'admin-event-just-once': async (side, content, browser, file) => {
    const page = await signedIn(browser, content);
    await page.goto(`${content.base}/admin/#/site/${SITE}/events`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add an event' }) });
    await form.getByLabel('Repeats').selectOption('once');
    await form.screenshot({ path: file });
  },
  // The pairing code typed as the screen shows it, with its spaces.
  'admin-pairing-code': async (side, content, browser, file) => {
    const page = await signedIn(browser, content);
    const code = await registerCode(content);
    await page.goto(`${content.base}/admin/#/screens`);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Pair screen' }) });
    await form.getByLabel('Code on the screen').pressSequentially(code.shown);
    await form.getByLabel('Name').fill('Reception TV');
    await form.getByRole('button', { name: 'Pair screen' }).click();
    await page.waitForTimeout(1500);
    await form.screenshot({ path: file });
  },
  // The Screens card of a screen paired a moment ago that has not yet called in.
  'admin-screens-just-paired': async (side, content, browser, file) => {
    const page = await signedIn(browser, content);
    const code = await registerCode(content);
    const adopted = await api(page, 'POST', '/screens/adopt', { code: code.digits, site_id: SITE, role: 'reception', name: 'Reception TV' });
    if (adopted.status >= 300) throw new Error('adopt: ' + JSON.stringify(adopted.json));
    await page.goto(`${content.base}/admin/#/screens`);
    const card = page.locator('.screen', { hasText: 'Reception TV' }).first();
    await card.waitFor();
    await page.waitForTimeout(1000);
    await card.screenshot({ path: file });
  },
  // A picture the server refuses, then "Add notice".
  'admin-notice-refused-picture': async (side, content, browser, file) => {
    const page = await signedIn(browser, content);
    await page.goto(`${content.base}/admin/#/site/${SITE}/notices`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a notice' }) });
    await form.getByLabel('Heading').fill('Coffee morning');
    await form.locator('input[type=file]').setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.from('this is not a picture') });
    await page.waitForTimeout(1500);
    await form.getByRole('button', { name: 'Add notice' }).click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: file, fullPage: false });
  },
  // An event ending before it starts, at its field.
  'admin-form-error-at-field': async (side, content, browser, file) => {
    const page = await signedIn(browser, content);
    await page.goto(`${content.base}/admin/#/site/${SITE}/events`);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add an event' }) });
    await form.getByLabel('What is it?').fill('Late quiz');
    await form.getByLabel('From').fill('20:00');
    await form.getByLabel('Until').fill('19:00');
    await form.getByRole('button', { name: 'Add event' }).click();
    await page.waitForTimeout(1500);
    await form.screenshot({ path: file });
  },
  // A phone: the building's tabs, and a special just marked sold out.
  'admin-phone-tabs-sold-out': async (side, content, browser, file) => {
    const page = await signedIn(browser, content, { width: 390, height: 844 });
    await page.goto(`${content.base}/admin/#/site/${SITE}/specials`);
    const mark = page.getByRole('button', { name: /^Mark sold out/ }).first();
    await mark.waitFor();
    await mark.click();
    await page.waitForTimeout(1200);
    await page.screenshot({ path: file });
  },
  // The public page on a phone.
  'public-page-phone': async (side, content, browser, file) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${content.base}/whats-on/${SITE}`);
    await page.locator('h1').waitFor();
    await page.screenshot({ path: file, fullPage: true });
  },
  // The kiosk's notices page when the notices have words only.
  'kiosk-text-only-notice': async (side, content, browser, file) => {
    const page = await signedIn(browser, content);
    for (const { item } of (await api(page, 'GET', `/sites/${SITE}/notices`)).json.items)
      await api(page, 'DELETE', `/sites/${SITE}/notices/${item.id}`);
    await api(page, 'POST', `/sites/${SITE}/notices`, { id: 'warm-space', title: 'Warm space all winter',
      body: 'Come in from the cold: the café lounge is open to everyone, with free tea and coffee, every weekday until March.' });
    await kioskShot(side, content, 'notices', file);
  },
  // The kiosk's week with one session cancelled on a day ahead.
  'kiosk-week-cancelled': async (side, content, browser, file) => {
    const page = await signedIn(browser, content);
    const events = (await api(page, 'GET', `/sites/${SITE}/events`)).json.items.map((e) => e.item).filter((e) => e.rrule);
    let done = false;
    for (let ahead = 1; ahead < 7 && !done; ++ahead)
      for (const e of events) {
        if ((await api(page, 'POST', `/sites/${SITE}/events/${e.id}/cancel`, { date: buildingDate(ahead), cancelled: true })).status === 200) {
          console.log(`  ${side.name}: cancelled ${e.title?.en ?? e.title} on ${buildingDate(ahead)}`);
          done = true;
          break;
        }
      }
    await kioskShot(side, content, 'week', file, `${buildingDate(0)}T09:00`);
  },
  // A fresh kiosk set to follow a server it has not been paired with.
  'kiosk-unpaired': async (side, content, browser, file) => {
    const data = temp('kiosk-unpaired'), config = join(temp('kiosk-config'), 'kiosk.toml');
    writeFileSync(config, `[sync]\nserver = "${content.base}"\nallow_http = true\n`);
    try {
      await run('prlimit', ['--as=2000000000', '--', side.kiosk, '--config', config, '--data', data, '--sync-once', '--screenshot', file, '--size', '1280x720'],
        { timeout: 90000, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' } });
    } finally { rmSync(data, { recursive: true, force: true }); }
  },
};

// A screen asking to be paired, as a kiosk does: 9 digits today, 6 in older servers.
async function registerCode(content) {
  for (const digits of ['483920117', '977111']) {
    const res = await fetch(`${content.base}/api/v1/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: digits, secret: `secret-for-${digits}-${Date.now()}` }) });
    if (res.status === 202 || res.status === 200) return { digits, shown: digits.replace(/(\d{3})(?=\d)/g, '$1 ') };
  }
  throw new Error('the server took no pairing code');
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const failed = [];
try {
  for (const side of sides) {
    for (const [name, step] of Object.entries(steps)) {
      const content = await startContent(side.content); // each picture from a fresh demo building
      const file = join(out, `${name}-${side.name}.png`);
      try {
        await step(side, content, browser, file);
        console.log(`${file}`);
      } catch (err) {
        failed.push(`${name}-${side.name}: ${err.message.split('\n')[0]}`);
        console.log(`${name}-${side.name}: not taken: ${err.message.split('\n')[0]}`);
      } finally {
        for (const context of browser.contexts()) await context.close();
        content.stop();
      }
    }
  }
} finally {
  await browser.close();
}
if (failed.length) console.log(`${failed.length} picture(s) not taken:\n  ${failed.join('\n  ')}`);
