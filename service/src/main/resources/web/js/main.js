// The reader's web app: one page, a view per hash route (#/notifications, #/library, #/upcoming, #/catalogue, #/series/{id},
// #/settings, #/status). It is just another client of the public API with the reader's own token; nothing the
// server sends is ever parsed as HTML.

import { api, ApiProblem, tokens } from './api.js';
import { $, clearError, notice, showError } from './dom.js';
import * as notifications from './notifications.js';
import * as library from './library.js';
import * as catalogue from './catalogue.js';
import * as series from './series.js';
import * as status from './status.js';
import * as channels from './channels.js';
import * as preferences from './preferences.js';
import * as feeds from './feeds.js';
import * as upcoming from './upcoming.js';
import * as sources from './sources.js';

const VIEWS = ['signin', 'view-notifications', 'view-library', 'view-upcoming', 'view-catalogue', 'view-series', 'view-settings',
  'view-status'];
const TITLES = { notifications: 'Notifications', library: 'Library', upcoming: 'Upcoming', catalogue: 'Catalogue', series: 'Series',
  settings: 'Settings', status: 'Status', signin: 'Sign in' };
const session = { me: null, ready: null };

async function checkService() {
  const pill = $('service');
  try {
    const health = await (await fetch('/health')).json();
    pill.textContent = 'service ' + health.status;
    pill.className = 'pill ' + (health.status === 'UP' ? 'up' : 'down');
  } catch (e) {
    pill.textContent = 'service unreachable';
    pill.className = 'pill down';
  }
}

function show(viewId, navName) {
  VIEWS.forEach((id) => { $(id).hidden = id !== viewId; });
  document.querySelectorAll('nav a[data-view]').forEach((a) => {
    if (a.dataset.view === navName) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  document.title = TITLES[navName] + ' · MangaHub Sync';
  // move focus to the new view's heading, so keyboard and screen-reader users land where the content changed
  const heading = $(viewId).querySelector('h1');
  if (heading && document.activeElement !== $('token')) heading.focus({ preventScroll: true });
}

async function route() {
  clearError();
  notice('');
  const [, name = 'notifications', arg] = location.hash.match(/^#\/([a-z]+)\/?(.*)$/) || [];
  if (name !== 'status') status.hide();
  if (name === 'status') {
    show('view-status', 'status');
    status.show();
    return;
  }
  if (!session.me) {
    show('signin', name);
    return;
  }
  await session.ready;
  switch (name) {
    case 'library':
      show('view-library', 'library');
      await library.refresh(); // latest chapters move while the reader is elsewhere
      break;
    case 'upcoming':
      show('view-upcoming', 'upcoming');
      await upcoming.render();
      break;
    case 'catalogue':
      show('view-catalogue', 'catalogue');
      await catalogue.open();
      break;
    case 'series':
      show('view-series', 'catalogue');
      await series.show(decodeURIComponent(arg));
      break;
    case 'settings':
      show('view-settings', 'settings');
      await Promise.all([channels.render($('channels')), sources.render($('sources')), preferences.render($('preferences')),
        feeds.render($('feeds'))]);
      break;
    default: show('view-notifications', 'notifications');
  }
}

async function signIn(token) {
  tokens.setReader(token);
  try {
    session.me = await api.get('/api/me');
  } catch (e) {
    tokens.setReader('');
    session.me = null;
    throw e instanceof ApiProblem && e.status === 401 ? new Error('That token was refused: check it and try again.') : e;
  }
  $('who').textContent = 'Signed in as ' + session.me.name + ' (languages: ' + session.me.languages.join(', ') + ')';
  session.ready = (async () => {
    await library.init();
    await Promise.all([library.refresh(), notifications.start(signOutRefused)]);
  })();
  await session.ready;
}

function signOut() {
  notifications.stop();
  tokens.setReader('');
  session.me = null;
  session.ready = null;
  catalogue.reset();
  $('who').textContent = '';
  $('rotated-token').textContent = '';
  $('rotated').hidden = true;
  notice('Signed out.');
  location.hash = '#/notifications';
  route();
}

/**
 * A new token for this reader: the old one stops at once on the server, including this tab's live stream, so the
 * stream is stopped first and reopened with the new token; the new token is shown once to paste into other apps.
 */
async function rotateToken() {
  if (!window.confirm('Replace your token? Every other app or device using it will be signed out.')) return;
  notifications.stop();
  try {
    const rotated = await api.post('/api/me/token');
    tokens.setReader(rotated.token);
    $('rotated-token').textContent = rotated.token;
    $('rotated').hidden = false;
    notice('Token replaced: the old one no longer works.');
  } finally {
    // with the new token, or again with the old one when the rotation failed
    await notifications.start(signOutRefused);
  }
}

function signOutRefused() {
  signOut();
  showError(new Error('The token is no longer accepted: sign in again.'));
}

document.addEventListener('DOMContentLoaded', () => {
  checkService();
  setInterval(checkService, 30000);
  notifications.init();
  catalogue.init();
  series.init();
  status.init();
  $('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    clearError();
    const token = $('token').value.trim();
    $('token').value = '';
    signIn(token).then(route).catch(showError);
  });
  $('disconnect').addEventListener('click', signOut);
  $('rotate-token').addEventListener('click', () => rotateToken().catch(showError));
  window.addEventListener('hashchange', () => route().catch(showError));
  const saved = tokens.reader();
  (saved ? signIn(saved) : Promise.resolve()).then(route).catch((e) => {
    route();
    showError(e);
  });
});

// the service worker shows Web Push notifications with the app closed; a browser without one just goes without
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
