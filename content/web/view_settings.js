// The building: name, time zone, languages, opening hours, rooms, check-in purposes and
// retention, the dates it is closed, and a calendar subscription. Fields this page does not
// show (translations) are kept as they are.
import { h, mount, field, button, toast, showFieldError, clearFieldError, formError } from './dom.js';
import { alertsCard } from './view_alerts.js';

const DAYS = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];
const KINDS = [['headcount', 'Head count only'], ['named', 'Name (for the fire list)'], ['discreet', 'Discreet (no name shown)']];

function text(value) { return typeof value === 'string' ? value : (value?.en ?? ''); }
function withEnglish(original, english) { return typeof original === 'object' && original ? { ...original, en: english } : english; }
function slug(s) { return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64); }

export async function renderSettings(ctx) {
  const { api, siteId, site, body, session } = ctx;
  const s = structuredClone(site.site);
  const name = h('input', { required: true, maxlength: 120, value: text(s.name) });
  const zone = h('input', { required: true, value: s.timezone || 'Europe/London' });
  const languages = h('input', { value: (s.languages || ['en']).join(', ') });
  const publicUrl = h('input', { type: 'url', value: s.public_url || '', placeholder: `${location.origin}/whats-on/${siteId}` });
  // Emergency mode: where people gather, shown on every screen when the building is evacuated.
  const assemblyPoint = h('input', { maxlength: 300, value: text(s.assembly_point), placeholder: "The car park by St Mary's church" });

  const hours = h('div', { class: 'hours' }, DAYS.map(([code, label]) => {
    const row = (s.opening_hours || []).find((o) => o.day === code);
    const open = h('input', { type: 'checkbox', checked: !!row, 'data-day': code });
    const from = h('input', { type: 'time', value: row?.open || '09:00', 'aria-label': `${label} opens` });
    const to = h('input', { type: 'time', value: row?.close || '17:00', 'aria-label': `${label} closes` });
    return h('div', { class: 'hours-row' }, h('label', { class: 'check' }, open, ' ', label), from, h('span', {}, 'to'), to);
  }));

  const rooms = (s.rooms || []).map((r) => ({ ...r }));
  const roomList = h('div', { class: 'rows' });
  const drawRooms = () => mount(roomList, rooms.map((r, i) => h('div', { class: 'inline-row' },
    h('input', { value: text(r.name), 'aria-label': 'Room name', oninput: (ev) => { r.name = withEnglish(r.name, ev.target.value); if (r.fresh) r.id = slug(ev.target.value); } }),
    button('Remove', () => { rooms.splice(i, 1); drawRooms(); }, 'link danger', `Remove room ${text(r.name) || (i + 1)}`))),
  button('Add a room', () => { rooms.push({ id: '', name: '', fresh: true }); drawRooms(); }, 'link'));
  drawRooms();

  const checkin = structuredClone(s.checkin || {});
  const purposes = (checkin.purposes || []).map((p) => ({ ...p }));
  const purposeList = h('div', { class: 'rows' });
  const drawPurposes = () => mount(purposeList, purposes.map((p, i) => {
    const kind = h('select', { 'aria-label': 'Kind', onchange: (ev) => { p.kind = ev.target.value; } }, KINDS.map(([v, t]) => h('option', { value: v }, t)));
    kind.value = p.kind || 'headcount';
    // Volunteer hours are summed from a named check-in to its check-out: only a named reason can be one.
    const volunteer = h('input', { type: 'checkbox', checked: !!p.volunteer, onchange: (ev) => { p.volunteer = ev.target.checked; } });
    const forWhich = h('span', { class: 'visually-hidden' }, ` for ${text(p.label) || 'this reason'}`); // which reason, for a screen reader
    const volunteerBox = h('label', { class: 'check volunteer', hidden: kind.value !== 'named' }, volunteer, ' Volunteer hours', forWhich);
    kind.addEventListener('change', () => { volunteerBox.hidden = kind.value !== 'named'; });
    return h('div', { class: 'inline-row' },
      h('input', { value: text(p.label), 'aria-label': 'Reason for visiting', oninput: (ev) => {
        p.label = withEnglish(p.label, ev.target.value); if (p.fresh) p.id = slug(ev.target.value);
        forWhich.textContent = ` for ${ev.target.value || 'this reason'}`;
      } }),
      kind, volunteerBox, button('Remove', () => { purposes.splice(i, 1); drawPurposes(); }, 'link danger', `Remove reason ${text(p.label) || (i + 1)}`));
  }), button('Add a reason', () => { purposes.push({ id: '', label: '', kind: 'headcount', fresh: true }); drawPurposes(); }, 'link'));
  drawPurposes();
  const retention = h('input', { type: 'number', min: 1, max: 90, value: checkin.retention_days ?? 14 });
  const share = h('input', { type: 'checkbox', checked: !!checkin.share_counts });
  // Check-in reporting: each is written only when set, so screens too old to know them still take the feed.
  const privateLabel = h('input', { name: 'private_label', maxlength: 80, value: text(checkin.private_label), placeholder: 'Private appointments' });
  const feedback = h('select', { name: 'feedback' }, [['off', 'Never'], ['checkout', 'At check-out'],
    ['checkout-and-headcount', 'At check-out and after a one-tap check-in']].map(([v, t]) => h('option', { value: v }, t)));
  feedback.value = checkin.feedback || 'off';
  const remember = h('input', { type: 'checkbox', name: 'remember', checked: !!checkin.remember });

  const form = h('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    const next = { ...s, name: withEnglish(s.name, name.value.trim()), timezone: zone.value.trim(),
      languages: languages.value.split(/[,\s]+/).filter(Boolean) };
    next.opening_hours = [...hours.querySelectorAll('.hours-row')].flatMap((row) => {
      const [open, from, to] = row.querySelectorAll('input');
      return open.checked ? [{ day: open.dataset.day, open: from.value, close: to.value }] : [];
    });
    next.rooms = rooms.filter((r) => text(r.name).trim()).map(({ id, name: n }) => ({ id: id || slug(text(n)), name: n }));
    next.checkin = { ...checkin, retention_days: Number(retention.value), share_counts: share.checked,
      purposes: purposes.filter((p) => text(p.label).trim()).map(({ id, label, kind, volunteer }) =>
        ({ id: id || slug(text(label)), label, kind, ...(volunteer && kind === 'named' ? { volunteer: true } : {}) })) };
    if (!next.checkin.purposes.length) delete next.checkin.purposes;
    delete next.checkin.private_label; delete next.checkin.feedback; delete next.checkin.remember;
    if (privateLabel.value.trim()) next.checkin.private_label = withEnglish(checkin.private_label, privateLabel.value.trim());
    if (feedback.value !== 'off') next.checkin.feedback = feedback.value;
    if (remember.checked) next.checkin.remember = true;
    if (publicUrl.value.trim()) next.public_url = publicUrl.value.trim(); else delete next.public_url;
    if (assemblyPoint.value.trim()) next.assembly_point = withEnglish(s.assembly_point, assemblyPoint.value.trim()); else delete next.assembly_point;
    for (const input of form.querySelectorAll('[aria-invalid]')) clearFieldError(input);
    formError(form, '');
    try { await api.put(`/sites/${siteId}`, next); toast('Saved. Screens update within a minute.'); ctx.reload(); } catch (err) {
      // The server names the field ("field \"timezone\": ..."): the words go beside it.
      const at = { name, timezone: zone, languages, retention_days: retention, public_url: publicUrl, assembly_point: assemblyPoint, private_label: privateLabel, feedback }[err.message.match(/field "(?:checkin\.)?(\w+)"/)?.[1]];
      if (at) showFieldError(at, err.message); else formError(form, err.message);
      toast(err.message, 'error');
    }
  } },
  h('h2', {}, 'The building'),
  h('div', { class: 'row' }, field('Name', name), field('Time zone', zone, 'e.g. Europe/London')),
  field('Languages on the screens', languages, 'Codes, main one first: en, pl, uk'),
  field('Assembly point', assemblyPoint, 'Where people gather when the building is evacuated: every screen shows it in an evacuation'),
  h('h3', {}, 'Opening hours'), hours,
  h('h3', {}, 'Rooms'), roomList,
  h('h3', {}, 'Check-in'), h('p', { class: 'quiet small' }, 'Reasons visitors can tap when they come in.'), purposeList,
  h('div', { class: 'row' }, field('Forget names after (days)', retention, '1 to 90'),
    h('label', { class: 'check' }, share, ' Share anonymous visitor counts with this service')),
  h('h3', {}, 'Reports'),
  h('p', { class: 'quiet small' }, 'What the screens count for your reports. Only numbers leave the building, never a name or a code.'),
  h('div', { class: 'row' },
    field('Count discreet visits as (optional)', privateLabel, 'Left empty, discreet visits are not counted at all'),
    field('Ask "How did we do today?"', feedback)),
  h('label', { class: 'check' }, remember, ' Offer "Remember me for next time?" and count returning visitors'),
  field("Public What's on address (optional)", publicUrl, 'Shown as a QR code on the screens'),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save building')));

  mount(body, form, closedDatesCard(ctx), calendarCard(ctx), alertsCard(ctx), session.user.role === 'admin' ? dangerCard(ctx) : null);
}

// [SECTION] Closed dates

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MAX_RANGE_DAYS = 366;

// Dates are calendar dates ("2026-12-25"), computed in UTC so no zone can shift them a day.
function dayNumber(date) { const [y, m, d] = date.split('-').map(Number); return Date.UTC(y, m - 1, d) / 86400000; }
function dateOf(number) { return new Date(number * 86400000).toISOString().slice(0, 10); }
function longDate(date) {
  const day = new Date(dayNumber(date) * 86400000);
  return `${WEEKDAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

// The stored list of single dates as the coordinator entered them: runs of consecutive days
// with the same reason ("Christmas", 24 to 28 December) read as one line.
function closedRanges(dates, reasons) {
  const sorted = [...new Set(dates)].sort();
  const ranges = [];
  for (const date of sorted) {
    const reason = text(reasons?.[date]);
    const last = ranges[ranges.length - 1];
    if (last && dayNumber(date) === dayNumber(last.to) + 1 && last.reason === reason) last.to = date;
    else ranges.push({ from: date, to: date, reason, original: reasons?.[date] });
  }
  return ranges;
}

function closedDatesCard(ctx) {
  const { api, siteId, site } = ctx;
  const s = site.site;
  const ranges = closedRanges(s.closed_dates || [], s.closed_reasons);
  const from = h('input', { type: 'date', required: true });
  const to = h('input', { type: 'date' });
  const reason = h('input', { maxlength: 300, placeholder: 'e.g. Christmas, bank holiday' });

  // Saves the whole building with the new list; the server checks it as it checks any change.
  async function save(nextRanges, form, done) {
    const closed_dates = [];
    const closed_reasons = {};
    for (const r of nextRanges)
      for (let n = dayNumber(r.from); n <= dayNumber(r.to); n++) {
        const date = dateOf(n);
        closed_dates.push(date);
        if (r.reason) closed_reasons[date] = r.original !== undefined && text(r.original) === r.reason ? r.original : r.reason;
      }
    const next = { ...s, closed_dates: [...new Set(closed_dates)].sort() };
    if (Object.keys(closed_reasons).length) next.closed_reasons = closed_reasons; else delete next.closed_reasons;
    formError(form, '');
    try { await api.put(`/sites/${siteId}`, next); toast(done); ctx.reload(); } catch (err) { formError(form, err.message); toast(err.message, 'error'); }
  }

  const list = ranges.length
    ? h('ul', { class: 'closed-list' }, ranges.map((r, i) => {
        const when = r.from === r.to ? longDate(r.from) : `${longDate(r.from)} to ${longDate(r.to)}`;
        return h('li', { class: 'inline-row' }, h('span', {}, h('strong', {}, when), r.reason ? ` · ${r.reason}` : ''),
          button('Remove', () => save(ranges.filter((_, k) => k !== i), form, 'Removed. Screens update within a minute.'), 'link danger', `Remove closed ${when}`));
      }))
    : h('p', { class: 'quiet small' }, 'No closed dates yet.');

  const form = h('form', { class: 'card', 'aria-labelledby': 'closed-dates-heading', onsubmit: async (ev) => {
    ev.preventDefault();
    for (const input of [from, to]) clearFieldError(input);
    if (!from.value) return showFieldError(from, 'Choose the first day the building is closed.');
    const last = to.value || from.value;
    if (dayNumber(last) < dayNumber(from.value)) return showFieldError(to, 'The last day is before the first.');
    if (dayNumber(last) - dayNumber(from.value) >= MAX_RANGE_DAYS) return showFieldError(to, 'At most a year at a time.');
    await save([...ranges, { from: from.value, to: last, reason: reason.value.trim() }], form, 'Closed dates saved. Screens update within a minute.');
  } },
  h('h2', { id: 'closed-dates-heading' }, 'Closed dates'),
  h('p', { class: 'quiet small' }, 'Bank holidays, Christmas, a day off for training: the screens and the public page show the building closed.'),
  list,
  h('h3', {}, 'Add closed dates'),
  h('div', { class: 'row' }, field('First day closed', from), field('Last day closed (optional)', to, 'Leave empty for one day')),
  field('Reason (optional)', reason, 'Shown beside "Closed"'),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add closed dates')));
  return form;
}

function calendarCard(ctx) {
  const { api, siteId, site } = ctx;
  const url = h('input', { type: 'url', value: site.ics_url || '', placeholder: 'https://calendar.google.com/calendar/ical/…/basic.ics' });
  const status = site.ics_url ? (site.ics_error ? h('p', { class: 'warn' }, 'Last refresh failed: ' + site.ics_error)
    : h('p', { class: 'quiet small' }, site.ics_refreshed_at ? `Refreshed ${new Date(site.ics_refreshed_at * 1000).toLocaleString('en-GB')}; every 15 minutes.` : 'Not fetched yet.')) : null;
  const report = importReport(site.ics_report);
  return h('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api.put(`/sites/${siteId}/ics`, { url: url.value.trim() });
      if (url.value.trim()) { const r = await api.post(`/sites/${siteId}/ics/refresh`); toast(`Imported ${r.imported} events`); } else toast('Calendar removed');
      ctx.reload();
    } catch (err) { showFieldError(url, err.message); toast(err.message, 'error'); }
  } },
  h('h2', {}, 'Calendar subscription'),
  h('p', { class: 'quiet small' }, 'Events from a Google, Outlook or other calendar appear on the screens. Change them in that calendar; here they are read-only.'),
  field('Calendar address (.ics)', url), status, report,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, url.value ? 'Save and refresh' : 'Save')));
}

// What the last import took in and left out, and why, in the server's own sentences. A
// calendar that gives the screens nothing says so in a box that cannot be missed.
function importReport(report) {
  if (!report || typeof report !== 'object') return null;
  const skipped = Array.isArray(report.skipped) ? report.skipped : [];
  const more = Number(report.more_skipped) || 0;
  const when = report.at ? ` (${new Date(report.at * 1000).toLocaleString('en-GB')})` : '';
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const summary = report.imported === 0
    ? h('p', { class: 'alert', role: 'alert' }, h('strong', {}, 'Nothing from this calendar is on the screens. '),
        report.in_calendar ? `It has ${plural(report.in_calendar, 'event', 'events')}, and none could be shown; the reasons are below.`
          : 'It has no events at all: check that the address is the calendar you meant, and that it is shared publicly.')
    : h('p', {}, `Last import${when}: ${plural(report.imported, 'event', 'events')} on the screens, from ${plural(report.in_calendar, 'entry', 'entries')} in the calendar.`);
  const reasons = skipped.length
    ? h('details', { class: 'import-skipped', open: report.imported === 0 ? '' : null },
        h('summary', {}, `${plural(skipped.length + more, 'entry', 'entries')} left out, and why`),
        h('ul', {}, ...skipped.map((reason) => h('li', {}, reason)), more ? h('li', { class: 'quiet' }, `and ${more} more`) : null))
    : null;
  return h('div', { class: 'import-report', 'data-testid': 'import-report' }, summary, reasons);
}

function dangerCard(ctx) {
  return h('div', { class: 'card' }, h('h2', {}, 'Remove this building'),
    h('p', { class: 'quiet small' }, 'Its screens stop updating and its café accounts are removed.'),
    button('Remove building', async () => {
      if (prompt(`Type ${ctx.siteId} to remove it for good`) !== ctx.siteId) return;
      try { await ctx.api.del(`/sites/${ctx.siteId}`); toast('Removed'); location.hash = '#/'; location.reload(); } catch (err) { toast(err.message, 'error'); }
    }, 'danger'));
}
