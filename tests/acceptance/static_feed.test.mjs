// A screen that follows a static feed (README: `kiosk --feed file:///media/usb/feed.json
// --feed-key KEY`), as a building without a network does from a USB stick: the coordinator
// exports the building (docs/content-server.md, "Static export"), the kiosk shows it, and each
// new export is taken by the same running kiosk. The kiosk's first release quit here on the
// first new content.
//   node --test tests/acceptance/static_feed.test.mjs   (KIOSK, KIOSK_CONTENT: the built programs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KIOSK_CONTENT, eventually, runFile, startContentDemo, startKiosk, startScreen, tempDir, writeToml } from './lib/programs.mjs';
import { capture, isBlank, read } from './lib/screen.mjs';
import { adminApi } from './lib/admin.mjs';

const SITE = 'ashby-hill';
let screen, server, serverData, kiosk, api;
const usb = tempDir('usb');

async function exportToStick() {
  const { stdout, stderr } = await runFile(KIOSK_CONTENT, ['--data', serverData, 'export', '--site', SITE, '--out', usb], { timeout: 30000 });
  return stdout + stderr;
}

async function untilShown(what, pattern, seconds) {
  let last = '';
  return eventually(`the screen to show ${what}`, seconds, async () => {
    const shot = capture(screen.fb);
    assert.ok(!isBlank(shot), 'the screen is never blank');
    last = (await read(shot)).text;
    return pattern.test(last);
  }, 500).catch((error) => { throw new Error(`${error.message}; it read: ${last}`); });
}

before(async () => {
  screen = await startScreen(1280, 800);
  serverData = tempDir('static-content');
  server = await startContentDemo(serverData);
  api = await adminApi(server.base, 'admin', server.password);
  // Only this test's notice, so the notices page shows it first.
  for (const { id } of (await api.get(`/sites/${SITE}/notices`)).items) await api.del(`/sites/${SITE}/notices/${id}`);
});

after(async () => {
  if (kiosk) await kiosk.stop();
  if (server) await server.stop();
  if (screen) await screen.stop();
});

test('a kiosk following a feed on a USB stick takes each new export without stopping', async () => {
  await exportToStick();
  const { stdout: key } = await runFile(KIOSK_CONTENT, ['--data', serverData, 'public-key'], { timeout: 20000 });
  const config = join(tempDir('static-kiosk-config'), 'kiosk.toml');
  writeToml(config, { kiosk: { read_aloud: false }, rotation: { dwell_seconds: 3, pages: ['notices', 'whats-on'] }, sync: { poll_seconds: 10 } });
  kiosk = await startKiosk(screen, config, tempDir('static-kiosk'), ['--feed', `file://${usb}/feed.json`, '--feed-key', key.trim()]);
  const pid = kiosk.pid;
  await kiosk.waitForLine(/now showing content version/, 30);

  await api.post(`/sites/${SITE}/notices`, { id: 'lunch-club', title: 'Lunch club moves to Thursday', body: 'Same time, same place.' });
  const seen = kiosk.lines.length;
  await exportToStick();
  await kiosk.waitForLine(/now showing content version/, 30, seen);
  await untilShown('the notice from the new export', /Lunch\s+club\s+moves\s+to\s+Thursday/, 30);

  await api.put(`/sites/${SITE}/notices/lunch-club`, { id: 'lunch-club', title: 'Lunch club back on Wednesday', body: 'Sorry for the change.' });
  const again = kiosk.lines.length;
  await exportToStick();
  await kiosk.waitForLine(/now showing content version/, 30, again);
  await untilShown('the edited notice', /Lunch\s+club\s+back\s+on\s+Wednesday/, 30);

  assert.equal(kiosk.pid, pid);
  assert.ok(kiosk.running(), `the kiosk exited: ${JSON.stringify(kiosk.exit)}\n${kiosk.log()}`);
  assert.deepEqual(kiosk.blankFrames, []);
  assert.doesNotMatch(kiosk.log(), /closing cleanly/);
});
