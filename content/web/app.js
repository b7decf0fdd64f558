// The admin's shell: sign-in, the session, the hash router and the site tabs. Each page
// lives in its own view_*.js and draws into <main> from what the API returns.
import { api, setCsrf, ApiError } from './api.js';
import { h, mount, toast, field, button } from './dom.js';
import { renderEvents } from './view_events.js';
import { renderNotices } from './view_notices.js';
import { renderSpecials } from './view_specials.js';
import { renderSettings } from './view_settings.js';
import { renderFootfall } from './view_footfall.js';
import { renderScreens } from './view_screens.js';
import { renderUsers } from './view_users.js';
import { renderHome } from './view_home.js';
import { renderReports } from './view_reports.js';
// [emergency mode] the red banner on every page while a building's emergency is on
import { drawEmergencyBanner } from './view_emergency.js';
import { renderWaiting } from './view_waiting.js';
import { renderGroups } from './view_groups.js';
import { renderAudit } from './view_audit.js';

const main = document.getElementById('main');
let session = null;
let routeSeq = 0; // a slower, older route must not draw over a newer one

const SITE_TABS = [
  ['events', "What's on"], ['notices', 'Notices'], ['specials', 'Café'], ['settings', 'Building'], ['footfall', 'Visitors'],
  ['waiting', 'Waiting'], ['audit', 'Audit'],
];
// An organiser's own group's sessions and notices, and what of theirs waits for approval.
const ORGANISER_TABS = [['events', "What's on"], ['notices', 'Notices'], ['waiting', 'Waiting']];

function go(path) {
  if (location.hash === '#' + path) route(); else location.hash = path;
}

async function loadSession() {
  try {
    session = await api.get('/session');
    setCsrf(session.csrf);
  } catch (e) {
    session = null;
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
  }
}

function drawChrome() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!session) { mount(nav); mount(who); return; }
  const role = session.user.role;
  const links = role === 'cafe'
    ? [[`#/site/${session.user.sites[0]}/specials`, "Today's specials"]]
    : role === 'organiser' ? [['#/', 'Buildings']]
    : [['#/', 'Buildings'], ['#/screens', 'Screens'], ['#/reports', 'Reports'], ['#/groups', 'Groups'], ...(role === 'admin' ? [['#/users', 'People']] : [])];
  const hash = location.hash || '#/';
  const current = (href) => (href === '#/' ? hash === '#/' || hash.startsWith('#/site/') : hash.startsWith(href));
  mount(nav, links.map(([href, text]) => h('a', { href, 'aria-current': current(href) ? 'page' : null }, text)));
  mount(who, h('span', { class: 'quiet' }, session.user.name), ' ', button('Sign out', signOut, 'link'));
}

async function signOut() {
  try { await api.post('/logout'); } catch { /* signed out either way */ }
  session = null;
  setCsrf('');
  go('/login');
}

function renderLogin() {
  const name = h('input', { name: 'name', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card narrow', onsubmit: async (ev) => {
    ev.preventDefault();
    message.textContent = '';
    try {
      await api.post('/login', { name: name.value.trim(), password: password.value });
      await loadSession();
      go(session.user.role === 'cafe' ? `/site/${session.user.sites[0]}/specials` : '/');
    } catch (e) { message.textContent = e.message; password.select(); }
  } },
  h('h1', {}, 'Welcome in'),
  h('p', { class: 'quiet' }, 'Sign in to update what the screens in your building show.'),
  field('Your name', name), field('Password', password), message,
  h('button', { type: 'submit', class: 'primary wide' }, 'Sign in'));
  mount(main, form);
  name.focus();
}

async function renderSite(main, siteId, tab) {
  const role = session.user.role;
  const tabs = role === 'cafe' ? [['specials', "Today's specials"]] : role === 'organiser' ? ORGANISER_TABS : SITE_TABS;
  if (!tabs.some(([id]) => id === tab)) tab = tabs[0][0]; // the server refuses the rest anyway
  const site = await api.get(`/sites/${siteId}`);
  const body = h('div', { class: 'tab-body' });
  const siteName = site.name || siteId;
  mount(main,
    h('div', { class: 'site-head' },
      h('h1', {}, siteName),
      h('a', { class: 'quiet small', href: `/whats-on/${siteId}`, target: '_blank', rel: 'noopener' }, "Public What's on page ↗")),
    tabs.length > 1 ? h('nav', { class: 'tabs', 'aria-label': siteName },
      tabs.map(([id, text]) => h('a', { href: `#/site/${siteId}/${id}`, 'aria-current': id === tab ? 'page' : null }, text))) : null,
    body);
  const ctx = { session, site, siteId, zone: site.site.timezone || 'Europe/London', go, reload: () => route(), api, body };
  const views = { events: renderEvents, notices: renderNotices, specials: renderSpecials, settings: renderSettings, footfall: renderFootfall,
    waiting: renderWaiting, audit: renderAudit };
  await (views[tab] || renderEvents)(ctx);
}

async function route() {
  const mine = ++routeSeq;
  const [path, query] = (location.hash.replace(/^#/, '') || '/').split('?'); // a report's choices ride in the query
  if (!session && path !== '/login') await loadSession();
  if (mine !== routeSeq) return;
  if (!session) { drawChrome(); mount(document.getElementById('emergency')); renderLogin(); return; }
  drawChrome();
  drawEmergencyBanner(api, route); // [emergency mode]
  const parts = path.split('/').filter(Boolean);
  // Each page draws off-screen and is swapped in only if it is still the one asked for.
  const main = document.createElement('div');
  const context = { session, api, main, go };
  try {
    if (parts[0] === 'login') { go('/'); return; }
    else if (parts[0] === 'site' && parts[1]) await renderSite(main, parts[1], parts[2] || (session.user.role === 'cafe' ? 'specials' : 'events'));
    else if (session.user.role === 'cafe') { go(`/site/${session.user.sites[0]}/specials`); return; }
    // Every page gets the same context and takes from it what it needs.
    else if (parts[0] === 'reports') await renderReports({ ...context, query });
    else if (parts[0] === 'screens') await renderScreens({ ...context, reload: route });
    else if (parts[0] === 'users') await renderUsers({ ...context, reload: route });
    else if (parts[0] === 'groups') await renderGroups({ ...context, reload: route });
    else await renderHome({ ...context, reload: async () => { await loadSession(); route(); } });
  } catch (e) {
    mount(main, h('div', { class: 'card' }, h('h1', {}, 'Something went wrong'), h('p', {}, e.message), button('Try again', route)));
  }
  if (mine !== routeSeq) return;
  const page = document.getElementById('main');
  mount(page, ...main.childNodes);
  page.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
window.addEventListener('signed-out', () => { session = null; toast('Your session has ended. Please sign in again.', 'error'); go('/login'); });
window.addEventListener('unhandledrejection', (ev) => { toast(ev.reason?.message || 'Something went wrong.', 'error'); });
route();
