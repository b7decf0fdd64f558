// What the comparison needs to know about a corpus file besides its text: the building's
// zone it is shown in and the days around its events, both read from the file itself.
import ICAL from 'ical.js';
import { isIanaZone } from './reference.mjs';

const DAY_MS = 24 * 3600 * 1000;

function dayOf(time) {
  return Date.UTC(time.year, time.month - 1, time.day);
}

function text(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

// The calendar's own zone when it names one (X-WR-TIMEZONE, else its first event's TZID),
// so the file is seen as its own building sees it; otherwise Europe/London.
export function zoneOf(icsText) {
  const root = new ICAL.Component(ICAL.parse(icsText));
  const candidates = [root.getFirstPropertyValue('x-wr-timezone')];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const dtstart = vevent.getFirstProperty('dtstart');
    if (dtstart) candidates.push(dtstart.getParameter('tzid'));
  }
  for (const zone of candidates)
    if (zone && isIanaZone(String(zone)) && String(zone).includes('/')) return String(zone);
  return 'Europe/London';
}

// From the day before the first event starts to two weeks after the last date the file
// names (an end, an override, an RDATE, an EXDATE, a rule's UNTIL), at least five weeks and
// at most three years.
export function windowOf(icsText) {
  const root = new ICAL.Component(ICAL.parse(icsText));
  let first = Infinity;
  let last = -Infinity;
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const start = vevent.getFirstPropertyValue('dtstart');
    if (start) first = Math.min(first, dayOf(start));
    for (const name of ['dtstart', 'dtend', 'recurrence-id', 'rdate', 'exdate'])
      for (const property of vevent.getAllProperties(name))
        for (const value of property.getValues()) {
          const time = value.start ?? value; // an RDATE may be a PERIOD
          if (time && time.year) last = Math.max(last, dayOf(time));
        }
    for (const rrule of vevent.getAllProperties('rrule')) {
      const until = rrule.getFirstValue().until;
      if (until) last = Math.max(last, dayOf(until));
    }
  }
  if (first === Infinity) throw new Error('no event has a start');
  const from = first - DAY_MS;
  const to = Math.min(Math.max(last + 14 * DAY_MS, from + 35 * DAY_MS), from + 3 * 366 * DAY_MS);
  return { from: text(from), to: text(to) };
}
