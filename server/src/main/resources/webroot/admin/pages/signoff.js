// Sign-off for team and service managers: the supervision notes they led that wait for their
// sign-off. Signing off seals the note's decisions; it reaches every tablet at its next sync.

import { h, hidden, page, summaryList, notify } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { date } from '../lib/format.js';
import { plain, showErrors } from '../lib/errors.js';

const KINDS = { group_cp: 'CP group supervision', case_family_help: 'Family Help case supervision', line_of_sight: 'Line-of-sight meeting' };

export async function render() {
  const data = await api('GET', 'manager/sign-offs');
  const notes = data.notes;
  page('sign-off', 'Sign-off', notes.length === 0
    ? h('p', { class: 'lead', id: 'signoff-empty' }, 'No supervision notes are waiting for your sign-off.')
    : [h('p', { class: 'lead' }, `${notes.length} note${notes.length === 1 ? '' : 's'} you led wait${notes.length === 1 ? 's' : ''} for your sign-off. After sign-off, the decisions change only by addendum.`),
      h('ol', { class: 'card-list', id: 'signoff-notes' }, notes.map((n) => h('li', { class: 'card', 'data-record-id': n.recordId },
        h('h2', { class: 'heading-s' }, `${KINDS[n.kind] || 'Supervision'} on ${date(n.date)}`),
        summaryList([
          ['Family', `${n.caseLabel || ''} (${n.caseId})`],
          ['Attended', n.attendees.length ? h('ul', { class: 'list' }, n.attendees.map((a) => h('li', {}, a))) : 'Not recorded'],
          ['Decisions', n.decisions || 'Not recorded'],
          ['Actions agreed', String(n.actions)],
          ['Recorded by', n.recordedByName],
        ]),
        n.underReview ? h('p', { class: 'hint-inline' }, 'Under review by a sync admin: sign it off once that is done.')
          : h('button', { type: 'button', class: 'button sign-off', onclick: () => signOff(n) },
            'Sign off', hidden(` the ${KINDS[n.kind] || 'supervision'} note of ${date(n.date)}, ${n.caseLabel}`)))))]);
}

async function signOff(n) {
  try {
    await api('POST', `records/${encodeURIComponent(n.recordId)}/sign-off`);
    notify('success', `Signed off: ${KINDS[n.kind] || 'supervision'} on ${date(n.date)}`,
      'The note is sealed; the workers\' tablets receive the sign-off at their next sync.');
    await render();
  } catch (p) {
    if (!p.code) throw p;
    showErrors([{ text: plain(p) }], p);
  }
}
