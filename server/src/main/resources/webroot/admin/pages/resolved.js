// A resolved conflict: a confirmation panel in view, which value was kept for each field and
// why, and the ways on: the next conflict, the queue, the record's history.

import { h, page, summaryList, buttonLink } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { family, value, when } from '../lib/format.js';
import { typeLabel } from '../lib/vocabulary.js';
import { category, justResolved, keptWords, shape } from '../lib/conflict.js';

export async function resolvedView(c) {
  const fresh = justResolved.delete(c.id);
  const open = await api('GET', 'admin/conflicts?status=open');
  const next = open.conflicts.find((x) => x.id !== c.id);
  const r = c.resolution || {};
  const fields = c.fields.filter((f) => category(f) !== 'unchanged' && 'resolved' in f);
  const panel = h('div', { class: 'panel panel--confirmation', id: 'resolution', 'data-rev': r.rev, tabindex: '-1' },
    h('h1', { class: 'panel__title' }, fresh ? 'Conflict resolved' : 'This conflict has been resolved'),
    h('div', { class: 'panel__body' }, `${typeLabel(c.recordType)} for `, family(c.caseLabel, c.caseId)));
  page('resolved', fresh ? 'Conflict resolved' : 'Resolved conflict', h('div', { id: 'conflict', 'data-status': c.status },
    panel,
    h('p', { class: 'lead' }, `It will reach every tablet that holds this record at its next sync.`),
    h('h2', { class: 'heading-m' }, 'What was kept'),
    summaryList(fields.map((f) => [shape(c, f).label,
      h('div', {}, h('p', { class: 'kept-field__what' }, `${keptWords(c, f)}:`), value(f.resolved, shape(c, f), c.people)),
      null, { 'data-field': f.name }]), { id: 'kept' }),
    h('h2', { class: 'heading-m' }, 'Why'),
    summaryList([
      ['Reason', h('div', { class: 'prose', id: 'resolution-reason' }, r.reason || '')],
      ['Resolved by', `${r.resolvedByName || r.resolvedBy}, ${when(r.resolvedAt)}`],
    ]),
    h('h2', { class: 'heading-m' }, 'What next'),
    h('div', { class: 'button-group' },
      next ? buttonLink(`#/conflicts/${encodeURIComponent(next.id)}`, 'Next conflict', 'primary', { id: 'next-conflict' }) : null,
      buttonLink('#/queue', 'Back to the queue', 'secondary', { id: 'back-to-queue' })),
    next ? null : h('p', {}, 'There are no more conflicts waiting for a decision.'),
    h('p', {}, h('a', { href: `#/history/${encodeURIComponent(c.recordId)}`, id: 'history-link' }, 'See the history of this record'))),
  panel, { headingInContent: true });
}
