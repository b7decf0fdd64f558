// A day of mixed check-ins reaches the reports, and no visitor's name or code reaches the
// server. kiosk-content is started as docs/content-server.md starts it (--demo), a screen is
// paired through the real pairing API and adopted in the admin, and the day's anonymous
// upload is posted with that screen's token exactly as the kiosk's sync sends it (the
// contract in content/server/API.md): session attendance, head-count and named purposes, a
// discreet visit under the building's own words, volunteers with their hours, feedback faces
// and returning visitors. The report and its CSV files say exactly those numbers. Uploads a
// faulty kiosk might send with a name or a code in them are refused, and afterwards neither
// the server's files nor its log hold a visitor's name or code anywhere.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startContentDemo, tempDir } from './lib/programs.mjs';
import { adminApi } from './lib/admin.mjs';

const SITE = 'ashby-hill';
const cleanup = [];
after(async () => { for (const step of cleanup.reverse()) await step(); });

// The visitors of the day, as the kiosk knew them. None of this may leave the building.
const VISITORS = [
  { name: 'Wiesława', initial: 'K', code: 'Q7XH' }, { name: 'Oluwaseun', initial: 'B', code: 'M4TZ' },
  { name: 'Bartholomew', initial: 'R', code: 'J9WK' }, { name: 'Hyacinth', initial: 'P', code: 'V3NC' },
];

async function pairScreen(base, api) {
  const hello = { code: '730418265', secret: 'acceptance-reports-kiosk-0001' };
  const pair = () => fetch(base + '/api/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(hello) });
  assert.equal((await pair()).status, 202);
  await api.post('/screens/adopt', { code: '730 418 265', site_id: SITE, role: 'reception', name: 'Reception' });
  const adopted = await pair();
  assert.equal(adopted.status, 200);
  return (await adopted.json()).token;
}

function upload(base, token, body) {
  return fetch(base + '/api/v1/footfall', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body) });
}

// Every file under dir, and what it holds.
function filesUnder(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, bytes: readFileSync(path) }];
  });
}

test("a day's check-ins reach the report exactly, and no name or code reaches the server", async () => {
  const data = tempDir('reports');
  const server = await startContentDemo(data);
  cleanup.push(async () => { await server.stop(); rmSync(data, { recursive: true, force: true }); });
  const api = await adminApi(server.base, 'admin', server.password);

  // The building counts discreet visits as "Private appointments", asks for feedback and
  // remembers visitors who ask; volunteering is a volunteer purpose.
  const site = await api.get(`/sites/${SITE}`);
  const checkin = { ...site.site.checkin, private_label: 'Private appointments', feedback: 'checkout-and-headcount', remember: true,
    purposes: site.site.checkin.purposes.map((p) => (p.id === 'volunteering' ? { ...p, volunteer: true } : p)) };
  await api.put(`/sites/${SITE}`, { ...site.site, checkin });
  const token = await pairScreen(server.base, api);

  const day = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  const theDay = {
    counts: [
      { date: day, hour: 9, purpose: 'cafe', count: 5 }, { date: day, hour: 12, purpose: 'cafe', count: 3 },     // head count
      { date: day, hour: 10, purpose: 'appointment', count: 2 }, { date: day, hour: 10, purpose: 'visiting', count: 1 }, // named
      { date: day, hour: 14, purpose: 'session', count: 6 },                                                    // the tea dance
      { date: day, hour: 11, purpose: 'private', count: 1 },                                                    // the support group
      { date: day, hour: 9, purpose: 'volunteering', count: 2 },
    ],
    sessions: [{ date: day, event: 'tea-dance', start: '14:00', count: 6 }],
    volunteers: [{ date: day, people: 2, minutes: 7 * 60 + 6 * 60 + 30, to_closing: 1 }],
    feedback: [{ date: day, purpose: 'cafe', face: 'happy', count: 4 }, { date: day, purpose: 'session', face: 'okay', count: 2 },
      { date: day, purpose: 'private', face: 'unhappy', count: 1 }],
    returning: [{ date: day, count: 2 }],
  };
  // Sent at noon, then the whole day: running totals, so the second replaces the first.
  const noon = structuredClone(theDay);
  noon.counts = noon.counts.filter((c) => c.hour < 12);
  noon.sessions = [];
  assert.equal((await upload(server.base, token, noon)).status, 200);
  const sent = await upload(server.base, token, theDay);
  assert.equal(sent.status, 200, await sent.text());

  // What a faulty kiosk might send with a person in it is refused, whole.
  const [one, two, three] = VISITORS;
  for (const body of [
    { counts: [{ date: day, hour: 10, purpose: `${one.name} ${one.initial}.`, count: 1 }] },
    { counts: theDay.counts, volunteers: [{ ...theDay.volunteers[0], names: [`${two.name} ${two.initial}`] }] },
    { returning: [{ date: day, count: 1, code: three.code }] },
    { counts: [{ date: day, hour: 11, purpose: 'support-group', count: 1 }] }, // a discreet purpose by its own name
  ]) {
    const refused = await upload(server.base, token, body);
    assert.equal(refused.status, 400, JSON.stringify(body));
  }

  const report = await api.get(`/reports?sites=${SITE}&from=${day}&to=${day}`);
  const table = (id) => report.tables.find((t) => t.id === id);
  const cell = (id, first, column = 1) => table(id).rows.find((r) => r[0] === first)?.[column];
  assert.equal(cell('purposes', 'Café or a cuppa'), 8);
  assert.equal(cell('purposes', 'An appointment or advice'), 2);
  assert.equal(cell('purposes', 'Visiting someone'), 1);
  assert.equal(cell('purposes', 'Sessions'), 6);
  assert.equal(cell('purposes', 'Private appointments'), 1);
  assert.equal(cell('purposes', 'Volunteering'), 2);
  assert.equal(cell('purposes', 'All visits'), 20);
  assert.equal(table('purposes').rows.some((r) => /support/i.test(r[0])), false, 'the discreet purpose is never named');
  assert.equal(cell('hours', '09:00'), 7);
  assert.equal(cell('hours', '14:00'), 6);
  assert.deepEqual(table('registers').rows, [["Ashby Hill People's Centre", day, '14:00', 'Tea dance', 6]]);
  assert.deepEqual(table('volunteers').rows, [["Ashby Hill People's Centre", day.slice(0, 7), 2, 13.5, 1]]);
  assert.deepEqual(table('feedback').rows.at(-1), ['All answers', 4, 2, 1]);
  assert.equal(cell('returning', day.slice(0, 7)), 2);

  const csv = await fetch(`${server.base}/api/admin/reports/purposes.csv?sites=${SITE}&from=${day}&to=${day}`,
    { headers: { Cookie: (await (await fetch(server.base + '/api/admin/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: server.password }) })).headers.get('set-cookie')).split(';')[0] } });
  assert.equal(csv.status, 200);
  const lines = (await csv.text()).split('\r\n');
  assert.equal(lines[0], 'purpose,visits');
  assert.ok(lines.includes('Café or a cuppa,8') && lines.includes('All visits,20'), lines.join(' | '));

  // Stopped, its files are searched as they lie on disk (the database, its journal, keys,
  // anything), and its log as it wrote it: no visitor's name or code, in any letter case.
  await server.stop();
  const words = VISITORS.flatMap((v) => [v.name, v.code]);
  const found = [];
  for (const { path, bytes } of filesUnder(data)) {
    const text = bytes.toString('utf8').toLowerCase();
    for (const word of words) if (text.includes(word.toLowerCase())) found.push(`${word} in ${path}`);
  }
  for (const word of words) if (server.log().toLowerCase().includes(word.toLowerCase())) found.push(`${word} in the log`);
  assert.deepEqual(found, []);
  // The search can find what is there: the site's own words are in the same files.
  assert.ok(filesUnder(data).some(({ bytes }) => bytes.toString('utf8').includes('Private appointments')));
});
