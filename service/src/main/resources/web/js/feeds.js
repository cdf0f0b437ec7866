// Settings → Feeds: the reader's Atom, RSS and JSON Feed addresses and the calendar (.ics) of expected chapters, over GET /api/me/feeds (whether they exist),
// POST /api/me/feeds/rotate (a new secret feed token: the addresses, shown this once, the old ones dead) and
// DELETE /api/me/feeds (feeds off). The server keeps only a hash of the feed token, so addresses made earlier cannot
// be shown again: the page says so and offers new ones. A server without the route shows "not available".

import { api, ApiProblem, at } from './api.js';
import { el, button, notice, unavailable, when } from './dom.js';

const LABELS = { atom: 'Atom', rss: 'RSS 2.0', json: 'JSON Feed', ics: 'Calendar of expected chapters (iCalendar)' };

/** The addresses just made, absolute (a feed reader needs the whole URL), one labelled line each. */
function addressList(issued) {
  const list = el('ul', 'list feed-urls');
  for (const format of issued.formats || Object.keys(LABELS)) {
    const path = issued[format];
    if (typeof path !== 'string' || !path.startsWith('/feeds/')) continue;
    const li = el('li');
    li.dataset.format = format;
    li.append(el('span', 'what', (LABELS[format] || format) + ': '), el('code', null, new URL(at(path), location.origin).href));
    list.append(li);
  }
  return list;
}

export async function render(root, issued) {
  let state;
  try {
    state = await api.get('/api/me/feeds');
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) {
      root.replaceChildren(unavailable('Feeds (Atom, RSS, JSON Feed)'));
      return;
    }
    throw e;
  }
  const parts = [];
  if (issued) {
    parts.push(el('p', 'feed-state', 'Your feed addresses, shown this once: copy one into your feed reader.'), addressList(issued));
  } else if (state.active) {
    parts.push(el('p', 'feed-state', 'You have feed addresses (made ' + when(state.made_at) + '). They are shown only '
      + 'when made; make new ones to see them (the old ones then stop working).'));
  } else {
    parts.push(el('p', 'feed-state', 'No feed addresses yet. Make some to follow your notifications in a feed reader.'));
  }
  const make = button(state.active ? 'New feed addresses (the old ones stop working)' : 'Make feed addresses', async () => {
    const made = await api.post('/api/me/feeds/rotate');
    notice(state.active ? 'New feed addresses made; update your feed reader.' : 'Feed addresses made.');
    await render(root, made);
  }, { className: 'rotate' });
  const row = el('p', 'row');
  row.append(make);
  if (state.active) {
    row.append(' ', button('Turn feeds off', async () => {
      await api.del('/api/me/feeds');
      notice('Feeds turned off: their addresses no longer work.');
      await render(root);
    }, { className: 'revoke' }));
  }
  parts.push(row);
  root.replaceChildren(...parts);
}
