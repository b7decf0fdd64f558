// "Suggestions from the public": what visitors sent from "Suggest an event or notice" on a
// building's public What's on page. Nothing here is on a screen: a coordinator turns one
// into an event or a notice (the editor opens filled in, and nothing is saved until they
// add it there) or dismisses it, which deletes it and its email at once.
import { h, mount, button, toast } from './dom.js';

const DRAFT_KEY = 'coi-suggested-draft';

// The draft an editor page should open with, once: {kind, site, item, note} or null.
export function takeSuggestionDraft(kind, siteId) {
  const stored = sessionStorage.getItem(DRAFT_KEY);
  if (!stored) return null;
  const draft = JSON.parse(stored);
  if (draft.kind !== kind || draft.site !== siteId) return null;
  sessionStorage.removeItem(DRAFT_KEY);
  return draft;
}

// What the editor starts from: the visitor's words, in the fields the feed has for them.
// "When" is the visitor's own words, so it is said beside the form, never guessed into a date.
function draftOf(kind, s) {
  const item = kind === 'events'
    ? { title: s.title, ...(s.details ? { description: s.details.slice(0, 300) } : {}) }
    : { title: s.title, body: [s.when, s.details].filter(Boolean).join('. ').slice(0, 600) };
  return { item, note: `Suggested by ${s.email} for "${s.when}". Nothing is saved until you add it.` };
}

function received(at) {
  return new Date(at * 1000).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

// Draws the section into `element` for the building `only` (the Waiting tab of a building).
export async function renderSuggestions(element, { api, session, go, only }) {
  const sites = session.sites.filter((s) => s.id === only);
  const queues = await Promise.all(sites.map(async (site) => ({ site, list: (await api.get(`/sites/${site.id}/suggestions`)).suggestions })));
  const waiting = queues.filter((q) => q.list.length);

  async function approve(site, s, kind) {
    try {
      await api.post(`/sites/${site.id}/suggestions/${s.id}/approve`, {});
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ kind, site: site.id, ...draftOf(kind, s) }));
      go(`/site/${site.id}/${kind}`);
    } catch (err) { toast(err.message, 'error'); }
  }

  async function dismiss(site, s, card) {
    if (!confirm(`Dismiss "${s.title}"? It and the email address are deleted.`)) return;
    try {
      await api.del(`/sites/${site.id}/suggestions/${s.id}`);
      card.remove();
      toast('Dismissed');
    } catch (err) { toast(err.message, 'error'); }
  }

  mount(element, h('h2', { id: 'waiting-suggestions' }, 'Suggestions from the public'),
    h('p', { class: 'quiet' }, 'Sent from "Suggest an event or notice" on the public What\'s on page. None of them is shown anywhere until you add it. Each is deleted, with its email, 90 days after it arrived.'),
    waiting.length ? waiting.map(({ site, list }) => h('div', { class: 'list' },
      sites.length > 1 ? h('h3', {}, site.name) : null,
      list.map((s) => {
        const card = h('article', { class: 'item suggestion' },
          h('div', { class: 'item-main' },
            h('h3', {}, s.title),
            h('p', {}, h('strong', {}, 'When: '), s.when),
            s.details ? h('p', {}, s.details) : null,
            h('p', { class: 'quiet small' }, 'From ', h('a', { href: `mailto:${s.email}` }, s.email), ` · ${received(s.received_at)}`)),
          h('div', { class: 'actions' },
            button('Make it an event', () => approve(site, s, 'events'), 'primary', `Make it an event: ${s.title}`),
            button('Make it a notice', () => approve(site, s, 'notices'), '', `Make it a notice: ${s.title}`),
            button('Dismiss', () => dismiss(site, s, card), 'danger', `Dismiss: ${s.title}`)));
        return card;
      }))) : h('p', { class: 'quiet' }, 'No suggestions waiting.'));
}
