// Instant updates: a notice saved in the admin reaches a running kiosk within seconds, long
// before its next poll, through both deployments (docs/content-server.md, "Instant updates"):
// kiosk-content holding the waiting screen itself, and nginx + nchan holding it in front.
// The kiosk polls only every 5 minutes here, so a change seen within seconds came by the
// notification; the change itself still came by the signed poll (the kiosk's log says so).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Program, eventually, runFile, startKiosk, startScreen, tempDir, writeToml, KIOSK_CONTENT } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';
import { adminApi } from './lib/admin.mjs';
import { freePort, startNginxNchan } from './lib/nginx.mjs';

const SITE = 'ashby-hill';
const POLL = 300;
let screen, person;
const running = [];

before(async () => {
  screen = await startScreen(1280, 800);
  person = new Person(screen);
});

after(async () => {
  for (const program of running.reverse()) await program.stop();
  if (screen) await screen.stop();
});

// kiosk-content's demo building with a config of the test's own ([notify] for nchan).
async function startContent(notify = null) {
  const port = await freePort();
  const dir = tempDir('instant-content');
  const configPath = join(dir, 'kiosk-content.toml');
  writeToml(configPath, notify ? { notify } : { server: { threads: 16 } });
  const server = new Program('kiosk-content', KIOSK_CONTENT, ['--demo', '--config', configPath, '--data', join(dir, 'data'), '--listen', `127.0.0.1:${port}`], {});
  running.push(server);
  const [, password] = await server.waitForLine(/one-time password: (\S+)/, 20);
  await server.waitForLine(/listening on http/, 20);
  server.base = `http://127.0.0.1:${port}`;
  server.api = await adminApi(server.base, 'admin', password);
  return server;
}

// A kiosk that polls `base` every 5 minutes, paired with the code it logs.
async function startPairedKiosk(base, api) {
  const data = tempDir('instant-kiosk');
  const config = join(tempDir('instant-config'), 'kiosk.toml');
  writeToml(config, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 5, pages: ['notices'] },
    sync: { server: base, poll_seconds: POLL, allow_http: true },
  });
  const kiosk = await startKiosk(screen, config, data);
  running.push(kiosk);
  const [, code] = await kiosk.waitForLine(/pair this screen with code ([\d ]+?) at/, 30);
  await api.post('/screens/adopt', { code: code.replace(/ /g, ''), site_id: SITE, role: 'reception', name: 'Hall TV' });
  await kiosk.waitForLine(/now showing content version (\d+)/, 30);
  return kiosk;
}

// Saves a notice; gives how long the kiosk took to log the version it made, in ms.
async function saveAndTime(kiosk, api, id, title) {
  const from = kiosk.lines.length;
  const started = Date.now();
  await api.post(`/sites/${SITE}/notices`, { id, title, body: 'Saved a moment ago.', urgent: true, show_until: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, '+00:00') });
  const { content_version: version } = await api.get(`/sites/${SITE}/notices`);
  const pattern = new RegExp(`now showing content version ${version}\\b`);
  await eventually(`the kiosk to install version ${version}`, 20, () => kiosk.lines.slice(from).some((l) => pattern.test(l)), 50);
  return Date.now() - started;
}

test('kiosk-content holds the waiting kiosk itself: a saved notice is on screen within seconds, not at the next poll', async () => {
  const server = await startContent();
  const kiosk = await startPairedKiosk(server.base, server.api);
  const took = [];
  for (let n = 1; n <= 3; ++n) took.push(await saveAndTime(kiosk, server.api, `instant-${n}`, `Instant notice ${n}`));
  console.log(`embedded: save to installed, ms: ${took.join(', ')}`);
  for (const ms of took) assert.ok(ms < 10_000, `a notice took ${ms} ms with a ${POLL} s poll: the notification did not wake the kiosk`);
  // The first urgent notice holds the banner on every page.
  await person.untilShown('the first notice in the banner', /Instant\s+notice\s+1/, 20);
  assert.ok(kiosk.running());
  await kiosk.stop();
  await server.stop();
});

test('with nginx + nchan in front, kiosk-content publishes and nginx holds the kiosk: a saved notice arrives within seconds', async () => {
  const contentPort = await freePort();
  const nginx = await startNginxNchan(`http://127.0.0.1:${contentPort}`);
  running.push(nginx);
  const dir = tempDir('instant-nchan');
  const configPath = join(dir, 'kiosk-content.toml');
  writeToml(configPath, { server: { trust_proxy: true }, notify: { nchan_publish_url: nginx.publishUrl } });
  await runFile(KIOSK_CONTENT, ['--config', configPath, '--check-config'], { timeout: 20000 });
  const server = new Program('kiosk-content', KIOSK_CONTENT, ['--demo', '--config', configPath, '--data', join(dir, 'data'), '--listen', `127.0.0.1:${contentPort}`], {});
  running.push(server);
  const [, password] = await server.waitForLine(/one-time password: (\S+)/, 20);
  await server.waitForLine(/listening on http/, 20);
  // The coordinator's side goes through nginx too, as it would in a building.
  const api = await adminApi(nginx.base, 'admin', password);
  const kiosk = await startPairedKiosk(nginx.base, api);
  const took = [];
  for (let n = 1; n <= 3; ++n) took.push(await saveAndTime(kiosk, api, `nchan-${n}`, `Nchan notice ${n}`));
  console.log(`nchan: save to installed, ms: ${took.join(', ')}`);
  for (const ms of took) assert.ok(ms < 10_000, `a notice took ${ms} ms with a ${POLL} s poll: nchan did not wake the kiosk`);
  await person.untilShown('the first notice in the banner', /Nchan\s+notice\s+1/, 20);
  assert.doesNotMatch(server.log(), /could not tell nchan/);
  assert.doesNotMatch(nginx.errors(), /\[(error|crit|alert|emerg)\]/);
  await kiosk.stop();
  await server.stop();
  await nginx.stop();
});
