// The Catalogue page: title search with tag, status and content-rating filters, paged, a cover and a follow button
// on every result, and a link to each series' page.

import { api } from './api.js';
import { $, el, button, coverImage, showError } from './dom.js';
import * as library from './library.js';

const SIZE = 20;
const state = { query: null, page: 1, total: 0, items: [] };

function filters() {
  const q = new URLSearchParams({ size: String(SIZE), page: String(state.page) });
  for (const [param, id] of [['q', 'q'], ['tag', 'tag'], ['status', 'status-filter'], ['content_rating', 'rating-filter']]) {
    const value = $(id).value.trim();
    if (value) q.set(param, value);
  }
  return q;
}

export async function search(page = 1) {
  state.page = page;
  const result = await api.get('/api/manga?' + filters());
  state.items = result.items;
  state.total = result.total;
  state.query = true;
  render();
}

function followControl(series) {
  if (library.isFollowed(series.mangadex_id)) {
    const following = el('button', 'follow', 'Following');
    following.disabled = true;
    return following;
  }
  return button('Follow', () => library.follow(series.mangadex_id, series.title), { className: 'follow' });
}

function card(series) {
  const li = el('li');
  li.dataset.mangaId = series.mangadex_id;
  const body = el('div', 'body');
  const title = el('h2', 'title');
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

function render() {
  $('results').replaceChildren(...state.items.map(card));
  const pages = Math.max(1, Math.ceil(state.total / SIZE));
  $('results-summary').textContent = state.query === null ? ''
    : state.total === 0 ? 'No series matches.' : state.total + ' series found';
  $('page-of').textContent = state.query === null ? '' : 'Page ' + state.page + ' of ' + pages;
  $('prev-page').disabled = state.page <= 1;
  $('next-page').disabled = state.page >= pages;
}

export function reset() {
  state.query = null;
  state.items = [];
  state.total = 0;
  render();
}

export function init() {
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    search(1).catch(showError);
  });
  $('prev-page').addEventListener('click', () => search(state.page - 1).catch(showError));
  $('next-page').addEventListener('click', () => search(state.page + 1).catch(showError));
  library.onChange(render);
  render();
}
