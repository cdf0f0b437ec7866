// Settings → Preferences over GET/PATCH /api/me/preferences (issue "The reader's controls"). The form is built from
// what the server answers — on/off switches for booleans, text for strings and lists — so it follows the final
// shape of that API without a change here. A server without the route shows "not available".

import { api, ApiProblem } from './api.js';
import { el, notice, unavailable, showError } from './dom.js';

const label = (key) => key.replace(/_/g, ' ');

function field(key, value) {
  const row = el('div', 'row');
  const id = 'pref-' + key;
  const input = el('input');
  input.id = id;
  input.name = key;
  if (typeof value === 'boolean') {
    input.type = 'checkbox';
    input.checked = value;
  } else {
    input.type = 'text';
    input.value = Array.isArray(value) ? value.join(', ') : value ?? '';
    input.dataset.list = String(Array.isArray(value));
  }
  const l = el('label', null, label(key));
  l.htmlFor = id;
  if (input.type === 'checkbox') row.append(input, l); else row.append(l, input);
  return row;
}

function read(form, original) {
  const changed = {};
  for (const [key, value] of Object.entries(original)) {
    const input = form.elements.namedItem(key);
    if (!input) continue;
    let now;
    if (input.type === 'checkbox') now = input.checked;
    else if (input.dataset.list === 'true') now = input.value.split(',').map((s) => s.trim()).filter(Boolean);
    else now = input.value.trim();
    if (JSON.stringify(now) !== JSON.stringify(value)) changed[key] = now;
  }
  return changed;
}

export async function render(root) {
  let prefs;
  try {
    prefs = await api.get('/api/me/preferences');
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) {
      root.replaceChildren(unavailable('Preferences (what to be told about)'));
      return;
    }
    throw e;
  }
  const form = el('form');
  const editable = Object.entries(prefs).filter(([, v]) => typeof v === 'boolean' || typeof v === 'string'
    || (Array.isArray(v) && v.every((x) => typeof x === 'string')));
  editable.forEach(([k, v]) => form.append(field(k, v)));
  const save = el('button', null, 'Save preferences');
  save.type = 'submit';
  form.append(save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const changes = read(form, Object.fromEntries(editable));
    api.patch('/api/me/preferences', changes).then(() => {
      notice('Preferences saved.');
      return render(root);
    }).catch(showError);
  });
  root.replaceChildren(form);
}
