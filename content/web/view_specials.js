// Café specials: made for a phone behind the counter. Price in pounds, the 14 allergens
// as big tick boxes, and "sold out" in one tap.
import { h, mount, field, button, toast, showFieldError, clearFieldError, formError } from './dom.js';
import { deleteWithUndo, undoList } from './undo.js';
import { todayIn, prettyDate } from './time.js';

const ALLERGENS = [['celery', 'Celery'], ['gluten', 'Gluten'], ['crustaceans', 'Crustaceans'], ['eggs', 'Eggs'], ['fish', 'Fish'],
  ['lupin', 'Lupin'], ['milk', 'Milk'], ['molluscs', 'Molluscs'], ['mustard', 'Mustard'], ['nuts', 'Tree nuts'],
  ['peanuts', 'Peanuts'], ['sesame', 'Sesame'], ['soya', 'Soya'], ['sulphites', 'Sulphites']];
const DIETARY = [['vegetarian', 'Vegetarian'], ['vegan', 'Vegan'], ['gluten-free', 'Gluten free'], ['halal', 'Halal']];

function text(value) { return typeof value === 'string' ? value : (value?.en ?? ''); }
// A price as the counter says it: "3.50", "£3.50", "£1.20", "1.2", "3", "80p", "£0.80".
// Pence, or null when it is not a price.
export function parsePrice(typed) {
  const t = typed.trim().toLowerCase().replace(/\s+/g, '');
  const pence = t.match(/^(\d{1,4})p$/);
  if (pence) return Number(pence[1]);
  const money = t.match(/^£?(\d{0,4})(?:\.(\d{1,2}))?$/);
  if (!money || (!money[1] && !money[2])) return null;
  return Number(money[1] || 0) * 100 + Number((money[2] || '0').padEnd(2, '0'));
}

// Dietary labels that an allergen contradicts (as the server also checks).
const CONTRADICTS = { vegan: ['milk', 'eggs', 'fish', 'crustaceans', 'molluscs'], vegetarian: ['fish', 'crustaceans', 'molluscs'], 'gluten-free': ['gluten'] };

// A day's own specials (the ones with dates, not "every day") as new specials for `today`:
// new ids, back on (not sold out), the same name, price, words, allergens and labels. Every-day
// specials are on today already. Copied as the kiosk's "Copy yesterday's menu" copies the
// specials added at that screen, with one more care: a special whose name is on today's menu
// already is not added twice, so a second tap (or the kiosk and the web both used) does not
// double the board.
export function copiesOf(items, fromDate, today) {
  const onToday = new Set(items.filter((s) => !s.days?.length || s.days.includes(today)).map((s) => text(s.name).trim().toLowerCase()));
  const stamp = Date.now().toString(36);
  return items.filter((s) => s.days?.includes(fromDate) && !onToday.has(text(s.name).trim().toLowerCase()))
    .map((s, i) => ({ ...s, id: `${text(s.name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'special'}-${stamp}${i}`,
      days: [today], sold_out: false }));
}

// "yyyy-mm-dd" plus whole days (dates are calendar days: noon UTC keeps clear of any shift).
function addDays(date, days) { return new Date(Date.parse(date + 'T12:00:00Z') + days * 86400000).toISOString().slice(0, 10); }

export function pounds(pence) { return pence < 100 ? `${pence}p` : `£${(pence / 100).toFixed(2)}`; }

export async function renderSpecials(ctx) {
  const { api, siteId, zone, body } = ctx;
  const { items, deleted } = await api.get(`/sites/${siteId}/specials`);
  const today = todayIn(zone);
  const editor = h('div');
  const onToday = (s) => !s.days || !s.days.length || s.days.includes(today);

  async function save(item, existing, message, form) {
    try {
      if (existing) await api.put(`/sites/${siteId}/specials/${item.id}`, item);
      else await api.post(`/sites/${siteId}/specials`, item);
      toast(message);
      ctx.reload();
    } catch (err) { if (form) formError(form, err.message); toast(err.message, 'error'); }
  }

  const sorted = [...items].sort((a, b) => Number(onToday(b.item)) - Number(onToday(a.item)));
  const list = h('div', { class: 'list' }, sorted.length ? sorted.map(({ item: s }) => h('article', { class: 'item' + (s.sold_out ? ' sold-out' : '') },
    h('div', { class: 'item-main' },
      h('h3', {}, text(s.name), ' ', h('span', { class: 'price' }, pounds(s.price_pence)), s.sold_out ? h('span', { class: 'badge warn' }, 'Sold out') : null),
      text(s.description) ? h('p', {}, text(s.description)) : null,
      h('p', { class: 'quiet small' },
        (s.allergens || []).length ? 'Contains: ' + s.allergens.map((a) => ALLERGENS.find(([c]) => c === a)?.[1] || a).join(', ') : 'No listed allergens',
        (s.dietary || []).length ? ' · ' + s.dietary.map((d) => DIETARY.find(([c]) => c === d)?.[1] || d).join(', ') : '',
        ' · ', !s.days || !s.days.length ? 'every day' : s.days.map(prettyDate).join(', '))),
    h('div', { class: 'actions' },
      button(s.sold_out ? 'Back on' : 'Mark sold out', () => save({ ...s, sold_out: !s.sold_out }, true, s.sold_out ? `${text(s.name)} is back on` : `${text(s.name)} marked sold out`), s.sold_out ? 'primary' : '',
        `${s.sold_out ? 'Back on' : 'Mark sold out'}: ${text(s.name)}`),
      button('Edit', () => edit(s), '', `Edit ${text(s.name)}`),
      button('Remove', () => deleteWithUndo(ctx, 'specials', s, `Remove ${text(s.name)}?`), 'danger', `Remove ${text(s.name)}`)))) : h('p', { class: 'quiet' }, 'No specials yet today.'));

  function edit(existing) {
    const s = existing || {};
    const name = h('input', { name: 'name', required: true, maxlength: 120, value: text(s.name), placeholder: 'Leek and potato soup' });
    const price = h('input', { name: 'price', required: true, inputmode: 'decimal', value: s.price_pence !== undefined ? (s.price_pence / 100).toFixed(2) : '', placeholder: '3.50' });
    const description = h('input', { name: 'description', maxlength: 200, value: text(s.description), placeholder: 'With a crusty roll' });
    const allergens = h('fieldset', { class: 'chips' }, h('legend', {}, 'Allergens it contains'),
      ALLERGENS.map(([code, label]) => h('label', { class: 'chip' }, h('input', { type: 'checkbox', value: code, checked: (s.allergens || []).includes(code) }), label)));
    const dietary = h('fieldset', { class: 'chips' }, h('legend', {}, 'Suitable for'),
      DIETARY.map(([code, label]) => h('label', { class: 'chip' }, h('input', { type: 'checkbox', value: code, checked: (s.dietary || []).includes(code) }), label)));
    const when = h('select', { name: 'when' }, h('option', { value: 'today' }, `Today only (${prettyDate(today)})`), h('option', { value: 'always' }, 'Every day'),
      existing && s.days?.length && !(s.days.length === 1 && s.days[0] === today) ? h('option', { value: 'keep' }, 'Keep its dates') : null);
    when.value = existing ? (s.days?.length ? (s.days.length === 1 && s.days[0] === today ? 'today' : 'keep') : 'always') : 'today';

    const form = h('form', { class: 'card', onsubmit: async (ev) => {
      ev.preventDefault();
      for (const input of form.querySelectorAll('[aria-invalid]')) clearFieldError(input);
      formError(form, '');
      const pence = parsePrice(price.value);
      if (pence === null) { showFieldError(price, 'Type the price like 3.50, £1.20 or 80p.'); price.focus(); return; }
      const ticked = (set) => [...set.querySelectorAll('input:checked')].map((c) => c.value);
      for (const claim of ticked(dietary)) {
        const clash = (CONTRADICTS[claim] || []).find((a) => ticked(allergens).includes(a));
        if (!clash) continue;
        const box = dietary.querySelector(`input[value="${claim}"]`);
        const words = (list, code) => list.find(([c]) => c === code)?.[1] || code;
        showFieldError(box, `It cannot be ${words(DIETARY, claim)} and contain ${words(ALLERGENS, clash)}: untick one of them.`);
        box.focus();
        return;
      }
      const item = { id: s.id || `${name.value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'special'}-${Date.now().toString(36)}`,
        name: typeof s.name === 'object' ? { ...s.name, en: name.value.trim() } : name.value.trim(),
        price_pence: pence,
        allergens: [...allergens.querySelectorAll('input:checked')].map((c) => c.value),
        dietary: [...dietary.querySelectorAll('input:checked')].map((c) => c.value),
        sold_out: !!s.sold_out };
      if (description.value.trim()) item.description = typeof s.description === 'object' ? { ...s.description, en: description.value.trim() } : description.value.trim();
      if (when.value === 'today') item.days = [today];
      else if (when.value === 'keep') item.days = s.days;
      await save(item, !!existing, existing ? 'Saved' : `${name.value.trim()} is on the café screen`, form);
    } },
    h('h2', {}, existing ? `Edit ${text(s.name)}` : 'Add a special'),
    h('div', { class: 'row' }, field('Name', name), field('Price (£)', price, 'Like 3.50 or 80p')),
    field('Description (optional)', description),
    allergens, dietary, field('When', when),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, existing ? 'Save' : 'Add special'),
      existing ? button('Close', () => mount(editor)) : null));
    mount(editor, form);
    if (existing) editor.scrollIntoView({ behavior: 'smooth' });
  }

  async function copyMenu(fromDate, words) {
    const copies = copiesOf(items.map((entry) => entry.item), fromDate, today);
    if (!copies.length) {
      toast(items.some(({ item }) => item.days?.includes(fromDate)) ? `${words} is on today's menu already.` : `There were no specials of the day on ${prettyDate(fromDate)} to copy.`);
      return;
    }
    try {
      for (const copy of copies) await api.post(`/sites/${siteId}/specials`, copy);
      toast(`${copies.length === 1 ? '1 special' : `${copies.length} specials`} from ${prettyDate(fromDate)} on today's menu`);
    } catch (err) { toast(err.message, 'error'); }
    ctx.reload();
  }
  const yesterday = addDays(today, -1), lastWeek = addDays(today, -7);
  const lastWeekday = new Date(lastWeek + 'T12:00:00Z').toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
  const copyButtons = [button("Copy yesterday's menu", () => copyMenu(yesterday, "Yesterday's menu")),
    button(`Copy last ${lastWeekday}'s menu`, () => copyMenu(lastWeek, `Last ${lastWeekday}'s menu`))];

  // Behind the counter the list (and its sold-out buttons) comes first; the form opens on demand.
  const add = button('Add a special', () => { edit(null); add.hidden = true; editor.scrollIntoView({ behavior: 'smooth' }); }, 'primary');
  if (!items.length) { edit(null); add.hidden = true; }
  mount(body, h('div', { class: 'actions spaced' }, add, copyButtons), undoList(ctx, 'specials', deleted), list, editor);
}
