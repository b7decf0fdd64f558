// A worn SD card: the kiosk started on storage it cannot write, or on a database scribbled
// over, still shows the building and still takes check-ins, and the fire roll-call still reads
// what is there. The kiosk's first release exited 1 with a black screen in both cases. A card
// that fills while the kiosk runs: the visitor is told, and saving resumes when there is room.
//   node --test tests/acceptance/storage.test.mjs   (KIOSK: the built kiosk; the read-only and full cases need root to mount)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openSync, writeSync, closeSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KIOSK, runFile, startKiosk, startScreen, tempDir, writeToml } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';

const config = join(tempDir('storage-config'), 'kiosk.toml');
writeToml(config, { kiosk: { read_aloud: false }, rotation: { dwell_seconds: 3, pages: ['whats-on', 'cafe'] } });
const mounts = [];
let screen, kiosk;

after(async () => {
  if (kiosk) await kiosk.stop();
  for (const m of mounts.reverse()) try { execFileSync('umount', [m]); } catch { /* already gone */ }
  if (screen) await screen.stop();
});

// A visitor checks in by name on the screen, as anyone would.
async function checkIn(person, name) {
  await person.checkInByName(name);
  return person.untilShown('the thank-you', new RegExp(name), 10);
}

async function firstRun(data) {
  // A day's use before the card failed: the embedded building stored, one visitor in.
  kiosk = await startKiosk(screen, config, data);
  await checkIn(new Person(screen), 'Nadia');
  assert.equal((await kiosk.stop()).code, 0);
  kiosk = null;
}

test('started on storage that has turned read-only, the kiosk shows the building, takes check-ins and says they are kept in memory', async (t) => {
  screen = screen || await startScreen(1280, 800);
  const data = tempDir('storage-rw');
  await firstRun(data);
  const readOnly = join(tempDir('storage-ro'), 'data');
  mkdirSync(readOnly);
  try {
    execFileSync('mount', ['--bind', data, readOnly]);
    mounts.push(readOnly);
    execFileSync('mount', ['-o', 'remount,bind,ro', readOnly]);
  } catch (error) {
    t.skip(`a read-only bind mount needs root: ${error.message}`);
    return;
  }
  kiosk = await startKiosk(screen, config, readOnly);
  const person = new Person(screen);
  await person.untilShown('the building', /Ashby\s+Hill\s+People's\s+Centre/, 20);
  assert.match(kiosk.log(), /storage: .*running from a copy in memory/);
  const { seen } = await checkIn(person, 'Tomasz');
  assert.match(seen.text, /cannot\s+save\s+to\s+its\s+memory\s+card/, 'the visitor is told');
  const { stdout } = await runFile(KIOSK, ['roll-call', '--config', config, '--data', readOnly], { timeout: 20000 });
  assert.match(stdout, /Nadia/, 'the roll-call reads what the card holds');
  assert.ok(kiosk.running());
  assert.deepEqual(kiosk.blankFrames, []);
  await kiosk.stop();
  kiosk = null;
});

test('started on a database scribbled over, the kiosk keeps it aside, starts afresh and shows the building', async () => {
  screen = screen || await startScreen(1280, 800);
  const data = tempDir('storage-scribbled');
  await firstRun(data);
  const fd = openSync(join(data, 'kiosk.db'), 'r+');
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 0);
  closeSync(fd);
  kiosk = await startKiosk(screen, config, data);
  const person = new Person(screen);
  await person.untilShown('the building', /Ashby\s+Hill\s+People's\s+Centre/, 20);
  assert.ok(readdirSync(data).some((f) => /^kiosk\.db\.damaged-\d+$/.test(f)), `kept aside: ${readdirSync(data).join(' ')}`);
  assert.match(kiosk.log(), /storage: .*moved to .*kiosk\.db\.damaged-\d+ and a fresh one started/);
  await checkIn(person, 'Ewa');
  const { stdout } = await runFile(KIOSK, ['roll-call', '--config', config, '--data', data], { timeout: 20000 });
  assert.match(stdout, /Ewa/);
  assert.deepEqual(kiosk.blankFrames, []);
  await kiosk.stop();
  kiosk = null;
});

test('a card that fills while the kiosk runs: the building stays, a check-in that cannot be saved says so, and saving resumes once there is room', async (t) => {
  screen = screen || await startScreen(1280, 800);
  const disk = join(tempDir('storage-filling'), 'disk');
  mkdirSync(disk);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', disk]);
    mounts.push(disk);
  } catch (error) {
    t.skip(`a small disk (tmpfs) needs root: ${error.message}`);
    return;
  }
  const data = join(disk, 'data');
  mkdirSync(data);
  await firstRun(data);
  kiosk = await startKiosk(screen, config, data);
  const person = new Person(screen);
  await person.untilShown('the building', /Ashby\s+Hill\s+People's\s+Centre/, 20);
  const filler = join(disk, 'filler');
  try { execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' }); } catch { /* full: the point */ }
  await person.tapOn('Touch here to check in', 30);
  await person.tapOn('Tell us you\'re here', 10);
  await person.tapOn('Visiting someone', 10);
  await person.untilShown('the name page', /What's\s+your\s+first\s+name/, 10);
  await person.type('Olek');
  await person.tapOn('Check in', 10);
  await person.untilShown('the visitor told it did not save', /didn't\s+save/, 10);
  assert.match((await runFile(KIOSK, ['roll-call', '--config', config, '--data', data], { timeout: 20000 })).stdout, /Nadia/, 'who was in stays in');

  // Room again (someone cleared the card): the same running kiosk saves the next check-in.
  rmSync(filler);
  await person.tapOn('Check in', 10);
  await person.untilShown('the thank-you', /Olek/, 10);
  const { stdout } = await runFile(KIOSK, ['roll-call', '--config', config, '--data', data], { timeout: 20000 });
  assert.match(stdout, /Nadia/);
  assert.match(stdout, /Olek/);
  assert.ok(kiosk.running());
  assert.deepEqual(kiosk.blankFrames, []);
  await kiosk.stop();
  kiosk = null;
});
