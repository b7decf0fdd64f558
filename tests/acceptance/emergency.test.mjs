// Emergency mode end to end, from outside: kiosk-content and two paired kiosks of the same
// building, each on its own X screen. An emergency started in the admin API takes over both
// screens (read back by OCR) within seconds; then, with the server stopped, staff start one at
// kiosk A as a person would (hold the top right corner, the PIN on the pad, Emergency, "Stay
// inside") and kiosk B takes over from A's signed message on the local network (loopback
// broadcast here; docs/content-server.md says what a building uses).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KIOSK, KIOSK_CONTENT, Program, evidence, runFile, startKiosk, startScreen, tempDir, writeToml } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';
import { adminApi } from './lib/admin.mjs';
import { freePort } from './lib/nginx.mjs';
import { buttons, readButton, savePng } from './lib/screen.mjs';

const SITE = 'ashby-hill';
const running = [];
let server, lanPort;
const kiosks = []; // { screen, person, program, name }

async function startPairedKiosk(name) {
  const screen = await startScreen(1280, 800);
  running.push(screen);
  const data = tempDir(`emergency-${name}`);
  const pin = await runFile('sh', ['-c', `echo 2468 | "${KIOSK}" set-pin --role staff --data "${data}"`], { timeout: 30000 });
  assert.match(pin.stdout, /the staff PIN is set/);
  const config = join(tempDir(`emergency-${name}-config`), 'kiosk.toml');
  writeToml(config, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 5, pages: ['whats-on'] },
    sync: { server: server.base, poll_seconds: 300, allow_http: true, lan_emergency: `127.255.255.255:${lanPort}` },
  });
  const program = await startKiosk(screen, config, data);
  running.push(program);
  const [, code] = await program.waitForLine(/pair this screen with code ([\d ]+?) at/, 30);
  await server.api.post('/screens/adopt', { code: code.replace(/ /g, ''), site_id: SITE, role: 'reception', name });
  await program.waitForLine(/now showing content version (\d+)/, 30);
  const kiosk = { screen, person: new Person(screen), program, name };
  kiosks.push(kiosk);
  return kiosk;
}

before(async () => {
  lanPort = await freePort();
  const port = await freePort();
  const dir = tempDir('emergency-content');
  const configPath = join(dir, 'kiosk-content.toml');
  writeToml(configPath, { server: { threads: 16 } });
  server = new Program('kiosk-content', KIOSK_CONTENT, ['--demo', '--config', configPath, '--data', join(dir, 'data'), '--listen', `127.0.0.1:${port}`], {});
  running.push(server);
  const [, password] = await server.waitForLine(/one-time password: (\S+)/, 20);
  await server.waitForLine(/listening on http/, 20);
  server.base = `http://127.0.0.1:${port}`;
  server.api = await adminApi(server.base, 'admin', password);
  await startPairedKiosk('Reception A');
  await startPairedKiosk('Hall B');
});

after(async () => {
  for (const program of running.reverse()) await program.stop();
});

test('an emergency started in the admin takes over both screens within seconds, and ending it gives them back', async () => {
  const started = Date.now();
  await server.api.post(`/sites/${SITE}/emergency`, { kind: 'evacuate' });
  for (const kiosk of kiosks) {
    const seen = await kiosk.person.untilShown(`the takeover on ${kiosk.name}`, /Evacuate\s+now/, 15);
    assert.match(seen.seen.text, /Assembly\s+point/);
    savePng(seen.shot, join(evidence, `emergency-evacuate-${kiosk.name.replace(/ /g, '-')}.png`));
  }
  console.log(`emergency: admin start to both screens, ms: ${Date.now() - started}`);
  await server.api.post(`/sites/${SITE}/emergency/end`);
  for (const kiosk of kiosks) await kiosk.person.untilShown(`signage again on ${kiosk.name}`, /Touch\s+here\s+to\s+check\s+in/, 15);
});

test('with the server stopped, staff start one at kiosk A and kiosk B takes over from the local network', async () => {
  await server.stop();
  const [a, b] = kiosks;
  await a.person.untilShown('signage on A', /Touch\s+here\s+to\s+check\s+in/, 15);
  await a.person.hold({ x: a.screen.width - 60, y: 40 }, 3500);
  const { shot } = await a.person.untilShown('the PIN pad', /Staff\s+PIN/, 10);
  const keys = new Map();
  for (const key of buttons(shot)) keys.set((await readButton(shot, key)).toUpperCase(), key);
  for (const digit of '2468OK'.match(/\d|OK/g)) {
    assert.ok(keys.has(digit), `the key ${digit} on the pad; read: ${[...keys.keys()].join(' ')}`);
    await a.person.tapAt(keys.get(digit).middle);
  }
  await a.person.tapOn('Emergency', 10);
  const started = Date.now();
  await a.person.tapOn('Stay inside', 10);
  const seen = await b.person.untilShown('the takeover on B', /Stay\s+inside/, 10);
  console.log(`emergency: staff at A to B's screen over the LAN, ms: ${Date.now() - started}`);
  savePng(seen.shot, join(evidence, 'emergency-lan-stay-inside-B.png'));
  assert.doesNotMatch(seen.seen.text, /Touch\s+here\s+to\s+check\s+in/);
});
