// Tiny DOM helpers: build elements from plain data, never from HTML strings, so text a
// coordinator types can never become markup.

export function h(tag, attrs = {}, ...children) {
  const el = tag === 'svg' || attrs.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false || key === 'svg') continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked') el.checked = !!value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  return h(tag, { ...attrs, svg: true }, ...children);
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(target, ...children) {
  target.replaceChildren();
  append(target, children);
}

let toastTimer;
export function toast(message, kind = 'ok') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = 'show ' + kind;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = ''; }, kind === 'error' ? 8000 : 3000);
}

// A labelled form field. `input` is an element; the label wraps it so a tap anywhere on
// the words focuses it (large targets on a phone). The hint and any error sit outside the
// label, tied to the input by aria-describedby, so they are not read as part of its name.
let hintCount = 0;
export function field(label, input, hint) {
  let note = null;
  if (hint) {
    note = h('small', { id: `field-hint-${++hintCount}` }, hint);
    input.dataset.hint = note.id;
    input.setAttribute('aria-describedby', note.id);
  }
  return h('div', { class: 'field' }, h('label', {}, h('span', { class: 'label' }, label), input), note);
}

// An error shown where it happened: words next to the field, tied to it for a screen reader
// (aria-invalid, aria-describedby), and kept until the field changes. A toast alone vanishes.
let errorCount = 0;
export function showFieldError(input, message) {
  const holder = input.closest('.field, fieldset') || input.parentElement;
  let note = holder.querySelector(':scope > .field-error');
  if (!note) {
    note = h('span', { class: 'field-error', id: `field-error-${++errorCount}`, role: 'alert' });
    holder.append(note);
  }
  note.textContent = message;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', [note.id, input.dataset.hint].filter(Boolean).join(' '));
  const clear = () => clearFieldError(input);
  input.addEventListener('input', clear, { once: true });
  input.addEventListener('change', clear, { once: true });
}

export function clearFieldError(input) {
  for (const id of (input.getAttribute('aria-describedby') || '').split(' '))
    if (id && id !== input.dataset.hint) document.getElementById(id)?.remove();
  input.removeAttribute('aria-invalid');
  if (input.dataset.hint) input.setAttribute('aria-describedby', input.dataset.hint);
  else input.removeAttribute('aria-describedby');
}

// What the server refused about a whole form, kept in the form beside its buttons until the
// next try (a toast would be gone in 8 seconds). Returns the note, or clears it with no message.
export function formError(form, message) {
  let note = form.querySelector(':scope > .form-error');
  if (!message) { note?.remove(); return null; }
  if (!note) {
    note = h('p', { class: 'form-error', role: 'alert' });
    const actions = form.querySelector(':scope > .actions');
    if (actions) form.insertBefore(note, actions); else form.append(note);
  }
  note.textContent = message;
  return note;
}

export function button(text, onclick, cls = '', label) {
  // `label`: what a screen reader hears when the words alone ("Edit") do not say which item.
  return h('button', { type: 'button', class: cls, onclick, 'aria-label': label }, text);
}

export function formData(form) {
  const data = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    if (el.type === 'checkbox') {
      if (el.dataset.list) { (data[el.name] ||= []); if (el.checked) data[el.name].push(el.value); }
      else data[el.name] = el.checked;
    } else data[el.name] = el.value.trim();
  }
  return data;
}
