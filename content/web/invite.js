// The invitation page an organiser opens from the coordinator's link, often on a phone: the
// token rides in the fragment (never sent in a request line, so never in a log), the person
// picks a name and password, and the link is spent.
import { h, mount, field } from './dom.js';

const main = document.getElementById('main');
const token = location.hash.replace(/^#/, '');

async function call(method, body) {
  const res = await fetch(`/api/invite/${encodeURIComponent(token)}`, {
    method, credentials: 'same-origin', headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `The server said ${res.status}.`);
  return data;
}

function done(name) {
  mount(main, h('div', { class: 'card narrow' }, h('h1', {}, `Welcome, ${name}`),
    h('p', {}, 'Your account is ready. Sign in with the name and password you chose.'),
    h('a', { class: 'button primary wide', href: '/admin/#/login' }, 'Sign in')));
}

async function start() {
  let group;
  try {
    if (!/^[0-9a-f]{64}$/.test(token)) throw new Error('This link is not complete. Copy the whole link from the message you were sent.');
    group = (await call('GET')).group;
  } catch (err) {
    mount(main, h('div', { class: 'card narrow' }, h('h1', {}, 'This link cannot be used'), h('p', {}, err.message)));
    return;
  }
  const name = h('input', { name: 'name', autocomplete: 'username', required: true, maxlength: 64, autocapitalize: 'words' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const message = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card narrow', onsubmit: async (ev) => {
    ev.preventDefault();
    message.textContent = '';
    try {
      await call('POST', { name: name.value.trim(), password: password.value });
      done(name.value.trim());
    } catch (err) { message.textContent = err.message; }
  } },
  h('h1', {}, `Join ${group}`),
  h('p', { class: 'quiet' }, `You have been invited to post ${group}'s sessions and notices on the building's screens.`),
  field('Your name', name), field('Choose a password', password, 'At least 10 characters'), message,
  h('button', { type: 'submit', class: 'primary wide' }, 'Make my account'));
  mount(main, form);
  name.focus();
}

start();
