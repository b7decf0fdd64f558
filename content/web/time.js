// Times in the building's own zone, whatever zone the coordinator's phone is in. The feed
// stores UTC instants; people type and read local wall-clock times.

function partsIn(instantMs, zone) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

// "2026-11-25", "18:30" in zone -> ISO instant "2026-11-25T18:30:00Z".
export function localToIso(date, time, zone) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = partsIn(guess, zone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wanted - shown;
  }
  return new Date(guess).toISOString().replace('.000Z', 'Z');
}

// ISO instant -> { date: "2026-11-25", time: "18:30" } in zone.
export function isoToLocal(iso, zone) {
  const p = partsIn(Date.parse(iso), zone);
  const pad = (n) => String(n).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

export function todayIn(zone) {
  return isoToLocal(new Date().toISOString(), zone).date;
}

export function prettyDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

export function ago(seconds) {
  if (!seconds) return 'never';
  const s = Math.max(0, Math.round(Date.now() / 1000 - seconds));
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

const DAYS = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };

// A few common rules in words; anything else is shown as written.
export function ruleInWords(rrule) {
  if (!rrule) return 'Once';
  const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=')));
  const every = parts.INTERVAL && parts.INTERVAL !== '1' ? `Every ${parts.INTERVAL} ` : 'Every ';
  if (parts.FREQ === 'DAILY' && Object.keys(parts).length === 1) return 'Every day';
  if (parts.FREQ === 'WEEKLY' && parts.BYDAY) {
    const days = parts.BYDAY.split(',').map((d) => DAYS[d] || d).join(', ');
    return (parts.INTERVAL && parts.INTERVAL !== '1' ? `Every ${parts.INTERVAL} weeks on ` : 'Every ') + days;
  }
  if (parts.FREQ === 'WEEKLY') return every + 'week';
  if (parts.FREQ === 'MONTHLY') return every + 'month';
  return rrule;
}
