// Groups: the organiser groups that use this account's buildings. A coordinator makes a group,
// says which of their buildings and rooms it may use and whether it is trusted (its changes
// go live at once), invites its organisers with a link, and can suspend the group or one
// organiser in one tap.
import { h, mount, field, button, toast, formError } from './dom.js';

function text(value) { return typeof value === 'string' ? value : (value?.en ?? ''); }

export async function renderGroups({ session, api, main, reload }) {
  const [{ groups }, { sites }] = await Promise.all([api.get('/groups'), api.get('/sites')]);
  const details = await Promise.all(sites.map((s) => api.get(`/sites/${s.id}`)));
  const roomsOf = Object.fromEntries(details.map((d) => [d.id, d.site.rooms || []]));
  const siteName = (id) => sites.find((s) => s.id === id)?.name || id;

  // One block per building: a tick for the building, then a tick per room.
  function placeChoice(chosen) {
    return sites.map((s) => {
      const rooms = chosen[s.id];
      return h('fieldset', { class: 'chips', 'data-site': s.id }, h('legend', {}, s.name || s.id),
        h('label', { class: 'chip' }, h('input', { type: 'checkbox', class: 'site-tick', value: s.id, checked: !!rooms }), 'May use this building'),
        (roomsOf[s.id] || []).map((r) => h('label', { class: 'chip' },
          h('input', { type: 'checkbox', class: 'room-tick', value: r.id, checked: !!rooms?.includes(r.id) }), text(r.name))));
    });
  }

  function readPlaces(form) {
    const places = {};
    for (const set of form.querySelectorAll('fieldset[data-site]')) {
      if (!set.querySelector('.site-tick').checked) continue;
      places[set.dataset.site] = [...set.querySelectorAll('.room-tick:checked')].map((c) => c.value);
    }
    return places;
  }

  function groupForm(group) {
    const name = h('input', { required: true, maxlength: 80, value: group?.name || '' });
    const trusted = h('input', { type: 'checkbox', checked: !!group?.trusted });
    const form = h('form', { class: 'card', onsubmit: async (ev) => {
      ev.preventDefault();
      formError(form, '');
      const body = { name: name.value.trim(), sites: readPlaces(form), trusted: trusted.checked };
      try {
        if (group) await api.put(`/groups/${group.id}`, body); else await api.post('/groups', body);
        toast(group ? 'Saved' : `Group ${body.name} made. Now invite its organisers.`);
        reload();
      } catch (err) { formError(form, err.message); toast(err.message, 'error'); }
    } },
    h('h2', {}, group ? `Change ${group.name}` : 'Add a group'),
    field('Name of the group or partner', name),
    placeChoice(group?.sites || {}),
    h('label', { class: 'chip' }, trusted, 'Trusted: their changes go on the screens at once (you can undo them)'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, group ? 'Save' : 'Add group')));
    return form;
  }

  async function invite(group, holder) {
    try {
      const made = await api.post(`/groups/${group.id}/invites`);
      const link = made.link || location.origin + made.path;
      const box = h('input', { class: 'invite-link', readonly: true, value: link, 'aria-label': `Invitation link for ${group.name}` });
      mount(holder, h('p', {}, 'Send this link to the organiser. It works once, for 7 days.'), box,
        button('Copy link', async () => {
          try { await navigator.clipboard.writeText(link); toast('Link copied'); } catch { box.select(); }
        }, 'primary'));
      box.select();
    } catch (err) { toast(err.message, 'error'); }
  }

  async function suspend(path, suspended, words) {
    try {
      await api.post(path, { suspended });
      toast(words);
      reload();
    } catch (err) { toast(err.message, 'error'); }
  }

  const cards = groups.map((group) => {
    const holder = h('div');
    const places = Object.entries(group.sites).map(([site, rooms]) => {
      const names = rooms.map((id) => text((roomsOf[site] || []).find((r) => r.id === id)?.name) || id);
      return `${siteName(site)}: ${names.length ? names.join(', ') : 'notices only'}`;
    });
    return h('article', { class: 'card' },
      h('h2', {}, group.name, group.trusted ? h('span', { class: 'badge' }, 'Trusted') : null,
        group.suspended ? h('span', { class: 'badge warn' }, 'Suspended') : null),
      h('p', { class: 'quiet' }, places.join(' · ')),
      group.organisers.length ? h('ul', {}, group.organisers.map((o) => h('li', {}, o.name, ' ',
        o.suspended ? h('span', { class: 'badge warn' }, 'Suspended') : null, ' ',
        button(o.suspended ? 'Let back in' : 'Suspend', () => suspend(`/organisers/${o.id}/suspend`, !o.suspended,
          o.suspended ? `${o.name} can sign in again` : `${o.name} is signed out and cannot sign in`), o.suspended ? '' : 'danger',
        `${o.suspended ? 'Let back in' : 'Suspend'} ${o.name}`))))
        : h('p', { class: 'quiet small' }, 'No organisers yet.'),
      h('div', { class: 'actions' },
        button('Invite an organiser', () => invite(group, holder), 'primary', `Invite an organiser to ${group.name}`),
        button(group.suspended ? 'Let the group back in' : 'Suspend the group', () => suspend(`/groups/${group.id}/suspend`, !group.suspended,
          group.suspended ? `${group.name} can sign in again` : `${group.name} is signed out and cannot sign in`), group.suspended ? '' : 'danger'),
        button('Change', () => mount(holder, groupForm(group)), '', `Change ${group.name}`)),
      holder);
  });
  mount(main, h('h1', {}, 'Groups and partners'),
    h('p', { class: 'quiet' }, 'Groups post their own sessions and notices in the buildings and rooms you give them.'),
    cards, session.user.role === 'admin' || session.user.role === 'coordinator' ? groupForm(null) : null);
}
