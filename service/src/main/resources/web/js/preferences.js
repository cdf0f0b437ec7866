// Settings → Preferences over GET/PATCH /api/me/preferences: switches for the on/off settings, checkboxes for content
// ratings and demographics, and pickers that show language, tag and group names while the API keeps codes and ids.
// Only what the reader changed is sent. A server without the route shows "not available".

import { api, ApiProblem } from './api.js';
import { el, notice, unavailable, showError } from './dom.js';
import { checkboxes, toggle, namedPicker, fromList, languagePicker, RATINGS, DEMOGRAPHICS } from './pickers.js';
import * as names from './names.js';

function tagPicker(id, label, chosen, allTags, empty) {
  return namedPicker({ id, label, empty, chosen: chosen.map((t) => names.tagOption(allTags, t)), suggest: fromList(allTags) });
}

/** The form's controls, one per API key, each answering value() in the API's terms. */
function controls(prefs, allTags) {
  const groupNames = prefs.group_names || {};
  return {
    languages: languagePicker({ id: 'pref-languages', label: 'Languages of the chapters you are told about',
      codes: prefs.languages, empty: 'None: add at least one.' }),
    content_ratings: checkboxes({ id: 'pref-content_ratings', legend: 'Content ratings you are told about',
      values: RATINGS, selected: prefs.content_ratings }),
    groups_never: namedPicker({ id: 'pref-groups_never', label: 'Scanlation groups you never hear from',
      empty: 'None.', chosen: prefs.groups_never.map((id) => ({ value: id, name: groupNames[id] || id })),
      suggest: (text) => names.groups(text), accept: names.pastedGroup }),
    skip_read_chapters: toggle({ id: 'pref-skip_read_chapters', label: 'Skip chapters at or below your reading progress',
      checked: prefs.skip_read_chapters }),
    read_advances_progress: toggle({ id: 'pref-read_advances_progress',
      label: 'Marking a chapter read moves your progress up to it', checked: prefs.read_advances_progress }),
    manga_update: toggle({ id: 'pref-manga_update', label: 'Tell me when a followed series changes (status, title…)',
      checked: prefs.manga_update }),
    status_change: toggle({ id: 'pref-status_change',
      label: 'Tell me when a followed series is completed, goes on hiatus or is cancelled', checked: prefs.status_change }),
    first_chapter: toggle({ id: 'pref-first_chapter',
      label: 'Tell me when a followed series gets its first chapter in my languages', checked: prefs.first_chapter }),
    new_manga: toggle({ id: 'pref-new_manga', label: 'Tell me about new series on MangaDex', checked: prefs.new_manga }),
    new_manga_content_ratings: checkboxes({ id: 'pref-new_manga_content_ratings', legend: 'New series: content ratings',
      values: RATINGS, selected: prefs.new_manga_content_ratings }),
    new_manga_demographics: checkboxes({ id: 'pref-new_manga_demographics', legend: 'New series: demographics',
      values: DEMOGRAPHICS, selected: prefs.new_manga_demographics, labels: { none: 'none given' } }),
    new_manga_original_languages: languagePicker({ id: 'pref-new_manga_original_languages',
      label: 'New series: original languages', codes: prefs.new_manga_original_languages, empty: 'Any language.' }),
    new_manga_tags_included: tagPicker('pref-new_manga_tags_included', 'New series: with all of these tags',
      prefs.new_manga_tags_included, allTags, 'Any tags.'),
    new_manga_tags_excluded: tagPicker('pref-new_manga_tags_excluded', 'New series: with none of these tags',
      prefs.new_manga_tags_excluded, allTags, 'No tag excluded.'),
  };
}

function read(fields) {
  return Object.fromEntries(Object.entries(fields).map(([key, control]) => [key, control.value()]));
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
  const allTags = await names.tags().catch(() => []);
  const fields = controls(prefs, allTags);
  const form = el('form', 'preferences');
  const chapters = el('h3', null, 'Chapters of the series you follow');
  const newSeries = el('h3', null, 'New series');
  form.append(chapters, ...['languages', 'content_ratings', 'groups_never', 'skip_read_chapters',
    'read_advances_progress', 'manga_update', 'status_change', 'first_chapter']
    .filter((k) => k in prefs).map((k) => fields[k].node), newSeries,
  ...['new_manga', 'new_manga_content_ratings', 'new_manga_demographics', 'new_manga_original_languages',
    'new_manga_tags_included', 'new_manga_tags_excluded'].map((k) => fields[k].node));
  const problem = el('p', 'error');
  problem.setAttribute('role', 'alert');
  problem.hidden = true;
  const save = el('button', null, 'Save preferences');
  save.type = 'submit';
  form.append(problem, save);
  const before = read(fields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let changes;
    try {
      const now = read(fields);
      changes = Object.fromEntries(Object.entries(now).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
    } catch (e) {
      problem.textContent = e.message;
      problem.hidden = false;
      return;
    }
    problem.hidden = true;
    api.patch('/api/me/preferences', changes).then(() => {
      notice('Preferences saved.');
      return render(root);
    }).catch((e) => {
      if (!(e instanceof ApiProblem)) return showError(e);
      problem.textContent = e.message;
      problem.hidden = false;
      return undefined;
    });
  });
  root.replaceChildren(form);
}
