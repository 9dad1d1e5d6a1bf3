// One conflict: what each version says, the fields to decide (each choice carries its value),
// what will be kept without a decision, and a reason. "Continue" checks the answers here, then
// shows them on the check-your-answers page; nothing is stored until that page's button.

import { h, page, summaryList } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { radios, checkbox, textarea, button } from '../lib/components.js';
import { showErrors, plain } from '../lib/errors.js';
import { ago, empty, family, namesOf, text, value, when } from '../lib/format.js';
import { loadVocabulary, typeLabel } from '../lib/vocabulary.js';
import { category, choicesOf, drafts, sideName, shape, short, willHappen } from '../lib/conflict.js';
import { editor, readEditor } from '../lib/editors.js';
import { resolvedView } from './resolved.js';

export async function render({ params, query }) {
  await loadVocabulary();
  const c = await api('GET', `admin/conflicts/${encodeURIComponent(params.id)}`);
  c.people = namesOf(c);
  if (c.status !== 'open') {
    drafts.delete(c.id);
    await resolvedView(c);
    return;
  }
  const draft = drafts.get(c.id) || { choices: {}, overrides: [], reason: '' };
  const form = h('form', { id: 'resolve-form', novalidate: true },
    decideSection(c, draft), keptSection(c, draft), unchangedSection(c),
    textarea({ id: 'reason', label: 'Why are you keeping these values?', labelClass: 'label--m', value: draft.reason,
      hint: 'For example, "Phone call with Bea Trevithick confirmed the date". The workers who hold this record will see it.' }),
    button('Continue', { id: 'resolve-submit' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit(c, form);
  });
  const typeName = typeLabel(c.recordType);
  page('conflict', `Decide what to keep in this ${typeName.toLowerCase()}`,
    h('div', { id: 'conflict', 'data-status': c.status }, intro(c), form),
    () => (query.get('change') ? changeTarget(query.get('change')) : null));
  if (draft.problem) {
    const p = draft.problem;
    delete draft.problem;
    showErrors(serverErrors(c, p), p);
  }
}

function intro(c) {
  const dated = c.fields.find((f) => f.name === 'date');
  const recordDate = dated ? (dated.values.find((v) => !empty(v)) || dated.base) : null;
  return [
    h('p', { class: 'lead' }, `${c.sides.length} versions of this record were changed at the same time, and some changes clash. `
      + 'Choose what to keep for each clash. Everything else is kept as the list below says.'),
    summaryList([
      ['Family', family(c.caseLabel, c.caseId)],
      ['Record', `${typeLabel(c.recordType)}${recordDate ? ` on ${text(recordDate, { format: 'date' })}` : ''}`],
      ['Versions', h('ul', { class: 'list' }, c.sides.map((s) => h('li', {}, `${sideName(s)}, sent ${when(s.receivedAt)}`)))],
      ['Waiting since', `${when(c.openedAt)} (${ago(c.openedAt)})`],
    ], { id: 'conflict-summary' }),
    h('p', {}, h('a', { href: `#/history/${encodeURIComponent(c.recordId)}`, id: 'history-link' }, 'See the history of this record')),
  ];
}

/** The radios for one field: a choice per distinct value, and "enter a different value" if allowed. */
function choiceRadios(c, f, draft, legend) {
  const chosen = draft.choices[f.name];
  const name = `choice-${f.name}`;
  const items = choicesOf(c, f).map((g, i) => {
    const full = text(g.value, shape(c, f), c.people);
    const line = short(c, f, g.value);
    return { id: `${name}-${i}`, value: `side:${g.rev}`, label: `${g.who}: ${line}`,
      hint: line === full ? null : value(g.value, shape(c, f), c.people),
      checked: chosen && chosen.side && g.sides.some((s) => s.rev === chosen.side) };
  });
  const kind = editor(c, f, chosen && 'value' in chosen ? chosen.value : undefined);
  if (kind) {
    items.push({ id: `${name}-edit`, value: 'edit', label: kind.label, checked: chosen && 'value' in chosen,
      conditional: kind.node });
  }
  const before = empty(f.base) ? 'It was empty before these changes.' : `Before these changes: ${short(c, f, f.base, 140)}.`;
  return radios({ id: `group-${name}`, name, legend, hint: [before, f.reason ? ` ${plainReason(f.reason)}` : ''].join(''), items });
}

function plainReason(reason) {
  return /delet/i.test(reason) ? 'One version deletes the record while another changes it.' : '';
}

function decideSection(c, draft) {
  const fields = c.fields.filter((f) => category(f) === 'decide');
  return h('section', { 'aria-labelledby': 'decide-title' },
    h('h2', { class: 'heading-m', id: 'decide-title' }, fields.length === 1 ? 'The clash' : `${fields.length} clashes`),
    fields.map((f) => choiceRadios(c, f, draft, shape(c, f).label)));
}

function keptSection(c, draft) {
  const fields = c.fields.filter((f) => category(f) === 'changed');
  if (fields.length === 0) return null;
  return h('section', { 'aria-labelledby': 'kept-title' },
    h('h2', { class: 'heading-m', id: 'kept-title' }, 'Kept without a decision'),
    h('p', {}, 'These changes do not clash. They will be kept unless you choose otherwise.'),
    fields.map((f) => {
      const label = shape(c, f).label;
      const structural = f.name.startsWith('_');
      return h('div', { class: 'kept-field', 'data-field': f.name },
        h('h3', { class: 'heading-s' }, label),
        h('p', { class: 'kept-field__what' }, `${willHappen(c, f)}:`),
        h('div', { class: 'kept-field__value' }, value(f.merged, shape(c, f), c.people)),
        structural ? null : checkbox({ id: `override-${f.name}`, label: `Choose something different for ${label.toLowerCase()}`,
          checked: draft.overrides.includes(f.name),
          conditional: choiceRadios(c, f, draft, `Which ${label.toLowerCase()} should be kept?`) }));
    }));
}

function unchangedSection(c) {
  const fields = c.fields.filter((f) => category(f) === 'unchanged');
  if (fields.length === 0) return null;
  return h('details', { class: 'details', id: 'unchanged' },
    h('summary', { class: 'details__summary' }, `${fields.length} field${fields.length === 1 ? '' : 's'} unchanged – show`),
    h('div', { class: 'details__text' }, summaryList(fields.map((f) => [shape(c, f).label, value(f.base, shape(c, f), c.people)]))));
}

function changeTarget(field) {
  if (field === 'reason') return document.getElementById('reason');
  const group = document.getElementById(`group-choice-${field}`);
  if (!group) return null;
  const box = document.getElementById(`override-${field}`);
  if (box && !box.checked) return box;
  return group.querySelector('input:checked') || group.querySelector('input');
}

function submit(c, form) {
  const choices = {};
  const errors = [];
  const overrides = [];
  for (const f of c.fields) {
    const box = document.getElementById(`override-${f.name}`);
    if (box && box.checked) overrides.push(f.name);
    if (!f.conflicting && !(box && box.checked)) continue;
    const label = shape(c, f).label.toLowerCase();
    const chosen = form.querySelector(`input[name="choice-${CSS.escape(f.name)}"]:checked`);
    if (!chosen) {
      errors.push({ text: `Choose what to keep for ${label}`, target: `choice-${f.name}-0`, field: `group-choice-${f.name}` });
    } else if (chosen.value === 'edit') {
      const read = readEditor(c, f);
      if (read.error) errors.push({ text: read.error, target: read.target, field: `group-choice-${f.name}` });
      else { choices[f.name] = { value: read.value }; }
    } else {
      choices[f.name] = { side: chosen.value.slice('side:'.length) };
    }
  }
  const reason = form.reason.value.trim();
  if (!reason) errors.push({ text: 'Say why you are keeping these values', target: 'reason', field: 'group-reason' });
  else if (reason.length > 2000) errors.push({ text: 'The reason must be 2,000 characters or fewer', target: 'reason', field: 'group-reason' });
  if (errors.length) {
    showErrors(errors);
    return;
  }
  drafts.set(c.id, { choices, overrides, reason });
  location.hash = `#/conflicts/${encodeURIComponent(c.id)}/check`;
}

/** The server's refusal, mapped to the fields on this page. */
function serverErrors(c, p) {
  const items = (p.errors || []).map((e) => {
    const name = String(e.field || '').replace(/^choices\./, '').split(/[.[]/)[0];
    if (name === 'reason') return { text: plain(e), target: 'reason', field: 'group-reason' };
    const group = document.getElementById(`group-choice-${name}`);
    if (!group) return { text: plain(e) };
    const f = c.fields.find((x) => x.name === name);
    const label = f ? shape(c, f).label : name;
    const chosen = group.querySelector('input:checked');
    const editorInput = chosen && chosen.value === 'edit' ? document.querySelector(`[id^="edit-${CSS.escape(name)}"]`) : null;
    return { text: `${label}: ${plain(e)}`, target: (editorInput || chosen || group.querySelector('input')).id, field: group.id };
  });
  return items.length ? items : [{ text: plain(p) }];
}

