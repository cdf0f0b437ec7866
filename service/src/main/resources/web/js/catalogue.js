// The Catalogue page: what the mirror has (recently updated and most followed series) as soon as it opens; a search by
// title, MangaDex id or mangadex.org address with tag, status and content-rating filters, which MangaDex's own title
// search completes when the mirror has too few (and on "Search MangaDex"); paged, a cover and a one-click
// Follow / Unfollow on every result, and a link to each series' page. A refused query's message shows by the box.

import { api, ApiProblem } from './api.js';
import { $, el, button, coverImage, showError } from './dom.js';
import * as library from './library.js';
import * as names from './names.js';

const SIZE = 20;
const state = { query: null, page: 1, total: 0, items: [], remote: 'auto', mangadex: null };

function params() {
  const q = new URLSearchParams({ size: String(SIZE), page: String(state.page) });
  for (const [param, id] of [['q', 'q'], ['tag', 'tag'], ['status', 'status-filter'], ['content_rating', 'rating-filter']]) {
    const value = $(id).value.trim();
    if (value) q.set(param, value);
  }
  if (state.remote !== 'auto') q.set('remote', state.remote);
  return q;
}

function showProblem(text) {
  const box = $('search-error');
  box.textContent = text || '';
  box.hidden = !text;
  if (text) $('q').setAttribute('aria-invalid', 'true'); else $('q').removeAttribute('aria-invalid');
}

/** One page of results; remote: 'auto' (MangaDex when the mirror has too few), 'always' (the reader asked). */
export async function search(page = 1, remote = state.remote) {
  state.page = page;
  state.remote = remote;
  let result;
  try {
    result = await api.get('/api/manga?' + params());
  } catch (e) {
    // a refused query (another site's address, a malformed or unknown id) is the reader's to fix: said by the box
    if (e instanceof ApiProblem && e.status >= 400 && e.status < 500) {
      showProblem(e.message);
      state.query = null;
      state.items = [];
      state.total = 0;
      render();
      return;
    }
    throw e;
  }
  showProblem('');
  state.items = result.items;
  state.total = result.total;
  state.mangadex = result.mangadex || null;
  state.query = [...params().keys()].some((k) => k !== 'page' && k !== 'size') ? 'search' : 'none';
  render();
}

function followControl(series) {
  const id = series.mangadex_id;
  const followed = library.isFollowed(id);
  return button(followed ? 'Unfollow' : 'Follow', () => (followed ? library.unfollow(id, series.title)
    : library.follow(id, series.title)), { className: 'follow', describedBy: 'result-' + id });
}

function card(series) {
  const li = el('li');
  li.dataset.mangaId = series.mangadex_id;
  const body = el('div', 'body');
  const title = el('h2', 'title');
  title.id = 'result-' + series.mangadex_id;
  const link = el('a', null, series.title);
  link.href = '#/series/' + series.mangadex_id;
  title.append(link);
  const facts = [series.status, series.content_rating, series.latest_chapter ? 'latest ' + series.latest_chapter : null]
    .filter(Boolean).join(' · ');
  const actions = el('div', 'actions');
  actions.append(followControl(series));
  body.append(title, el('p', 'meta', facts), actions);
  li.append(coverImage(series.mangadex_id, series.cover_url), body);
  return li;
}

function summary() {
  if (state.query === null) return '';
  let text = state.total === 0 ? 'No series matches.' : state.total + ' series found';
  if (state.query === 'none' && state.total > 0) text = state.total + ' series in the catalogue';
  const md = state.mangadex;
  if (md && md.asked) text += md.error ? ' (MangaDex could not be asked: ' + md.error + ')' : ' (' + md.found + ' from MangaDex)';
  return text;
}

function render() {
  $('results').replaceChildren(...state.items.map(card));
  const pages = Math.max(1, Math.ceil(state.total / SIZE));
  $('results-summary').textContent = summary();
  $('page-of').textContent = state.query === null ? '' : 'Page ' + state.page + ' of ' + pages;
  $('prev-page').disabled = state.page <= 1;
  $('next-page').disabled = state.page >= pages;
}

/** The view opens: what the mirror has, at once, the first time (a search made since is kept). */
export async function open() {
  if (state.query === null && $('search-error').hidden) await search(1, 'auto');
  names.tags().then((tags) => $('known-tags').replaceChildren(...tags.map((t) => {
    const o = el('option');
    o.value = t.name;
    return o;
  }))).catch(() => {});
}

export function reset() {
  state.query = null;
  state.items = [];
  state.total = 0;
  state.mangadex = null;
  showProblem('');
  render();
}

export function init() {
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    search(1, 'auto').catch(showError);
  });
  $('search-mangadex').addEventListener('click', () => {
    if (!$('q').value.trim()) {
      showProblem('Type a title (or a MangaDex id or address) to search MangaDex.');
      $('q').focus();
      return;
    }
    search(1, 'always').catch(showError);
  });
  $('prev-page').addEventListener('click', () => search(state.page - 1).catch(showError));
  $('next-page').addEventListener('click', () => search(state.page + 1).catch(showError));
  library.onChange(render);
  render();
}
