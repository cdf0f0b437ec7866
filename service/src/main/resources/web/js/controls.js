// The reader's controls on the Library page — reading progress, per-series settings, import and export — over the
// routes of issue "The reader's controls" (PUT /api/me/library/{id}/progress, PATCH /api/me/library/{id},
// POST /api/me/library/import, GET /api/me/library/export). A server without them says so instead of failing:
// availability is probed once, on GET /api/me/preferences, which the same issue brings.

import { api, ApiProblem, request } from './api.js';
import { el, button, labelled, notice, unavailable, showError } from './dom.js';
import { namedPicker, languagePicker } from './pickers.js';
import * as names from './names.js';

const state = { available: null };

async function probe() {
  try {
    await api.get('/api/me/preferences');
    state.available = true;
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) state.available = false;
    else throw e;
  }
}

/** Adds progress and settings controls to one library card, when the server has them. */
export function decorate(entry, body) {
  if (!state.available) return;
  const details = el('details', 'controls');
  details.append(el('summary', null, 'Progress and settings'));
  const form = el('form', 'row');
  const { label, control: input } = labelled('input', 'progress-' + entry.manga_id, 'Read up to chapter');
  input.inputMode = 'decimal';
  input.maxLength = 8;
  input.value = entry.progress?.chapter ?? entry.progress ?? '';
  const save = el('button', null, 'Save progress');
  save.type = 'submit';
  form.append(label, input, save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.put('/api/me/library/' + entry.manga_id + '/progress', { chapter: input.value.trim() })
      .then(() => notice('Progress saved for ' + entry.title + '.')).catch(showError);
  });
  const { label: mutedLabel, control: muted } = labelled('input', 'muted-' + entry.manga_id, 'Mute this series');
  muted.type = 'checkbox';
  muted.setAttribute('role', 'switch');
  muted.checked = Boolean(entry.settings?.muted ?? entry.muted);
  muted.addEventListener('change', () => {
    api.patch('/api/me/library/' + entry.manga_id, { muted: muted.checked })
      .then(() => notice((muted.checked ? 'Muted ' : 'Unmuted ') + entry.title + '.')).catch(showError);
  });
  const mutedRow = el('div', 'row switch');
  mutedRow.append(muted, mutedLabel);
  details.append(form, mutedRow);
  // built when first opened: a library of hundreds of series should not build hundreds of forms it never shows
  details.addEventListener('toggle', () => {
    if (details.open && !details.querySelector('.series-settings')) details.append(settingsForm(entry));
  });
  body.append(details);
}

/**
 * The series' own languages and group and uploader rules, sent together by one Save (only what changed). Groups are
 * picked by name, this series' groups suggested first; uploaders have no names we know, so they are ids or addresses.
 */
function settingsForm(entry) {
  const id = entry.manga_id;
  const s = entry.settings || {};
  const group = (g) => ({ value: g.id, name: g.name || g.id });
  const fields = {
    languages: languagePicker({ id: 'languages-' + id, label: 'Languages for this series', empty: 'Your own languages.',
      codes: s.languages || [] }),
    groups_only: namedPicker({ id: 'groups_only-' + id, label: 'Only these scanlation groups', empty: 'Any group.',
      chosen: (s.groups_only || []).map(group), suggest: (text) => names.groups(text, id), accept: names.pastedGroup }),
    groups_never: namedPicker({ id: 'groups_never-' + id, label: 'Never these scanlation groups', empty: 'None.',
      chosen: (s.groups_never || []).map(group), suggest: (text) => names.groups(text, id), accept: names.pastedGroup }),
  };
  const { label: uploadersLabel, control: uploaders } = labelled('textarea', 'uploaders_never-' + id,
    'Never these uploaders (MangaDex user ids or addresses, one a line)');
  uploaders.rows = 2;
  uploaders.value = (s.uploaders_never || []).join('\n');
  fields.uploaders_never = { value: () => uploaders.value.split(/[\s,]+/).filter(Boolean) };
  const read = () => Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.value()]));
  let before = read();
  const form = el('form', 'series-settings');
  const problem = el('p', 'error');
  problem.setAttribute('role', 'alert');
  problem.hidden = true;
  const save = el('button', null, 'Save settings');
  save.type = 'submit';
  form.append(fields.languages.node, fields.groups_only.node, fields.groups_never.node, uploadersLabel, uploaders,
    problem, save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const now = read();
    const changes = Object.fromEntries(Object.entries(now).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
    api.patch('/api/me/library/' + id, changes).then((answer) => {
      entry.settings = answer.settings;
      before = now;
      problem.hidden = true;
      notice('Settings saved for ' + entry.title + '.');
    }).catch((e) => {
      if (!(e instanceof ApiProblem)) return showError(e);
      problem.textContent = e.message;
      problem.hidden = false;
      return undefined;
    });
  });
  return form;
}

/** The import and export tools above the library list. */
export async function init(tools, refresh) {
  try {
    await probe();
  } catch (e) {
    showError(e);
    return;
  }
  if (!state.available) {
    tools.replaceChildren(unavailable('Reading progress, per-series settings, import and export'));
    return;
  }
  const fileId = 'import-file';
  const label = el('label', null, 'Import a library file (JSON, CSV or a Mihon backup)');
  label.htmlFor = fileId;
  const file = el('input');
  file.type = 'file';
  file.id = fileId;
  file.accept = '.json,.csv,.tachibk,.txt';
  const importButton = button('Import', async () => {
    if (!file.files.length) throw new Error('choose a file to import first');
    // sent as the file's own bytes: a Mihon backup is gzip'd protobuf, not text
    const report = await request('POST', '/api/me/library/import', { raw: file.files[0] });
    notice('Imported: ' + JSON.stringify(report));
    await refresh();
  });
  const exportButton = button('Export library', async () => {
    const data = await api.get('/api/me/library/export');
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'mangahub-library.json';
    a.click();
    URL.revokeObjectURL(a.href);
  });
  tools.replaceChildren(label, file, importButton, exportButton);
}
