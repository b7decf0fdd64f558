// Staff mode on a running kiosk, as the README tells staff to use it: the PIN set from a shell
// (`echo 2468 | kiosk set-pin --role staff`), staff mode opened by holding the clock for three
// seconds and typing the PIN on the pad; the fire marshal's roll-call, a special sold out, a
// notice on this screen, each on signage at once in the same process; "Exit to desktop" is a
// clean stop (exit status 0).
//   node --test tests/acceptance/staff.test.mjs   (KIOSK: the built kiosk)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KIOSK, eventually, runFile, startKiosk, startScreen, tempDir, writeToml } from './lib/programs.mjs';
import { Person } from './lib/person.mjs';
import { buttons, readButton } from './lib/screen.mjs';

let screen, person, kiosk, soldOutBefore;
const soldOut = (text) => (text.match(/Sold\s+out/g) || []).length;
const data = tempDir('staff-kiosk');
const config = join(tempDir('staff-config'), 'kiosk.toml');

before(async () => {
  screen = await startScreen(1280, 800);
  person = new Person(screen);
  writeToml(config, { kiosk: { read_aloud: false }, rotation: { dwell_seconds: 3, pages: ['cafe', 'notices'] } });
  const pin = await runFile('sh', ['-c', `echo 2468 | "${KIOSK}" set-pin --role staff --data "${data}"`], { timeout: 30000 });
  assert.match(pin.stdout, /the staff PIN is set/);
  kiosk = await startKiosk(screen, config, data);
  const { seen } = await person.untilShown('the café page', /Caf[ée]\s+today/, 20);
  soldOutBefore = soldOut(seen.text);
});

after(async () => {
  if (kiosk) await kiosk.stop();
  if (screen) await screen.stop();
});

// The PIN typed on the pad: each key found as a person finds it, a button with that digit on it.
async function typePin(pin) {
  const { shot } = await person.untilShown('the PIN pad', /Staff\s+PIN[\s\S]*Delete/, 10);
  const keys = new Map();
  for (const key of buttons(shot)) keys.set((await readButton(shot, key)).toUpperCase(), key);
  for (const digit of pin) {
    assert.ok(keys.has(digit), `the key ${digit} on the pad; the keys read: ${[...keys.keys()].join(' ')}`);
    await person.tapAt(keys.get(digit).middle);
  }
  assert.ok(keys.has('OK'), `the pad's OK; the keys read: ${[...keys.keys()].join(' ')}`);
  await person.tapAt(keys.get('OK').middle);
}

async function openStaffMode() {
  // The clock on signage: the screen's top right, as "HH:MM".
  const { seen } = await person.untilShown('signage with its clock', /\b\d\d:\d\d\b[\s\S]*Touch\s+here\s+to\s+check\s+in/, 30);
  const clock = seen.words.filter((w) => /^\d\d:\d\d$/.test(w.text)).sort((a, b) => b.x - a.x)[0];
  await person.hold({ x: clock.x + clock.w / 2, y: clock.y + clock.h / 2 }, 3500);
  await typePin('2468');
  await person.untilShown('the staff menu', /Who's\s+in[\s\S]*Caf[ée]\s+specials|Caf[ée]\s+specials[\s\S]*Who's\s+in/, 10);
}

test('a visitor checks in; staff mode shows her in the roll-call and marks her located', async () => {
  const pid = kiosk.pid;
  await person.tapOn('Touch here to check in');
  await person.tapOn('Tell us you\'re here', 10);
  await person.tapOn('Visiting someone', 10);
  await person.untilShown('the name page', /What's\s+your\s+first\s+name/, 10);
  await person.type('Priya');
  await person.tapOn('Check in', 10);
  await person.untilShown('the thank-you', /Priya/, 10);

  await openStaffMode();
  await person.tapOn('Who\'s in', 10);
  await person.untilShown('Priya in the roll-call', /Priya/, 10);
  await person.tapOn('Located', 10);
  // The fire marshal's list from a shell agrees at once.
  await eventually('Priya marked located in `kiosk roll-call`', 10, async () =>
    /\[x\] Priya/.test((await runFile(KIOSK, ['roll-call', '--config', config, '--data', data], { timeout: 20000 })).stdout));
  await person.tapOn('Back', 10);
  assert.equal(kiosk.pid, pid);
});

test('a special sold out and a notice posted in staff mode are on signage at once, in the same process', async () => {
  const pid = kiosk.pid;
  await person.tapOn('Café specials', 10);
  const { seen } = await person.untilShown('the specials', /Sold\s+out/, 10);
  // The first special's "Sold out" button, and the name on its row.
  const button = seen.words.find((w) => w.text === 'Sold');
  const row = seen.words.filter((w) => Math.abs(w.y - button.y) < button.h && w.x < button.x - 100 && !/^£/.test(w.text)).map((w) => w.text).join(' ');
  assert.ok(row.length > 2, `the name beside the first "Sold out": ${seen.text}`);
  await person.tapAt({ x: button.x + button.w, y: button.y + button.h / 2 });
  await person.tapOn('Back', 10);

  await person.tapOn('Notice on this screen', 10);
  await person.tapOn('Title', 10);
  await person.whereIs('Space', 10); // the keyboard is up
  await person.typeOnScreen('fire drill at two');
  await person.tapOn('Done', 10);
  await person.tapOn('Put it on this screen', 10);
  await person.untilShown('the notice listed as on this screen', /fire\s+drill\s+at\s+two/i, 10);
  await person.tapOn('Back', 10);

  await person.tapOn('Lock', 10, (places) => places[0]);
  await person.untilShown('the notice on signage', /fire\s+drill\s+at\s+two/i, 30);
  const { seen: cafe } = await person.untilShown(`the café page`, /Caf[ée]\s+today/, 30);
  assert.equal(soldOut(cafe.text), soldOutBefore + 1, `"${row}" is sold out too: ${cafe.text}`);
  assert.equal(kiosk.pid, pid);
  assert.ok(kiosk.running());
  assert.deepEqual(kiosk.blankFrames, []);
});

test('"Exit to desktop" in staff mode is a clean stop: exit status 0', async () => {
  await openStaffMode();
  await person.tapOn('Exit to desktop', 10);
  const exit = await Promise.race([kiosk.exited, new Promise((r) => setTimeout(() => r('still running'), 15000))]);
  assert.deepEqual(exit, { code: 0, signal: null }, kiosk.log());
  assert.match(kiosk.log(), /exit to desktop from staff mode/);
});
