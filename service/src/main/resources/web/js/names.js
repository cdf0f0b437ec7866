// What the pickers show names from: the catalogue's tags (GET /api/tags, asked once a session) and the scanlation
// groups credited on stored chapters (GET /api/groups?q=&manga=, asked as the reader types). A server without these
// routes leaves the pickers with no suggestions; ids and codes pasted as they are still work.

import { api } from './api.js';

let tagList = null;

/** Every tag as a picker option: the id is kept, the name shown. */
export async function tags() {
  if (!tagList) {
    tagList = api.get('/api/tags').then((r) => r.tags.map((t) => ({ value: t.id, name: t.name, group: t.group })))
      .catch((e) => { tagList = null; throw e; });
  }
  return tagList;
}

/** A tag the server named (preferences answer tags by name) as an option, its id found when the list has it. */
export function tagOption(all, nameOrId) {
  const lower = String(nameOrId).toLowerCase();
  return all.find((t) => t.name.toLowerCase() === lower || t.value === lower) || { value: nameOrId, name: nameOrId };
}

/**
 * Groups whose name contains the text: a series' own groups first, then (from two letters on) the catalogue's. The
 * catalogue-wide answer reads every stored chapter's groups (0.4 s with a name, 1.2-1.6 s without, at a million
 * chapters), so it is never asked with less.
 */
export async function groups(text, mangaId) {
  const ask = (params) => api.get('/api/groups?' + new URLSearchParams(params)).then((r) => r.groups);
  const named = text ? { q: text } : {};
  const all = text.length >= 2 ? ask(named) : Promise.resolve([]);
  const mine = mangaId ? await ask({ ...named, manga: mangaId }) : [];
  const seen = new Set(mine.map((g) => g.id));
  return [...mine, ...(await all).filter((g) => !seen.has(g.id))].map((g) => ({ value: g.id, name: g.name }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A group id or mangadex.org/group/{id} address pasted as it is (the server checks it names a known group). */
export function pastedGroup(text) {
  const id = text.match(/mangadex\.org\/group\/([0-9a-f-]{36})/i)?.[1] || text;
  return UUID.test(id) ? { value: id.toLowerCase(), name: id.toLowerCase() } : null;
}
