// Settings → Feeds: the reader's Atom, RSS and JSON Feed URLs (issue "Notifications where readers are"), over
// GET /api/me/feeds (the feed URLs) and POST /api/me/feeds/rotate (a new secret feed token, the old URLs dead).
// A server without the route shows "not available".

import { api, ApiProblem } from './api.js';
import { el, button, notice, unavailable, safeUrl } from './dom.js';

function urlsOf(answer) {
  const urls = [];
  const walk = (value, name) => {
    if (typeof value === 'string' && /^(https?:\/\/|\/feeds\/)/.test(value)) urls.push([name, value]);
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => walk(v, k));
  };
  walk(answer, 'feed');
  return urls;
}

export async function render(root) {
  let answer;
  try {
    answer = await api.get('/api/me/feeds');
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) {
      root.replaceChildren(unavailable('Feeds (Atom, RSS, JSON Feed)'));
      return;
    }
    throw e;
  }
  const list = el('ul', 'list');
  for (const [name, url] of urlsOf(answer)) {
    const li = el('li');
    const href = safeUrl(url);
    li.append(el('span', 'what', name + ': '));
    const code = el('code', null, href || url);
    li.append(code);
    list.append(li);
  }
  root.replaceChildren(list, button('New feed address (the old ones stop working)', async () => {
    await api.post('/api/me/feeds/rotate');
    notice('New feed addresses made; update your feed reader.');
    await render(root);
  }));
}
