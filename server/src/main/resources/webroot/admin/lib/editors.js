// Entering a value of one's own in a resolution, by the field's format: a date as day, month
// and year with a hint, a time, a number, a code chosen from its words, yes or no, text, or
// a list one per line. Fields whose value is structured (objects, people, the family) are
// chosen from a version, never typed.

import { dateInput, readDate, select, textInput, textarea } from './components.js';
import { editorKind, shape } from './conflict.js';

/** The editor for a field, prefilled with {current}; null when the field cannot be edited. */
export function editor(c, f, current) {
  const kind = editorKind(c, f);
  if (!kind) return null;
  const s = shape(c, f);
  const id = `edit-${f.name}`;
  const label = `New ${s.label.toLowerCase()}`;
  const has = current !== undefined && current !== null;
  switch (kind) {
    case 'date':
      return { label: 'Enter a different date', node: dateInput({ id, legend: label,
        hint: 'For example, 2 12 2026', value: has ? current : '' }) };
    case 'time':
      return { label: 'Enter a different time', node: textInput({ id, label, width: 5,
        hint: 'Use the 24-hour clock, for example 14:30', value: has ? current : '' }) };
    case 'number':
      return { label: 'Enter a different number', node: textInput({ id, label, width: 5, inputmode: 'numeric',
        hint: s.format === 'minutes' ? 'In minutes, for example 45' : 'A whole number', value: has ? String(current) : '' }) };
    case 'code':
      return { label: 'Choose a different one', node: select({ id, label,
        options: [['', 'Choose one'], ...Object.entries(s.codes)], value: has ? current : '' }) };
    case 'yes-no':
      return { label: 'Choose a different answer', node: select({ id, label,
        options: [['', 'Choose one'], ['true', 'Yes'], ['false', 'No']], value: has ? String(current) : '' }) };
    case 'lines':
      return { label: 'Enter a different list', node: textarea({ id, label, hint: 'Put each one on its own line.',
        value: has ? current.join('\n') : '' }) };
    default:
      return { label: 'Enter a different value', node: textarea({ id, label, rows: 5, value: has ? current : '' }) };
  }
}

/** Reads a field's editor: {value} ready for the API, or {error, target} to show. */
export function readEditor(c, f) {
  const kind = editorKind(c, f);
  const id = `edit-${f.name}`;
  const label = shape(c, f).label.toLowerCase();
  if (kind === 'date') {
    const d = readDate(id, `the new ${label}`);
    return d.iso ? { value: d.iso } : { error: d.error, target: d.target };
  }
  const raw = document.getElementById(id).value;
  const v = raw.trim();
  switch (kind) {
    case 'time': {
      const m = /^(\d{1,2})[:.](\d{2})$/.exec(v);
      if (!m || +m[1] > 23 || +m[2] > 59) return { error: `Enter the new ${label} as hours and minutes, for example 14:30`, target: id };
      return { value: `${m[1].padStart(2, '0')}:${m[2]}` };
    }
    case 'number':
      if (!/^\d+$/.test(v)) return { error: `Enter the new ${label} as a whole number`, target: id };
      return { value: Number(v) };
    case 'code':
    case 'yes-no':
      if (!v) return { error: `Choose the new ${label}`, target: id };
      return { value: kind === 'yes-no' ? v === 'true' : v };
    case 'lines':
      return { value: raw.split('\n').map((x) => x.trim()).filter(Boolean) };
    default:
      if (!v) return { error: `Enter the new ${label}`, target: id };
      return { value: raw };
  }
}

