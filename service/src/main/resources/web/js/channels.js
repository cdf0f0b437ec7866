// Settings → Channels: where else a reader is told (webhook, Discord, ntfy, Gotify, email), over the routes of issue
// "Notifications where readers are": GET/POST /api/me/channels, DELETE /api/me/channels/{id},
// POST /api/me/channels/{id}/test. A server without them shows "not available".

import { api, ApiProblem } from './api.js';
import { el, button, notice, unavailable, showError } from './dom.js';

const KINDS = ['webhook', 'discord', 'ntfy', 'gotify', 'email'];

function channelItem(channel, reload) {
  const li = el('li');
  li.dataset.channelId = channel.id;
  const what = el('span', 'what', channel.kind + ' · ' + (channel.target || channel.url || channel.address || channel.name || channel.id));
  what.id = 'channel-' + channel.id;
  li.append(what);
  if (channel.paused_reason || channel.paused) {
    li.append(el('span', 'meta', ' paused: ' + (channel.paused_reason || 'failing')));
  }
  li.append(' ', button('Send a test', async () => {
    const result = await api.post('/api/me/channels/' + encodeURIComponent(channel.id) + '/test');
    notice('Test sent to ' + channel.kind + (result && result.status ? ': ' + result.status : '') + '.');
  }, { className: 'test', describedBy: what.id }), ' ', button('Remove', async () => {
    await api.del('/api/me/channels/' + encodeURIComponent(channel.id));
    notice('Channel removed.');
    await reload();
  }, { describedBy: what.id }));
  return li;
}

function addForm(reload) {
  const form = el('form', 'row');
  const kindLabel = el('label', null, 'Kind');
  kindLabel.htmlFor = 'channel-kind';
  const kind = el('select');
  kind.id = 'channel-kind';
  KINDS.forEach((k) => kind.append(el('option', null, k)));
  const urlLabel = el('label', null, 'URL or address');
  urlLabel.htmlFor = 'channel-target';
  const target = el('input');
  target.id = 'channel-target';
  target.required = true;
  target.maxLength = 500;
  const submit = el('button', null, 'Add channel');
  submit.type = 'submit';
  form.append(kindLabel, kind, urlLabel, target, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = target.value.trim();
    const body = kind.value === 'email' ? { kind: kind.value, address: value } : { kind: kind.value, url: value };
    api.post('/api/me/channels', body).then((created) => {
      target.value = '';
      // a webhook's signing secret is shown once, at creation
      notice('Channel added.' + (created && created.secret ? ' Its secret (shown once): ' + created.secret : ''));
      return reload();
    }).catch(showError);
  });
  return form;
}

export async function render(root) {
  let channels;
  try {
    const answer = await api.get('/api/me/channels');
    channels = Array.isArray(answer) ? answer : answer.channels || [];
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) {
      root.replaceChildren(unavailable('Channels (webhook, Discord, ntfy, Gotify, email)'));
      return;
    }
    throw e;
  }
  const reload = () => render(root);
  const list = el('ul', 'list');
  list.id = 'channel-list';
  channels.forEach((c) => list.append(channelItem(c, reload)));
  root.replaceChildren(list, channels.length ? '' : el('p', 'empty', 'No channel yet.'), addForm(reload));
}
