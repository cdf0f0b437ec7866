// The reader's web app: one page, a view per hash route (#/notifications, #/library, #/upcoming, #/catalogue, #/series/{id},
// #/settings, #/status, #/invite/{code}). It is just another client of the public API, signed in by a session
// cookie (a pasted token or an invitation opens it); nothing the server sends is ever parsed as HTML.

import { api, ApiProblem, at, tokens } from './api.js';
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
import * as apptokens from './apptokens.js';

const VIEWS = ['signin', 'view-invite', 'view-notifications', 'view-library', 'view-upcoming', 'view-catalogue', 'view-series', 'view-settings',
  'view-status'];
const TITLES = { notifications: 'Notifications', library: 'Library', upcoming: 'Upcoming', catalogue: 'Catalogue', series: 'Series',
  settings: 'Settings', status: 'Status', signin: 'Sign in', invite: 'Invitation' };
const session = { me: null, ready: null };

async function checkService() {
  const pill = $('service');
  try {
    const health = await (await fetch(at('/health'))).json();
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
  if (name === 'invite') {
    show('view-invite', 'invite');
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
        feeds.render($('feeds')), apptokens.render($('app-tokens'))]);
      break;
    default: show('view-notifications', 'notifications');
  }
}

/** Signed in: what the session answer says (the reader and the CSRF token), then the library and the live stream. */
async function begin(me) {
  tokens.setCsrf(me.csrf_token);
  session.me = me;
  $('who').textContent = 'Signed in as ' + me.name + ' (languages: ' + me.languages.join(', ') + ')';
  session.ready = (async () => {
    await library.init();
    await Promise.all([library.refresh(), notifications.start(signOutRefused)]);
  })();
  await session.ready;
}

/** A pasted token (the API token or an app token) opens a session; the page never keeps the token. */
async function signIn(token) {
  try {
    await begin(await api.post('/api/session', { token }));
  } catch (e) {
    throw e instanceof ApiProblem && e.status === 401 ? new Error('That token was refused: check it and try again.') : e;
  }
}

/** Single sign-on, when the service has a provider: a plain link, the whole flow is the server's. */
async function offerSingleSignOn() {
  const methods = await api.get('/api/sign-in').catch(() => null);
  if (!methods || !methods.oidc) return;
  $('oidc-signin').textContent = 'Sign in with ' + methods.oidc.name;
  $('oidc-signin').href = at(methods.oidc.login);
  $('oidc').hidden = false;
}

/** After a reload: the session cookie, if the browser has one that still works. */
async function resume() {
  try {
    await begin(await api.get('/api/session'));
  } catch (e) {
    if (!(e instanceof ApiProblem && e.status === 401)) throw e;
  }
}

/** The invited person names themselves; the server makes the reader and signs this browser in. */
async function acceptInvitation(code, name) {
  try {
    await begin(await api.post('/api/invitations/accept', { code, name }));
  } catch (e) {
    if (e instanceof ApiProblem && e.field === 'code') throw new Error(e.message);
    throw e;
  }
  location.hash = '#/notifications';
}

function forget(message) {
  notifications.stop();
  tokens.setCsrf('');
  session.me = null;
  session.ready = null;
  catalogue.reset();
  $('who').textContent = '';
  $('rotated-token').textContent = '';
  $('rotated').hidden = true;
  notice(message);
  location.hash = '#/notifications';
  route();
}

async function signOut() {
  await api.del('/api/session').catch(() => {}); // already ended elsewhere: signed out all the same
  forget('Signed out.');
}

async function signOutEverywhere() {
  if (!window.confirm('Sign out of every browser? App tokens and your API token keep working.')) return;
  const ended = await api.del('/api/me/sessions');
  forget('Signed out of ' + ended.ended + ' browser session(s).');
}

/**
 * A new API token for this reader, shown once to paste into other apps: the old one stops at once on the server,
 * with what was opened with it. This browser's session is not the token, so it stays signed in.
 */
async function rotateToken() {
  if (!window.confirm('Replace your token? Every other app or device using it will be signed out.')) return;
  const rotated = await api.post('/api/me/token');
  $('rotated-token').textContent = rotated.token;
  $('rotated').hidden = false;
  notice('Token replaced: the old one no longer works.');
}

function signOutRefused() {
  forget('');
  showError(new Error('Your session ended (signed out, expired or disabled): sign in again.'));
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
  $('disconnect').addEventListener('click', () => signOut().catch(showError));
  $('disconnect-everywhere').addEventListener('click', () => signOutEverywhere().catch(showError));
  $('invite-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearError();
    const [, code = ''] = location.hash.match(/^#\/invite\/(.*)$/) || [];
    acceptInvitation(decodeURIComponent(code), $('invite-name').value.trim()).catch(showError);
  });
  $('rotate-token').addEventListener('click', () => rotateToken().catch(showError));
  window.addEventListener('hashchange', () => route().catch(showError));
  offerSingleSignOn();
  resume().then(route).catch((e) => {
    route();
    showError(e);
  });
});

// the service worker shows Web Push notifications with the app closed; a browser without one just goes without
if ('serviceWorker' in navigator) navigator.serviceWorker.register(at('/sw.js')).catch(() => {});
