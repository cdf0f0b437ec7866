// The Upcoming page: when the next chapter of each followed series is expected (GET /api/me/upcoming), in groups —
// this week, next week, later, late, unknown, and the series that expect none (completed, hiatus, cancelled). The
// server decides each series' group and date (days and weeks in UTC, weeks from Monday), so this page, the library
// and the calendar feed agree. A server without the route shows "not available".

import { api, ApiProblem } from './api.js';
import { $, el, unavailable } from './dom.js';

const GROUPS = [
  ['this_week', 'This week'], ['next_week', 'Next week'], ['later', 'Later'], ['late', 'Late'],
  ['unknown', 'Unknown'], ['stopped', 'Not expected'],
];
const STATES = {
  scheduled: 'scheduled', on_schedule: 'expected', late: 'late', long_silent: 'silent for a long time',
  unknown: 'no date yet', completed: 'completed', hiatus: 'on hiatus', cancelled: 'cancelled',
};
const REASONS = { too_short: 'too few chapters known to tell', irregular: 'chapters come irregularly' };

/** "Tue 10 Mar 2026" for an ISO date, read as the UTC day the server meant. */
function day(iso) {
  return new Date(iso + 'T00:00:00Z').toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short',
    year: 'numeric', timeZone: 'UTC' });
}

/** One line about a series' next chapter, for this page and for its library card. */
export function expectation(entry) {
  const chapter = entry.next_chapter ? 'Chapter ' + entry.next_chapter : 'Next chapter';
  switch (entry.state) {
    case 'scheduled': return chapter + ' scheduled for ' + day(entry.expected_date);
    case 'on_schedule': return chapter + ' expected ' + day(entry.expected_date) + ' (about every '
      + entry.usual_gap_days + ' days)';
    case 'late': return chapter + ' late: expected ' + day(entry.expected_date);
    case 'long_silent': return 'Silent for over three usual gaps (about every ' + entry.usual_gap_days + ' days)';
    case 'unknown': return 'Next chapter: unknown (' + (REASONS[entry.reason] || 'no history yet') + ')';
    default: return 'No chapter expected: ' + (STATES[entry.state] || entry.state);
  }
}

function item(entry) {
  const li = el('li');
  li.dataset.mangaId = entry.manga_id;
  li.dataset.state = entry.state;
  const link = el('a', 'what', entry.title);
  link.href = '#/series/' + entry.manga_id;
  li.append(link, el('span', 'meta expected', expectation(entry)));
  return li;
}

export async function render() {
  const root = $('upcoming');
  let view;
  try {
    view = await api.get('/api/me/upcoming');
  } catch (e) {
    if (e instanceof ApiProblem && e.routeMissing) {
      root.replaceChildren(unavailable('Upcoming chapters'));
      return;
    }
    throw e;
  }
  const sections = [];
  for (const [key, label] of GROUPS) {
    const entries = view.series.filter((s) => s.group === key);
    if (entries.length === 0) continue;
    const section = el('section', 'group upcoming-group');
    section.dataset.group = key;
    const heading = el('h2', null, label + ' (' + entries.length + ')');
    heading.id = 'upcoming-' + key;
    section.setAttribute('aria-labelledby', heading.id);
    const list = el('ol');
    list.append(...entries.map(item));
    section.append(heading, list);
    sections.push(section);
  }
  root.replaceChildren(...sections);
  $('no-upcoming').hidden = view.series.length > 0;
}

/** The expectation of each followed series by MangaDex id, for the library cards; empty when unavailable. */
export async function byManga() {
  try {
    const view = await api.get('/api/me/upcoming');
    return new Map(view.series.map((s) => [s.manga_id, s]));
  } catch (e) {
    return new Map();
  }
}
