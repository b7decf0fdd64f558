// Screens: pair a new one by the code it shows, see which are online and what they show,
// rename or move them, and revoke one that is lost or replaced.
import { h, mount, field, button, toast, showFieldError, clearFieldError } from './dom.js';
import { ago } from './time.js';
import { rotationCard } from './view_rotation.js';

const ROLES = ['reception', 'cafe', 'hall'];
const REFRESH_SECONDS = 5;

// "3 d 4 h", "2 h 5 min", "12 min": how long the screen had been running when it reported.
function duration(seconds) {
  const d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24, m = Math.floor(seconds / 60) % 60;
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  return `${m} min`;
}

// 5368709120 -> "5.0 GB free"
function freeDisk(bytes) {
  /** @type {Array<[string, number]>} */
  const units = [['GB', 2 ** 30], ['MB', 2 ** 20], ['KB', 2 ** 10]];
  const [unit, size] = units.find(([, size]) => bytes >= size) || ['bytes', 1];
  return `${unit === 'bytes' ? bytes : (bytes / size).toFixed(1)} ${unit} free`;
}

// What the last heartbeat said about the screen itself; parts an older kiosk did not send are left out.
function health(s) {
  const parts = [];
  if (s.uptime_seconds != null) parts.push(`running ${duration(s.uptime_seconds)}`);
  if (s.last_sync_at != null) parts.push(s.last_sync_at ? `last good update ${ago(s.last_sync_at)}` : 'no good update yet');
  if (s.free_disk_bytes != null) parts.push(freeDisk(s.free_disk_bytes));
  return parts.length ? h('p', { class: 'quiet small health' }, parts.join(' · ') + (s.status_at ? ` (reported ${ago(s.status_at)})` : '')) : null;
}

// What a coordinator can ask a screen to do now; the screen hears at once and its next
// heartbeat confirms it. Restarting blanks the screen for a moment, so it asks first.
const ACTIONS = [
  ['refresh', 'Refresh now', 'Refresh'],
  ['screenshot', 'Take a screenshot now', 'Screenshot'],
  ['identify', 'Show identify', 'Identify'],
  ['restart', 'Restart the kiosk', 'Restart'],
];
const actionName = (code) => ACTIONS.find(([c]) => c === code)?.[2] || code;

// 1795600000 -> "10:32", in this browser's time.
const clockTime = (unix) => new Date(unix * 1000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

// "Identify: asked at 10:32 · done 10:32", newest first; one not done in time says so.
function actionLog(s, now) {
  if (!s.actions?.length) return null;
  return h('ul', { class: 'quiet small action-log' }, s.actions.map((a) => h('li', {},
    `${actionName(a.action)}: asked at ${clockTime(a.asked_at)} · ` +
    (a.done_at ? `done ${clockTime(a.done_at)}` : now - a.asked_at > 600 ? 'not collected (lapsed)' : 'waiting for the screen'))));
}

// [a, b, c] -> "a, b and c".
const inWords = (items) => items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

// A screen whose kiosk reads an older feed: what of this content it cannot show, from the
// server's feed level table (cannot_show), with what it shows instead.
function olderSoftware(s) {
  if (s.revoked || !s.cannot_show?.length) return null;
  return h('div', { class: 'older-software' },
    h('p', { class: 'warn small' }, `This screen's software is older: it cannot show ${inWords(s.cannot_show.map((c) => c.what))}. Update the kiosk on it to show them.`),
    h('ul', { class: 'quiet small' }, s.cannot_show.map((c) => h('li', {}, `${c.what}: ${c.instead}`))));
}

// [SECTION] Screens that ask for help: the problems the server told the building's people
// about, in words with a "Needs help" badge (not colour alone), until they clear.
const PROBLEM_NAMES = { silent: 'Silent', old_content: 'Old content', repeating_error: 'Keeps failing', low_disk: 'Low disk' };
function problems(s) {
  if (s.revoked || !s.problems?.length) return null;
  return h('div', { class: 'problems', role: 'group', 'aria-label': `${s.name} needs help` },
    h('p', { class: 'problems-head' }, h('span', { class: 'badge problem' }, 'Needs help')),
    h('ul', {}, s.problems.map((p) => h('li', {}, h('strong', {}, `${PROBLEM_NAMES[p.kind] || p.kind}: `), `${p.words} (since ${clockTime(p.since)})`))));
}

export async function renderScreens({ api, main, reload }) {
  const [{ screens, now: serverNow }, { sites }] = await Promise.all([api.get('/screens'), api.get('/sites')]);
  let now = serverNow;
  const siteName = (id) => sites.find((s) => s.id === id)?.name || id;

  const siteSelect = (value) => {
    const el = h('select', { name: 'site_id' }, sites.map((s) => h('option', { value: s.id }, s.name || s.id)));
    if (value) el.value = value;
    return el;
  };
  const roleInput = (value) => h('input', { name: 'role', list: 'screen-roles', required: true, value: value || 'reception', autocapitalize: 'none' });

  // Typed as the screen shows it ("483 920 117"), with dashes, or pasted: the server reads the nine digits.
  const code = h('input', { name: 'code', required: true, inputmode: 'numeric', maxlength: 20, placeholder: '483 920 117', autocomplete: 'off', class: 'code' });
  const pairSite = siteSelect();
  const pairRole = roleInput();
  const pairName = h('input', { name: 'name', required: true, placeholder: 'Reception TV' });
  const pairForm = h('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    clearFieldError(code);
    try {
      const { screen } = await api.post('/screens/adopt', { code: code.value, site_id: pairSite.value, role: pairRole.value.trim(), name: pairName.value.trim() });
      toast(`Paired ${screen.name} with ${siteName(screen.site_id)}. It shows the building within a few seconds.`);
      reload();
    } catch (err) {
      const at = { site_id: pairSite, role: pairRole, name: pairName }[err.message.match(/field "(\w+)"/)?.[1]] || code;
      showFieldError(at, err.message);
      toast(err.message, 'error');
    }
  } },
  h('h2', {}, 'Pair a new screen'),
  h('p', { class: 'quiet small' }, 'Switch the screen on. It shows a 9-digit code; type it here.'),
  h('div', { class: 'row' }, field('Code on the screen', code), field('Building', pairSite), field('What it is for', pairRole), field('Name', pairName)),
  h('datalist', { id: 'screen-roles' }, ROLES.map((r) => h('option', { value: r }))),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Pair screen')));

  const card = (s) => {
    // Just paired, a screen has not come for its content yet: that is not "Offline".
    const waiting = !s.revoked && !s.last_seen;
    const state = s.revoked ? ['revoked', 'Removed'] : waiting ? ['waiting', 'Waiting'] : s.online ? ['online', 'Online'] : ['offline', 'Offline'];
    const behind = !s.revoked && s.content_version && s.content_version < s.latest_version;
    const editing = h('div');
    return h('article', { class: `card screen ${state[0]}${!s.revoked && s.problems?.length ? ' needs-help' : ''}` },
      h('div', { class: 'screen-head' },
        h('h3', {}, h('span', { class: `dot ${state[0]}`, 'aria-hidden': 'true' }), s.name),
        h('span', { class: 'badge' }, state[1])),
      h('p', { class: 'quiet small' }, `${siteName(s.site_id)} · ${s.role} · ${waiting ? 'Paired, waiting for its first visit' : `last seen ${ago(s.last_seen)}`}`),
      h('p', { class: 'small' }, s.content_version ? `Showing version ${s.content_version}` : 'Has not reported what it shows yet',
        behind ? h('span', { class: 'badge warn' }, `latest is ${s.latest_version}`) : null,
        s.app_version ? ` · app ${s.app_version}` : ''),
      problems(s),
      health(s),
      olderSoftware(s),
      s.last_error ? h('p', { class: 'warn small' }, 'Last problem: ' + s.last_error) : null,
      s.screenshot_at ? h('a', { href: `/api/admin/screens/${s.id}/screenshot`, target: '_blank', rel: 'noopener' },
        h('img', { class: 'screenshot', src: `/api/admin/screens/${s.id}/screenshot?at=${s.screenshot_at}`, alt: `What ${s.name} showed ${ago(s.screenshot_at)}`, loading: 'lazy' })) : null,
      s.revoked ? null : actionLog(s, now),
      s.revoked ? null : h('div', { class: 'actions remote-actions' }, ACTIONS.map(([code, label]) =>
        button(label, async () => {
          if (code === 'restart' && !confirm(`Restart ${s.name}? The screen goes blank for a few seconds.`)) return;
          try { await api.post(`/screens/${s.id}/actions`, { action: code }); toast(`${label}: asked ${s.name}`); reload(); } catch (err) { toast(err.message, 'error'); }
        }, code === 'restart' ? 'danger' : '', `${label}: ${s.name}`))),
      s.revoked ? null : h('div', { class: 'actions' },
        button('Change', () => {
          const site = siteSelect(s.site_id), role = roleInput(s.role), name = h('input', { required: true, value: s.name });
          mount(editing, h('form', { onsubmit: async (ev) => {
            ev.preventDefault();
            try { await api.put(`/screens/${s.id}`, { site_id: site.value, role: role.value.trim(), name: name.value.trim() }); toast('Saved'); reload(); } catch (err) { toast(err.message, 'error'); }
          } }, field('Name', name), field('Building', site), field('What it is for', role), h('button', { type: 'submit', class: 'primary' }, 'Save')));
        }, '', `Change ${s.name}`),
        button('Revoke', async () => {
          if (!confirm(`Revoke ${s.name}? It stops updating at once and must be paired again.`)) return;
          try { await api.post(`/screens/${s.id}/revoke`); toast(`${s.name} revoked`); reload(); } catch (err) { toast(err.message, 'error'); }
        }, 'danger', `Revoke ${s.name}`)),
      editing);
  };

  const list = h('div');
  const draw = (all) => mount(list, all.length ? h('div', { class: 'grid' }, all.map(card)) : h('p', { class: 'quiet' }, 'No screens yet.'));
  draw(screens);
  // Each building's pages per kind of screen: the roles its screens have, and the usual ones.
  const details = await Promise.all(sites.map((s) => api.get(`/sites/${s.id}`)));
  const rotations = details.map((site, i) => rotationCard({ api, site: { ...site, id: sites[i].id, name: sites[i].name },
    roles: [...ROLES, ...screens.filter((s) => s.site_id === sites[i].id).map((s) => s.role)] }));
  mount(main, h('h1', {}, 'Screens'), list, sites.length ? pairForm : h('p', {}, 'Add a building first.'), rotations);

  // Each screen's state changes without anyone here doing anything (a new screen's first
  // visit, one going offline): look again every few seconds while this page is open. It is
  // one small request; a card being changed, or focus in the list, waits for the next look.
  const timer = setInterval(async () => {
    if (!list.isConnected) { clearInterval(timer); return; }
    if (list.querySelector('form') || list.contains(document.activeElement) || document.hidden) return;
    try { const fresh = await api.get('/screens'); now = fresh.now; draw(fresh.screens); } catch { /* the next look may work */ }
  }, REFRESH_SECONDS * 1000);
}
