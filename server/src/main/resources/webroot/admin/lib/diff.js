// What changed from one version of a record to the next, field by field, in words: text added
// to a note, items added to or removed from a list, and otherwise the value before and after.

import { h } from './dom.js';
import { canonical, empty, text, value } from './format.js';
import { fieldsOf, shapeOf } from './vocabulary.js';

/** A version's fields: the body's and the envelope's (family, children, deleted). */
export function fieldsOfVersion(r) {
  return { ...(r.body || {}), _caseId: r.caseId, _childIds: r.childIds, _deleted: r.deleted };
}

function names(type, a, b) {
  const known = [...fieldsOf(type).map((f) => f.name), '_caseId', '_childIds', '_deleted'];
  const extra = [...new Set([...Object.keys(a || {}), ...Object.keys(b || {})])].filter((n) => !known.includes(n));
  return [...known, ...extra];
}

/** Rows [label, content, {data-field}] for each field that differs between two versions. */
export function diffRows(type, before, after, people) {
  const rows = [];
  for (const name of names(type, before, after)) {
    const was = before[name];
    const now = after[name];
    if (canonical(empty(was) ? null : was) === canonical(empty(now) ? null : now)) continue;
    const s = shapeOf(type, name);
    rows.push([s.label, change(was, now, s, people), null, { 'data-field': name }]);
  }
  return rows;
}

function change(was, now, s, people) {
  if (s.format === 'text' && !s.list && typeof was === 'string' && typeof now === 'string'
      && was && now.startsWith(was)) {
    return h('div', {}, h('p', { class: 'diff__label' }, 'Added:'), value(now.slice(was.length).trim(), s, people));
  }
  if (s.list && Array.isArray(now)) {
    const before = Array.isArray(was) ? was : [];
    const key = (x) => canonical(x);
    const added = now.filter((x) => !before.some((y) => key(y) === key(x)));
    const removed = before.filter((x) => !now.some((y) => key(y) === key(x)));
    return h('div', {},
      added.length ? [h('p', { class: 'diff__label' }, 'Added:'), value(added, s, people)] : null,
      removed.length ? [h('p', { class: 'diff__label' }, 'Removed:'), value(removed, s, people)] : null);
  }
  return h('div', {}, h('p', { class: 'diff__label' }, 'Now:'), value(now, s, people),
    h('p', { class: 'diff__label diff__label--was' }, `Before: ${text(was, s, people)}`));
}

/** Every field a version recorded, for the first version of a record. */
export function contentRows(type, fields, people) {
  return names(type, fields, {}).filter((n) => !empty(fields[n]) && n !== '_deleted')
    .map((n) => [shapeOf(type, n).label, value(fields[n], shapeOf(type, n), people)]);
}
