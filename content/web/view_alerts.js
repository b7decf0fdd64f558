// The building's "screens that ask for help" settings: how long a screen may be silent in
// opening hours before its people are told, and a webhook (an ntfy topic, say) told too.
// Email goes to the building's coordinators and admins who gave an address on People.
import { h, field, toast, showFieldError, clearFieldError } from './dom.js';

export function alertsCard({ api, siteId }) {
  const minutes = h('input', { type: 'number', name: 'silent_minutes', min: 1, max: 10080, required: true, value: 15, inputmode: 'numeric' });
  const webhook = h('input', { type: 'url', name: 'webhook_url', placeholder: 'https://ntfy.sh/your-secret-topic', autocomplete: 'off' });
  const mailNote = h('p', { class: 'quiet small' });
  const form = h('form', { class: 'card', onsubmit: async (ev) => {
    ev.preventDefault();
    clearFieldError(minutes); clearFieldError(webhook);
    try {
      await api.put(`/sites/${siteId}/alerts`, { silent_minutes: Number(minutes.value), webhook_url: webhook.value.trim() });
      toast('Saved');
    } catch (err) {
      showFieldError(/webhook/.test(err.message) ? webhook : minutes, err.message);
      toast(err.message, 'error');
    }
  } },
  h('h2', {}, 'Screens that ask for help'),
  h('p', { class: 'quiet small' }, 'When a screen goes silent, keeps showing old content, keeps failing or runs low on disk, ' +
    'its people are told once, and once more when it is well again. The Screens page shows the same.'),
  mailNote,
  h('div', { class: 'row' },
    field('Silent for how long before telling (minutes of opening hours)', minutes),
    field('Webhook (optional)', webhook, 'Posted the same words as the email; an ntfy topic works as it is')),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save')));
  // Filled in when the settings arrive; the card is drawn at once with the defaults.
  api.get(`/sites/${siteId}/alerts`).then(({ alerts }) => {
    minutes.value = alerts.silent_minutes;
    webhook.value = alerts.webhook_url;
    mailNote.textContent = alerts.mail_enabled
      ? 'Email goes to this building\u2019s coordinators and the admins who have an email address on the People page.'
      : 'Email is not set up on this server ([mail] in its configuration), so only the webhook is told.';
  }).catch((err) => { mailNote.textContent = err.message; });
  return form;
}
