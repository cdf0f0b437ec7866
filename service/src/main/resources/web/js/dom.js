// Building the page from server data. Everything the server sends is set as textContent or as an attribute the
// browser never runs (src of our own cover proxy, href checked to be http(s)): titles come from MangaDex.

import { at } from './api.js';

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A form control with its label: the label names it by id, so a screen reader says what the control is for. */
export function labelled(tag, id, text) {
  const label = el('label', null, text);
  label.htmlFor = id;
  const control = el(tag);
  control.id = id;
  return { label, control };
}

/** A button whose action may be async; its failure is shown, never swallowed. */
export function button(label, onClick, { className, describedBy } = {}) {
  const b = el('button', className, label);
  b.type = 'button';
  if (describedBy) b.setAttribute('aria-describedby', describedBy);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await onClick();
    } catch (e) {
      showError(e);
    } finally {
      if (b.isConnected) b.disabled = false;
    }
  });
  return b;
}

export function showError(error) {
  const node = $('error');
  node.textContent = error && error.message ? error.message : String(error);
  node.hidden = false;
}

export function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

export function notice(text) {
  $('notice').textContent = text;
}

/** Only http(s) links leave the page; anything else (javascript:, data:) is not a link. */
export function safeUrl(raw) {
  try {
    const url = new URL(raw, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

export function externalLink(href, text) {
  const a = el('a', null, text);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/**
 * A series' thumbnail through our cover proxy, never MangaDex's image host (its usage policy forbids hotlinking):
 * the file name is the last segment of the stored cover URL.
 */
export function coverImage(mangaId, coverUrl, className = 'cover') {
  const img = el('img', className);
  img.alt = '';
  img.loading = 'lazy';
  img.width = 56;
  img.height = 80;
  const file = coverUrl ? String(coverUrl).split('/').pop() : '';
  if (mangaId && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file)) {
    img.src = at('/covers/') + encodeURIComponent(mangaId) + '/' + encodeURIComponent(file) + '.256.jpg';
  } else {
    img.classList.add('none');
  }
  return img;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A paragraph saying a part of the page needs a server feature this one lacks. */
export function unavailable(what) {
  return el('p', 'unavailable', what + ': not available on this server yet.');
}
