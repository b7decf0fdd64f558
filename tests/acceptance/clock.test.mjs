// A Raspberry Pi has no real-time clock: it boots with the time it last saved and corrects it
// later, by days or weeks, and a dead battery or a bad time answer can put it centuries out.
// The kiosk runs on a clock set from outside with libfaketime (Debian's libfaketime, read
// again from a file on every call, so the test can put the clock right while the kiosk runs).
// The kiosk's first release erased a visitor still in the building as soon as a slow clock
// was put right, purged on any clock, and took seconds a frame (and showed no sessions) in
// the year 3000.
//   node --test tests/acceptance/clock.test.mjs   (KIOSK: the built kiosk; libfaketime installed)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KIOSK, runFile, sleep, startKiosk, startScreen, tempDir, writeToml } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';

const run = promisify(execFile);
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const config = join(tempDir('clock-config'), 'kiosk.toml');
writeToml(config, { kiosk: { read_aloud: false }, rotation: { dwell_seconds: 3, pages: ['whats-on'] } });
const clockFile = join(tempDir('clock-file'), 'faketime');
// The kiosk's own clocks for timers stay real; only the wall clock is wrong, as on a Pi.
const wrongClock = { LD_PRELOAD: FAKETIME, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
// "@<date>": the clock starts there and runs on. The dates are fixed (both after the embedded
// building's signed generated_at, 2026-02-04) so the test reads the same whatever day it runs.
const setClock = (when) => writeFileSync(clockFile, `@${when}\n`);
const data = tempDir('clock-kiosk');
let screen, kiosk;

after(async () => {
  if (kiosk) await kiosk.stop();
  if (screen) await screen.stop();
});

async function checkIn(person, name) {
  await person.checkInByName(name);
  return person.untilShown('the thank-you', new RegExp(name), 10);
}

const rollCall = async (env = wrongClock) =>
  (await runFile(KIOSK, ['roll-call', '--config', config, '--data', data], { timeout: 20000, env: { ...process.env, ...env } })).stdout;
test('a visitor who checks in on a clock 19 days slow is still on the roll-call after the clock is put right', async (t) => {
  if (!existsSync(FAKETIME)) return t.skip('libfaketime is not installed (scripts/setup --tests)');
  screen = await startScreen(1280, 800);
  const person = new Person(screen);
  setClock('2026-11-18 10:00:00'); // 19 days slow: the 14 days' retention long past once put right
  kiosk = await startKiosk(screen, config, data, [], wrongClock);
  await person.untilShown('the slow clock\'s date', /Wednesday\s+18\s+November/, 30);
  await checkIn(person, 'Beatrix');
  assert.match(await rollCall(), /Beatrix/);

  setClock('2026-12-07 10:00:00'); // time-sync puts it right
  await person.untilShown('the right date', /Monday\s+7\s+December/, 60);
  // The day changed, so the day's purge runs on the next pass of the kiosk's housekeeping;
  // a few more seconds of passes, as a minute of them would.
  await sleep(10000);
  const list = await rollCall();
  assert.match(list, /Beatrix/, `still inside, so still on the fire roll-call:\n${list}`);
  assert.doesNotMatch(kiosk.log(), /retention: erased/);
  assert.ok(kiosk.running());
  assert.deepEqual(kiosk.blankFrames, []);
  await kiosk.stop();
  kiosk = null;
});

test('`kiosk purge` on a clock behind the content\'s signed time erases nothing and says why', async (t) => {
  if (!existsSync(FAKETIME)) return t.skip('libfaketime is not installed (scripts/setup --tests)');
  if (!existsSync(join(data, 'kiosk.db'))) return t.skip('needs the check-in of the test before');
  setClock('2025-06-01 10:00:00'); // a Pi that booted with a clock from before the content was made
  const refused = await runFile(KIOSK, ['purge', '--config', config, '--data', data], { timeout: 20000, env: { ...process.env, ...wrongClock } })
    .then(() => null, (error) => error);
  assert.ok(refused, 'purge refused');
  assert.equal(refused.code, 1);
  assert.match(refused.stdout + refused.stderr, /nothing erased: the clock is behind the content's signed time/);
  // On the right clock it runs, and someone still inside is not erased by it either.
  setClock('2026-12-07 10:10:00');
  const done = await runFile(KIOSK, ['purge', '--config', config, '--data', data], { timeout: 20000, env: { ...process.env, ...wrongClock } });
  assert.match(done.stdout, /erased the names and codes of 0 visits/);
  assert.match(await rollCall(), /Beatrix/);
});

// [SECTION] Far dates

// The picture a headless one-shot run draws (README: `kiosk --screenshot`), timed.
async function screenshot(dataDir, at, path) {
  const started = Date.now();
  await run(KIOSK, ['--data', dataDir, '--screenshot', path, '--at', at, '--page', 'whats-on'], {
    timeout: 20000, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' },
  });
  return Date.now() - started;
}

test('with the clock at the year 3000 the What\'s on page is drawn within 20 s and has the day\'s sessions', async () => {
  const dir = tempDir('clock-far');
  const far = join(dir, 'year-3000.png'), near = join(dir, 'year-2200.png');
  // A first start (the embedded building stored, the font atlas made) is part of the bound.
  const ms = await screenshot(dir, '3000-01-06T11:05', far);
  assert.ok(ms < 20000, `${ms} ms`);
  const { stdout } = await run('tesseract', [far, '-', '--psm', '11'], { timeout: 60000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
  assert.match(stdout, /Monday 6 January/);
  assert.match(stdout, /What's on today/);
  const sessions = stdout.match(/^\d\d:\d\d \p{L}.*$/gmu) || [];
  assert.ok(sessions.length >= 3, `sessions read: ${stdout}`);
  // The calendar repeats every 400 years: the same Monday 800 years earlier (before libical's
  // limits) is the very same picture, pixel for pixel.
  await screenshot(dir, '2200-01-06T11:05', near);
  assert.ok(readFileSync(far).equals(readFileSync(near)), 'the same sessions as on Monday 6 January 2200');
});
