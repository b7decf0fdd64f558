// What's on: one-off and repeating events, cancelling a single date, calendar imports
// shown read-only.
import { takeSuggestionDraft } from './view_suggestions.js';
import { WAITING_WORDS } from './view_waiting.js';
import { h, mount, field, button, toast, showFieldError, clearFieldError, formError } from './dom.js';
import { deleteWithUndo, undoList } from './undo.js';
import { localToIso, isoToLocal, todayIn, prettyDate, ruleInWords } from './time.js';
import { showDraftPreview, screenRoles } from './draft_preview.js';

const CATEGORIES = ['', 'food', 'social', 'learning', 'advice', 'health', 'family', 'youth', 'community'];
const WEEKDAYS = [['MO', 'Mon'], ['TU', 'Tue'], ['WE', 'Wed'], ['TH', 'Thu'], ['FR', 'Fri'], ['SA', 'Sat'], ['SU', 'Sun']];

function text(value) { return typeof value === 'string' ? value : (value?.en ?? ''); }
// The English words changed, other languages kept as they were.
function retitle(value, change) { return typeof value === 'object' && value ? { ...value, en: change(text(value)) } : change(text(value)); }

export async function renderEvents(ctx) {
  const { api, siteId, site, zone, body } = ctx;
  const { items, deleted } = await api.get(`/sites/${siteId}/events`);
  // An organiser is offered only the rooms its group was given here.
  const allowed = ctx.session.group?.rooms?.[siteId];
  const rooms = (site.site.rooms || []).filter((r) => !allowed || allowed.includes(r.id));
  const roomName = (id) => text(rooms.find((r) => r.id === id)?.name) || id;
  const list = h('div', { class: 'list' });
  const editor = h('div');

  const show = () => mount(list, items.length ? items.map((entry) => {
    const e = entry.item;
    const start = isoToLocal(e.start, zone);
    const end = isoToLocal(e.end, zone);
    return h('article', { class: 'item' + (e.cancelled ? ' cancelled' : '') },
      h('div', { class: 'item-main' },
        h('h3', {}, text(e.title), entry.read_only ? h('span', { class: 'badge' }, 'From calendar') : null, e.cancelled ? h('span', { class: 'badge warn' }, 'Cancelled') : null),
        h('p', {}, `${ruleInWords(e.rrule)} · ${e.rrule ? '' : prettyDate(start.date) + ' · '}${start.time}–${end.time} · ${roomName(e.room)}`),
        (e.cancelled_dates || []).length ? h('p', { class: 'quiet small' }, 'Not on: ' + e.cancelled_dates.map(prettyDate).join(', ')) : null),
      entry.read_only ? null : h('div', { class: 'actions' },
        button('Edit', () => edit(e), '', `Edit ${text(e.title)}`),
        button('Duplicate', () => duplicate(e), '', `Duplicate ${text(e.title)}`),
        e.rrule ? button('Cancel one date', () => cancelOne(e), '', `Cancel one date of ${text(e.title)}`) : null,
        button('Delete', () => remove(e), 'danger', `Delete ${text(e.title)}`)));
  }) : h('p', { class: 'quiet' }, 'Nothing on yet. Add the first event below.'));

  const remove = (e) => deleteWithUndo(ctx, 'events', e, `Delete "${text(e.title)}" from every screen?`);

  // A copy is a new event, only in the form until "Add event": same room, times, repeats and
  // words, its own id (made when it is added) and none of the original's cancelled dates,
  // which were about the original's occurrences.
  function duplicate(e) {
    const copy = { ...e, title: retitle(e.title, (t) => `Copy of ${t}`) };
    delete copy.id;
    delete copy.cancelled_dates;
    edit(null, copy);
    editor.scrollIntoView({ behavior: 'smooth' });
    editor.querySelector('input[name=title]')?.focus();
  }

  function cancelOne(e) {
    const date = h('input', { type: 'date', value: todayIn(zone), required: true });
    mount(editor, h('form', { class: 'card', onsubmit: async (ev) => {
      ev.preventDefault();
      clearFieldError(date);
      try {
        await api.post(`/sites/${siteId}/events/${e.id}/cancel`, { date: date.value });
        toast(`${text(e.title)} is cancelled on ${prettyDate(date.value)}`);
        ctx.reload();
      } catch (err) { showFieldError(date, err.message.replace(/^field "date": /, '')); date.focus(); }
    } }, h('h2', {}, `Cancel one ${text(e.title)}`),
    h('p', { class: 'quiet' }, 'Screens show that date struck through as "Cancelled"; the other dates carry on.'),
    field('Date', date), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Cancel this date'), button('Never mind', () => mount(editor)))));
    editor.scrollIntoView({ behavior: 'smooth' });
  }

  // `existing`: the stored event being edited (saved with PUT). `draft`: what a new event's
  // form starts from (a duplicate), saved with POST as a new event.
  // `note`: a sentence above the form (where a suggested event came from).
  function edit(existing, draft, note) {
    const e = existing || draft || {};
    const start = e.start ? isoToLocal(e.start, zone) : { date: todayIn(zone), time: '10:00' };
    const end = e.end ? isoToLocal(e.end, zone) : { date: start.date, time: '11:00' };
    const rule = Object.fromEntries((e.rrule || '').split(';').filter(Boolean).map((p) => p.split('=')));
    const repeatKind = !e.rrule ? 'once' : rule.FREQ === 'WEEKLY' && Object.keys(rule).every((k) => ['FREQ', 'BYDAY'].includes(k)) ? 'weekly'
      : e.rrule === 'FREQ=DAILY' ? 'daily' : 'custom';
    const title = h('input', { name: 'title', required: true, maxlength: 120, value: text(e.title) });
    const room = h('select', { name: 'room' }, rooms.map((r) => h('option', { value: r.id }, text(r.name))));
    room.value = e.room || rooms[0]?.id || '';
    const date = h('input', { type: 'date', name: 'date', required: true, value: start.date });
    const from = h('input', { type: 'time', name: 'from', required: true, value: start.time });
    const to = h('input', { type: 'time', name: 'to', required: true, value: end.time });
    const repeat = h('select', { name: 'repeat' },
      [['once', 'Just once'], ['weekly', 'Every week on…'], ['daily', 'Every day'], ['custom', 'Custom rule (RRULE)']].map(([v, t]) => h('option', { value: v }, t)));
    repeat.value = repeatKind;
    // Nothing is ticked for a new event: a pre-ticked "today" turned a tick on Tue and Thu into
    // "every Mon, Tue, Thu". A stored weekly rule without days means its first date's weekday.
    const startDay = WEEKDAYS[(new Date(start.date + 'T12:00:00Z').getUTCDay() + 6) % 7][0];
    const chosen = rule.BYDAY ? rule.BYDAY.split(',') : repeatKind === 'weekly' ? [startDay] : [];
    const days = h('fieldset', { class: 'days' }, h('legend', {}, 'On these days'),
      WEEKDAYS.map(([code, label]) => h('label', { class: 'chip' }, h('input', { type: 'checkbox', value: code, checked: chosen.includes(code) }), label)));
    const custom = h('input', { name: 'rrule', value: e.rrule || '', placeholder: 'FREQ=MONTHLY;BYDAY=1TH', autocapitalize: 'characters' });
    const customField = field('Repeat rule', custom, 'RFC 5545, e.g. FREQ=MONTHLY;BYDAY=1TH is the first Thursday of each month');
    const category = h('select', { name: 'category' }, CATEGORIES.map((c) => h('option', { value: c }, c || '—')));
    category.value = e.category || '';
    const description = h('input', { name: 'description', maxlength: 200, value: text(e.description) });
    const dateField = field('Date', date);
    const sync = () => {
      days.hidden = repeat.value !== 'weekly';
      customField.hidden = repeat.value !== 'custom';
      dateField.querySelector('.label').textContent = repeat.value === 'once' ? 'Date' : 'First date';
    };
    repeat.addEventListener('change', sync);
    sync();

    // The event as the form says, or null when a check at a field stopped it (shown there).
    // Saving and previewing send the same thing.
    const draftItem = () => {
      for (const input of form.querySelectorAll('[aria-invalid]')) clearFieldError(input);
      formError(form, '');
      // Checked here, at the field, before anything is sent: an end before the start used to
      // be saved as an event running to the same time the next day.
      if (to.value <= from.value) { showFieldError(to, `It must end after it starts (${from.value}).`); to.focus(); return null; }
      const firstDay = days.querySelector('input');
      if (repeat.value === 'weekly' && !days.querySelector('input:checked')) { showFieldError(firstDay, 'Tick the days it is on.'); firstDay.focus(); return null; }
      const slug = existing?.id || `${title.value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'event'}-${Date.now().toString(36)}`;
      const item = { ...e, id: slug, title: typeof e.title === 'object' ? { ...e.title, en: title.value.trim() } : title.value.trim(),
        room: room.value, start: localToIso(date.value, from.value, zone), end: localToIso(date.value, to.value, zone) };
      delete item.rrule;
      if (repeat.value === 'weekly') {
        const picked = [...days.querySelectorAll('input:checked')].map((c) => c.value);
        item.rrule = 'FREQ=WEEKLY' + (picked.length ? ';BYDAY=' + picked.join(',') : '');
      } else if (repeat.value === 'daily') item.rrule = 'FREQ=DAILY';
      else if (repeat.value === 'custom') item.rrule = custom.value.trim();
      if (category.value) item.category = category.value; else delete item.category;
      if (description.value.trim()) item.description = typeof e.description === 'object' ? { ...e.description, en: description.value.trim() } : description.value.trim();
      else delete item.description;
      return item;
    };
    // A refusal from the server, at the field it names (a save's and a preview's alike).
    const refused = (err) => {
      const at = { rrule: repeat.value === 'custom' ? custom : repeat, end: to, start: from, title, room }[err.message.match(/field "(\w+)"/)?.[1]];
      if (at) { showFieldError(at, err.message); at.focus(); } else formError(form, err.message);
      toast(err.message, 'error');
    };
    const preview = async (ev) => {
      const item = draftItem();
      if (!item) return;
      const opener = ev.currentTarget;
      const today = date.value === todayIn(zone);
      opener.disabled = true;
      opener.textContent = 'Drawing the screens…';
      try {
        await showDraftPreview({ api, siteId, kind: 'events', id: existing ? e.id : '', item, roles: await screenRoles(api, siteId),
          page: today ? 'whats-on' : 'week', pageName: today ? "What's on today" : 'This week', onRefused: refused, opener });
      } catch (err) { refused(err); } finally { opener.disabled = false; opener.textContent = 'Preview'; }
    };

    const form = h('form', { class: 'card', onsubmit: async (ev) => {
      ev.preventDefault();
      const item = draftItem();
      if (!item) return;
      try {
        const saved = existing ? await api.put(`/sites/${siteId}/events/${e.id}`, item) : await api.post(`/sites/${siteId}/events`, item);
        toast(saved.waiting ? WAITING_WORDS : existing ? 'Saved. Screens update within a minute.' : 'Added. Screens update within a minute.');
        ctx.reload();
      } catch (err) { refused(err); }
    } },
    h('h2', {}, existing ? `Edit ${text(e.title)}` : note ? 'Add the suggested event' : draft ? 'Add a copy' : 'Add an event'),
    note ? h('p', { class: 'quiet' }, note) : draft ? h('p', { class: 'quiet' }, 'Nothing is saved until you press "Add event". Change what differs, such as the date or the time.') : null,
    field('What is it?', title),
    h('div', { class: 'row' }, dateField, field('From', from), field('Until', to)),
    h('div', { class: 'row' }, field('Room', room), field('Repeats', repeat), field('Kind', category)),
    days, customField,
    field('One line about it (optional)', description),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, existing ? 'Save' : 'Add event'),
      button('Preview', preview),
      existing ? button('Close', () => mount(editor)) : draft ? button('Never mind', () => edit(null)) : null));
    mount(editor, form);
    if (existing) editor.scrollIntoView({ behavior: 'smooth' });
  }

  show();
  const suggested = takeSuggestionDraft('events', siteId);
  if (suggested) edit(null, suggested.item, suggested.note); else edit(null);
  mount(body, h('p', { class: 'quiet' }, `Times are local to the building (${zone}).`), undoList(ctx, 'events', deleted), list, editor);
}
