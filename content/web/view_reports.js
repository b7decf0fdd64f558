// Reports for funders: visits by building, purpose, month, day of the week and hour;
// session registers; volunteer hours; feedback; returning visitors. Any period, one building
// or several. Each table has its own chart, drawn here as plain SVG (no chart library), its
// numbers in a table beneath, and a CSV download. The page prints on A4 (style.css @media print).
import { h, svg, mount, field, button } from './dom.js';

const HIDDEN = 'fewer than 5';
const FACES = ['#2f6f5e', '#d9a13b', '#a8322d']; // happy, okay, unhappy

const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const day = (y, m, d) => new Date(y, m, d);

// The periods a funder asks for, as [from, to] dates, from today.
export function periodDates(kind, today = new Date()) {
  const y = today.getFullYear(), m = today.getMonth(), d = today.getDate();
  const monday = d - ((today.getDay() + 6) % 7);
  const quarter = Math.floor(m / 3) * 3;
  switch (kind) {
    case 'this-week': return [day(y, m, monday), day(y, m, monday + 6)];
    case 'last-week': return [day(y, m, monday - 7), day(y, m, monday - 1)];
    case 'this-month': return [day(y, m, 1), day(y, m + 1, 0)];
    case 'last-month': return [day(y, m - 1, 1), day(y, m, 0)];
    case 'this-quarter': return [day(y, quarter, 1), day(y, quarter + 3, 0)];
    case 'last-quarter': return [day(y, quarter - 3, 1), day(y, quarter, 0)];
    case 'this-year': return [day(y, 0, 1), day(y, 11, 31)];
    case 'last-year': return [day(y - 1, 0, 1), day(y - 1, 11, 31)];
    default: return null;
  }
}

const PERIODS = [['this-week', 'This week'], ['last-week', 'Last week'], ['this-month', 'This month'], ['last-month', 'Last month'],
  ['this-quarter', 'This quarter'], ['last-quarter', 'Last quarter'], ['this-year', 'This year'], ['last-year', 'Last year'], ['custom', 'Custom dates']];

const longDate = (text) => new Date(text + 'T12:00:00Z').toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = (text) => (/^\d{4}-\d{2}$/.test(text)
  ? new Date(text + '-15T12:00:00Z').toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) : text);
const numberOf = (cell) => (typeof cell === 'number' ? cell : 0);
const shown = (cell) => (typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell);

// Bars, one a row (horizontal) or one a column (vertical), each labelled with its number.
function barChart(title, labels, values, { vertical = false } = {}) {
  const max = Math.max(1, ...values.map(numberOf));
  const label = `${title}: ` + labels.map((l, i) => `${l} ${shown(values[i])}`).join(', ');
  if (!vertical) {
    const W = 720, row = 26, left = 200, right = 90, H = labels.length * row + 8;
    const bars = labels.flatMap((l, i) => {
      const w = (numberOf(values[i]) / max) * (W - left - right);
      const y = 4 + i * row;
      return [svg('text', { x: left - 8, y: y + 17, 'text-anchor': 'end', class: 'axis-label' }, l.length > 28 ? l.slice(0, 27) + '…' : l),
        svg('rect', { x: left, y: y + 3, width: Math.max(0, w), height: row - 8, rx: 3, class: 'bar' }),
        svg('text', { x: left + w + 6, y: y + 17, class: 'bar-value' }, shown(values[i]))];
    });
    return svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label }, bars);
  }
  const W = 720, H = 220, bottom = 36, top = 18;
  const slot = Math.min(90, (W - 8) / labels.length); // one month is a column, not a wall
  const left = (W - slot * labels.length) / 2;
  const every = Math.ceil(labels.length / 12);
  const bars = labels.flatMap((l, i) => {
    const v = numberOf(values[i]);
    const hgt = (v / max) * (H - bottom - top);
    const x = left + i * slot;
    return [svg('rect', { x: x + slot * 0.15, y: H - bottom - hgt, width: slot * 0.7, height: hgt, rx: 2, class: 'bar' }),
      labels.length <= 24 ? svg('text', { x: x + slot / 2, y: H - bottom - hgt - 4, 'text-anchor': 'middle', class: 'bar-value small-value' },
        typeof values[i] === 'number' ? (v ? shown(v) : '') : '<5') : null,
      i % every === 0 ? svg('text', { x: x + slot / 2, y: H - bottom + 16, 'text-anchor': 'middle', class: 'axis-label' }, l) : null];
  });
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label },
    svg('line', { x1: 8, x2: W - 8, y1: H - bottom, y2: H - bottom, class: 'baseline' }), bars);
}

// Happy, okay and unhappy side by side in one bar per purpose.
function facesChart(title, rows) {
  const W = 720, row = 28, left = 200, H = rows.length * row + 8;
  const label = `${title}: ` + rows.map((r) => `${r[0]}: ${shown(r[1])} happy, ${shown(r[2])} okay, ${shown(r[3])} unhappy`).join('; ');
  const bars = rows.flatMap((r, i) => {
    const total = Math.max(1, numberOf(r[1]) + numberOf(r[2]) + numberOf(r[3]));
    let x = left;
    const y = 4 + i * row;
    return [svg('text', { x: left - 8, y: y + 18, 'text-anchor': 'end', class: 'axis-label' }, r[0]),
      ...[1, 2, 3].map((k) => {
        const w = (numberOf(r[k]) / total) * (W - left - 10);
        const rect = svg('rect', { x, y: y + 4, width: w, height: row - 10, fill: FACES[k - 1] });
        x += w;
        return rect;
      })];
  });
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label }, bars);
}

function chartFor(table) {
  const rows = table.total_row ? table.rows.slice(0, -1) : table.rows;
  if (!rows.length) return null;
  const labels = rows.map((r) => (table.id === 'months' || table.id === 'returning' ? monthName(r[0]) : r[0]));
  switch (table.id) {
    case 'buildings': case 'purposes': return barChart(table.title, labels, rows.map((r) => r[1]));
    case 'months': case 'returning': return barChart(table.title, labels, rows.map((r) => r[1]), { vertical: true });
    case 'weekdays': return barChart(table.title, labels.map((l) => l.slice(0, 3)), rows.map((r) => r[1]), { vertical: true });
    case 'hours': {
      const open = rows.filter((r) => r[1] !== 0); // the hours anyone came, not 24 columns of mostly nothing
      return open.length ? barChart(table.title, open.map((r) => r[0].slice(0, 2)), open.map((r) => r[1]), { vertical: true }) : null;
    }
    case 'volunteers': return barChart('Volunteer hours', rows.map((r) => `${r[0]}, ${monthName(r[1])}`), rows.map((r) => r[3]));
    case 'feedback': return [facesChart(table.title, rows),
      h('ul', { class: 'legend', 'aria-hidden': 'true' }, ['Happy', 'Okay', 'Unhappy'].map((face, k) =>
        h('li', {}, h('span', { class: `swatch face-${k}` }), face)))];
    default: return null; // the session registers are a list: the table is the picture
  }
}

function dataTable(table) {
  // The hours nobody came are left off the page (all 24 are in the CSV file).
  const rows = table.id === 'hours' ? table.rows.filter((r, i) => r[1] !== 0 || i === table.rows.length - 1) : table.rows;
  const cell = (c, k) => (table.columns[k].key === 'month' ? monthName(c) : table.columns[k].key === 'date' ? longDate(c) : shown(c));
  return h('table', {},
    h('caption', { class: 'visually-hidden' }, table.title),
    h('thead', {}, h('tr', {}, table.columns.map((c) => h('th', { scope: 'col', class: c.kind === 'text' ? null : 'num' }, c.label)))),
    h('tbody', {}, rows.map((r, i) => h('tr', { class: table.total_row && i === rows.length - 1 ? 'total' : null },
      r.map((c, k) => h(k === 0 ? 'th' : 'td', { scope: k === 0 ? 'row' : null, class: table.columns[k].kind === 'text' ? null : 'num' }, cell(c, k)))))));
}

function isEmpty(table) {
  const rows = table.total_row ? table.rows.slice(0, -1) : table.rows;
  return !rows.some((r) => r.some((c, k) => table.columns[k].kind !== 'text' && c !== 0));
}

export async function renderReports({ session, api, main, query }) {
  const sites = session.sites || [];
  const params = new URLSearchParams(query || '');
  const chosen = new Set((params.get('sites') || sites.map((s) => s.id).slice(0, 1).join(',')).split(',').filter(Boolean));
  const kind = h('select', { name: 'period' }, PERIODS.map(([id, text]) => h('option', { value: id }, text)));
  kind.value = params.get('period') || 'last-month';
  const from = h('input', { type: 'date', name: 'from', required: true });
  const to = h('input', { type: 'date', name: 'to', required: true });
  const fill = () => { const dates = periodDates(kind.value); if (dates) { from.value = iso(dates[0]); to.value = iso(dates[1]); } };
  if (params.get('from') && params.get('to')) { from.value = params.get('from'); to.value = params.get('to'); } else fill();
  const boxes = sites.map((s) => h('label', { class: 'chip' },
    h('input', { type: 'checkbox', name: 'sites', value: s.id, checked: chosen.has(s.id), 'data-list': '1' }), s.name || s.id));
  const out = h('div', { class: 'report', 'aria-live': 'polite' });
  const form = h('form', { class: 'card report-controls', onsubmit: (ev) => { ev.preventDefault(); show(); } },
    h('fieldset', { class: 'chips' }, h('legend', {}, 'Buildings'), boxes),
    h('div', { class: 'row' }, field('Period', kind), field('From', from), field('To', to)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show report'),
      button('Print or save as PDF', () => window.print())));
  kind.addEventListener('change', () => { fill(); show(); });
  for (const input of [from, to]) input.addEventListener('change', () => { kind.value = 'custom'; });
  mount(main, h('h1', { class: 'no-print' }, 'Reports'),
    h('p', { class: 'quiet small no-print' }, 'Anonymous counts from the check-in screens. No names or codes ever leave the building.'),
    form, out);

  async function show() {
    const ids = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    if (!ids.length) { mount(out, h('p', { class: 'notice-box' }, 'Tick at least one building.')); return; }
    const q = `sites=${ids.map(encodeURIComponent).join(',')}&from=${from.value}&to=${to.value}`;
    history.replaceState(null, '', `#/reports?${q}&period=${kind.value}`);
    let report;
    try { report = await api.get(`/reports?${q}`); } catch (e) { mount(out, h('p', { class: 'error', role: 'alert' }, e.message)); return; }
    const names = report.sites.map((s) => s.name).join(', ');
    mount(out,
      h('header', { class: 'report-head' },
        h('h2', {}, names),
        h('p', { class: 'period' }, `${longDate(report.from)} to ${longDate(report.to)}`),
        report.crosses_buildings ? h('p', { class: 'small' },
          `Across buildings, a count from 1 to 4 is shown as "${HIDDEN}" and every other count is rounded to the nearest 5, `
          + 'so that no one can be picked out; a total may differ from the sum of its rows.') : null),
      report.tables.map((table) => h('section', { class: 'card report-table', 'data-table': table.id },
        h('div', { class: 'report-table-head' }, h('h3', {}, table.title),
          h('a', { class: 'no-print small', href: `/api/admin/reports/${table.id}.csv?${q}`, download: `${table.id}-${report.from}-to-${report.to}.csv` },
            `Download CSV`, h('span', { class: 'visually-hidden' }, ` of ${table.title}`))),
        isEmpty(table) ? h('p', { class: 'quiet' }, 'Nothing counted in this period.')
          : [h('div', { class: 'chart' }, chartFor(table)), dataTable(table)])));
  }
  await show();
}
