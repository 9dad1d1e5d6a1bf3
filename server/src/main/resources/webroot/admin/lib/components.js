// GOV.UK Design System form components, built with h(): radios and checkboxes at GOV.UK size
// (see style.css), text inputs, a date input with a format hint, text areas and selects.

import { h } from './dom.js';

const hintNode = (id, hint) => (hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null);

/**
 * Radios in a fieldset. items: [{id, value, label, hint, checked, conditional}]; an item's
 * conditional content shows only while it is chosen.
 */
export function radios({ id, name, legend, legendClass = 'm', hint, items, small = false }) {
  const conditionals = [];
  const list = h('div', { class: `radios${small ? ' radios--small' : ''}` }, items.map((it) => {
    const cond = it.conditional ? h('div', { class: 'radios__conditional', id: `conditional-${it.id}`,
      hidden: !it.checked }, it.conditional) : null;
    if (cond) conditionals.push([it.id, cond]);
    return [h('div', { class: 'radios__item' },
      h('input', { class: 'radios__input', type: 'radio', id: it.id, name, value: it.value, checked: !!it.checked,
        'aria-describedby': it.hint ? `${it.id}-hint` : null, 'aria-controls': cond ? cond.id : null }),
      h('label', { class: 'radios__label', for: it.id }, it.label),
      it.hint ? h('div', { class: 'hint radios__hint', id: `${it.id}-hint` }, it.hint) : null), cond];
  }));
  const group = h('div', { class: 'form-group', id },
    h('fieldset', { class: 'fieldset', 'aria-describedby': hint ? `${id}-hint` : null },
      h('legend', { class: `fieldset__legend fieldset__legend--${legendClass}` }, legend),
      hintNode(id, hint), list));
  group.addEventListener('change', () => {
    for (const [inputId, cond] of conditionals) cond.hidden = !document.getElementById(inputId).checked;
  });
  return group;
}

/** One checkbox, with content that shows only while it is ticked. */
export function checkbox({ id, label, hint, checked, conditional }) {
  const cond = conditional ? h('div', { class: 'checkboxes__conditional', id: `conditional-${id}`, hidden: !checked }, conditional) : null;
  const box = h('input', { class: 'checkboxes__input', type: 'checkbox', id, name: id, checked: !!checked,
    'aria-describedby': hint ? `${id}-hint` : null, 'aria-controls': cond ? cond.id : null });
  if (cond) box.addEventListener('change', () => { cond.hidden = !box.checked; });
  return h('div', { class: 'form-group checkboxes' },
    h('div', { class: 'checkboxes__item' }, box, h('label', { class: 'checkboxes__label', for: id }, label),
      hint ? h('div', { class: 'hint checkboxes__hint', id: `${id}-hint` }, hint) : null), cond);
}

export function textInput({ id, label, hint, value = '', width, inputmode, autocomplete, type = 'text', spellcheck }) {
  return h('div', { class: 'form-group', id: `group-${id}` },
    h('label', { class: 'label', for: id }, label), hintNode(id, hint),
    h('input', { class: `input${width ? ` input--width-${width}` : ''}`, id, name: id, type, value,
      inputmode, autocomplete, spellcheck: spellcheck === undefined ? null : String(spellcheck),
      'aria-describedby': hint ? `${id}-hint` : null }));
}

export function textarea({ id, label, hint, value = '', rows = 4, labelClass = '' }) {
  const area = h('textarea', { class: 'textarea', id, name: id, rows: String(rows),
    'aria-describedby': hint ? `${id}-hint` : null });
  area.value = value;
  return h('div', { class: 'form-group', id: `group-${id}` },
    h('label', { class: `label ${labelClass}`, for: id }, label), hintNode(id, hint), area);
}

export function select({ id, label, options, value = '', hint }) {
  return h('div', { class: 'form-group', id: `group-${id}` },
    h('label', { class: 'label', for: id }, label), hintNode(id, hint),
    h('select', { class: 'select', id, name: id, 'aria-describedby': hint ? `${id}-hint` : null },
      options.map(([v, t]) => h('option', { value: v, selected: v === value }, t))));
}

/** Day, month and year boxes with a hint, GOV.UK style; value is an ISO date or empty. */
export function dateInput({ id, legend, hint, value = '' }) {
  const [y, m, d] = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-') : ['', '', ''];
  const part = (key, text, v, width) => h('div', { class: 'date-input__item' },
    h('label', { class: 'label date-input__label', for: `${id}-${key}` }, text),
    h('input', { class: `input date-input__input input--width-${width}`, id: `${id}-${key}`, name: `${id}-${key}`,
      type: 'text', inputmode: 'numeric', value: v ? String(Number(v)) : '' }));
  return h('div', { class: 'form-group', id: `group-${id}` },
    h('fieldset', { class: 'fieldset', role: 'group', 'aria-describedby': `${id}-hint` },
      h('legend', { class: 'fieldset__legend fieldset__legend--s' }, legend),
      h('div', { class: 'hint', id: `${id}-hint` }, hint),
      h('div', { class: 'date-input' }, part('day', 'Day', d, 2), part('month', 'Month', m, 2), part('year', 'Year', y, 4))));
}

/**
 * Reads a date input: {iso} for a real date, {error, target} otherwise; {what} names the date in
 * the message, for example "the new next visit date".
 */
export function readDate(id, what) {
  const get = (k) => document.getElementById(`${id}-${k}`).value.trim();
  const [d, m, y] = [get('day'), get('month'), get('year')];
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  if (!d && !m && !y) return { error: `Enter ${what}`, target: `${id}-day` };
  if (!d) return { error: `${What} must include a day`, target: `${id}-day` };
  if (!m) return { error: `${What} must include a month`, target: `${id}-month` };
  if (!/^\d{4}$/.test(y)) return { error: `${What} must include a year of 4 numbers, for example 2026`, target: `${id}-year` };
  const [dn, mn, yn] = [Number(d), Number(m), Number(y)];
  const date = new Date(Date.UTC(yn, mn - 1, dn));
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || date.getUTCMonth() !== mn - 1 || date.getUTCDate() !== dn) {
    return { error: `${What} must be a real date`, target: `${id}-day` };
  }
  return { iso: `${y}-${String(mn).padStart(2, '0')}-${String(dn).padStart(2, '0')}` };
}

export const button = (text, attrs = {}) => h('button', { type: 'submit', class: 'button', 'data-module': 'button', ...attrs }, text);
