// Screens that ask for help, from outside: the real kiosk-content with [mail] pointed at a
// local SMTP server (Python's aiosmtpd) and its building's webhook at a local HTTP server; a
// real kiosk paired with it, then stopped. After the building's limit (one minute, set
// through the admin API) of silence in opening hours, exactly one email and one webhook say
// so; when the kiosk is started again, exactly one of each says it is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Program, eventually, sleep, startKiosk, startScreen, tempDir, writeToml, KIOSK_CONTENT } from './lib/programs.mjs';
import { adminApi } from './lib/admin.mjs';
import { freePort } from './lib/nginx.mjs';

const SITE = 'ashby-hill';
const running = [];
let screen, server, smtp, webhook, kioskConfig, kioskData;
const mails = [];  // { to, data } as the SMTP server took them
const posts = [];  // { title, body } as the webhook took them

// One JSON line per message the SMTP server accepts: envelope recipients and the raw text.
const SMTP_SERVER = `
import asyncio, json, sys
from aiosmtpd.controller import Controller
class Keep:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({"to": envelope.rcpt_tos, "data": envelope.content.decode("utf-8", "replace")}), flush=True)
        return "250 OK"
controller = Controller(Keep(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("smtp ready", flush=True)
try:
    asyncio.get_event_loop().run_forever()
finally:
    controller.stop()
`;

function mailsAbout(words) { return mails.filter((m) => m.data.includes(words)); }
function postsAbout(words) { return posts.filter((p) => p.body.includes(words)); }

before(async () => {
  screen = await startScreen(1280, 800);

  const smtpPort = await freePort();
  // Debian's python3, where python3-aiosmtpd is installed (not whichever python3 the PATH finds first).
  smtp = new Program('smtp', '/usr/bin/python3', ['-c', SMTP_SERVER, String(smtpPort)], {});
  running.push(smtp);
  await smtp.waitForLine(/smtp ready/, 20);
  smtp.child.stdout.on('data', () => {
    const taken = smtp.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    mails.splice(0, mails.length, ...taken);
  });

  webhook = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => { posts.push({ path: req.url, title: req.headers.title || '', type: req.headers['content-type'], body }); res.end('{}'); });
  });
  await new Promise((resolve) => webhook.listen(0, '127.0.0.1', resolve));

  const port = await freePort();
  const dir = tempDir('alerts-content');
  const configPath = join(dir, 'kiosk-content.toml');
  // The checker looks every 2 s instead of every minute, so the test waits on the limit, not on it.
  writeToml(configPath, { screens: { check_seconds: 2 }, mail: { smtp_url: `smtp://127.0.0.1:${smtpPort}`, from: 'screens@example.org' } });
  server = new Program('kiosk-content', KIOSK_CONTENT, ['--demo', '--config', configPath, '--data', join(dir, 'data'), '--listen', `127.0.0.1:${port}`], {});
  running.push(server);
  const [, password] = await server.waitForLine(/one-time password: (\S+)/, 20);
  await server.waitForLine(/listening on http/, 20);
  server.base = `http://127.0.0.1:${port}`;
  server.api = await adminApi(server.base, 'admin', password);

  // The coordinator (the demo's admin) gives an address; the building is open around the
  // clock (so the test means the same at any hour) and tells after one silent minute.
  const me = (await server.api.get('/users')).users.find((u) => u.name === 'admin');
  await server.api.put(`/users/${me.id}`, { role: 'admin', email: 'coordinator@example.org' });
  const { site } = await server.api.get(`/sites/${SITE}`);
  site.opening_hours = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, open: '00:00', close: '24:00' }));
  site.closed_dates = [];
  delete site.closed_reasons;
  await server.api.put(`/sites/${SITE}`, site);
  await server.api.put(`/sites/${SITE}/alerts`, { silent_minutes: 1, webhook_url: `http://127.0.0.1:${webhook.address().port}/ashby-screens` });

  kioskConfig = join(tempDir('alerts-config'), 'kiosk.toml');
  writeToml(kioskConfig, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 5, pages: ['notices'] },
    sync: { server: server.base, poll_seconds: 10, allow_http: true },
  });
  kioskData = tempDir('alerts-kiosk');
  const kiosk = await startKiosk(screen, kioskConfig, kioskData);
  running.push(kiosk);
  const [, code] = await kiosk.waitForLine(/pair this screen with code ([\d ]+?) at/, 30);
  await server.api.post('/screens/adopt', { code: code.replace(/ /g, ''), site_id: SITE, role: 'reception', name: 'Reception TV' });
  await kiosk.waitForLine(/now showing content version (\d+)/, 30);
  server.kiosk = kiosk;
});

after(async () => {
  for (const program of running.reverse()) await program.stop();
  if (webhook) webhook.close();
  if (screen) await screen.stop();
});

test('a stopped screen is told once by email and once by webhook, and once each when it is back', { timeout: 300000 }, async () => {
  // Well while it runs: nothing told over a few of the checker's looks.
  await sleep(6000);
  assert.equal(mails.length, 0, JSON.stringify(mails));
  assert.equal(posts.length, 0, JSON.stringify(posts));

  await server.kiosk.stop();
  const silent = await eventually('the email saying the screen went silent', 150, () => mailsAbout('has gone silent').length && mailsAbout('has gone silent'));
  await eventually('the webhook saying the screen went silent', 20, () => postsAbout('has gone silent').length);
  await sleep(8000); // four more looks: nothing is told twice
  assert.equal(mailsAbout('has gone silent').length, 1);
  assert.equal(postsAbout('has gone silent').length, 1);
  assert.deepEqual(silent[0].to, ['coordinator@example.org']);
  assert.match(silent[0].data, /Subject: Ashby Hill People's Centre: screen "Reception TV" has gone silent/);
  assert.match(silent[0].data, /silent for \d+ minutes? of opening hours/);
  const post = postsAbout('has gone silent')[0];
  assert.equal(post.path, '/ashby-screens');
  assert.equal(post.type, 'text/plain; charset=utf-8');
  assert.match(post.title, /Reception TV/);
  const card = (await server.api.get('/screens')).screens.find((s) => s.name === 'Reception TV');
  assert.deepEqual(card.problems.map((p) => p.kind), ['silent']);

  const kiosk = await startKiosk(screen, kioskConfig, kioskData);
  running.push(kiosk);
  await eventually('the email saying the screen is back', 60, () => mailsAbout('is back in touch').length);
  await eventually('the webhook saying the screen is back', 20, () => postsAbout('is back in touch').length);
  await sleep(8000);
  assert.equal(mails.length, 2, mails.map((m) => m.data.split('\n').find((l) => l.startsWith('Subject'))).join('; '));
  assert.equal(posts.length, 2, posts.map((p) => p.body.split('\n')[0]).join('; '));
  assert.deepEqual((await server.api.get('/screens')).screens.find((s) => s.name === 'Reception TV').problems, []);
  await kiosk.stop();
});
