// The Notifications page: the stored log, then live over SSE. Unread first, grouped by series (cover, title), each
// with its chapter, title and groups, a link that opens the chapter (on MangaDex, or on the publisher's site for a
// link-only chapter), and mark read. A filter narrows by type.

import { api } from './api.js';
import { $, el, button, coverImage, externalLink, safeUrl, when, showError } from './dom.js';
import { followStream, stopped } from './stream.js';

const PAGE = 500;
const state = { byId: new Map(), lastId: 0, stream: null, filter: '', pendingDetails: null, newestLive: 0 };

export function lastId() {
  return state.lastId;
}

/** Where a notification's link goes: the publisher's page for a link-only chapter, else the chapter on MangaDex. */
export function chapterLink(n) {
  if (n.type !== 'NEW_CHAPTER') return null;
  if (n.external_url) return safeUrl(n.external_url);
  if (n.chapter_id && /^[0-9a-fA-F-]{36}$/.test(n.chapter_id)) return 'https://mangadex.org/chapter/' + n.chapter_id;
  return null;
}

function add(n) {
  const known = state.byId.get(n.id);
  // a live (compact) notification is replaced by its full REST form when that arrives; never the other way round
  state.byId.set(n.id, known && !n.payload ? { ...n, ...known } : { ...known, ...n });
  state.lastId = Math.max(state.lastId, n.id);
}

function describe(n) {
  switch (n.type) {
    case 'NEW_CHAPTER': {
      let text = n.chapter ? 'Chapter ' + n.chapter : 'Oneshot';
      if (n.volume) text = 'Vol. ' + n.volume + ' ' + text;
      if (n.chapter_title) text += ': ' + n.chapter_title;
      return text;
    }
    case 'NEW_MANGA': return 'New series on MangaDex';
    case 'STATUS_CHANGE': return 'Now ' + (n.new_status || 'changed') + (n.old_status ? ' (was ' + n.old_status + ')' : '');
    case 'FIRST_CHAPTER': return 'First chapter in ' + ((n.payload && n.payload.language) || 'your language')
      + (n.chapter ? ': chapter ' + n.chapter : '');
    default: return 'Series updated';
  }
}

function item(n) {
  const li = el('li', n.read_at ? 'read' : 'unread');
  li.dataset.id = n.id;
  li.dataset.type = n.type;
  // "full" once the REST form (with chapter title, groups, cover) has replaced the live, compact one
  li.dataset.full = String(Boolean(n.payload));
  const what = el('span', 'what', describe(n));
  what.id = 'n-' + n.id;
  li.append(what);
  if (n.groups && n.groups.length) li.append(el('span', 'meta group-names', n.groups.join(', ')));
  if (n.old_chapter) li.append(el('span', 'meta', 'after ' + n.old_chapter));
  li.append(el('span', 'meta', when(n.created_at)));
  const href = chapterLink(n);
  if (href) {
    const link = externalLink(href, n.external_url ? 'Read on the publisher\'s site' : 'Read on MangaDex');
    link.className = 'read-link';
    link.setAttribute('aria-describedby', what.id);
    li.append(link);
  }
  if (!n.read_at) {
    li.append(button('Mark read', async () => {
      await api.post('/api/me/notifications/' + n.id + '/read');
      n.read_at = new Date().toISOString();
      render();
    }, { className: 'mark-read', describedBy: what.id }));
  }
  return li;
}

/** Series groups ordered by their newest unread, then newest; inside a group unread first, newest first. */
function grouped(list) {
  const groups = new Map();
  for (const n of list) {
    const key = n.manga_id || 'none';
    if (!groups.has(key)) groups.set(key, { mangaId: n.manga_id, title: n.title, cover: n.cover_url, items: [] });
    const g = groups.get(key);
    g.items.push(n);
    if (n.cover_url) g.cover = n.cover_url;
  }
  const rank = (n) => (n.read_at ? 0 : 1e15) + n.id;
  for (const g of groups.values()) g.items.sort((a, b) => rank(b) - rank(a));
  return [...groups.values()].sort((a, b) => rank(b.items[0]) - rank(a.items[0]));
}

export function render() {
  const all = [...state.byId.values()];
  const shown = state.filter ? all.filter((n) => n.type === state.filter) : all;
  const root = $('notifications');
  root.replaceChildren();
  for (const g of grouped(shown)) {
    const section = el('section', 'group');
    section.dataset.mangaId = g.mangaId || '';
    const head = el('div', 'group-head');
    const title = el('h2', 'series-name', g.title || 'Unknown series');
    const headingId = 'g-' + (g.mangaId || 'none');
    title.id = headingId;
    section.setAttribute('aria-labelledby', headingId);
    const titleBox = el('div');
    if (g.mangaId) {
      const link = el('a', null, g.title || 'Unknown series');
      link.href = '#/series/' + g.mangaId;
      title.replaceChildren(link);
    }
    const unread = g.items.filter((n) => !n.read_at).length;
    titleBox.append(title, el('p', 'meta', unread ? unread + ' unread' : 'all read'));
    head.append(coverImage(g.mangaId, g.cover), titleBox);
    const list = el('ol');
    g.items.forEach((n) => list.append(item(n)));
    section.append(head, list);
    root.append(section);
  }
  const unread = all.filter((n) => !n.read_at).length;
  $('unread').textContent = unread ? String(unread) : '';
  $('unread').setAttribute('aria-label', unread + ' unread');
  $('no-notifications').hidden = shown.length > 0;
}

/** Reads the log from a cursor to its end; returns the last id read (the cursor itself when there was none). */
async function loadAfter(after) {
  for (;;) {
    const page = (await api.get('/api/me/notifications?limit=' + PAGE + '&after=' + after)).notifications;
    page.forEach(add);
    if (page.length) after = page[page.length - 1].id;
    if (page.length < PAGE) return after;
  }
}

/** A live notification is shown at once; its details (chapter title, groups, cover) follow from the REST log. */
function onLive(n) {
  add(n);
  render();
  const from = n.id - 1;
  state.pendingDetails = Math.min(state.pendingDetails ?? from, from);
  state.newestLive = Math.max(state.newestLive, n.id);
  detailsIn(150);
}

/**
 * Reads the log from the oldest live notification still without details. The log's pages may come from a read
 * replica, which can be behind the push; until the newest live id is in a page it asks again, waiting twice as long
 * each time (about 20 s in all, past the replica's default 10 s max lag).
 */
function detailsIn(delay) {
  setTimeout(async () => {
    const after = state.pendingDetails;
    if (after === null) return;
    state.pendingDetails = null;
    try {
      const last = await loadAfter(after);
      render();
      if (last < state.newestLive && delay < 10000) {
        state.pendingDetails = Math.min(state.pendingDetails ?? last, last);
        detailsIn(delay * 2);
      }
    } catch (e) {
      showError(e);
    }
  }, delay);
}

export async function start(onRefused) {
  stop();
  state.byId.clear();
  state.lastId = 0;
  state.newestLive = 0;
  await loadAfter(0);
  render();
  state.stream = new AbortController();
  followStream(state.stream, lastId, onLive, onRefused);
}

export function stop() {
  if (state.stream) state.stream.abort();
  state.stream = null;
  stopped();
}

export function init() {
  $('type-filter').addEventListener('change', () => {
    state.filter = $('type-filter').value;
    render();
  });
  $('read-all').addEventListener('click', () => api.post('/api/me/notifications/read-all').then(() => {
    const now = new Date().toISOString();
    state.byId.forEach((n) => { n.read_at = n.read_at || now; });
    render();
  }).catch(showError));
}
