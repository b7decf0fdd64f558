// Undo a delete for a minute. The server keeps what was deleted for 60 s and lists it with the
// items (`deleted`), so "Undo" is offered again after a reload, in another tab or on a phone;
// the restore puts it back under its own id, and the screens show it from the next update.
import { h, button, toast } from './dom.js';

let justDeleted = ''; // the item whose Undo takes the focus after the page is drawn again

function text(value) { return typeof value === 'string' ? value : (value?.en ?? ''); }

// Deletes after a confirmation; the page is drawn again with an Undo for it.
export async function deleteWithUndo(ctx, kind, item, question) {
  if (!confirm(question)) return;
  try {
    await ctx.api.del(`/sites/${ctx.siteId}/${kind}/${item.id}`);
    justDeleted = `${kind}/${item.id}`;
    toast('Deleted. You can undo it for a minute.');
    ctx.reload();
  } catch (err) { toast(err.message, 'error'); }
}

// One line per item deleted within the minute: what it was, an Undo button, and the seconds left.
export function undoList(ctx, kind, deleted, nameOf = (item) => text(item.title ?? item.name)) {
  if (!deleted?.length) return null;
  const list = h('div', { class: 'undo-list' });
  for (const { id, item, seconds_left: secondsLeft } of deleted) {
    const until = Date.now() + secondsLeft * 1000;
    const left = h('span', { class: 'quiet small', 'aria-hidden': 'true' });
    const undo = button('Undo', async () => {
      undo.disabled = true;
      try {
        await ctx.api.post(`/sites/${ctx.siteId}/${kind}/${id}/restore`);
        toast(`"${nameOf(item)}" is back`);
      } catch (err) { toast(err.message, 'error'); }
      ctx.reload();
    }, 'primary', `Undo deleting ${nameOf(item)}`);
    const line = h('p', { class: 'undo', role: 'status' }, h('span', {}, `Deleted "${nameOf(item)}".`), undo, left);
    // The countdown is shown, not announced each second; the line goes when the minute is up.
    const tick = () => {
      const seconds = Math.ceil((until - Date.now()) / 1000);
      if (seconds <= 0 || !line.isConnected && left.textContent) { line.remove(); clearInterval(timer); return; }
      left.textContent = `${seconds} s left`;
    };
    const timer = setInterval(tick, 1000);
    tick();
    list.append(line);
    if (justDeleted === `${kind}/${id}`) { justDeleted = ''; setTimeout(() => undo.focus(), 0); }
  }
  return list;
}
