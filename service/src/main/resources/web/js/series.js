// A series page: cover, description, tags, authors and artists, the chapters we store, and whether the reader
// follows it (with the button to change that).

import { api } from './api.js';
import { $, el, coverImage, externalLink, safeUrl, showError, when } from './dom.js';
import * as library from './library.js';

const state = { series: null };

function chapterItem(c) {
  const li = el('li');
  li.dataset.chapterId = c.chapter_id;
  let text = c.chapter ? 'Chapter ' + c.chapter : 'Oneshot';
  if (c.volume) text = 'Vol. ' + c.volume + ' ' + text;
  if (c.title) text += ': ' + c.title;
  li.append(el('span', 'what', text), el('span', 'meta', ' ' + c.language + ' · ' + when(c.published_at)));
  if (c.pending) li.append(el('span', 'meta', ' · not readable yet'));
  const href = c.external_url ? safeUrl(c.external_url) : 'https://mangadex.org/chapter/' + c.chapter_id;
  if (href && !c.deleted) li.append(' ', externalLink(href, c.external_url ? 'Read on the publisher\'s site' : 'Read on MangaDex'));
  return li;
}

function renderFollow() {
  const s = state.series;
  if (!s) return;
  const followed = library.isFollowed(s.mangadex_id);
  $('series-follow').textContent = followed ? 'Unfollow' : 'Follow';
  $('series-follow-state').textContent = followed ? 'In your library' : 'Not in your library';
}

export async function show(key) {
  state.series = null;
  const [s, chapters] = await Promise.all([api.get('/api/manga/' + encodeURIComponent(key)),
    api.get('/api/manga/' + encodeURIComponent(key) + '/chapters?limit=200')]);
  state.series = s;
  $('series-title').textContent = s.title;
  document.title = s.title + ' · MangaHub Sync';
  const cover = coverImage(s.mangadex_id, s.cover_url, 'cover large');
  $('series-cover').replaceWith(cover);
  cover.id = 'series-cover';
  cover.alt = 'Cover of ' + s.title;
  cover.hidden = !cover.src;
  $('series-meta').textContent = [s.status, s.demographic, s.year, s.content_rating,
    s.latest_chapter ? 'latest chapter ' + s.latest_chapter : null, s.final_chapter ? 'final chapter ' + s.final_chapter : null]
    .filter((x) => x !== null && x !== undefined && x !== '').join(' · ');
  const people = [];
  if (s.authors.length) people.push('By ' + s.authors.join(', '));
  if (s.artists.length) people.push('art by ' + s.artists.join(', '));
  $('series-authors').textContent = people.join('; ');
  $('series-description').textContent = s.description || 'No description.';
  $('series-tags').replaceChildren(...s.tags.map((t) => {
    const li = el('li', null, t.name);
    li.title = t.group;
    return li;
  }));
  $('series-chapters').replaceChildren(...chapters.map(chapterItem));
  $('no-chapters').hidden = chapters.length > 0;
  renderFollow();
}

export function init() {
  $('series-follow').addEventListener('click', async () => {
    const s = state.series;
    if (!s) return;
    $('series-follow').disabled = true;
    try {
      if (library.isFollowed(s.mangadex_id)) await library.unfollow(s.mangadex_id, s.title);
      else await library.follow(s.mangadex_id, s.title);
    } catch (e) {
      showError(e);
    } finally {
      $('series-follow').disabled = false;
    }
  });
  library.onChange(renderFollow);
}
