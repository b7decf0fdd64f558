// Audit: who changed what in this building and when, newest first, kept for a year.
import { h, mount } from './dom.js';

export async function renderAudit({ api, siteId, body }) {
  const { entries } = await api.get(`/sites/${siteId}/audit`);
  const rows = entries.map((entry) => h('tr', {},
    h('td', {}, new Date(entry.at * 1000).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })),
    h('td', {}, entry.who), h('td', {}, entry.what)));
  mount(body, h('section', { class: 'card', 'aria-labelledby': 'audit-head' },
    h('h2', { id: 'audit-head' }, 'Who changed what'),
    h('p', { class: 'quiet small' }, 'Every change to this building by anyone, kept for a year.'),
    rows.length ? h('div', { class: 'table-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'What'))),
      h('tbody', {}, rows))) : h('p', { class: 'quiet' }, 'No changes yet.')));
}
