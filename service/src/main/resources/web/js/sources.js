// Settings → Library sources: the reader's MangaDex account and MangaDex lists, kept in sync (GET/POST
// /api/me/sources, DELETE /api/me/sources/{id}, POST /api/me/sources/{id}/sync), each with its state, what its last
// sync added and removed, its last error and why it is paused; and the SyncYomi key of their reading app
// (POST/DELETE /api/me/sync-key, shown once). Secrets go out in the add request and never come back.

import { api, ApiProblem } from './api.js';
import { el, button, notice, unavailable, showError } from './dom.js';

function state(s) {
  if (s.state === 'paused') return 'paused: ' + s.paused_reason;
  if (s.state === 'failing') return 'failing (tried again at the next sync): ' + s.last_error;
  if (s.state === 'pending') return 'not synced yet';
  return 'synced ' + new Date(s.last_success_at).toLocaleString() + ': +' + s.last_added + ' −' + s.last_removed
    + ', progress ' + s.last_progress;
}

function sourceItem(s, reload) {
  const li = el('li');
  li.dataset.sourceId = s.id;
  const what = el('span', 'what', (s.kind === 'mdlist' ? 'MangaDex list ' : 'MangaDex account ') + s.label
    + ' · ' + s.mode.replace('_', '-') + (s.write_back ? ' · write-back' : ''));
  what.id = 'source-' + s.id;
  li.append(what, el('span', 'meta' + (s.state === 'paused' ? ' paused' : ''), ' ' + state(s)), ' ',
    button('Sync now', async () => {
      const after = await api.post('/api/me/sources/' + encodeURIComponent(s.id) + '/sync');
      notice('Synced: ' + state(after));
      await reload();
    }, { describedBy: what.id }), ' ',
    button('Remove', async () => {
      await api.del('/api/me/sources/' + encodeURIComponent(s.id));
      notice('Source removed; what it followed stays in your library.');
      await reload();
    }, { describedBy: what.id }));
  return li;
}

function field(form, id, text, type) {
  const label = el('label', null, text);
  label.htmlFor = id;
  const input = el('input');
  input.id = id;
  input.type = type || 'text';
  input.maxLength = 200;
  if (type === 'password') input.autocomplete = 'off';
  form.append(label, input);
  return { label, input };
}

function addForm(reload) {
  const form = el('form', 'row');
  const kindLabel = el('label', null, 'Source');
  kindLabel.htmlFor = 'source-kind';
  const kind = el('select');
  kind.id = 'source-kind';
  [['mangadex_account', 'My MangaDex account'], ['mdlist', 'A MangaDex list']].forEach(([value, text]) => {
    const option = el('option', null, text);
    option.value = value;
    kind.append(option);
  });
  form.append(kindLabel, kind);
  const list = field(form, 'source-list', 'List id or address');
  const account = [field(form, 'source-username', 'Username'), field(form, 'source-client-id', 'Client id'),
    field(form, 'source-client-secret', 'Client secret', 'password'), field(form, 'source-password', 'Password', 'password')];
  const mirrorLabel = el('label', null, 'Unfollow what it drops (mirror)');
  mirrorLabel.htmlFor = 'source-mirror';
  const mirror = el('input');
  mirror.id = 'source-mirror';
  mirror.type = 'checkbox';
  const backLabel = el('label', null, 'Set read markers on MangaDex');
  backLabel.htmlFor = 'source-write-back';
  const writeBack = el('input');
  writeBack.id = 'source-write-back';
  writeBack.type = 'checkbox';
  const show = () => {
    const isList = kind.value === 'mdlist';
    [list.label, list.input].forEach((e) => { e.hidden = !isList; });
    account.forEach((f) => { f.label.hidden = isList; f.input.hidden = isList; });
    backLabel.hidden = isList;
    writeBack.hidden = isList;
  };
  kind.addEventListener('change', show);
  show();
  const submit = el('button', null, 'Link source');
  submit.type = 'submit';
  form.append(mirrorLabel, mirror, backLabel, writeBack, submit,
    el('p', 'meta', 'MangaDex allows a personal API client only for its own account: create yours in MangaDex → '
      + 'Settings → API clients. The password is used once, then forgotten.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { kind: kind.value, mode: mirror.checked ? 'mirror' : 'follow_only' };
    if (kind.value === 'mdlist') {
      body.list = list.input.value.trim();
    } else {
      [body.username, body.client_id, body.client_secret, body.password] = account.map((f) => f.input.value);
      body.write_back = writeBack.checked;
    }
    api.post('/api/me/sources', body).then((created) => {
      account.forEach((f) => { f.input.value = ''; });
      notice('Source linked: ' + state(created));
      return reload();
    }).catch(showError);
  });
  return form;
}

function syncKey() {
  const out = el('p', 'meta');
  out.id = 'sync-key';
  out.setAttribute('role', 'status');
  const box = el('div');
  box.append(el('p', null, 'TachiyomiSY and Suwayomi: choose SyncYomi, this server and a sync key.'),
    button('Make a sync key', async () => {
      const made = await api.post('/api/me/sync-key');
      out.textContent = 'Your sync key, shown this once: ' + made.sync_key;
    }), ' ', button('Revoke the sync key', async () => {
      await api.del('/api/me/sync-key');
      out.textContent = 'Sync key revoked.';
    }), out);
  return box;
}

export async function render(root) {
  let sources;
  try {
    sources = (await api.get('/api/me/sources')).sources || [];
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) {
      root.replaceChildren(unavailable('Library sources'));
      return;
    }
    throw e;
  }
  const reload = () => render(root);
  const items = el('ul', 'list');
  items.id = 'source-list-items';
  sources.forEach((s) => items.append(sourceItem(s, reload)));
  root.replaceChildren(items, sources.length ? '' : el('p', 'empty', 'No source linked yet.'), addForm(reload), syncKey());
}
