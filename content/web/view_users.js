// People (admin only): accounts and what they may do. Coordinators look after the
// buildings ticked for them; a café account posts specials for one building.
import { h, mount, field, button, toast, showFieldError, clearFieldError, formError } from './dom.js';

const ROLE_WORDS = { admin: 'Admin: everything', coordinator: 'Coordinator: the buildings ticked', cafe: 'Café: specials for one building',
  organiser: "Organiser: their group's sessions and notices (changed on the Groups page)" };
// The select shows a role's name only, and the sentence about it is written beneath: on a
// 360-pixel phone "Coordinator: the buildings ticked" was cut off inside the select.
const ROLE_NAMES = { admin: 'Admin', coordinator: 'Coordinator', cafe: 'Café staff' };
const ROLE_MEANS = { admin: 'Everything, including people and buildings.', coordinator: 'Events, notices, screens and settings of the buildings ticked below.',
  cafe: 'The café specials of one building, nothing else.' };

export async function renderUsers({ session, api, main, reload }) {
  const [{ users }, { sites }] = await Promise.all([api.get('/users'), api.get('/sites')]);
  const siteName = (id) => sites.find((s) => s.id === id)?.name || id;

  function siteChoice(role, chosen) {
    const single = role.value === 'cafe';
    return h('fieldset', { class: 'chips' }, h('legend', {}, single ? 'Building' : 'Buildings'),
      sites.map((s, i) => h('label', { class: 'chip' },
        h('input', { type: single ? 'radio' : 'checkbox', name: 'site-choice', value: s.id, checked: chosen.includes(s.id) || (single && !chosen.length && i === 0) }), s.name || s.id)));
  }

  function userForm(user) {
    const name = h('input', { required: !user, value: user?.name || '', disabled: !!user, autocapitalize: 'none' });
    const password = h('input', { type: 'password', autocomplete: 'new-password', minlength: 10, required: !user });
    // Optional: where this person hears that one of their building's screens needs help.
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'off', value: user?.email || '', autocapitalize: 'none' });
    const role = h('select', {}, Object.entries(ROLE_NAMES).map(([v, t]) => h('option', { value: v }, t)));
    role.value = user?.role || 'coordinator';
    const roleField = field('What they can do', role, ROLE_MEANS[role.value]);
    const holder = h('div');
    const drawSites = () => {
      roleField.querySelector(`#${role.dataset.hint}`).textContent = ROLE_MEANS[role.value];
      mount(holder, role.value === 'admin' ? null : siteChoice(role, user?.sites || []));
    };
    role.addEventListener('change', drawSites);
    drawSites();
    const form = h('form', { class: 'card', onsubmit: async (ev) => {
      ev.preventDefault();
      for (const input of form.querySelectorAll('[aria-invalid]')) clearFieldError(input);
      formError(form, '');
      const body = { role: role.value, sites: [...holder.querySelectorAll('input:checked')].map((c) => c.value) };
      // A coordinator with no building could sign in to nothing: say so at the buildings.
      const firstSite = holder.querySelector('input');
      if (role.value !== 'admin' && !body.sites.length && firstSite) {
        showFieldError(firstSite, role.value === 'cafe' ? 'Choose the building.' : 'Tick at least one building they look after.');
        firstSite.focus();
        return;
      }
      if (password.value) body.password = password.value;
      body.email = email.value.trim();
      try {
        if (user) await api.put(`/users/${user.id}`, body);
        else await api.post('/users', { ...body, name: name.value.trim() });
        toast(user ? 'Saved' : `Account made for ${name.value.trim()}. Tell them their password in person.`);
        reload();
      } catch (err) {
        const at = { password, name, sites: firstSite, role, email }[err.message.match(/field "(\w+)"/)?.[1]];
        if (at) showFieldError(at, err.message); else formError(form, err.message);
        toast(err.message, 'error');
      }
    } },
    h('h2', {}, user ? `Change ${user.name}` : 'Add a person'),
    h('div', { class: 'row' }, user ? null : field('Name they sign in with', name),
      field(user ? 'New password (leave empty to keep)' : 'Password', password, 'At least 10 characters'), roleField,
      field('Email (optional)', email, 'Told when a screen of their buildings needs help')),
    holder, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, user ? 'Save' : 'Add person')));
    return form;
  }

  const editor = h('div');
  const rows = users.map((u) => h('article', { class: 'item' },
    h('div', { class: 'item-main' }, h('h3', {}, u.name, u.id === session.user.id ? h('span', { class: 'badge' }, 'you') : null),
      h('p', { class: 'quiet small' }, ROLE_WORDS[u.role], u.sites.length ? ' · ' + u.sites.map(siteName).join(', ') : '', u.email ? ` · ${u.email}` : '')),
    h('div', { class: 'actions' },
      // An organiser's account follows its group: it is changed and suspended on the Groups page.
      u.role === 'organiser' ? null : button('Change', () => { mount(editor, userForm(u)); editor.scrollIntoView({ behavior: 'smooth' }); }, '', `Change ${u.name}`),
      u.id === session.user.id ? null : button('Remove', async () => {
        if (!confirm(`Remove ${u.name}'s account?`)) return;
        try { await api.del(`/users/${u.id}`); toast('Removed'); reload(); } catch (err) { toast(err.message, 'error'); }
      }, 'danger', `Remove ${u.name}`))));
  mount(editor, userForm(null));
  mount(main, h('h1', {}, 'People'), h('div', { class: 'list' }, rows), editor);
}
