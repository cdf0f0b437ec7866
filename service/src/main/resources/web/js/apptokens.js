// Settings → App tokens: a named token for each CLI, feed reader or script (POST /api/me/app-tokens: the token is in
// the answer this once), the list without secrets and with each one's last use (GET), revoke one (DELETE): refused
// at once, its open streams ended. A server without the route shows "not available".

import { api, ApiProblem } from './api.js';
import { el, button, labelled, notice, unavailable, when } from './dom.js';

export async function render(root, made) {
  let listed;
  try {
    listed = (await api.get('/api/me/app-tokens')).app_tokens;
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) {
      root.replaceChildren(unavailable('App tokens'));
      return;
    }
    throw e;
  }
  const parts = [];
  if (made) {
    const shown = el('p', 'app-token-made');
    shown.setAttribute('role', 'status');
    shown.append('Your token for “' + made.name + '”, shown this once: ', el('code', 'app-token-secret', made.token));
    parts.push(shown);
  }
  const list = el('ul', 'list app-tokens');
  for (const t of listed) {
    const li = el('li');
    li.dataset.id = t.id;
    li.append(el('span', 'what', t.name), el('span', 'meta', ' made ' + when(t.created_at) + ', '
      + (t.last_used_at ? 'last used ' + when(t.last_used_at) : 'never used') + ' '),
    button('Revoke', async () => {
      await api.del('/api/me/app-tokens/' + t.id);
      notice('Token “' + t.name + '” revoked: it no longer works anywhere.');
      await render(root);
    }, { className: 'revoke' }));
    list.append(li);
  }
  if (!listed.length) parts.push(el('p', 'empty', 'No app tokens yet.'));
  const form = el('form', 'row');
  form.id = 'app-token-form';
  const { label, control } = labelled('input', 'app-token-name', 'Name');
  control.maxLength = 64;
  control.required = true;
  control.placeholder = 'e.g. CLI on my laptop';
  const submit = el('button', null, 'Make token');
  submit.type = 'submit';
  form.append(label, control, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const created = await api.post('/api/me/app-tokens', { name: control.value.trim() });
    await render(root, created);
  });
  root.replaceChildren(...parts, list, form);
}
