// The fault-injection campaign behind scripts/bench/faults: each fault done to the built kiosk
// from outside (a full or read-only card, scribbled files, a wrong clock, a memory limit), the
// screen read (tesseract) and summed up, and the fire roll-call (`kiosk roll-call`) asked
// whether the visitor who was in before the fault still is. One row per fault.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, openSync, writeSync, closeSync, fstatSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIOSK, runFile, sleep, startKiosk, startScreen, tempDir, writeToml } from '../../tests/acceptance/lib/programs.mjs';
import { Person } from '../../tests/acceptance/lib/person.mjs';

const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const config = join(tempDir('faults-config'), 'kiosk.toml');
writeToml(config, { kiosk: { read_aloud: false }, rotation: { dwell_seconds: 3, pages: ['whats-on', 'cafe'] } });
const clockFile = join(tempDir('faults-clock'), 'faketime');
const clock = (spec) => { writeFileSync(clockFile, `${spec}\n`); return { LD_PRELOAD: FAKETIME, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' }; };
const mounts = [];
const rows = [];
let screen;

// What a person sees, in a few words: the phrases the kiosk's pages and notes are made of.
function summary(text) {
  const seen = [];
  if (/Ashby\s+Hill/.test(text)) seen.push('the building');
  if (/What's\s+on\s+today/.test(text)) seen.push('What\'s on');
  if (/Caf[ée]\s+today/.test(text)) seen.push('Café');
  if (/Touch\s+here\s+to\s+check\s+in/.test(text)) seen.push('check-in button');
  if (/cannot\s+save\s+to\s+its\s+memory\s+card/.test(text)) seen.push('"cannot save to its memory card"');
  if (/didn't\s+save/.test(text)) seen.push('"Sorry, that didn\'t save"');
  if (/Thank/.test(text)) seen.push('thank-you');
  return seen.length ? seen.join(', ') : `nothing known (read: ${text.slice(0, 60)})`;
}

const rollCall = async (data, env = {}) => {
  try {
    return (await runFile(KIOSK, ['roll-call', '--config', config, '--data', data], { timeout: 20000, env: { ...process.env, ...env } })).stdout;
  } catch (error) {
    return `roll-call failed: ${error.message}`;
  }
};
const lost = (list, names) => {
  const missing = names.filter((n) => !list.includes(n));
  return missing.length ? `LOST: ${missing.join(', ')}` : 'none';
};

async function checkIn(person, name) {
  await person.checkInByName(name);
  await sleep(1500);
  return (await person.look()).seen.text;
}

// One fault: the kiosk started on `data` (with `env`), `during` done while it runs, its screen read.
async function row(fault, data, { env = {}, during, names = ['Nadia'], rollEnv = env, latecomer } = {}) {
  const started = Date.now();
  let shown, note = '';
  try {
    const kiosk = await startKiosk(screen, config, data, [], env);
    const person = new Person(screen);
    const first = await person.untilShown('the building', /Ashby\s+Hill/, 30).catch(() => person.look());
    shown = summary(first.seen.text);
    if (during) shown += `; then ${await during(person, kiosk)}`;
    await sleep(3000);
    // What the log says about it, as journald keeps it: what the kiosk did, not the first error.
    const said = kiosk.lines.filter((l) => /storage: |clock: /.test(l));
    const storage = said.find((l) => /in memory|moved to|clock: /.test(l)) || said.at(-1);
    // Its last clause is what it did: "it was moved to ...", "running from a copy in memory ...".
    if (storage) note = storage.replace(/\/tmp\/\S+\//g, '').split('; ').at(-1).slice(0, 100);
    if (!kiosk.running()) shown += ` (kiosk exited ${JSON.stringify(kiosk.exit)})`;
    if (kiosk.blankFrames.length) shown += ' (a blank frame seen)';
    await kiosk.stop();
  } catch (error) {
    shown = `no first frame: ${error.message.split('\n')[0].slice(0, 80)}`;
  }
  const list = await rollCall(data, rollEnv);
  let lostNow = lost(list, names);
  // Someone who checked in during the fault: on the card afterwards, or only told it was not.
  if (latecomer) lostNow += list.includes(latecomer) ? `; ${latecomer} saved` : `; ${latecomer} not on the card after the kiosk stopped (the screen told him)`;
  rows.push({ fault, shown, lost: lostNow, seconds: ((Date.now() - started) / 1000).toFixed(0), note });
}

function mountTmpfs(dir, size) {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
}
function fill(dir) {
  try { execFileSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=64k'], { stdio: 'ignore' }); } catch { /* full: the point */ }
}
function scribble(path, from = 0, step = 1) {
  const fd = openSync(path, 'r+');
  const size = fstatSync(fd).size;
  for (let at = from; at < size; at += step) writeSync(fd, Buffer.from([0x5a]), 0, 1, at);
  closeSync(fd);
}
const copyOf = (card, name) => { const d = join(tempDir(`faults-${name}`), 'data'); cpSync(card, d, { recursive: true }); return d; };

async function main() {
  const root = process.getuid && process.getuid() === 0;
  screen = await startScreen(1280, 800);
  // The card: the embedded building stored, and Nadia checked in on a clock 19 days slow
  // (the Pi booted with its last saved time), 10:00 on a fixed day so every run reads alike.
  const card = join(tempDir('faults-card'), 'data');
  mkdirSync(card);
  const slow = clock('@2026-11-18 10:00:00');
  {
    const kiosk = await startKiosk(screen, config, card, [], slow);
    await checkIn(new Person(screen), 'Nadia');
    await kiosk.stop();
  }
  const right = () => clock('@2026-12-07 10:00:00'); // the clock time-sync puts right

  await row('clock 19 days slow at check-in, then put right', copyOf(card, 'slow'), { env: right(), during: async () => { await sleep(10000); return 'ran 10 s on the right clock'; } });
  await row('clock 30 days ahead', copyOf(card, 'ahead'), { env: clock('@2027-01-06 10:00:00'), during: async () => { await sleep(10000); return 'ran 10 s'; } });
  {
    const started = Date.now();
    const dir = copyOf(card, 'far');
    const shot = join(dir, '..', 'shot.png');
    let shown;
    try {
      await runFile(KIOSK, ['--data', dir, '--screenshot', shot, '--at', '3000-01-06T11:05', '--page', 'whats-on'], { timeout: 20000, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' } });
      const ms = Date.now() - started;
      const text = execFileSync('tesseract', [shot, '-', '--psm', '11'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
      shown = `${summary(text)}, ${(text.match(/^\d\d:\d\d \p{L}.*$/gmu) || []).length} sessions read, screenshot in ${ms} ms`;
    } catch (error) {
      shown = `no picture within 20 s: ${error.message.split('\n')[0].slice(0, 60)}`;
    }
    rows.push({ fault: 'clock at the year 3000 (--screenshot --at)', shown, lost: lost(await rollCall(dir, right()), ['Nadia']), seconds: ((Date.now() - started) / 1000).toFixed(0), note: '' });
  }

  {
    const d = copyOf(card, 'truncated');
    truncateSync(join(d, 'kiosk.db'), Math.floor(statSync(join(d, 'kiosk.db')).size / 2));
    await row('database truncated to half', d, { env: right(), names: [] });
    rows.at(-1).lost += ` (kept aside: ${readdirSync(d).filter((f) => /damaged/.test(f)).join(' ') || 'nothing'})`;
  }
  {
    const d = copyOf(card, 'scribbled');
    scribble(join(d, 'kiosk.db'), 0, 3);
    await row('database scribbled (every 3rd byte)', d, { env: right(), names: [] });
    rows.at(-1).lost += ` (kept aside: ${readdirSync(d).filter((f) => /damaged/.test(f)).join(' ') || 'nothing'})`;
  }
  {
    const d = copyOf(card, 'caches');
    for (const f of readdirSync(join(d, 'cache'), { recursive: true }).map((f) => join(d, 'cache', f)).filter((f) => statSync(f).isFile())) scribble(f, 1024, 97);
    await row('font atlas and cached pictures scribbled', d, { env: right() });
  }
  for (const mb of [256, 128, 96, 64, 32]) {
    const d = copyOf(card, `memory-${mb}`);
    const started = Date.now();
    let shown;
    try {
      const shot = join(d, '..', 'shot.png');
      await runFile('prlimit', [`--as=${mb << 20}`, KIOSK, '--data', d, '--screenshot', shot, '--page', 'whats-on'], { timeout: 30000, env: { ...process.env, ...right(), SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' } });
      shown = summary(execFileSync('tesseract', [shot, '-', '--psm', '11'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    } catch (error) {
      shown = `no picture: ${(error.stderr || error.message).toString().split('\n').filter(Boolean).pop()?.slice(0, 80)}`;
    }
    rows.push({ fault: `memory limited: prlimit --as ${mb} MB (--screenshot)`, shown, lost: lost(await rollCall(d, right()), ['Nadia']), seconds: ((Date.now() - started) / 1000).toFixed(0), note: '' });
  }

  if (root) {
    {
      const disk = join(tempDir('faults-full'), 'disk');
      mountTmpfs(disk, '16m');
      cpSync(card, join(disk, 'data'), { recursive: true });
      fill(disk);
      await row('card full at start (16 MB tmpfs, filled)', join(disk, 'data'), { env: right(), during: async (person) => `a check-in by Olek: ${summary(await checkIn(person, 'Olek'))}`, latecomer: 'Olek' });
    }
    {
      const disk = join(tempDir('faults-filling'), 'disk');
      mountTmpfs(disk, '16m');
      cpSync(card, join(disk, 'data'), { recursive: true });
      await row('card fills while the kiosk runs', join(disk, 'data'), { env: right(), during: async (person) => { fill(disk); return `card filled; a check-in by Olek: ${summary(await checkIn(person, 'Olek'))}`; }, latecomer: 'Olek' });
    }
    {
      const d = copyOf(card, 'ro');
      const ro = join(tempDir('faults-ro'), 'data');
      mkdirSync(ro);
      execFileSync('mount', ['--bind', d, ro]);
      mounts.push(ro);
      execFileSync('mount', ['-o', 'remount,bind,ro', ro]);
      await row('card read-only (bind mount ro)', ro, { env: right(), during: async (person) => `a check-in by Olek: ${summary(await checkIn(person, 'Olek'))}`, latecomer: 'Olek' });
    }
  } else {
    rows.push({ fault: 'full / filling / read-only card', shown: 'not run: needs root to mount', lost: '-', seconds: '0', note: '' });
  }
}

try {
  await main();
} finally {
  for (const m of mounts.reverse()) try { execFileSync('umount', [m]); } catch { /* gone */ }
  if (screen) await screen.stop();
}
console.log('| fault | what the screen showed | visitors lost | s |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.fault} | ${r.shown}${r.note ? ` (log: ${r.note})` : ''} | ${r.lost} | ${r.seconds} |`);
