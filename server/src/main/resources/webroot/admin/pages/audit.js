// For auditors: the audit trail checked end to end (every hash recomputed), and a search of its
// events by action, person and target. Events hold who, when, from which device and on what
// record or case: never case content.

import { h, page, summaryList } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { textInput, button } from '../lib/components.js';
import { when } from '../lib/format.js';

export async function renderVerify() {
  const v = await api('GET', 'audit/verify');
  page('audit', 'Audit trail', [
    h('p', { class: 'lead', id: 'audit-result' }, v.ok
      ? `The audit trail is intact: all ${v.verified} entries check.`
      : `The audit trail is broken at entry ${v.firstBroken}: ${v.reason}`),
    summaryList([
      ['Entries checked', String(v.verified)],
      ['Result', h('strong', { class: `tag ${v.ok ? 'tag--green' : 'tag--red'}` }, v.ok ? 'Intact' : 'Broken')],
      ['Latest hash', h('code', {}, v.head || 'None')],
    ]),
    h('p', {}, h('a', { href: '#/events' }, 'Search the events'))]);
}

/** Reads the trail a page at a time (at most 5,000 entries) and keeps what matches. */
async function search(q) {
  const out = [];
  let after = 0;
  for (let i = 0; i < 5; i++) {
    const p = await api('GET', `audit?after=${after}&limit=1000`);
    for (const e of p.entries) {
      if (q.action && !(e.action || '').includes(q.action)) continue;
      if (q.actor && (e.actor || '') !== q.actor) continue;
      if (q.target && !(e.target || '').includes(q.target)) continue;
      out.push(e);
    }
    if (p.entries.length < 1000) break;
    after = p.next;
  }
  return out.reverse();
}

export async function renderEvents({ query }) {
  const q = { action: query.get('action') || '', actor: query.get('actor') || '', target: query.get('target') || '' };
  const found = await search(q);
  const form = h('form', { class: 'filters', 'aria-label': 'Search the events' },
    h('div', { class: 'filters__fields' },
      textInput({ id: 'q-action', label: 'Action', hint: 'For example fnsp.approve or consent.record', value: q.action, width: 20 }),
      textInput({ id: 'q-actor', label: 'User id', hint: 'For example u-erin', value: q.actor, width: 10 }),
      textInput({ id: 'q-target', label: 'Record or case', value: q.target, width: 20 })),
    button('Search', { class: 'button secondary', id: 'search' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [id, key] of [['q-action', 'action'], ['q-actor', 'actor'], ['q-target', 'target']]) {
      if (form[id].value.trim()) next.set(key, form[id].value.trim());
    }
    location.hash = `#/events${next.toString() ? `?${next}` : ''}`;
  });
  const cols = ['When', 'Who', 'Roles', 'Action', 'On', 'Device'];
  const cell = (i, ...c) => h('td', { 'data-label': cols[i] }, ...c);
  page('events', 'Events', [form, found.length === 0 ? h('p', { class: 'lead', id: 'events-empty' }, 'No events match.')
    : h('table', { class: 'table responsive', id: 'events-list' },
      h('caption', { class: 'table__caption' }, `${found.length} event${found.length === 1 ? '' : 's'}, newest first`),
      h('thead', {}, h('tr', {}, cols.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, found.slice(0, 500).map((e) => h('tr', {},
        cell(0, when(e.at)), cell(1, e.actor || 'Nobody signed in'), cell(2, e.roles || ''),
        cell(3, e.action), cell(4, e.target || ''), cell(5, e.device || '')))))]);
}
