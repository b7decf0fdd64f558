// "Preview": what the screens would show with the edit in the form applied, before it is
// saved. The server applies the draft without storing it and has the kiosk program draw each
// screen role's page (POST /sites/ID/preview/KIND[/ID]); the pictures open in a dialog, one
// per role, named. A draft the server refuses is refused as a save would be, at the field.
import { h, mount, button } from './dom.js';

const BUSY_RETRIES = 10; // another coordinator's preview is drawing: wait its Retry-After, then try again
let dialogCount = 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The roles of this building's screens, or "reception" when none is paired yet.
export async function screenRoles(api, siteId) {
  const { screens } = await api.get('/screens');
  const roles = [...new Set(screens.filter((s) => s.site_id === siteId && !s.revoked).map((s) => s.role))];
  return roles.length ? roles : ['reception'];
}

async function draw(api, path, query, item) {
  for (let attempt = 0; ; ++attempt) {
    try {
      return (await api.picture(`${path}?${query}`, item)).blob;
    } catch (err) {
      if (err.code !== 'busy' || attempt >= BUSY_RETRIES) throw err;
      await sleep((err.retryAfter || 3) * 1000);
    }
  }
}

// `kind`: events, notices or specials; `id`: the stored item's id when editing one (as PUT
// would), empty for a new one; `item`: the draft; `roles`: the screen roles to draw; `page`:
// the kiosk page to draw; `onRefused(err)`: shows a refusal at its field, as a save does.
// Resolves once the first picture is drawn (the dialog is then open) or the draft is refused.
export async function showDraftPreview({ api, siteId, kind, id, item, roles, page, pageName, onRefused, opener }) {
  const path = `/sites/${siteId}/preview/${kind}${id ? `/${id}` : ''}`;
  const query = (role) => new URLSearchParams({ role, page, size: '1280x720' }).toString();
  let first;
  try {
    first = await draw(api, path, query(roles[0]), item);
  } catch (err) {
    onRefused(err);
    return false;
  }
  const heading = h('h2', { id: `draft-preview-${++dialogCount}` }, 'Preview: not saved yet');
  const figures = h('div', { class: 'draft-previews' });
  const close = button('Close preview', () => dialog.close(), 'primary');
  const dialog = h('dialog', { class: 'draft-preview', 'aria-labelledby': heading.id },
    heading,
    h('p', { class: 'quiet small' }, `${pageName} as the screens would show it with your change, drawn by their own program. Nothing changes on the screens until you save.`),
    figures, h('div', { class: 'actions' }, close));
  dialog.addEventListener('close', () => {
    for (const img of dialog.querySelectorAll('img')) URL.revokeObjectURL(img.src);
    dialog.remove();
    opener?.focus();
  });
  const figure = (role, blob) => h('figure', {},
    h('figcaption', {}, `On ${role} screens`),
    h('img', { class: 'screenshot', src: URL.createObjectURL(blob), width: 1280, height: 720,
      alt: `${pageName} as ${role} screens would show it with the unsaved change` }));
  document.body.append(dialog);
  mount(figures, figure(roles[0], first));
  dialog.showModal();
  close.focus();
  // The other roles one after another: the server draws one preview at a time.
  for (const role of roles.slice(1)) {
    if (!dialog.open) break;
    const waiting = h('p', { class: 'quiet small', 'aria-live': 'polite' }, `Drawing ${role} screens…`);
    figures.append(waiting);
    try {
      const blob = await draw(api, path, query(role), item);
      waiting.replaceWith(figure(role, blob));
    } catch (err) {
      waiting.replaceWith(h('p', { class: 'form-error', role: 'alert' }, `${role} screens: ${err.message}`));
    }
  }
  return true;
}
