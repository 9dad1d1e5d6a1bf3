// FNSP decisions for team and service managers: the submitted requests of their team, each with
// the meeting it came from, the facilitator's independence and the amount against the manager's
// own delegated limit. Deciding is a page of its own (decide.js is this module's second render).
// Above the limit, the manager sends it up a level instead of approving.

import { h, hidden, page, summaryList, buttonLink, notify } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { textarea } from '../lib/components.js';
import { date, when } from '../lib/format.js';
import { showErrors, plain } from '../lib/errors.js';

export const pounds = (p) => `£${(Number(p) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const MEETINGS = { fnm: 'Family network meeting', fgc: 'Family group conference' };

function meeting(m) {
  if (!m || !m.found) return 'The meeting is not on the case record';
  return `${MEETINGS[m.kind] || 'Meeting'} on ${date(m.date)}`;
}

function facilitator(m) {
  if (!m || !m.found) return 'Not known';
  const who = [m.facilitatorName, m.facilitatorOrganisation].filter(Boolean).join(', ');
  return h('span', {}, who, ': ', m.independent
    ? h('strong', { class: 'tag tag--green' }, 'Independent') : h('strong', { class: 'tag tag--red' }, 'Not independent'),
  m.independent ? ' (no prior involvement in the case)' : ' (had prior involvement in the case)');
}

function amount(r) {
  return h('span', {}, pounds(r.amountPence), ' ', r.withinLimit
    ? h('span', { class: 'hint-inline' }, `within your limit of ${pounds(r.limitPence)}`)
    : h('strong', { class: 'tag tag--red' }, `Above your limit of ${pounds(r.limitPence)}`));
}

function rows(r) {
  return [
    ['Family', `${r.caseLabel || ''} (${r.caseId})`],
    ['What is asked for', r.description],
    ['Amount', amount(r)],
    ['Who benefits', r.beneficiary],
    ['Delivered by', r.deliveringOrganisation || 'Not recorded'],
    ['Asked for by', [r.requestedByName, r.requestedByAgency].filter(Boolean).join(', ')],
    ['Meeting', meeting(r.meeting)],
    ['Facilitator', facilitator(r.meeting)],
    r.referredBy ? ['Sent up a level', `By ${r.referredByName} on ${when(r.referredAt)}${r.referralNote ? `: ${r.referralNote}` : ''}`] : null,
  ];
}

export async function render() {
  const data = await api('GET', 'manager/fnsp');
  const list = data.requests;
  page('fnsp', 'FNSP decisions', list.length === 0
    ? h('p', { class: 'lead', id: 'fnsp-empty' }, 'No requests are waiting for a decision.')
    : [h('p', { class: 'lead' }, `${list.length} request${list.length === 1 ? '' : 's'} waiting. You may approve up to ${pounds(data.limitPence)}; above that a request goes up a level.`),
      h('ol', { class: 'card-list', id: 'fnsp-requests' }, list.map((r) => h('li', { class: 'card', 'data-record-id': r.recordId },
        h('h2', { class: 'heading-s' }, `${r.description} – ${pounds(r.amountPence)}`),
        summaryList(rows(r)),
        r.ownRequest ? h('p', { class: 'hint-inline' }, 'You asked for this: another manager decides it.')
          : r.underReview ? h('p', { class: 'hint-inline' }, 'Under review by a sync admin: decide it once that is done.')
            : buttonLink(`#/fnsp/${encodeURIComponent(r.recordId)}`, 'Decide', 'secondary decide',
              { 'aria-label': `Decide on ${r.description}, ${pounds(r.amountPence)}, ${r.caseLabel}` }))))]);
}

/** The decision page for one request: approve (within the limit) or send up a level, or decline. */
export async function renderDecide({ params }) {
  const data = await api('GET', 'manager/fnsp');
  const r = data.requests.find((x) => x.recordId === params.id);
  if (!r) {
    page('fnsp-gone', 'This request is not waiting for you', h('p', {}, 'It may have been decided already. ',
      h('a', { href: '#/fnsp' }, 'Back to FNSP decisions')));
    return;
  }
  const form = h('form', { class: 'form', novalidate: true, id: 'decide' },
    summaryList(rows(r)),
    textarea({ id: 'note', label: 'Note', hint: r.withinLimit
      ? 'Say why if you decline: the worker and the family will read it.'
      : 'Say why if you decline, or what the next manager should know.', rows: 3 }),
    h('div', { class: 'button-group' },
      r.withinLimit
        ? h('button', { type: 'submit', class: 'button', id: 'approve', value: 'approved' }, 'Approve', hidden(` ${pounds(r.amountPence)}`))
        : h('button', { type: 'submit', class: 'button', id: 'refer', value: 'referred' }, 'Send up a level', hidden(': above my limit')),
      h('button', { type: 'submit', class: 'button warning', id: 'decline', value: 'declined' }, 'Decline'),
      h('a', { href: '#/fnsp', class: 'link' }, 'Cancel')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const decision = (e.submitter && e.submitter.value) || (r.withinLimit ? 'approved' : 'referred');
    const note = form.note.value.trim();
    if (decision === 'declined' && !note) {
      showErrors([{ text: 'Say why the request is declined', target: 'note', field: 'group-note' }]);
      return;
    }
    try {
      await api('POST', `records/${encodeURIComponent(r.recordId)}/decision`, note ? { decision, note } : { decision });
      notify('success', decision === 'approved' ? `Approved: ${r.description}, ${pounds(r.amountPence)}`
        : decision === 'declined' ? `Declined: ${r.description}` : `Sent up a level: ${r.description}, ${pounds(r.amountPence)}`,
      'The worker\'s tablet receives it at its next sync.');
      location.hash = '#/fnsp';
    } catch (p) {
      if (!p.code) throw p;
      showErrors([{ text: plain(p), target: 'note', field: 'group-note' }], p);
    }
  });
  page('fnsp-decide', `Decide: ${r.description}`, form);
}
