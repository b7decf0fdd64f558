// Every real calendar export in files/ is shown day by day by the server (expand_dump: the
// server's import and the What's on expansion) and by an independent expander
// (reference.mjs: ical.js through ical-expander), over the days around its events, by a
// building in the file's own zone and by one in another zone. They must agree on every
// day, except:
//   - on the days decisions.json names for a file (or view), where the project deliberately
//     differs from the reference for the reason given;
//   - for a file (or view) in known_failing.json, which the server gets wrong today (issue
//     23's engine work): it fails if more days differ than recorded, and it fails when it
//     agrees on every day, so the list only ever shrinks.
// Run: EXPAND_DUMP=build/tests/calendar_corpus/expand_dump node --test tests/calendar_corpus/compare.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expand } from './reference.mjs';
import { windowOf, zoneOf } from './corpus.mjs';
import { makeBig } from './make_big.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const filesDir = join(here, 'files');
const knownFailing = JSON.parse(readFileSync(join(here, 'known_failing.json'), 'utf8'));
const decisions = JSON.parse(readFileSync(join(here, 'decisions.json'), 'utf8'));
const expandDump = process.env.EXPAND_DUMP ?? join(here, '../../build/tests/calendar_corpus/expand_dump');
const files = readdirSync(filesDir).filter((f) => f.endsWith('.ics')).sort();

// The reference runs in UTC so nothing depends on the machine's own clock.
process.env.TZ = 'UTC';

function server(file, zone, window) {
  const out = execFileSync(expandDump, [join(filesDir, file), zone, window.from, window.to], {
    encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

const key = (o) => JSON.stringify([o.start, o.end, o.title, o.cancelled]);

// Day -> sorted occurrence keys, for each side; the days on which they differ.
function differingDays(ours, theirs, ignoredDays = []) {
  const days = new Set([...Object.keys(ours.days), ...Object.keys(theirs.days)]);
  const differ = [];
  for (const day of [...days].sort()) {
    if (ignoredDays.includes(day)) continue;
    const a = (ours.days[day] ?? []).map(key).sort();
    const b = (theirs.days[day] ?? []).map(key).sort();
    if (JSON.stringify(a) !== JSON.stringify(b)) differ.push({ day, server: a, reference: b });
  }
  return differ;
}

function daysIn(window) {
  return Math.round((Date.parse(window.to) - Date.parse(window.from)) / 86_400_000) + 1;
}

// Each file is seen twice: by a building in the calendar's own zone, and by one elsewhere
// (Europe/London, or America/New_York for a London calendar), where a series must keep the
// clock of its own zone (an hour apart from the building's between the two clock changes).
function views(text) {
  const own = zoneOf(text);
  return [own, own === 'Europe/London' ? 'America/New_York' : 'Europe/London'];
}

const cases = files.flatMap((file) => {
  const text = readFileSync(join(filesDir, file), 'utf8');
  return views(text).map((zone, index) => ({ file, text, zone, name: index === 0 ? file : `${file} @ ${zone}` }));
});

test('every file or view known_failing.json and decisions.json name is compared', () => {
  const names = cases.map((c) => c.name);
  for (const name of [...Object.keys(knownFailing), ...Object.keys(decisions)])
    assert.ok(names.includes(name), `${name} is listed but no such file or view is compared`);
});

test('README.md lists every corpus file with its source and licence', () => {
  const readme = readFileSync(join(here, 'README.md'), 'utf8');
  const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
  for (const file of files) {
    const row = rows.find((line) => line.startsWith(`| \`${file}\` |`));
    assert.ok(row, `${file} has no row in README.md`);
    assert.match(row, / @ [0-9a-f]{12} \| (MIT|BSD-[23]-Clause|Apache-2\.0|MPL-2\.0|L?GPL-[23]\.0|CC[-A-Z0-9.]+) \|/,
      `${file}: its row names no commit or no licence that allows redistribution`);
  }
});

test('the comparison sees a moved occurrence the server drops (it can fail)', () => {
  const ours = { days: { '2021-12-17': [], '2021-12-31': [{ start: '2021-12-31T21:30', end: null, title: 'Karaoke', cancelled: false }] } };
  const theirs = { days: { '2021-12-17': [{ start: '2021-12-17T21:30', end: null, title: 'Karaoke', cancelled: false }] } };
  assert.deepEqual(differingDays(ours, theirs).map((d) => d.day), ['2021-12-17', '2021-12-31']);
  assert.deepEqual(differingDays(ours, theirs, ['2021-12-17', '2021-12-31']), []);
});

test('make_big writes the benchmark calendar: 5,000 events, 500 of them overrides, each changing an occurrence', () => {
  const big = makeBig(5000, 500, 2027);
  assert.equal(big.match(/^BEGIN:VEVENT\r$/gm).length, 5000);
  assert.equal(big.match(/^RECURRENCE-ID/gm).length, 500);
  assert.ok(big.length < 4 * 1024 * 1024, 'the server refuses calendars over 4 MB');
  // On a small one the reference shows what every override does: series 0, 3 moved an hour
  // later, 1, 4 retitled, 2, 5 cancelled.
  const shown = Object.values(expand(makeBig(60, 6, 2027), 'Europe/London', '2027-01-01', '2027-12-31').days).flat();
  assert.equal(shown.filter((o) => o.title.endsWith('(new room)')).length, 2);
  assert.equal(shown.filter((o) => o.cancelled).length, 2);
  for (const series of ['Yoga 0', 'Advice clinic 3']) {
    const times = new Set(shown.filter((o) => o.title === series).map((o) => o.start.slice(11)));
    assert.equal(times.size, 2, `${series}: its usual time and the moved one`);
  }
});

for (const { file, text, zone, name } of cases) {
  test(name, { timeout: 120_000 }, (t) => {
    const window = windowOf(text);
    const ours = server(file, zone, window);
    const theirs = expand(text, zone, window.from, window.to);
    const decision = decisions[name];
    const differ = differingDays(ours, theirs, decision?.ignore_days ?? []);
    const compared = daysIn(window);
    const busy = Object.keys(theirs.days).length;
    t.diagnostic(`${zone} ${window.from}..${window.to}: ${compared} days compared (${busy} with something on), ` +
      `${differ.length} differ; server imported ${ours.imported}, skipped ${ours.skipped.length}`);
    for (const reason of ours.skipped) t.diagnostic(`server skipped: ${reason}`);
    for (const d of differ.slice(0, 5))
      t.diagnostic(`${d.day}: server ${d.server.join(' ') || 'nothing'} | reference ${d.reference.join(' ') || 'nothing'}`);
    assert.ok(busy > 0, `${name}: the reference shows nothing in ${window.from}..${window.to}, so nothing is compared`);

    const known = knownFailing[name];
    if (!known) {
      assert.equal(differ.length, 0, `${name}: ${differ.length} of ${compared} days differ from the reference`);
      return;
    }
    assert.notEqual(differ.length, 0,
      `${name} now agrees with the reference on every day: take it off known_failing.json and the README's table`);
    assert.ok(differ.length <= known.days_differ,
      `${name}: ${differ.length} days differ, more than the ${known.days_differ} recorded (${known.reason})`);
  });
}
