// Retry, skip or replay exports: what will happen, a reason (kept in the audit trail), and one
// button. Nothing happens until that button.

import { h, page, notify } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { textarea, textInput, button } from '../lib/components.js';
import { showErrors, plain } from '../lib/errors.js';

const WORDS = {
  retry: ['Retry this export?', 'It is sent again now; its earlier attempts are forgotten.', 'Retry now'],
  skip: ['Skip this export?', 'It will not be sent. The record\'s later revisions then go on to this sink.', 'Skip it'],
  replay: ['Send entries again', 'Every entry that reached its state at or after the time you give is sent '
    + 'again with its same idempotency key, so a receiver that has it already keeps one copy.', 'Send again'],
};

export async function render({ params }) {
  const action = params.action || 'replay';
  if (!WORDS[action] || (action === 'replay') !== !params.sink) {
    page('export-action', 'Page not found', h('p', {}, h('a', { href: '#/exports' }, 'Back to exports')));
    return;
  }
  const [title, explain, go] = WORDS[action];
  const fields = [];
  if (action === 'replay') {
    fields.push(textInput({ id: 'since', label: 'From (date and time, UTC)', hint: 'For example, 2026-12-01T00:00:00Z', width: 20 }));
  }
  fields.push(textarea({ id: 'reason', label: 'Why?', hint: 'This goes in the audit trail.', rows: 3 }));
  const form = h('form', { id: 'export-action', novalidate: true }, ...fields,
    h('div', { class: 'button-group' }, button(go, { id: 'export-confirm', class: 'button' }),
      h('a', { href: '#/exports', class: 'link' }, 'Cancel')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const reason = form.querySelector('#reason').value.trim();
    const errors = [];
    if (!reason) errors.push({ text: 'Say why', target: 'reason', field: 'group-reason' });
    let since;
    if (action === 'replay') {
      since = form.querySelector('#since').value.trim();
      if (Number.isNaN(Date.parse(since))) {
        errors.push({ text: 'Enter a date and time such as 2026-12-01T00:00:00Z', target: 'since', field: 'group-since' });
      }
    }
    if (errors.length) {
      showErrors(errors);
      return;
    }
    try {
      const body = action === 'replay' ? { since: new Date(since).toISOString(), reason }
        : { sink: params.sink, recordId: params.record, rev: params.rev, reason };
      const r = await api('POST', `admin/exports/${action}`, body);
      notify('success', action === 'replay' ? `${r.entries} entr${r.entries === 1 ? 'y' : 'ies'} will be sent again.`
        : action === 'retry' ? 'The export will be tried again now.' : 'The export was skipped.');
      location.hash = '#/exports';
    } catch (p) {
      if (!p.code || p.status === 401) throw p;
      showErrors([{ text: plain(p), target: 'reason' }], p);
    }
  });
  page('export-action', title, [
    h('p', { class: 'lead' }, explain),
    action === 'replay' ? null : h('p', {}, `Record ${params.record}, revision ${params.rev}, sink ${params.sink}.`),
    form]);
}
