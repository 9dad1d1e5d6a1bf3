// The Exports page: what waits to go to each sink, what failed with the sink's own answer, and
// retry, skip or replay, each on a page of its own that asks for a reason (it is audited).

import { h, page, summaryList } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { when } from '../lib/format.js';

const STATUS = { pending: 'Waiting', delivered: 'Delivered', dead: 'Failed', skipped: 'Skipped' };
const REASON = { submitted: 'Submitted', decided: 'Decided', signedOff: 'Signed off',
  consented: 'Shared with consent', resolved: 'Conflict resolved', exportable: 'Exportable' };

const count = (counts, sink, status) => counts[`${sink}/${status}`] || 0;

export async function render({ query }) {
  const status = (query && query.get && query.get('status')) || 'dead';
  const d = await api('GET', `admin/exports?status=${encodeURIComponent(status)}`);
  const sinks = d.sinks.map((s) => [
    `${s.name} (${s.kind === 'http' ? 'HTTP' : 'file drop'}${s.identities === 'pseudonyms' ? ', pseudonyms' : ''})`,
    `${count(d.counts, s.name, 'pending')} waiting, ${count(d.counts, s.name, 'dead')} failed, `
      + `${count(d.counts, s.name, 'delivered')} delivered`
      + (d.oldestPending[s.name] ? `; oldest waiting since ${when(d.oldestPending[s.name])}` : ''),
  ]);
  const cols = ['Record', 'Sink', 'State reached', 'Attempts', "Sink's last answer", 'Action'];
  const cell = (i, ...content) => h('td', { 'data-label': cols[i] }, ...content);
  const act = (x, action, label) => h('a', { class: 'button secondary small', role: 'button',
    href: `#/exports/${action}/${encodeURIComponent(x.sink)}/${encodeURIComponent(x.recordId)}/${encodeURIComponent(x.rev)}` },
  label, h('span', { class: 'visually-hidden' }, ` ${x.type} ${x.recordId}`));
  const rows = d.entries.map((x) => h('tr', { 'data-key': `${x.recordId}:${x.rev}`, 'data-sink': x.sink },
    cell(0, h('strong', {}, x.type.replaceAll('_', ' ')), h('br'), h('span', { class: 'hint-inline' }, x.recordId)),
    cell(1, x.sink),
    cell(2, REASON[x.reason] || x.reason, h('br'), h('span', { class: 'hint-inline' }, when(x.createdAt))),
    cell(3, String(x.attempts)),
    cell(4, x.lastAnswer ? h('code', {}, x.lastAnswer) : 'None yet'),
    cell(5, x.status === 'dead' || x.status === 'pending'
      ? h('div', { class: 'button-group' }, act(x, 'retry', 'Retry'), act(x, 'skip', 'Skip'))
      : h('span', { class: 'hint-inline' }, 'None'))));
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Entries by state' },
    h('ul', {}, Object.entries(STATUS).map(([k, t]) => h('li', {},
      h('a', { href: `#/exports?status=${k}`, 'aria-current': k === status ? 'page' : null }, t)))));
  page('exports', 'Exports', [
    h('p', { class: 'lead' }, 'Finished records sent to the case management system and reporting sinks.'),
    d.sinks.length === 0 ? h('p', {}, 'No export sink is configured on this server.')
      : summaryList(sinks, { id: 'sinks' }),
    tabs,
    rows.length === 0 ? h('p', { id: 'no-entries' }, `No ${STATUS[status].toLowerCase()} entries.`)
      : h('table', { class: 'table responsive', id: 'exports' },
        h('caption', { class: 'table__caption' }, `${STATUS[status]} entries, oldest first`),
        h('thead', {}, h('tr', {}, cols.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)),
    h('p', {}, h('a', { href: '#/exports/replay', id: 'replay-link' }, 'Send entries again from a point in time')),
  ]);
}
