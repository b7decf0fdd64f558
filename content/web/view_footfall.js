// Visitors: anonymous counts per day and reason, as a stacked bar chart drawn here in
// plain SVG (no chart library), with a table beneath for screen readers and printing.
import { h, svg, mount, field } from './dom.js';
import { prettyDate } from './time.js';

const COLOURS = ['#b5532b', '#2f6f5e', '#d9a13b', '#5a6fa8', '#8c5a8c', '#6b8e23', '#a0522d', '#4a7f9b'];

export async function renderFootfall(ctx) {
  const { api, siteId, site, body } = ctx;
  const days = h('select', {}, [7, 28, 91].map((d) => h('option', { value: d }, `Last ${d} days`)));
  days.value = sessionStorage.getItem('footfall-days') || '28';
  const chart = h('div', { class: 'chart' });
  days.addEventListener('change', () => { sessionStorage.setItem('footfall-days', days.value); draw(); });
  mount(body, h('div', { class: 'card' }, h('h2', {}, 'Visitors'),
    h('p', { class: 'quiet small' }, 'Anonymous counts sent by the check-in screen. No names ever leave the building.'),
    field('Period', days), chart));

  const purposeLabel = (id) => {
    const p = (site.site.checkin?.purposes || []).find((x) => x.id === id);
    return p ? (typeof p.label === 'string' ? p.label : p.label.en) : id;
  };

  async function draw() {
    const data = await api.get(`/sites/${siteId}/footfall?days=${days.value}`);
    const dates = [];
    for (let t = Date.parse(data.from + 'T00:00:00Z'); t <= Date.parse(data.to + 'T00:00:00Z'); t += 86400000)
      dates.push(new Date(t).toISOString().slice(0, 10));
    const purposes = [...new Set(data.counts.map((c) => c.purpose))];
    const totals = Object.fromEntries(dates.map((d) => [d, Object.fromEntries(purposes.map((p) => [p, 0]))]));
    for (const c of data.counts) if (totals[c.date]) totals[c.date][c.purpose] += c.count;
    const dayTotal = (d) => purposes.reduce((sum, p) => sum + totals[d][p], 0);
    const max = Math.max(1, ...dates.map(dayTotal));
    if (!data.counts.length) {
      // The screens send counts only when the building says they may: an empty chart says why.
      const sharing = !!site.site.checkin?.share_counts;
      mount(chart, sharing ? h('p', { class: 'quiet' }, 'No visitors counted in this period yet.')
        : h('p', { class: 'notice-box' }, 'No counts arrive while sharing is off. The check-in screens count visitors but keep the numbers in the building until ',
          h('a', { href: `#/site/${siteId}/settings` }, 'Share anonymous visitor counts'), ' is ticked under Building.'));
      return;
    }

    const W = 720, H = 260, left = 36, bottom = 28, top = 8;
    const bar = (W - left) / dates.length;
    const y = (v) => H - bottom - (v / max) * (H - bottom - top);
    const step = Math.max(1, Math.ceil(max / 4));
    const grid = [];
    for (let v = 0; v <= max; v += step)
      grid.push(svg('line', { x1: left, x2: W, y1: y(v), y2: y(v), class: 'grid' }), svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, v));
    const bars = dates.flatMap((d, i) => {
      let base = 0;
      const x = left + i * bar + bar * 0.15;
      return purposes.map((p, k) => {
        const v = totals[d][p];
        const rect = svg('rect', { x, width: Math.max(1, bar * 0.7), y: y(base + v), height: Math.max(0, y(base) - y(base + v)), fill: COLOURS[k % COLOURS.length] },
          svg('title', {}, `${prettyDate(d)}: ${v} ${purposeLabel(p)}`));
        base += v;
        return rect;
      });
    });
    const labelEvery = Math.ceil(dates.length / 8);
    const labels = dates.map((d, i) => (i % labelEvery === 0
      ? svg('text', { x: left + i * bar + bar / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, prettyDate(d).replace(/^\w+ /, '')) : null));
    mount(chart,
      svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Visitors per day, ${data.from} to ${data.to}` }, grid, bars, labels),
      h('ul', { class: 'legend' }, purposes.map((p, k) => h('li', {}, h('span', { class: `swatch swatch-${k % COLOURS.length}` }), purposeLabel(p)))),
      h('details', {}, h('summary', {}, 'Numbers'),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Day'), purposes.map((p) => h('th', {}, purposeLabel(p))), h('th', {}, 'Total'))),
          h('tbody', {}, dates.filter(dayTotal).map((d) => h('tr', {}, h('td', {}, prettyDate(d)), purposes.map((p) => h('td', {}, totals[d][p])), h('td', {}, dayTotal(d))))))));
  }
  await draw();
}
