// A large calendar for the benchmark (scripts/bench/calendar): 5,000 VEVENTs, 500 of them
// RECURRENCE-ID overrides, over one year, shaped like a busy centre's shared calendar:
//   - 500 weekly series in Europe/London (a TZID with its VTIMEZONE), each with an EXDATE
//     and one override: moved by an hour, retitled, or cancelled; a third of the overrides
//     come before their master in the file, as Google writes them;
//   - 4,000 one-off events: timed in Europe/London, in UTC, floating, and all-day.
// The same arguments give the same file (a fixed pseudo-random sequence).
//   node make_big.mjs OUT.ics [EVENTS [OVERRIDES [YEAR]]]
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const two = (n) => String(n).padStart(2, '0');
const dateText = (d) => `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`;
const timeText = (d) => `${dateText(d)}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}00`;

const VTIMEZONE = [
  'BEGIN:VTIMEZONE', 'TZID:Europe/London',
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0000', 'TZOFFSETTO:+0100', 'TZNAME:BST', 'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0000', 'TZNAME:GMT', 'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'END:VTIMEZONE',
];

export function makeBig(events = 5000, overrides = 500, year = 2027) {
  const next = random(23);
  const pick = (n) => Math.floor(next() * n);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Come On In//calendar benchmark//EN',
    'X-WR-TIMEZONE:Europe/London', ...VTIMEZONE];
  const stamp = `DTSTAMP:${year - 1}1201T090000Z`;
  const rooms = ['Main hall', 'Kitchen', 'Meeting room', 'Garden room'];
  const activities = ['Yoga', 'Coffee morning', 'Youth club', 'Advice clinic', 'Choir', 'Toddler group', 'IT help', 'Lunch club'];
  const event = (props) => ['BEGIN:VEVENT', stamp, ...props, 'END:VEVENT'];
  const day = (offset) => new Date(Date.UTC(year, 0, 1 + offset));

  const seriesCount = overrides; // one override per series
  const seriesBlocks = [];
  for (let s = 0; s < seriesCount; s++) {
    const uid = `series-${s}@bench.example`;
    const first = day(pick(28));
    first.setUTCHours(8 + pick(11), pick(4) * 15);
    const end = new Date(first.getTime() + (1 + pick(3)) * 30 * 60_000);
    const title = `${activities[s % activities.length]} ${s}`;
    const weeks = 40 + pick(12);
    const skipped = new Date(first.getTime() + (2 + pick(10)) * 7 * 86_400_000);
    const master = event([`UID:${uid}`, `SUMMARY:${title}`, `LOCATION:${rooms[s % rooms.length]}`,
      `DTSTART;TZID=Europe/London:${timeText(first)}`, `DTEND;TZID=Europe/London:${timeText(end)}`,
      `RRULE:FREQ=WEEKLY;COUNT=${weeks}`, `EXDATE;TZID=Europe/London:${timeText(skipped)}`]);
    const changed = new Date(first.getTime() + (12 + pick(20)) * 7 * 86_400_000);
    const kind = s % 3;
    const moved = new Date(changed.getTime() + (kind === 0 ? 3600_000 : 0));
    const movedEnd = new Date(moved.getTime() + (end - first));
    const override = event([`UID:${uid}`, `RECURRENCE-ID;TZID=Europe/London:${timeText(changed)}`,
      `SUMMARY:${kind === 1 ? `${title} (new room)` : title}`,
      `DTSTART;TZID=Europe/London:${timeText(moved)}`, `DTEND;TZID=Europe/London:${timeText(movedEnd)}`,
      ...(kind === 2 ? ['STATUS:CANCELLED'] : [])]);
    seriesBlocks.push(...(s % 3 === 0 ? [...override, ...master] : [...master, ...override]));
  }
  lines.push(...seriesBlocks);

  for (let i = 0; i < events - 2 * seriesCount; i++) {
    const start = day(pick(365));
    start.setUTCHours(7 + pick(14), pick(4) * 15);
    const end = new Date(start.getTime() + (1 + pick(6)) * 30 * 60_000);
    const props = [`UID:one-off-${i}@bench.example`, `SUMMARY:${activities[pick(activities.length)]} special ${i}`,
      `LOCATION:${rooms[pick(rooms.length)]}`];
    switch (i % 4) {
      case 0: props.push(`DTSTART;TZID=Europe/London:${timeText(start)}`, `DTEND;TZID=Europe/London:${timeText(end)}`); break;
      case 1: props.push(`DTSTART:${timeText(start)}Z`, `DTEND:${timeText(end)}Z`); break;
      case 2: props.push(`DTSTART:${timeText(start)}`, `DTEND:${timeText(end)}`); break;
      default: props.push(`DTSTART;VALUE=DATE:${dateText(start)}`, `DTEND;VALUE=DATE:${dateText(new Date(start.getTime() + 86_400_000))}`);
    }
    lines.push(...event(props));
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [out, events, overrides, year] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node make_big.mjs OUT.ics [EVENTS [OVERRIDES [YEAR]]]');
    process.exit(2);
  }
  writeFileSync(out, makeBig(Number(events ?? 5000), Number(overrides ?? 500), Number(year ?? 2027)));
}
