// The reader's page: the same REST API and event stream any other client uses, with the reader's own token.
// Everything the server sends is shown through textContent, never parsed as HTML: titles come from MangaDex.
'use strict';

const TOKEN_KEY = 'mangahub.token';
const $ = (id) => document.getElementById(id);
const state = { token: '', lastId: 0, notifications: new Map(), stream: null, followed: new Set(), results: [] };

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'Authorization': 'Bearer ' + state.token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && data.message) || 'HTTP ' + response.status);
  return data;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function button(label, onClick) {
  const b = el('button', null, label);
  b.type = 'button';
  b.addEventListener('click', () => onClick().catch(showError));
  return b;
}

function showError(error) {
  $('error').textContent = error.message || String(error);
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

async function checkService() {
  try {
    const health = await (await fetch('/health')).json();
    $('service').textContent = 'service ' + health.status;
    $('service').className = 'pill ' + (health.status === 'UP' ? 'up' : 'down');
  } catch (e) {
    $('service').textContent = 'service unreachable';
    $('service').className = 'pill down';
  }
}

// ---- notifications: the stored log first, then live over server-sent events from the last id seen ----

function describe(n) {
  if (n.type === 'NEW_CHAPTER') {
    return 'Chapter ' + (n.chapter ?? '(oneshot)') + (n.old_chapter ? ' (after ' + n.old_chapter + ')' : '');
  }
  if (n.type === 'NEW_MANGA') return 'New series';
  return 'Series updated';
}

function addNotification(n) {
  if (state.notifications.has(n.id)) return;
  state.notifications.set(n.id, n);
  state.lastId = Math.max(state.lastId, n.id);
}

function renderNotifications() {
  const list = $('notifications');
  list.replaceChildren();
  const newestFirst = [...state.notifications.values()].sort((a, b) => b.id - a.id);
  for (const n of newestFirst) {
    const item = el('li', n.read_at ? 'read' : 'unread');
    item.dataset.id = n.id;
    item.append(el('span', 'type', n.type), el('span', 'grow title', n.title), el('span', null, describe(n)),
      el('span', 'meta', new Date(n.created_at).toLocaleString()));
    if (!n.read_at) {
      item.append(button('Read', async () => {
        await api('POST', '/api/me/notifications/' + n.id + '/read');
        n.read_at = new Date().toISOString();
        renderNotifications();
      }));
    }
    list.append(item);
  }
  const unread = newestFirst.filter((n) => !n.read_at).length;
  $('unread').textContent = unread ? unread + ' unread' : '';
  $('no-notifications').hidden = newestFirst.length > 0;
}

async function loadNotifications() {
  for (let after = 0; ;) {
    const page = (await api('GET', '/api/me/notifications?limit=500&after=' + after)).notifications;
    page.forEach(addNotification);
    if (page.length < 500) break;
    after = page[page.length - 1].id;
  }
  renderNotifications();
}

function setLive(live) {
  $('live').textContent = live ? 'live' : 'offline';
  $('live').className = 'pill ' + (live ? 'live' : 'down');
}

// EventSource cannot send an Authorization header, so the stream is read with fetch and parsed here.
async function followStream(controller) {
  while (!controller.signal.aborted) {
    try {
      const response = await fetch('/api/me/notifications/stream', {
        headers: { 'Authorization': 'Bearer ' + state.token, 'Accept': 'text/event-stream',
          'Last-Event-ID': String(state.lastId) },
        signal: controller.signal,
      });
      if (response.status === 401) throw new Error('the token was refused');
      if (!response.ok) throw new Error('event stream: HTTP ' + response.status);
      setLive(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          onFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
      if (e.message === 'the token was refused') { showError(e); return; }
    }
    setLive(false);
    // reconnect from the last id seen: the server replays whatever arrived meanwhile
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function onFrame(frame) {
  const data = frame.split('\n').filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, '')).join('\n');
  if (!data) return; // a heartbeat comment
  addNotification(JSON.parse(data));
  renderNotifications();
}

// ---- library and catalogue ----

async function loadLibrary() {
  const { library } = await api('GET', '/api/me/library');
  state.followed = new Set(library.map((entry) => entry.manga_id));
  renderResults();
  const list = $('library');
  list.replaceChildren();
  for (const entry of library) {
    const item = el('li');
    item.dataset.mangaId = entry.manga_id;
    item.append(el('span', 'grow title', entry.title),
      el('span', 'meta', entry.latest_chapter ? 'latest ' + entry.latest_chapter : ''),
      button('Unfollow', async () => {
        await api('DELETE', '/api/me/library/' + entry.manga_id);
        await loadLibrary();
      }));
    list.append(item);
  }
  $('no-library').hidden = library.length > 0;
}

async function search(query) {
  state.results = (await api('GET', '/api/manga?size=20&q=' + encodeURIComponent(query))).items;
  state.query = query;
  renderResults();
}

function renderResults() {
  const list = $('results');
  list.replaceChildren();
  for (const series of state.results) {
    const item = el('li');
    item.dataset.mangaId = series.mangadexId;
    item.append(el('span', 'grow title', series.title), el('span', 'meta', series.status));
    if (state.followed.has(series.mangadexId)) {
      const following = el('button', null, 'Following');
      following.disabled = true;
      item.append(following);
    } else {
      item.append(button('Follow', async () => {
        await api('PUT', '/api/me/library/' + series.mangadexId);
        await loadLibrary();
      }));
    }
    list.append(item);
  }
  if (state.query !== undefined && state.results.length === 0) {
    list.append(el('li', 'empty', 'No series matches "' + state.query + '".'));
  }
}

// ---- signing in and out ----

async function connect(token) {
  state.token = token;
  const me = await api('GET', '/api/me');
  sessionStorage.setItem(TOKEN_KEY, token);
  $('who').textContent = 'signed in as ' + me.name;
  $('reader').hidden = false;
  $('disconnect').hidden = false;
  setSignedIn(true);
  $('token').value = '';
  state.notifications.clear();
  state.lastId = 0;
  await Promise.all([loadNotifications(), loadLibrary()]);
  if (state.stream) state.stream.abort();
  state.stream = new AbortController();
  followStream(state.stream);
}

function disconnect() {
  if (state.stream) state.stream.abort();
  state.stream = null;
  state.token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  $('reader').hidden = true;
  $('disconnect').hidden = true;
  $('who').textContent = '';
  state.results = [];
  state.query = undefined;
  renderResults();
  setSignedIn(false);
  setLive(false);
}

/** The token field and its button only while signed out. */
function setSignedIn(signedIn) {
  for (const id of ['token', 'connect-button', 'token-label']) $(id).hidden = signedIn;
}

document.addEventListener('DOMContentLoaded', () => {
  checkService();
  setInterval(checkService, 30000);
  $('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    clearError();
    connect($('token').value.trim()).catch((e) => { disconnect(); showError(e); });
  });
  $('disconnect').addEventListener('click', disconnect);
  $('read-all').addEventListener('click', () => api('POST', '/api/me/notifications/read-all').then(() => {
    state.notifications.forEach((n) => { n.read_at = n.read_at || new Date().toISOString(); });
    renderNotifications();
  }).catch(showError));
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    clearError();
    search($('q').value.trim()).catch(showError);
  });
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) connect(saved).catch((e) => { disconnect(); showError(e); });
});
