// A record's history: every version, newest first, with who made it, on which tablet, when,
// what changed from the version before (in words), and a resolution's reason. Revision ids and
// clocks stay in a closed "for support" section.

import { h, page, summaryList } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { family, namesOf, when } from '../lib/format.js';
import { loadVocabulary, typeLabel } from '../lib/vocabulary.js';
import { contentRows, diffRows, fieldsOfVersion } from '../lib/diff.js';

const OUTCOMES = {
  accepted: null,
  merged: 'Saved, then combined with changes made at the same time elsewhere.',
  merge: 'FieldSync combined changes made at the same time on different tablets; none of them clashed.',
  conflict: 'This version clashed with another change and was sent to a sync admin to decide.',
  resolution: null,
  decision: 'A manager decided this request.',
  'sign-off': 'The manager who led the supervision signed it off.',
};

function title(v, first) {
  const name = v.authorName || 'Someone';
  switch (v.outcome) {
    case 'resolution': return `Conflict resolved by ${name}`;
    case 'merge': return 'Changes combined automatically';
    case 'decision': return `Decided by ${name}`;
    case 'sign-off': return `Signed off by ${name}`;
    default:
      if (v.deleted) return `Deleted by ${name}`;
      return first ? `Recorded by ${name}` : `Changed by ${name}`;
  }
}

const where = (v) => (v.deviceId === 'server' ? 'On the server' : `On ${v.deviceName || 'a tablet that is not enrolled'}`);

export async function render({ params }) {
  await loadVocabulary();
  const r = await api('GET', `records/${encodeURIComponent(params.id)}/history`);
  r.people = namesOf(r);
  const byRev = Object.fromEntries(r.revisions.map((v) => [v.rev, v]));
  const items = [...r.revisions].reverse().map((v) => {
    const parent = v.parentRev && byRev[v.parentRev];
    const now = fieldsOfVersion(v);
    const rows = parent ? diffRows(r.type, fieldsOfVersion(parent), now, r.people) : contentRows(r.type, now, r.people);
    const note = OUTCOMES[v.outcome];
    return h('li', { class: 'timeline__item', 'data-rev': v.rev, 'data-outcome': v.outcome },
      h('h2', { class: 'heading-s timeline__title' }, title(v, !parent),
        v.rev === r.currentRev ? h('strong', { class: 'tag tag--green' }, 'Current') : null),
      h('p', { class: 'timeline__meta' }, `${where(v)}, ${when(v.receivedAt)}`),
      note ? h('p', {}, note) : null,
      v.reason ? h('div', { class: 'inset reason' }, h('p', { class: 'diff__label' }, 'Reason given:'),
        h('div', { class: 'prose' }, v.reason)) : null,
      rows.length ? [h('p', { class: 'diff__intro' }, parent ? `What changed from the version before${parent.authorName
        ? ` (${parent.authorName}, ${parent.deviceId === 'server' ? 'on the server' : parent.deviceName || 'a tablet'})` : ''}:`
        : 'What was recorded:'), summaryList(rows, { class: 'summary-list summary-list--compact' })]
        : h('p', {}, parent ? 'Nothing changed in the content.' : ''),
      h('details', { class: 'details details--support' }, h('summary', { class: 'details__summary' }, 'Technical details for support'),
        h('div', { class: 'details__text' }, summaryList([
          ['Revision', h('span', { class: 'code' }, v.rev)],
          ['Made from', h('span', { class: 'code' }, [v.parentRev, ...(v.otherParents || [])].filter(Boolean).join(', ') || 'nothing (first)')],
          ['Author', v.authorId], ['Device', v.deviceId], ['Clock', h('span', { class: 'code' }, v.hlc)]]))));
  });
  page('history', `History of this ${typeLabel(r.type).toLowerCase()}`, [
    summaryList([
      ['Family', family(r.caseLabel, r.caseId)],
      ['Record', typeLabel(r.type)],
      ['Now', r.status === 'conflicted' ? 'Waiting for a sync admin to resolve a conflict' : 'Up to date'],
    ]),
    h('h2', { class: 'heading-m' }, `${r.revisions.length} versions, newest first`),
    h('ol', { class: 'timeline', id: 'history' }, items)]);
}
