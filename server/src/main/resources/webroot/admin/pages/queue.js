// The conflicts queue: oldest first, filtered by status, locality, team, record type and age.

import { h, hidden, page } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { select, textInput, button } from '../lib/components.js';
import { ago, family, when } from '../lib/format.js';
import { labelOf, loadVocabulary, typeLabel } from '../lib/vocabulary.js';

let filterOptions = null;

export async function render({ query }) {
  await loadVocabulary();
  if (!filterOptions) filterOptions = await api('GET', 'admin/filters');
  const status = query.get('status') || 'open';
  const params = new URLSearchParams({ status });
  for (const k of ['locality', 'team', 'type', 'minAgeHours']) if (query.get(k)) params.set(k, query.get(k));
  const data = await api('GET', `admin/conflicts?${params}`);
  page('queue', status === 'resolved' ? 'Resolved conflicts' : 'Conflicts to resolve',
    [filters(query, status), table(data.conflicts, status)]);
}

function filters(q, status) {
  const form = h('form', { class: 'filters', 'aria-label': 'Filter conflicts' },
    h('h2', { class: 'heading-s' }, 'Filter'),
    h('div', { class: 'filters__fields' },
      select({ id: 'f-status', label: 'Status', value: status,
        options: [['open', 'Waiting for a decision'], ['resolved', 'Resolved'], ['all', 'Any']] }),
      select({ id: 'f-locality', label: 'Locality', value: q.get('locality') || '',
        options: [['', 'Any'], ...filterOptions.localities.map((l) => [l, l])] }),
      select({ id: 'f-team', label: 'Team', value: q.get('team') || '',
        options: [['', 'Any'], ...filterOptions.teams.map((t) => [t.id, t.name])] }),
      select({ id: 'f-type', label: 'Record type', value: q.get('type') || '',
        options: [['', 'Any'], ...filterOptions.types.map((t) => [t, typeLabel(t)])] }),
      textInput({ id: 'f-age', label: 'Waiting longer than (hours)', value: q.get('minAgeHours') || '',
        inputmode: 'numeric', width: 4 })),
    button('Apply filters', { class: 'button secondary' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams({ status: form['f-status'].value });
    for (const [id, key] of [['f-locality', 'locality'], ['f-team', 'team'], ['f-type', 'type'], ['f-age', 'minAgeHours']]) {
      if (form[id].value.trim()) next.set(key, form[id].value.trim());
    }
    location.hash = `#/queue?${next}`;
  });
  return form;
}

function table(conflicts, status) {
  if (conflicts.length === 0) {
    return h('p', { class: 'lead', id: 'queue-empty' },
      status === 'open' ? 'There are no conflicts waiting for a decision.' : 'No conflicts match these filters.');
  }
  const teams = Object.fromEntries(filterOptions.teams.map((t) => [t.id, t.name]));
  const cols = ['Waiting since', 'Record', 'Family', 'Where', 'Changes', 'To decide', 'Status', 'Action'];
  const cell = (i, ...content) => h('td', { 'data-label': cols[i] }, ...content);
  const rows = conflicts.map((c) => h('tr', { 'data-conflict-id': c.id },
    cell(0, when(c.openedAt), h('br'), h('span', { class: 'hint-inline' }, ago(c.openedAt))),
    cell(1, typeLabel(c.recordType)),
    cell(2, family(c.caseLabel, c.caseId)),
    cell(3, [c.locality, teams[c.teamId]].filter(Boolean).join(', ')),
    cell(4, `${c.sides} versions`),
    cell(5, c.fields.length ? c.fields.map((f) => labelOf(c.recordType, f)).join(', ') : 'Nothing'),
    cell(6, h('strong', { class: `tag ${c.status === 'open' ? 'tag--red' : 'tag--green'}` },
      c.status === 'open' ? 'Waiting' : 'Resolved')),
    cell(7, h('a', { class: 'review', href: `#/conflicts/${encodeURIComponent(c.id)}` },
      c.status === 'open' ? 'Review' : 'View',
      hidden(` ${typeLabel(c.recordType).toLowerCase()} of ${c.caseLabel || 'no family'}, waiting since ${when(c.openedAt)}`)))));
  return h('table', { class: 'table responsive', id: 'conflict-queue' },
    h('caption', { class: 'table__caption' }, `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}, oldest first`),
    h('thead', {}, h('tr', {}, cols.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
}
