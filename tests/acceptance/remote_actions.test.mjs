// Remote actions from the Screens page reach a running kiosk within seconds, through the same
// held wait as instant updates: "Show identify" puts the screen's name on the screen (read
// back by OCR), "Refresh now" makes a kiosk that polls only every 5 minutes poll at once, and
// "Restart" is a clean exit, confirmed to the server first. Each is confirmed by a heartbeat.
// Behind nginx + nchan the screen's own channel says an action is waiting, and the kiosk
// fetches it from kiosk-content: "Show identify" is on screen within seconds there too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Program, eventually, evidence, runFile, startKiosk, startScreen, tempDir, writeToml, KIOSK_CONTENT } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';
import { adminApi } from './lib/admin.mjs';
import { freePort, startNginxNchan } from './lib/nginx.mjs';
import { savePng } from './lib/screen.mjs';

const SITE = 'ashby-hill';
const POLL = 300;
const WIDTH = Number(process.env.COI_SCREEN_WIDTH || 1920), HEIGHT = Number(process.env.COI_SCREEN_HEIGHT || 1080);
let screen, person, server, kiosk;
const running = [];

before(async () => {
  screen = await startScreen(WIDTH, HEIGHT);
  person = new Person(screen);
  const port = await freePort();
  const dir = tempDir('actions-content');
  const configPath = join(dir, 'kiosk-content.toml');
  writeToml(configPath, { server: { threads: 16 } });
  server = new Program('kiosk-content', KIOSK_CONTENT, ['--demo', '--config', configPath, '--data', join(dir, 'data'), '--listen', `127.0.0.1:${port}`], {});
  running.push(server);
  const [, password] = await server.waitForLine(/one-time password: (\S+)/, 20);
  await server.waitForLine(/listening on http/, 20);
  server.base = `http://127.0.0.1:${port}`;
  server.api = await adminApi(server.base, 'admin', password);

  const config = join(tempDir('actions-config'), 'kiosk.toml');
  writeToml(config, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 5, pages: ['notices'] },
    sync: { server: server.base, poll_seconds: POLL, allow_http: true },
  });
  kiosk = await startKiosk(screen, config, tempDir('actions-kiosk'));
  running.push(kiosk);
  const [, code] = await kiosk.waitForLine(/pair this screen with code ([\d ]+?) at/, 30);
  await server.api.post('/screens/adopt', { code: code.replace(/ /g, ''), site_id: SITE, role: 'reception', name: 'Boiler Room TV' });
  await kiosk.waitForLine(/now showing content version (\d+)/, 30);
  // Past the first poll's heartbeat, so what follows is the actions' doing.
  await eventually('the kiosk to wait for news', 20, async () => (await screenCard()).status_at > 0);
});

after(async () => {
  for (const program of running.reverse()) await program.stop();
  if (screen) await screen.stop();
});

async function screenCard() {
  return (await server.api.get('/screens')).screens.find((s) => s.name === 'Boiler Room TV');
}

async function ask(action) {
  const card = await screenCard();
  return (await server.api.post(`/screens/${card.id}/actions`, { action })).action;
}

async function untilDone(asked, seconds) {
  return eventually(`action ${asked.id} (${asked.action}) to be confirmed`, seconds, async () => {
    const done = (await screenCard()).actions.find((a) => a.id === asked.id);
    return done?.done_at ? done : null;
  });
}

test('"Show identify" puts the screen\'s name on the screen within seconds, and the heartbeat confirms it', async () => {
  const started = Date.now();
  const asked = await ask('identify');
  const seen = await person.untilShown("the screen's name", /Boiler\s+Room\s+TV/, 15, { afar: true });
  const took = Date.now() - started;
  console.log(`identify: asked to read on screen, ms: ${took}`);
  savePng(seen.shot, join(evidence, `identify-${WIDTH}x${HEIGHT}.png`));
  assert.match(seen.seen.text, /This\s+screen\s+is/);
  await untilDone(asked, 15);
});

test('"Refresh now" makes a kiosk that polls every 5 minutes poll at once', async () => {
  const from = kiosk.lines.length;
  const asked = await ask('refresh');
  await kiosk.waitForLine(/asked from the Screens page: refresh/, 10, from);
  await untilDone(asked, 15);
  const card = await screenCard();
  assert.ok(card.last_seen * 1000 >= Date.now() - 15_000, 'the kiosk polled just now');
});

test('"Restart" confirms to the server, then the kiosk exits cleanly for its service manager to start again', async () => {
  const asked = await ask('restart');
  await untilDone(asked, 15);
  const exit = await Promise.race([kiosk.exited, new Promise((resolve) => setTimeout(() => resolve(null), 15_000))]);
  assert.deepEqual(exit, { code: 0, signal: null }, 'the kiosk did not exit cleanly after a restart was asked');
  assert.match(kiosk.log(), /restart asked from the Screens page/);
});

test('behind nginx + nchan, "Show identify" reaches a kiosk subscribed through nchan within seconds, and the heartbeat confirms it', async () => {
  const contentPort = await freePort();
  const nginx = await startNginxNchan(`http://127.0.0.1:${contentPort}`);
  running.push(nginx);
  const dir = tempDir('actions-nchan');
  const configPath = join(dir, 'kiosk-content.toml');
  writeToml(configPath, { server: { trust_proxy: true }, notify: { nchan_publish_url: nginx.publishUrl } });
  await runFile(KIOSK_CONTENT, ['--config', configPath, '--check-config'], { timeout: 20000 });
  const content = new Program('kiosk-content', KIOSK_CONTENT, ['--demo', '--config', configPath, '--data', join(dir, 'data'), '--listen', `127.0.0.1:${contentPort}`], {});
  running.push(content);
  const [, password] = await content.waitForLine(/one-time password: (\S+)/, 20);
  await content.waitForLine(/listening on http/, 20);
  const api = await adminApi(nginx.base, 'admin', password);
  const config = join(tempDir('actions-nchan-config'), 'kiosk.toml');
  writeToml(config, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 5, pages: ['notices'] },
    sync: { server: nginx.base, poll_seconds: POLL, allow_http: true },
  });
  const nchanKiosk = await startKiosk(screen, config, tempDir('actions-nchan-kiosk'));
  running.push(nchanKiosk);
  const [, code] = await nchanKiosk.waitForLine(/pair this screen with code ([\d ]+?) at/, 30);
  await api.post('/screens/adopt', { code: code.replace(/ /g, ''), site_id: SITE, role: 'reception', name: 'Cafe Corner TV' });
  await nchanKiosk.waitForLine(/now showing content version (\d+)/, 30);
  const card = async () => (await api.get('/screens')).screens.find((s) => s.name === 'Cafe Corner TV');
  await eventually('the kiosk to send its first heartbeat', 20, async () => (await card()).status_at > 0);

  const started = Date.now();
  const from = nchanKiosk.lines.length;
  const { action: asked } = await api.post(`/screens/${(await card()).id}/actions`, { action: 'identify' });
  // Within a bound, far inside the kiosk's 5-minute poll: only nchan could have brought it.
  await nchanKiosk.waitForLine(/asked from the Screens page: identify/, 10, from);
  const delivered = Date.now() - started;
  const seen = await person.untilShown("the screen's name", /Cafe\s+Corner\s+TV/, 15, { afar: true });
  console.log(`identify through nchan: asked to the kiosk's log, ms: ${delivered}; to read on screen, ms: ${Date.now() - started}`);
  savePng(seen.shot, join(evidence, `identify-nchan-${WIDTH}x${HEIGHT}.png`));
  await eventually(`action ${asked.id} to be confirmed`, 15, async () => (await card()).actions.find((a) => a.id === asked.id)?.done_at);
  // kiosk-content told nchan, and nginx logged no error.
  assert.doesNotMatch(content.log(), /could not tell nchan/);
  assert.doesNotMatch(nginx.errors(), /\[(error|crit|alert|emerg)\]/);
  await nchanKiosk.stop();
  await content.stop();
  await nginx.stop();
});
