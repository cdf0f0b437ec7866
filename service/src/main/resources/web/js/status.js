// The Status page (admin token): /health, each workflow's last run and state, the MangaDex rate gate and breaker,
// the outbox's depth and age, delivery failures. Refreshed every 10 s while shown. The admin token is kept in this
// tab only, apart from the reader's.

import { api, ApiProblem, at, tokens } from './api.js';
import { $, el, when, showError, clearError } from './dom.js';

const REFRESH_MS = 10000;
const state = { timer: null };

function table(caption, headers, rows) {
  const wrap = el('div', 'table-wrap');
  const t = el('table');
  t.append(el('caption', null, caption));
  const head = el('tr');
  headers.forEach((h) => {
    const th = el('th', null, h);
    th.scope = 'col';
    head.append(th);
  });
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((cell, i) => {
      const c = el(i === 0 ? 'th' : 'td', null, cell === null || cell === undefined ? '–' : cell);
      if (i === 0) c.scope = 'row';
      tr.append(c);
    });
    tbody.append(tr);
  }
  t.append(thead, tbody);
  wrap.append(t);
  return wrap;
}

function seconds(s) {
  if (s < 120) return s + ' s';
  if (s < 7200) return Math.round(s / 60) + ' min';
  return Math.round(s / 3600) + ' h';
}

function render(health, status) {
  const root = $('status');
  const components = Object.entries(health.components).map(([name, c]) => [name, c.status,
    Object.entries(c).filter(([k]) => k !== 'status').map(([k, v]) => k + ' ' + v).join(', ')]);
  const m = status.mangadex;
  const o = status.outbox;
  const failures = status.delivery_failures;
  const push = Object.entries(failures.push || {}).flatMap(([channel, outcomes]) =>
    Object.entries(outcomes).map(([outcome, count]) => [channel, outcome, String(count)]));
  const summary = el('p', 'status-summary', 'Service ' + health.status);
  summary.id = 'status-overall';
  root.replaceChildren(
    summary,
    table('Health', ['component', 'status', 'details'], components),
    table('Workflows', ['workflow', 'state', 'last run', 'last success', 'error'],
      (status.workflows || []).map((w) => [w.workflow, w.state, when(w.last_run_at), when(w.last_success_at), w.error])),
    table('MangaDex', ['what', 'value'], m.error ? [['error', m.error]] : [
      ['circuit breaker', m.breaker], ['rate', m.rate_per_second + ' requests/s'],
      ['rate gate', m.gate_open ? 'open' : 'closed until ' + when(m.gate_closed_until) + (m.gate_reason ? ' (' + m.gate_reason + ')' : '')]]),
    table('Outbox', ['what', 'value'], o.error ? [['error', o.error]] : [
      ['pending events', String(o.depth)], ['oldest pending', seconds(o.oldest_age_seconds)], ['dead events', String(o.dead)]]),
    table('Delivery failures', ['event', 'type', 'status', 'attempts', 'last error', 'next attempt'],
      (failures.outbox || []).map((f) => ['#' + f.id, f.type, f.status, String(f.attempts), f.last_error, when(f.next_attempt_at)])),
    table('Pushes since start', ['channel', 'outcome', 'count'], push),
    el('p', 'meta', 'Live SSE clients: ' + (status.push?.sse_clients ?? '–') + ' · updated ' + new Date().toLocaleTimeString()));
}

async function refresh() {
  const token = tokens.admin();
  if (!token) return;
  try {
    const [health, status] = await Promise.all([
      fetch(at('/health')).then((r) => r.json()),
      api.get('/api/admin/status', { token }),
    ]);
    render(health, status);
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 401) {
      tokens.setAdmin('');
      showForm();
      showError(new Error('the admin token was refused'));
      return;
    }
    showError(e);
  }
}

function showForm() {
  const signedIn = Boolean(tokens.admin());
  $('admin-token').hidden = signedIn;
  $('admin-connect').querySelector('label').hidden = signedIn;
  $('admin-connect').querySelector('button[type=submit]').hidden = signedIn;
  $('admin-forget').hidden = !signedIn;
  if (!signedIn) $('status').replaceChildren();
}

export function show() {
  showForm();
  refresh();
  clearInterval(state.timer);
  state.timer = setInterval(refresh, REFRESH_MS);
}

export function hide() {
  clearInterval(state.timer);
  state.timer = null;
}

export function init() {
  $('admin-connect').addEventListener('submit', (event) => {
    event.preventDefault();
    clearError();
    tokens.setAdmin($('admin-token').value.trim());
    $('admin-token').value = '';
    showForm();
    refresh();
  });
  $('admin-forget').addEventListener('click', () => {
    tokens.setAdmin('');
    showForm();
  });
}
