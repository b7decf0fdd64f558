// Which pages a building's screens turn through, in what order and for how long: the
// building's own choice, and any screen role's own (the café board showing the café first).
// Stored as the feed's rotation object plus "by_role"; each screen's feed carries only the
// rotation for its role.
import { h, mount, field, button, toast, formError } from './dom.js';

export const PAGES = [['whats-on', "What's on today"], ['cafe', 'Café today'], ['notices', 'Notices'], ['week', 'This week']];
const DEFAULT = { dwell_seconds: 15, pages: PAGES.map(([code]) => code) };
const label = (code) => PAGES.find(([c]) => c === code)?.[1] || code;

// Every page in the order shown: the chosen ones first, in their order, then the rest.
function rowsOf(rotation) {
  const chosen = (rotation.pages || DEFAULT.pages).filter((code) => PAGES.some(([c]) => c === code));
  return [...chosen.map((code) => ({ code, on: true })), ...PAGES.filter(([c]) => !chosen.includes(c)).map(([code]) => ({ code, on: false }))];
}

export function rotationCard({ api, site, roles }) {
  const stored = structuredClone(site.rotation || {});
  let byRole = { ...(stored.by_role || {}) };
  let building = { ...stored };
  delete building.by_role;
  const roleNames = [...new Set([...roles, ...Object.keys(byRole)])].sort();
  const which = h('select', { name: 'role', onchange: () => draw() },
    h('option', { value: '' }, 'Every screen without its own'), roleNames.map((r) => h('option', { value: r }, `${r} screens`)));
  const editor = h('div');
  let rows = [];
  const dwell = h('input', { type: 'number', min: 3, max: 600, required: true });

  function drawRows(list) {
    mount(list, rows.map((row, i) => {
      const name = label(row.code);
      return h('li', { class: 'inline-row rotation-row' },
        h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: row.on, onchange: (ev) => { row.on = ev.target.checked; } }), ' ', name),
        button('Up', () => { if (i > 0) { [rows[i - 1], rows[i]] = [rows[i], rows[i - 1]]; drawRows(list); } }, 'link', `Move ${name} up`),
        button('Down', () => { if (i < rows.length - 1) { [rows[i + 1], rows[i]] = [rows[i], rows[i + 1]]; drawRows(list); } }, 'link', `Move ${name} down`));
    }));
  }

  function draw() {
    const role = which.value;
    const own = role ? byRole[role] : null;
    const shown = own || building;
    rows = rowsOf(shown);
    dwell.value = shown.dwell_seconds ?? DEFAULT.dwell_seconds;
    const list = h('ol', { class: 'rotation-pages', 'aria-label': 'Pages, in the order they show' });
    drawRows(list);
    mount(editor, list,
      role && !own ? h('p', { class: 'quiet small' }, `${role} screens show the building's pages. Saving gives them their own.`) : null,
      field('Seconds on each page', dwell, '3 to 600'),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, role ? `Save pages for ${role} screens` : 'Save pages'),
        role && own ? button("Use the building's pages", () => save(role, null), '', `${role} screens use the building's pages`) : null));
  }

  async function save(role, rotation) {
    const next = { ...building };
    const nextByRole = { ...byRole };
    if (!role) Object.assign(next, rotation);
    else if (rotation) nextByRole[role] = rotation;
    else delete nextByRole[role];
    if (Object.keys(nextByRole).length) next.by_role = nextByRole;
    formError(form, '');
    try {
      await api.put(`/sites/${site.id}/rotation`, next);
      toast('Pages saved. Screens update within a minute.');
      byRole = nextByRole;
      building = { ...next };
      delete building.by_role;
      draw();
    } catch (err) { formError(form, err.message); toast(err.message, 'error'); }
  }

  const form = h('form', { class: 'card rotation', 'aria-labelledby': `rotation-${site.id}`, onsubmit: async (ev) => {
    ev.preventDefault();
    const pages = rows.filter((r) => r.on).map((r) => r.code);
    if (!pages.length) return formError(form, 'Choose at least one page.');
    await save(which.value, { dwell_seconds: Number(dwell.value), pages });
  } },
  h('h2', { id: `rotation-${site.id}` }, `Pages on the screens at ${site.name || site.id}`),
  h('p', { class: 'quiet small' }, 'Which pages each kind of screen turns through, in what order, and how long each stays.'),
  field('Screens', which), editor, previewPanel(site, () => which.value || 'reception'));
  draw();
  return form;
}

// [SECTION] Preview

// What a screen of the chosen kind shows now, drawn by the kiosk program on the server from
// the content as saved: save a change, then look again to see it as the screens will.
function previewPanel(site, role) {
  const page = h('select', {}, PAGES.map(([code, name]) => h('option', { value: code }, name)));
  const out = h('div', { class: 'preview', 'aria-live': 'polite' });
  const show = async () => {
    mount(out, h('p', { class: 'quiet small' }, 'Drawing the screen…'));
    const params = new URLSearchParams({ role: role(), page: page.value, size: '1280x720' });
    try {
      const res = await fetch(`/api/admin/sites/${site.id}/preview?${params}`, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        mount(out, h('p', { class: 'form-error', role: 'alert' }, body.error || `The preview failed (${res.status}).`));
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const name = PAGES.find(([c]) => c === page.value)[1];
      mount(out, h('img', { class: 'screenshot', src: url, alt: `${name} as ${role()} screens show it now`, width: 640, height: 360 }));
    } catch (err) { mount(out, h('p', { class: 'form-error', role: 'alert' }, err.message)); }
  };
  // Said before anyone asks when this server has no kiosk program to draw with.
  fetch('/api/admin/preview', { credentials: 'same-origin' }).then((res) => res.json()).then((status) => {
    if (!status.available) mount(out, h('p', { class: 'notice-box' }, status.message));
  }).catch(() => {});
  return h('div', { class: 'preview-panel' }, h('h3', {}, 'Preview'),
    h('div', { class: 'row' }, field('Page to preview', page), h('div', { class: 'actions' }, button('Show preview', show))),
    out);
}
