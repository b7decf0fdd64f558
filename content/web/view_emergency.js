// Emergency mode in the admin: one big "Emergency…" button per building on Home (two taps:
// choose what the screens say, then confirm), and while one is on, a red banner across every
// page with "End emergency" (the same confirm). The server checks the role on every call.
import { h, mount, toast } from './dom.js';

const KINDS = [
  ['evacuate', 'Evacuate now', 'Everyone leaves by the nearest exit; the screens show the assembly point.'],
  ['closed', 'Building closed', 'The building is closed; people leave calmly.'],
  ['stay_inside', 'Stay inside', 'Everyone stays in, away from doors and windows.'],
];

function kindLabel(kind) { return (KINDS.find(([code]) => code === kind) || [kind, 'A message'])[1]; }

// The banner: filled on every route, empty when nothing is on.
export async function drawEmergencyBanner(api, reload) {
  const banner = document.getElementById('emergency');
  if (!banner) return;
  let sites = [];
  try { ({ sites } = await api.get('/emergencies')); } catch { mount(banner); return; }
  const on = sites.filter((s) => s.emergency?.active);
  mount(banner, on.map((s) => {
    const confirm = h('div', { class: 'emergency-confirm', hidden: true },
      h('span', {}, 'End the emergency on every screen of this building?'), ' ',
      h('button', { type: 'button', class: 'on-red', onclick: async () => {
        try { await api.post(`/sites/${s.site_id}/emergency/end`); toast('Emergency ended. The screens go back within seconds.'); await reload(); }
        catch (e) { toast(e.message, 'error'); }
      } }, 'Yes, end it'), ' ',
      h('button', { type: 'button', class: 'on-red quiet-red', onclick: () => { confirm.hidden = true; } }, 'Cancel'));
    return h('div', { class: 'emergency-banner', role: 'alert' },
      h('strong', {}, `Emergency at ${s.name || s.site_id}: ${kindLabel(s.emergency.kind)}`),
      s.emergency.message ? h('span', {}, ` — “${s.emergency.message}”`) : null,
      h('span', {}, ` (started by ${s.emergency.started_by || 'someone'})`), ' ',
      s.may_change ? h('button', { type: 'button', class: 'on-red', onclick: () => { confirm.hidden = false; } }, 'End emergency') : null,
      confirm);
  }));
}

// Home: one big button per building this account may start an emergency for.
export function emergencyPanel(api, sites, emergencies, reload) {
  const mine = sites.filter((site) => emergencies.find((e) => e.site_id === site.id)?.may_change);
  if (!mine.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'emergency-heading' },
    h('h2', { id: 'emergency-heading' }, 'Emergency'),
    h('p', { class: 'quiet' }, 'Takes over every screen of the building within seconds and stops check-in.'),
    mine.map((site) => emergencyChooser(api, site, emergencies.find((e) => e.site_id === site.id)?.emergency, reload)));
}

function emergencyChooser(api, site, current, reload) {
  const name = site.name || site.id;
  const start = async (kind, message) => {
    try {
      await api.post(`/sites/${site.id}/emergency`, message ? { kind, message } : { kind });
      toast(`Emergency on every screen of ${name}.`);
      await reload();
      window.scrollTo(0, 0); // the banner, above everything, says it is on
    } catch (e) { toast(e.message, 'error'); }
  };
  const confirmRow = h('div', { class: 'emergency-confirm', hidden: true });
  const ask = (kind, message) => {
    mount(confirmRow,
      h('p', {}, h('strong', {}, `Show “${message || kindLabel(kind)}” on every screen of ${name}?`)),
      h('button', { type: 'button', class: 'danger', onclick: () => start(kind, message) }, 'Yes, start now'), ' ',
      h('button', { type: 'button', onclick: () => { confirmRow.hidden = true; } }, 'Cancel'));
    confirmRow.hidden = false;
    confirmRow.querySelector('button').focus();
  };
  const messageBox = h('textarea', { maxlength: 500, rows: 2, 'aria-label': `Message for the screens of ${name}` });
  const choices = h('div', { class: 'emergency-choices', hidden: true },
    KINDS.map(([kind, label, hint]) => h('button', { type: 'button', class: 'emergency-kind', onclick: () => ask(kind) },
      h('strong', {}, label), h('span', { class: 'small' }, hint))),
    h('div', { class: 'emergency-message' },
      h('label', {}, 'Or type a message', messageBox),
      h('button', { type: 'button', onclick: () => { if (messageBox.value.trim()) ask('message', messageBox.value.trim()); else messageBox.focus(); } }, 'Show this message')),
    confirmRow);
  const big = h('button', { type: 'button', class: 'danger big', 'aria-expanded': 'false',
    onclick: () => { choices.hidden = !choices.hidden; big.setAttribute('aria-expanded', String(!choices.hidden)); } },
  current?.active ? `Emergency on at ${name}: change…` : `Emergency at ${name}…`);
  return h('div', { class: 'emergency-site' }, big, choices);
}
