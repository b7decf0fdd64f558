// Home: the buildings this account looks after; an admin can add one.
import { h, mount, field, toast } from './dom.js';
import { emergencyPanel } from './view_emergency.js';

export async function renderHome({ session, api, main, go, reload }) {
  const [{ sites }, { screens }, { sites: emergencies }] = await Promise.all([api.get('/sites'), api.get('/screens'), api.get('/emergencies')]);
  const cards = sites.map((site) => {
    const mine = screens.filter((s) => s.site_id === site.id && !s.revoked);
    const online = mine.filter((s) => s.online).length;
    return h('a', { class: 'card site-card', href: `#/site/${site.id}/events` },
      h('h2', {}, site.name || site.id),
      h('p', { class: 'quiet' }, mine.length ? `${online} of ${mine.length} screens online` : 'No screens yet'),
      site.ics_error ? h('p', { class: 'warn' }, 'Calendar: ' + site.ics_error) : null);
  });
  mount(main,
    h('h1', {}, 'Your buildings'),
    emergencyPanel(api, sites, emergencies, reload),
    cards.length ? h('div', { class: 'grid' }, cards) : h('p', { class: 'quiet' }, 'No buildings yet.'),
    session.user.role === 'admin' ? addSiteForm(api, go, reload) : null);
}

function addSiteForm(api, go, reload) {
  const id = h('input', { name: 'id', required: true, pattern: '[a-z0-9_-]{1,64}', placeholder: 'ashby-hill', autocapitalize: 'none' });
  const name = h('input', { name: 'name', required: true, placeholder: "Ashby Hill People's Centre" });
  const zone = h('input', { name: 'timezone', required: true, value: 'Europe/London' });
  name.addEventListener('input', () => {
    if (!id.dataset.touched) id.value = name.value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64);
  });
  id.addEventListener('input', () => { id.dataset.touched = '1'; });
  return h('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api.post('/sites', {
        id: id.value, name: name.value.trim(), timezone: zone.value.trim(), languages: ['en'],
        opening_hours: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, open: '09:00', close: '17:00' })),
        rooms: [{ id: 'main-hall', name: 'Main Hall' }],
      });
      toast('Building added');
      await reload();
      go(`/site/${id.value}/settings`);
    } catch (e) { toast(e.message, 'error'); }
  } },
  h('h2', {}, 'Add a building'),
  h('div', { class: 'row' }, field('Name', name), field('Short id', id, 'Used in links; a-z, 0-9 and -'), field('Time zone', zone)),
  h('button', { type: 'submit', class: 'primary' }, 'Add building'));
}
