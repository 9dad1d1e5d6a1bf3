// The oversight page for team and service managers: what is due and overdue across their team,
// from GET /api/v1/oversight/due (the same function as each worker's tablet). Filtered by kind,
// locality and overdue; sorted by the column buttons (each says how it sorts, aria-sort).

import { h, hidden, page } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { select, button } from '../lib/components.js';
import { date } from '../lib/format.js';

export const KINDS = {
  visit: 'Child seen',
  group_cp: 'CP group supervision',
  case_family_help: 'Family Help case supervision',
  line_of_sight: 'Line-of-sight meeting',
  return_home_interview: 'Return home interview',
  fnsp_decision: 'FNSP decision',
};

const SORTS = {
  due: { label: 'Due', key: (i) => i.due || '' },
  case: { label: 'Family', key: (i) => `${i.caseId || ''} ${i.childId || ''}` },
  kind: { label: 'What', key: (i) => KINDS[i.kind] || i.kind },
};

export async function render({ query }) {
  const params = new URLSearchParams();
  for (const k of ['kind', 'locality', 'overdue']) if (query.get(k)) params.set(k, query.get(k));
  const data = await api('GET', `oversight/due${params.toString() ? `?${params}` : ''}`);
  const sort = SORTS[query.get('sort')] ? query.get('sort') : 'due';
  const items = [...data.items].sort((a, b) => SORTS[sort].key(a).localeCompare(SORTS[sort].key(b)));
  const overdue = data.items.filter((i) => i.overdue).length;
  page('oversight', 'Oversight: what is due', [
    h('p', { class: 'lead' }, `Today is ${date(data.today)}. ${data.items.length} item${data.items.length === 1 ? '' : 's'}`
      + ` for your team, ${overdue} overdue.`),
    filters(query),
    table(items, sort, query)]);
}

function filters(q) {
  const form = h('form', { class: 'filters', 'aria-label': 'Filter what is due' },
    h('h2', { class: 'heading-s' }, 'Filter'),
    h('div', { class: 'filters__fields' },
      select({ id: 'f-kind', label: 'What', value: q.get('kind') || '',
        options: [['', 'Anything'], ...Object.entries(KINDS)] }),
      select({ id: 'f-overdue', label: 'Overdue', value: q.get('overdue') || '',
        options: [['', 'Overdue or not'], ['true', 'Overdue only'], ['false', 'Not yet overdue']] }),
      select({ id: 'f-locality', label: 'Locality', value: q.get('locality') || '',
        options: [['', 'Any'], ...['Dorchester', 'West', 'North', 'East', 'Purbeck', 'Chesil'].map((l) => [l, l])] })),
    button('Apply filters', { class: 'button secondary', id: 'apply-filters' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [id, key] of [['f-kind', 'kind'], ['f-overdue', 'overdue'], ['f-locality', 'locality']]) {
      if (form[id].value) next.set(key, form[id].value);
    }
    if (q.get('sort')) next.set('sort', q.get('sort'));
    location.hash = `#/oversight${next.toString() ? `?${next}` : ''}`;
  });
  return form;
}

function sortButton(key, current, q) {
  const next = new URLSearchParams(q);
  next.set('sort', key);
  return h('button', { type: 'button', class: 'sort-button', id: `sort-${key}`,
    onclick: () => { location.hash = `#/oversight?${next}`; } },
  SORTS[key].label, hidden(current === key ? ' (sorted, earliest first)' : ' (sort by this)'));
}

function table(items, sort, q) {
  if (items.length === 0) return h('p', { class: 'lead', id: 'due-empty' }, 'Nothing is due that matches these filters.');
  const cols = ['Family', 'Child', 'What', 'Last done', 'Due', 'Status', 'Why'];
  const sortable = { 0: 'case', 2: 'kind', 4: 'due' };
  const cell = (i, ...content) => h('td', { 'data-label': cols[i] }, ...content);
  return h('table', { class: 'table responsive', id: 'due-list' },
    h('caption', { class: 'table__caption' }, `What is due, sorted by ${SORTS[sort].label.toLowerCase()}`),
    h('thead', {}, h('tr', {}, cols.map((t, i) => h('th', { scope: 'col',
      'aria-sort': sortable[i] === sort ? 'ascending' : sortable[i] ? 'none' : null },
    sortable[i] ? sortButton(sortable[i], sort, q) : t)))),
    h('tbody', {}, items.map((i) => h('tr', { 'data-kind': i.kind, 'data-overdue': String(i.overdue) },
      cell(0, i.caseId || 'The team'),
      cell(1, i.childId || 'Not a child'),
      cell(2, KINDS[i.kind] || i.kind),
      cell(3, i.lastDone ? date(i.lastDone) : 'Never'),
      cell(4, date(i.due)),
      cell(5, h('strong', { class: `tag ${i.overdue ? 'tag--red' : 'tag--green'}` }, i.overdue ? 'Overdue' : 'Due')),
      cell(6, i.reason)))));
}
