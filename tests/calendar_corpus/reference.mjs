// The yardstick: what an independent expander shows, day by day, for a calendar file.
// ical.js (Mozilla's parser, through ical-expander) parses and expands recurrences,
// RECURRENCE-ID overrides, EXDATE and RDATE; this file only turns its occurrences into the
// building's local days, in the JSON expand_dump prints:
//   node reference.mjs FILE.ics ZONE FIRST_DAY LAST_DAY
//
// Where ical.js leaves a time's zone to its caller, it is resolved the way RFC 5545 and
// real programs expect, and the way the server must: a TZID that names an IANA zone uses
// the system's zone data (not the file's possibly partial VTIMEZONE); a Windows zone name
// ("W. Europe Standard Time") maps to IANA by the CLDR table (windows-iana); any other TZID
// uses the file's own VTIMEZONE; a time with no zone (floating) and an all-day date are
// the building's local time.
import IcalExpander from 'ical-expander';
import ICAL from 'ical.js';
import { findIana } from 'windows-iana';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const DAY_MS = 24 * 3600 * 1000;

const formatters = new Map();
function formatter(zone) {
  if (!formatters.has(zone))
    formatters.set(zone, new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }));
  return formatters.get(zone);
}

function wallClock(instant, zone) {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

// Milliseconds the zone's clock is ahead of UTC at an instant.
function offsetAt(instant, zone) {
  const w = wallClock(instant, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

// A wall-clock time in an IANA zone -> the instant. A time the clocks skip (spring
// forward) moves on by the gap; a time they repeat (fall back) is the first of the two,
// as RFC 5545 section 3.3.5 says.
export function instantOf(w, zone) {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const before = offsetAt(guess - DAY_MS, zone);
  const after = offsetAt(guess + DAY_MS, zone);
  const valid = [before, after].map((o) => guess - o).filter((t) => offsetAt(t, zone) === guess - t);
  if (valid.length) return Math.min(...valid);
  return guess - before;
}

export function isIanaZone(name) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function ianaFor(tzid) {
  if (!tzid) return null;
  const name = tzid.replace(/^"|"$/g, '').trim();
  if (isIanaZone(name)) return name;
  const windows = findIana(name);
  return windows && windows.length ? windows[0] : null;
}

class Resolver {
  constructor(root, siteZone) {
    this.siteZone = siteZone;
    this.fileZones = new Map();
    for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
      const tzid = vtimezone.getFirstPropertyValue('tzid');
      if (tzid) this.fileZones.set(String(tzid), new ICAL.Timezone(vtimezone));
    }
  }

  // An ICAL.Time, with the TZID its property named, -> { instant, isDate }.
  instant(time, tzid) {
    const w = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
    if (time.isDate) return instantOf({ ...w, hour: 0, minute: 0, second: 0 }, this.siteZone);
    if (time.zone === ICAL.Timezone.utcTimezone) return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const iana = ianaFor(tzid);
    if (iana) return instantOf(w, iana);
    const own = tzid && this.fileZones.get(tzid.replace(/^"|"$/g, ''));
    if (own) {
      const local = new ICAL.Time({ ...w, isDate: false }, own);
      return local.toUnixTime() * 1000;
    }
    return instantOf(w, this.siteZone); // floating, or a zone nobody can name
  }
}

function tzidOf(component, name) {
  const property = component.getFirstProperty(name);
  return property ? property.getParameter('tzid') : null;
}

// Presentation the project and any viewer share: one line of text, and "Event" for an
// event with no title (README.md, "Decisions for every file").
function titleOf(component) {
  const summary = String(component.getFirstPropertyValue('summary') ?? '').replace(/\s+/g, ' ').trim();
  return summary || 'Event';
}

function isCancelled(component) {
  return String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

function dateText(instant, zone) {
  const w = wallClock(instant, zone);
  const two = (n) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}

function parseDay(text) {
  const [year, month, day] = text.split('-').map(Number);
  return { year, month, day };
}

function nextDay(d) {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function dayText(d) {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

// ical.js 1.x, as ical-expander constructs its events, relates every override in the file
// (every VEVENT with a RECURRENCE-ID) to every series, whatever its UID: two series with an
// override at the same local time then take each other's. Each series is rebuilt with the
// overrides of its own UID only, as RFC 5545 means.
function relateOverridesByUid(expander) {
  const vevents = expander.component.getAllSubcomponents('vevent');
  const overrides = new Map();
  for (const vevent of vevents) {
    if (!vevent.hasProperty('recurrence-id')) continue;
    const uid = vevent.getFirstPropertyValue('uid');
    if (!overrides.has(uid)) overrides.set(uid, []);
    overrides.get(uid).push(vevent);
  }
  expander.events = vevents.map((vevent) =>
    vevent.hasProperty('recurrence-id')
      ? new ICAL.Event(vevent)
      : new ICAL.Event(vevent, { exceptions: overrides.get(vevent.getFirstPropertyValue('uid')) ?? [] }));
}

// Every occurrence as { start, end (instants), title, cancelled }, from ical-expander.
function occurrencesOf(icsText, siteZone, fromInstant, toInstant) {
  const expander = new IcalExpander({ ics: icsText, maxIterations: 20000 });
  relateOverridesByUid(expander);
  const resolver = new Resolver(expander.component, siteZone);
  // A margin either side: an override can move an occurrence into the window from outside.
  const margin = 370 * DAY_MS;
  const found = expander.between(new Date(fromInstant - margin), new Date(toInstant + margin));
  const out = [];
  for (const event of found.events) {
    const c = event.component;
    out.push({
      start: resolver.instant(event.startDate, tzidOf(c, 'dtstart')),
      end: resolver.instant(event.endDate, c.hasProperty('dtend') ? tzidOf(c, 'dtend') : tzidOf(c, 'dtstart')),
      title: titleOf(c),
      cancelled: isCancelled(c),
    });
  }
  for (const occurrence of found.occurrences) {
    const c = occurrence.item.component;
    const tzid = tzidOf(c, 'dtstart'); // ical.js computes an occurrence's end in its start's zone
    out.push({
      start: resolver.instant(occurrence.startDate, tzid),
      end: resolver.instant(occurrence.endDate, tzid),
      title: titleOf(c),
      cancelled: isCancelled(c),
    });
  }
  return out;
}

// The same JSON as expand_dump, less the import report (which only the server has).
export function expand(icsText, siteZone, firstDay, lastDay) {
  const first = parseDay(firstDay);
  const last = parseDay(lastDay);
  const from = instantOf({ ...first, hour: 0, minute: 0, second: 0 }, siteZone);
  const to = instantOf({ ...nextDay(last), hour: 0, minute: 0, second: 0 }, siteZone);
  const occurrences = occurrencesOf(icsText, siteZone, from, to);
  const days = {};
  for (let d = first; dayText(d) <= dayText(last); d = nextDay(d)) {
    const dayStart = instantOf({ ...d, hour: 0, minute: 0, second: 0 }, siteZone);
    const dayEnd = instantOf({ ...nextDay(d), hour: 0, minute: 0, second: 0 }, siteZone);
    const shown = occurrences
      .filter((o) => o.start < dayEnd && (o.end > dayStart || (o.end <= o.start && o.start >= dayStart)))
      .map((o) => ({
        start: dateText(o.start, siteZone),
        end: o.end > o.start ? dateText(o.end, siteZone) : null,
        title: o.title,
        cancelled: o.cancelled,
      }));
    if (shown.length) days[dayText(d)] = shown;
  }
  return { zone: siteZone, from: firstDay, to: lastDay, days };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, zone, first, last] = process.argv.slice(2);
  if (!file || !zone || !first || !last) {
    console.error('usage: node reference.mjs FILE.ics ZONE FIRST_DAY LAST_DAY');
    process.exit(2);
  }
  console.log(JSON.stringify(expand(readFileSync(file, 'utf8'), zone, first, last), null, 1));
}
