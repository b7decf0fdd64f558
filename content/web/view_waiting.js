// Waiting: what needs a coordinator's yes before any screen shows it. Each source of such
// things has its own section: changes from the building's organiser groups here, and
// suggestions from the public beside them. An organiser sees only their own group's changes.
import { h, mount, button, toast } from './dom.js';
import { renderSuggestions } from './view_suggestions.js';

export const WAITING_WORDS = 'Sent for approval. It shows on the screens once a coordinator says yes.';

function when(seconds) {
  return new Date(seconds * 1000).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function decideButton(ctx, change, decision, words, cls) {
  return button(words, async () => {
    try {
      await ctx.api.post(`/changes/${change.id}/${decision}`);
      toast(decision === 'approve' ? 'Approved. Screens update within a minute.' : decision === 'undo' ? 'Undone.' : 'Turned down.');
    } catch (err) { toast(err.message, 'error'); }
    ctx.reload();
  }, cls, `${words}: ${change.description}`);
}

function changeLine(ctx, change, actions) {
  return h('article', { class: 'item' },
    h('div', { class: 'item-main' },
      h('h3', {}, change.description),
      h('p', { class: 'quiet small' }, `${change.group} · ${change.user} · ${when(change.created_at)}`)),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

// [SECTION] Changes from organisers
function organiserChanges(ctx, { waiting, recent, decides }) {
  const pending = waiting.map((change) => changeLine(ctx, change, decides
    ? [decideButton(ctx, change, 'approve', 'Approve', 'primary'), decideButton(ctx, change, 'reject', 'Turn down', 'danger')]
    : []));
  const live = recent.map((change) => changeLine(ctx, change, decides ? [decideButton(ctx, change, 'undo', 'Undo', '')] : []));
  return h('section', { class: 'card', 'aria-labelledby': 'waiting-organisers' },
    h('h2', { id: 'waiting-organisers' }, 'Changes from organisers'),
    pending.length ? h('div', { class: 'list' }, pending) : h('p', { class: 'quiet' }, 'Nothing waiting.'),
    live.length ? [h('h3', {}, 'Recent changes by trusted groups'),
      h('p', { class: 'quiet small' }, 'These went on the screens at once. Undo puts back what was there before.'),
      h('div', { class: 'list' }, live)] : null);
}

// [SECTION] Suggestions from the public
// Drawn by their own module (view_suggestions.js), for those who decide: an organiser sees
// only their own group's changes.

export async function renderWaiting(ctx) {
  const { api, siteId, body } = ctx;
  const changes = await api.get(`/sites/${siteId}/waiting`);
  const suggestions = changes.decides ? h('section', { class: 'card', 'aria-labelledby': 'waiting-suggestions' }) : null;
  mount(body, organiserChanges(ctx, changes), suggestions);
  if (suggestions) await renderSuggestions(suggestions, { ...ctx, only: siteId });
}
