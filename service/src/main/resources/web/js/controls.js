// The reader's controls on the Library page — reading progress, per-series settings, import and export — over the
// routes of issue "The reader's controls" (PUT /api/me/library/{id}/progress, PATCH /api/me/library/{id},
// POST /api/me/library/import, GET /api/me/library/export). A server without them says so instead of failing:
// availability is probed once, on GET /api/me/preferences, which the same issue brings.

import { api, ApiProblem, request } from './api.js';
import { el, button, notice, unavailable, showError } from './dom.js';

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
  const id = 'progress-' + entry.manga_id;
  const label = el('label', null, 'Read up to chapter');
  label.htmlFor = id;
  const input = el('input');
  input.id = id;
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
  const mutedId = 'muted-' + entry.manga_id;
  const muted = el('input');
  muted.type = 'checkbox';
  muted.id = mutedId;
  muted.checked = Boolean(entry.settings?.muted ?? entry.muted);
  const mutedLabel = el('label', null, 'Mute this series');
  mutedLabel.htmlFor = mutedId;
  muted.addEventListener('change', () => {
    api.patch('/api/me/library/' + entry.manga_id, { muted: muted.checked })
      .then(() => notice((muted.checked ? 'Muted ' : 'Unmuted ') + entry.title + '.')).catch(showError);
  });
  const mutedRow = el('div', 'row');
  mutedRow.append(muted, mutedLabel);
  details.append(form, mutedRow);
  body.append(details);
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
