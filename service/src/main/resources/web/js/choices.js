// Settings → Channels, below the channels: which channels hear of a series (PUT/DELETE
// /api/me/library/{manga_id}/channels: exactly the ticked ones, or back to the default) and quiet hours in the
// reader's time zone (GET/PUT/DELETE /api/me/quiet-hours: channel messages wait until they end; the log, the live
// stream and CoAP never do).

import { api } from './api.js';
import { el, button, labelled, notice, showError } from './dom.js';

function routeForm(channels) {
  const form = el('form', 'row');
  form.id = 'route-form';
  const series = labelled('input', 'route-series', 'Series (MangaDex id)');
  series.control.required = true;
  series.control.maxLength = 36;
  const boxes = channels.map((c) => {
    const box = labelled('input', 'route-channel-' + c.id, c.kind + ' ' + c.id);
    box.control.type = 'checkbox';
    box.control.value = c.id;
    return box;
  });
  const submit = el('button', null, 'Send this series to the ticked channels');
  submit.type = 'submit';
  const reset = button('Back to the default channels', async () => {
    await api.del('/api/me/library/' + encodeURIComponent(series.control.value.trim()) + '/channels');
    notice('The series goes to your default channels.');
  });
  form.append(series.label, series.control, ...boxes.flatMap((b) => [b.control, b.label]), submit, reset);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ids = boxes.filter((b) => b.control.checked).map((b) => Number(b.control.value));
    api.put('/api/me/library/' + encodeURIComponent(series.control.value.trim()) + '/channels', { channel_ids: ids })
      .then((route) => notice('The series goes to ' + (route.channel_ids.length ? 'channels ' + route.channel_ids.join(', ')
        : 'no channel') + '.'))
      .catch(showError);
  });
  return form;
}

function quietForm() {
  const form = el('form', 'row');
  form.id = 'quiet-form';
  const start = labelled('input', 'quiet-start', 'Quiet from');
  const end = labelled('input', 'quiet-end', 'until');
  [start, end].forEach((t) => { t.control.type = 'time'; t.control.required = true; });
  const zone = labelled('input', 'quiet-zone', 'Time zone');
  zone.control.required = true;
  zone.control.maxLength = 64;
  zone.control.value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  api.get('/api/me/quiet-hours').then((q) => {
    if (!q || !q.enabled) return;
    start.control.value = q.start;
    end.control.value = q.end;
    zone.control.value = q.time_zone;
  }).catch(() => {});
  const submit = el('button', null, 'Set quiet hours');
  submit.type = 'submit';
  const off = button('No quiet hours', async () => {
    await api.del('/api/me/quiet-hours');
    notice('No quiet hours.');
  });
  form.append(start.label, start.control, end.label, end.control, zone.label, zone.control, submit, off);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.put('/api/me/quiet-hours', { start: start.control.value, end: end.control.value, time_zone: zone.control.value.trim() })
      .then((q) => notice('Quiet ' + q.start + '–' + q.end + ' (' + q.time_zone + '): channel messages wait until then.'))
      .catch(showError);
  });
  return form;
}

// this browser as a webpush channel: its push subscription (made with the server's VAPID key) becomes the channel
async function subscribeThisDevice(reload) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new Error('This browser cannot receive Web Push.');
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('Notifications are not allowed for this site.');
  const { public_key: key } = await api.get('/api/me/webpush/key');
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  const json = subscription.toJSON();
  await api.post('/api/me/channels', { kind: 'webpush', endpoint: json.endpoint, keys: json.keys });
  notice('This device is notified now.');
  await reload();
}

/** The Web Push button, the routing and quiet-hours forms, for the reader's channels. */
export function choices(channels, reload) {
  const push = button('Notify this device (Web Push)', () => subscribeThisDevice(reload), { className: 'push' });
  return [push, el('h3', null, 'Which series go where'), routeForm(channels), el('h3', null, 'Quiet hours'), quietForm()];
}
