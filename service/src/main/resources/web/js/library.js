// The Library page: followed series with cover, latest chapter, the next one's expected date and unfollow; the reader's own controls (progress,
// per-series settings, import and export) come from controls.js and appear when the server has them.

import { api } from './api.js';
import { $, el, button, coverImage, notice } from './dom.js';
import * as controls from './controls.js';
import { byManga, expectation } from './upcoming.js';

const state = { entries: [], followed: new Set(), listeners: [], upcoming: new Map() };

export function isFollowed(mangaId) {
  return state.followed.has(mangaId);
}

/** Called after every library change, so the catalogue and the series page show the same follow state. */
export function onChange(listener) {
  state.listeners.push(listener);
}

export async function refresh() {
  const [{ library }, upcoming] = await Promise.all([api.get('/api/me/library'), byManga()]);
  state.entries = library;
  state.upcoming = upcoming;
  state.followed = new Set(library.map((e) => e.manga_id));
  render();
  state.listeners.forEach((l) => l());
}

export async function follow(mangaId, title) {
  await api.put('/api/me/library/' + mangaId);
  notice('Following ' + title + '.');
  await refresh();
}

export async function unfollow(mangaId, title) {
  await api.del('/api/me/library/' + mangaId);
  notice('Unfollowed ' + title + '.');
  await refresh();
}

function card(entry) {
  const li = el('li');
  li.dataset.mangaId = entry.manga_id;
  const body = el('div', 'body');
  const title = el('h2', 'title');
  const link = el('a', null, entry.title);
  link.href = '#/series/' + entry.manga_id;
  title.append(link);
  body.append(title, el('p', 'meta latest', entry.latest_chapter ? 'Latest chapter ' + entry.latest_chapter
    : 'No chapter known yet'));
  const next = state.upcoming.get(entry.manga_id);
  if (next) body.append(el('p', 'meta expected', expectation(next)));
  const actions = el('div', 'actions');
  actions.append(button('Unfollow', () => unfollow(entry.manga_id, entry.title), { className: 'unfollow' }));
  body.append(actions);
  controls.decorate(entry, body);
  li.append(coverImage(entry.manga_id, entry.cover_url), body);
  return li;
}

function render() {
  const list = $('library');
  list.replaceChildren(...state.entries.map(card));
  $('no-library').hidden = state.entries.length > 0;
}

export function init() {
  controls.init($('library-tools'), refresh);
}
