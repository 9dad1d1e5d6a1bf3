// Check your answers before resolving: each decision with the value it keeps, what is kept
// without a decision, and the reason, each with a "Change" link. Resolving happens here.

import { h, hidden, page, summaryList, notify } from '../lib/dom.js';
import { api, Problem } from '../lib/api.js';
import { button } from '../lib/components.js';
import { family, namesOf, text, value } from '../lib/format.js';
import { loadVocabulary, typeLabel } from '../lib/vocabulary.js';
import { category, choicesOf, drafts, justResolved, shape, willHappen } from '../lib/conflict.js';

export async function render({ params }) {
  await loadVocabulary();
  const draft = drafts.get(params.id);
  const back = `#/conflicts/${encodeURIComponent(params.id)}`;
  if (!draft) {
    location.replace(back);
    return;
  }
  const c = await api('GET', `admin/conflicts/${encodeURIComponent(params.id)}`);
  c.people = namesOf(c);
  if (c.status !== 'open') {
    location.replace(back);
    return;
  }
  const change = (field, label) => h('a', { href: `${back}?change=${encodeURIComponent(field)}`, class: 'change' },
    'Change', hidden(` ${label.toLowerCase()}`));
  const decided = c.fields.filter((f) => draft.choices[f.name]).map((f) => {
    const label = shape(c, f).label;
    return [label, chosenWords(c, f, draft.choices[f.name]), change(f.name, label), { 'data-field': f.name }];
  });
  const kept = c.fields.filter((f) => category(f) === 'changed' && !draft.choices[f.name]).map((f) =>
    [shape(c, f).label, h('div', {}, h('p', { class: 'kept-field__what' }, `${willHappen(c, f)}:`),
      value(f.merged, shape(c, f), c.people))]);
  const form = h('form', { id: 'confirm-form', novalidate: true },
    h('h2', { class: 'heading-m' }, 'Now resolve the conflict'),
    h('p', {}, 'The record will then hold these values. It will reach every tablet that holds it at its next sync, '
      + 'and the workers will see your reason.'),
    button('Resolve conflict', { id: 'confirm-resolve' }));
  let sending = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // Not disabled while focused (focus would drop to the page); a second press does nothing.
    if (sending) return;
    sending = true;
    await resolve(c, draft, back);
    sending = false;
  });
  page('check', 'Check your answers before resolving', h('div', { id: 'check-answers' },
    h('p', { class: 'lead' }, typeLabel(c.recordType), ' for ', family(c.caseLabel, c.caseId)),
    h('h2', { class: 'heading-m' }, 'Your decisions'),
    summaryList(decided, { id: 'decisions' }),
    kept.length ? [h('h2', { class: 'heading-m' }, 'Kept without a decision'), summaryList(kept, { id: 'kept' })] : null,
    h('h2', { class: 'heading-m' }, 'Your reason'),
    summaryList([['Reason', h('div', { class: 'prose' }, draft.reason), change('reason', 'Reason')]], { id: 'reason-summary' }),
    form));
}

/** "Dan Jago, Tablet 22: 2 December 2026", or the value the officer entered. */
function chosenWords(c, f, choice) {
  if (choice.side) {
    const g = choicesOf(c, f).find((x) => x.sides.some((s) => s.rev === choice.side));
    return h('div', {}, `${g.who}: `, value(g.value, shape(c, f), c.people));
  }
  return h('div', {}, 'A new value you entered: ', text(choice.value, shape(c, f), c.people));
}

async function resolve(c, draft, back) {
  const here = location.hash;
  // The officer may have gone elsewhere while this was sent: then stay where they are.
  const go = () => { if (location.hash === here) location.hash = back; };
  try {
    await api('POST', `admin/conflicts/${encodeURIComponent(c.id)}/resolve`, { reason: draft.reason, choices: draft.choices });
    drafts.delete(c.id);
    justResolved.add(c.id);
    go();
  } catch (p) {
    if (!(p instanceof Problem) || p.status === 401) throw p;
    if (p.code === 'conflict.alreadyResolved') {
      drafts.delete(c.id);
      notify('important', 'Another sync admin resolved this conflict first. This is what they kept.');
    } else {
      draft.problem = p;
    }
    go();
  }
}
