// Notices: show-from/until, which screens, an optional picture, and the urgent banner
// that always carries an expiry so it cannot be forgotten on screen for a week.
import { WAITING_WORDS } from './view_waiting.js';
import { h, mount, field, button, toast, showFieldError, clearFieldError, formError } from './dom.js';
import { deleteWithUndo, undoList } from './undo.js';
import { cropper, screenShapes } from './crop.js';
import { takeSuggestionDraft } from './view_suggestions.js';
import { localToIso, isoToLocal, prettyDate } from './time.js';
import { showDraftPreview, screenRoles } from './draft_preview.js';

const DEFAULT_ROLES = ['reception', 'cafe', 'hall'];
const URGENT_HOURS = 4;

function text(value) { return typeof value === 'string' ? value : (value?.en ?? ''); }

const DEFAULT_POLL_SECONDS = 60; // a kiosk's [sync] poll_seconds when its config says nothing

// "45 s", "2 min", "1 h 30 min"
function seconds(s) {
  if (s < 120) return `${s} s`;
  const h = Math.floor(s / 3600), m = Math.round((s % 3600) / 60);
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

// How soon a change reaches this building's screens: each screen reports how often it looks
// for new content; the slowest of them is when the last one shows it.
export function reachOf(screens, siteId) {
  const here = screens.filter((s) => s.site_id === siteId && !s.revoked);
  const told = here.map((s) => s.poll_seconds).filter((p) => Number.isInteger(p) && p > 0);
  const slowest = Math.max(told.length ? Math.max(...told) : 0, told.length < here.length || !here.length ? DEFAULT_POLL_SECONDS : 0);
  const known = here.length && told.length === here.length;
  return { slowest, sentence: `Screens here look for changes every ${seconds(slowest)}${known ? '' : ' (the default)'}, so an urgent banner is on all of them within ${seconds(slowest)} of saving.` };
}

export async function renderNotices(ctx) {
  const { api, siteId, zone, body } = ctx;
  const [{ items, deleted }, { screens }] = await Promise.all([api.get(`/sites/${siteId}/notices`), api.get('/screens')]);
  const roles = [...new Set([...DEFAULT_ROLES, ...screens.filter((s) => s.site_id === siteId).map((s) => s.role)])];
  const editor = h('div');
  const now = Date.now();
  const reach = reachOf(screens, siteId);
  const shapes = screenShapes(screens.filter((s) => s.site_id === siteId));

  const when = (n) => {
    const bits = [];
    if (n.show_from) { const l = isoToLocal(n.show_from, zone); bits.push(`from ${prettyDate(l.date)} ${l.time}`); }
    if (n.show_until) { const l = isoToLocal(n.show_until, zone); bits.push(`until ${prettyDate(l.date)} ${l.time}`); }
    return bits.length ? bits.join(' ') : 'Always';
  };
  const live = (n) => (!n.show_from || Date.parse(n.show_from) <= now) && (!n.show_until || Date.parse(n.show_until) > now);

  async function save(item, existing, message, form) {
    try {
      const saved = existing ? await api.put(`/sites/${siteId}/notices/${item.id}`, item) : await api.post(`/sites/${siteId}/notices`, item);
      toast(saved.waiting ? WAITING_WORDS : message);
      ctx.reload();
    } catch (err) { if (form) formError(form, err.message); toast(err.message, 'error'); }
  }

  function toggleUrgent(n) {
    const item = { ...n, urgent: !n.urgent };
    if (item.urgent && (!item.show_until || Date.parse(item.show_until) <= Date.now()))
      item.show_until = new Date(Date.now() + URGENT_HOURS * 3600000).toISOString().replace(/\.\d+Z$/, 'Z');
    save(item, true, item.urgent ? 'Urgent banner is on every screen' : 'Urgent banner switched off');
  }

  const rank = (n) => (n.urgent && live(n) ? 0 : live(n) ? 1 : 2);
  const sorted = [...items].sort((a, b) => rank(a.item) - rank(b.item));
  const list = h('div', { class: 'list' }, sorted.length ? sorted.map(({ item: n }) => h('article', { class: 'item' + (n.urgent && live(n) ? ' urgent' : '') },
    n.image ? h('img', { class: 'thumb', src: `/api/v1/media/${n.image}`, alt: '' }) : null,
    h('div', { class: 'item-main' },
      h('h3', {}, text(n.title), n.urgent ? h('span', { class: 'badge warn' }, live(n) ? 'Urgent · showing' : 'Urgent') : null, !live(n) ? h('span', { class: 'badge' }, 'Not showing now') : null),
      text(n.body) ? h('p', {}, text(n.body)) : null,
      h('p', { class: 'quiet small' }, `${when(n)} · ${(n.screens || []).length ? 'on ' + n.screens.join(', ') : 'every screen'}`)),
    h('div', { class: 'actions' },
      button(n.urgent ? 'Switch off urgent' : 'Switch on urgent', () => toggleUrgent(n), '', `${n.urgent ? 'Switch off urgent' : 'Switch on urgent'}: ${text(n.title)}`),
      h('span', { class: 'quiet small', title: reach.sentence }, `on screens within ${seconds(reach.slowest)}`),
      button('Edit', () => edit(n), '', `Edit ${text(n.title)}`),
      button('Delete', () => deleteWithUndo(ctx, 'notices', n, `Take "${text(n.title)}" off every screen?`), 'danger', `Delete ${text(n.title)}`)))) : h('p', { class: 'quiet' }, 'No notices. Add one below.'));

  // `draft`: what a new notice's form starts from (a suggestion from the public), with `note` above it.
  function edit(existing, draft, note) {
    const n = existing || draft || {};
    const title = h('input', { name: 'title', required: true, maxlength: 120, value: text(n.title) });
    const message = h('textarea', { name: 'body', rows: 3, maxlength: 600 }, text(n.body));
    const localOf = (iso) => (iso ? (({ date, time }) => `${date}T${time}`)(isoToLocal(iso, zone)) : '');
    const from = h('input', { type: 'datetime-local', name: 'from', value: localOf(n.show_from) });
    const until = h('input', { type: 'datetime-local', name: 'until', value: localOf(n.show_until) });
    const urgent = h('input', { type: 'checkbox', name: 'urgent', checked: !!n.urgent });
    urgent.addEventListener('change', () => {
      if (urgent.checked && !until.value) until.value = localOf(new Date(Date.now() + URGENT_HOURS * 3600000).toISOString());
    });
    const targets = h('fieldset', { class: 'days' }, h('legend', {}, 'Show on'),
      roles.map((role) => h('label', { class: 'chip' }, h('input', { type: 'checkbox', value: role, checked: (n.screens || []).includes(role) }), role)),
      h('small', { class: 'quiet' }, 'Tick none to show on every screen.'));
    let image = n.image || '';
    // The file chosen or dropped, kept to be sent again with the crop frame when the notice is
    // saved: the server crops the original, not the preview fitted to a screen.
    // A picture saved before can be cropped again ("Crop again"): the frame is then placed
    // over the stored picture and the server crops that (POST /media/SHA/crop).
    let original = null, frame = null, recrop = false;
    const preview = h('div', { class: 'preview' });
    const drawPreview = () => {
      frame = (original || recrop) && image ? cropper(`/api/v1/media/${image}`, 'Picture for this notice, with the crop frame', shapes) : null;
      mount(preview, image ? [frame ? frame.element : h('img', { src: `/api/v1/media/${image}`, alt: 'Picture for this notice' }),
        h('div', { class: 'actions' },
          !frame ? button('Crop again', () => { recrop = true; drawPreview(); }) : null,
          button('Remove picture', () => { image = ''; original = null; recrop = false; drawPreview(); }, 'link'))] : null);
    };
    drawPreview();
    const file = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/heic,image/heif,.heic,.heif,.webp' });
    // A picture the server refused is never dropped without a word: the reason stays at the
    // field, the file's name is cleared (it is not in the notice), and the first "Add notice"
    // after it stops to say so again.
    let uploading = null, refused = false;
    async function choose(picked) {
      clearFieldError(file);
      refused = false;
      if (!picked) return;
      uploading = api.upload('/media', picked);
      try { image = (await uploading).sha256; original = picked; drawPreview(); toast('Picture uploaded'); } catch (err) {
        file.value = '';
        refused = true;
        showFieldError(file, `This picture was not added: ${err.message}`);
      } finally { uploading = null; }
    }
    file.addEventListener('change', () => choose(file.files[0]));
    // A photo dragged from the desktop or a folder can be dropped anywhere on the picture's place.
    const dropzone = h('div', { class: 'dropzone' },
      field('Picture (optional)', file, 'A photo (JPEG, HEIC, WebP) or PNG, up to 10 MB, chosen or dropped here. It is turned upright, cropped to the frame you place, made to fit a 1920 × 1080 screen and its location data removed.'),
      preview);
    dropzone.addEventListener('dragover', (ev) => { ev.preventDefault(); dropzone.classList.add('over'); });
    dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
    dropzone.addEventListener('drop', (ev) => {
      ev.preventDefault();
      dropzone.classList.remove('over');
      const dropped = [...(ev.dataTransfer?.files || [])][0];
      if (dropped) choose(dropped);
    });
    // The crop is made when the notice is saved (or previewed): the original again, with the
    // frame; or, for a picture saved before, the stored picture.
    async function cropped() {
      const part = frame?.crop();
      if (!part || (!original && !recrop)) return image;
      const fractions = [part.x, part.y, part.width, part.height].map((v) => Math.max(0, v).toFixed(6)).join(',');
      if (!original) return (await api.post(`/media/${image}/crop?crop=${fractions}`)).sha256;
      return (await api.upload(`/media?crop=${fractions}`, original)).sha256;
    }

    // The notice as the form says, or null when a check at a field stopped it (shown there).
    // Saving and previewing send the same thing.
    async function draftItem() {
      const item = { id: n.id || `${title.value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'notice'}-${Date.now().toString(36)}`,
        title: typeof n.title === 'object' ? { ...n.title, en: title.value.trim() } : title.value.trim() };
      if (message.value.trim()) item.body = typeof n.body === 'object' ? { ...n.body, en: message.value.trim() } : message.value.trim();
      const toIso = (v) => { const [d, t] = v.split('T'); return localToIso(d, t.slice(0, 5), zone); };
      if (from.value) item.show_from = toIso(from.value);
      if (until.value) item.show_until = toIso(until.value);
      if (urgent.checked && !until.value) { showFieldError(until, 'An urgent banner needs an end time.'); until.focus(); return null; }
      item.urgent = urgent.checked;
      const picked = [...targets.querySelectorAll('input:checked')].map((c) => c.value);
      if (picked.length) item.screens = picked;
      if (image) {
        try { item.image = await cropped(); } catch (err) { showFieldError(file, `The picture could not be cropped: ${err.message}`); file.focus(); return null; }
      }
      return item;
    }
    // A preview's refusal at the field it names, as the form's own checks show theirs.
    const refusedAt = (err) => {
      const at = { title, body: message, show_from: from, show_until: until, image: file }[err.message.match(/field "(\w+)"/)?.[1]];
      if (at) { showFieldError(at, err.message); at.focus(); } else formError(form, err.message);
      toast(err.message, 'error');
    };
    async function showPreview(ev) {
      const opener = ev.currentTarget;
      formError(form, '');
      if (uploading) await uploading.catch(() => {});
      const item = await draftItem();
      if (!item) return;
      const picked = item.screens || [];
      opener.disabled = true;
      opener.textContent = 'Drawing the screens…';
      try {
        const roles = picked.length ? picked : await screenRoles(api, siteId);
        await showDraftPreview({ api, siteId, kind: 'notices', id: existing ? n.id : '', item, roles, page: 'notices', pageName: 'Notices',
          onRefused: refusedAt, opener });
      } catch (err) { refusedAt(err); } finally { opener.disabled = false; opener.textContent = 'Preview'; }
    }

    const form = h('form', { class: 'card', onsubmit: async (ev) => {
      ev.preventDefault();
      if (uploading) await uploading.catch(() => {});
      if (refused) {
        refused = false;
        showFieldError(file, `${document.getElementById((file.getAttribute('aria-describedby') || '').split(' ')[0])?.textContent || 'The picture was not added.'} Choose another picture, or press "${existing ? 'Save' : 'Add notice'}" again to go on without one.`);
        file.focus();
        return;
      }
      const item = await draftItem();
      if (!item) return;
      await save(item, !!existing, existing ? 'Saved' : 'Notice added', ev.target);
    } },
    h('h2', {}, existing ? `Edit notice` : note ? 'Add the suggested notice' : 'Add a notice'),
    note ? h('p', { class: 'quiet' }, note) : null,
    field('Heading', title), field('Message', message),
    h('div', { class: 'row' }, field('Show from (optional)', from), field('Show until (optional)', until)),
    h('label', { class: 'check' }, urgent, ' Urgent: a banner on every page of every screen until the end time'),
    h('p', { class: 'quiet small reach' }, reach.sentence),
    targets, dropzone,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, existing ? 'Save' : 'Add notice'),
      button('Preview', showPreview),
      existing ? button('Close', () => mount(editor)) : null));
    mount(editor, form);
    if (existing) editor.scrollIntoView({ behavior: 'smooth' });
  }

  const suggested = takeSuggestionDraft('notices', siteId);
  if (suggested) edit(null, suggested.item, suggested.note); else edit(null);
  mount(body, undoList(ctx, 'notices', deleted), list, editor);
}
