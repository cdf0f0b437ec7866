// Settings → Channels: where else a reader is told (webhook, Discord, ntfy, Gotify, email, Telegram, Pushover, Apprise),
// over GET/POST /api/me/channels,
// DELETE /api/me/channels/{id}, POST /api/me/channels/{id}/test (a test that goes through resumes a paused channel).
// ntfy takes an optional access token, Gotify its application token; a webhook's signing secret is shown once.
// Email takes an address instead of a URL and a digest (each mail, hourly, daily); a server without SMTP refuses it.
// Telegram takes a chat id and its bot token, Pushover a user key and its application token, Apprise its server's URL and
// the reader's Apprise URLs. Any kind but email and webhook may batch in a window; a channel may take only the series
// routed to it (choices.js: routes and quiet hours). A server without these routes shows "not available".

import { api, ApiProblem } from './api.js';
import { el, button, notice, unavailable, showError } from './dom.js';
import { choices } from './choices.js';

const KINDS = ['webhook', 'discord', 'ntfy', 'gotify', 'email', 'telegram', 'pushover', 'apprise'];
// webpush channels are made by the "Notify this device" button (choices.js), from the browser's subscription
const DIGESTS = [['none', 'Each notification'], ['hourly', 'Hourly digest'], ['daily', 'Daily digest']];
const TOKEN_KINDS = {
  ntfy: 'Access token (optional)', gotify: 'Application token', telegram: 'Bot token',
  pushover: 'Application token', apprise: 'Apprise URLs',
};
// what the target field is, and which field of the request it fills, where it is not a URL
const TARGETS = { email: ['Address', 'address'], telegram: ['Chat id', 'chat_id'], pushover: ['User key', 'user'] };
const REQUIRED_TOKEN = ['gotify', 'telegram', 'pushover', 'apprise'];

function channelItem(channel, reload) {
  const li = el('li');
  li.dataset.channelId = channel.id;
  const what = el('span', 'what', channel.kind + ' · ' + (channel.target || channel.url || channel.id)
    + (channel.digest && channel.digest !== 'none' ? ' (' + channel.digest + ' digest)' : '')
    + (channel.window_minutes ? ' (batched every ' + channel.window_minutes + ' min)' : '')
    + (channel.by_default === false ? ' (routed series only)' : ''));
  what.id = 'channel-' + channel.id;
  li.append(what);
  if (channel.paused_reason || channel.paused) {
    li.append(el('span', 'meta paused', ' paused: ' + (channel.paused_reason || 'failing')));
  }
  li.append(' ', button('Send a test', async () => {
    const result = await api.post('/api/me/channels/' + encodeURIComponent(channel.id) + '/test');
    notice('Test sent to ' + channel.kind + (result && result.status ? ': ' + result.status : '') + '.'
      + (result && result.resumed ? ' The channel is resumed.' : ''));
    if (result && result.resumed) await reload();
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
  const urlLabel = el('label', null, 'URL');
  urlLabel.htmlFor = 'channel-target';
  const target = el('input');
  target.id = 'channel-target';
  target.type = 'url';
  target.required = true;
  target.maxLength = 500;
  const tokenLabel = el('label', null, '');
  tokenLabel.htmlFor = 'channel-token';
  const token = el('input');
  token.id = 'channel-token';
  token.type = 'password';
  token.autocomplete = 'off';
  token.maxLength = 200;
  // only ntfy and Gotify take a token: the field shows for them, with what it means
  const showToken = () => {
    const label = TOKEN_KINDS[kind.value];
    tokenLabel.textContent = label || '';
    tokenLabel.hidden = !label;
    token.hidden = !label;
    token.required = REQUIRED_TOKEN.includes(kind.value);
  };
  const digestLabel = el('label', null, 'Digest');
  digestLabel.htmlFor = 'channel-digest';
  const digest = el('select');
  digest.id = 'channel-digest';
  DIGESTS.forEach(([value, text]) => {
    const option = el('option', null, text);
    option.value = value;
    digest.append(option);
  });
  const windowLabel = el('label', null, 'Batch window (minutes, optional)');
  windowLabel.htmlFor = 'channel-window';
  const windowMinutes = el('input');
  windowMinutes.id = 'channel-window';
  windowMinutes.type = 'number';
  windowMinutes.min = 1;
  windowMinutes.max = 1440;
  const routedLabel = el('label', null, 'Only routed series');
  routedLabel.htmlFor = 'channel-routed';
  const routed = el('input');
  routed.id = 'channel-routed';
  routed.type = 'checkbox';
  // email takes an address (not a URL) and a digest choice; Telegram a chat id, Pushover a user key; the others a URL
  const showEmail = () => {
    const email = kind.value === 'email';
    const [label] = TARGETS[kind.value] || ['URL'];
    urlLabel.textContent = label;
    target.type = email ? 'email' : TARGETS[kind.value] ? 'text' : 'url';
    target.maxLength = email ? 254 : 500;
    digestLabel.hidden = !email;
    digest.hidden = !email;
    const batches = kind.value !== 'email' && kind.value !== 'webhook';
    windowLabel.hidden = !batches;
    windowMinutes.hidden = !batches;
  };
  kind.addEventListener('change', showToken);
  kind.addEventListener('change', showEmail);
  showToken();
  showEmail();
  const submit = el('button', null, 'Add channel');
  submit.type = 'submit';
  form.append(kindLabel, kind, urlLabel, target, tokenLabel, token, digestLabel, digest, windowLabel, windowMinutes,
    routedLabel, routed, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const [, field] = TARGETS[kind.value] || ['URL', 'url'];
    const body = { kind: kind.value };
    body[field] = target.value.trim();
    if (kind.value === 'email') body.digest = digest.value;
    if (TOKEN_KINDS[kind.value] && token.value.trim()) body[kind.value === 'apprise' ? 'urls' : 'token'] = token.value.trim();
    if (!windowMinutes.hidden && windowMinutes.value) body.window_minutes = Number(windowMinutes.value);
    if (routed.checked) body.by_default = false;
    api.post('/api/me/channels', body).then((created) => {
      target.value = '';
      token.value = '';
      windowMinutes.value = '';
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
      root.replaceChildren(unavailable('Channels (webhook, Discord, ntfy, Gotify, email, Telegram, Pushover, Apprise)'));
      return;
    }
    throw e;
  }
  const reload = () => render(root);
  const list = el('ul', 'list');
  list.id = 'channel-list';
  channels.forEach((c) => list.append(channelItem(c, reload)));
  root.replaceChildren(list, channels.length ? '' : el('p', 'empty', 'No channel yet.'), addForm(reload),
    ...choices(channels, reload));
}
