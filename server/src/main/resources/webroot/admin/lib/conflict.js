// What the conflict pages share: who each version came from, which values differ, what will
// happen to each field in plain words, and the officer's answers kept between the decision page
// and the check-your-answers page.

import { canonical, empty, text, who } from './format.js';
import { shapeOf } from './vocabulary.js';

/** The officer's answers per conflict, until resolved: {choices, overrides, reason, problem}. */
export const drafts = new Map();
/** Conflicts resolved in this tab, whose page then says so in a confirmation panel. */
export const justResolved = new Set();

export const shape = (c, f) => shapeOf(c.recordType, f.name);
export const sideName = (s) => who(s.authorName, s.deviceId, s.deviceName);
const names = (sides) => sides.map(sideName).join(' and ');

/** A field's value as one line, shortened for a radio's label. */
export function short(c, f, v, max = 90) {
  const t = text(v, shape(c, f), c.people);
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/** The sides grouped by value: two tablets that wrote the same value are one choice. */
export function choicesOf(c, f) {
  const groups = [];
  c.sides.forEach((s, i) => {
    const v = f.values[i];
    const g = groups.find((x) => canonical(x.value) === canonical(v));
    if (g) g.sides.push(s); else groups.push({ value: v, sides: [s], rev: s.rev });
  });
  return groups.map((g) => ({ ...g, who: names(g.sides) }));
}

export const changedSides = (c, f) => c.sides.filter((s, i) => f.differs[i]);

/** Which part of the page a field belongs in. */
export function category(f) {
  if (f.conflicting) return 'decide';
  return f.differs.some(Boolean) ? 'changed' : 'unchanged';
}

/** What will happen to a field that merges without a decision, in plain words. */
export function willHappen(c, f) {
  const changed = changedSides(c, f);
  const distinct = new Set(changed.map((s) => canonical(f.values[c.sides.indexOf(s)]))).size;
  if (f.rule === 'append-text' && distinct > 1) {
    return distinct === 2 ? 'Both additions will be kept' : `All ${distinct} additions will be kept`;
  }
  if (f.rule === 'set' && distinct > 1) return 'Both lists will be combined';
  if (f.rule === 'append-text') return `The addition from ${names(changed)} will be kept`;
  return `The change from ${names(changed)} will be kept`;
}

/** How an edited value can be entered, by the field's format; null when only a side can be chosen. */
export function editorKind(c, f) {
  if (!f.editable) return null;
  const s = shape(c, f);
  if (s.list) return s.format === 'text' ? 'lines' : null;
  return { date: 'date', time: 'time', number: 'number', minutes: 'number', code: 'code', 'yes-no': 'yes-no', text: 'text' }[s.format] || null;
}

/** After a resolution: which value was kept for a field, in words. */
export function keptWords(c, f) {
  const r = f.resolved;
  const matching = c.sides.filter((s, i) => canonical(f.values[i]) === canonical(r));
  const changed = changedSides(c, f);
  if (!f.conflicting && canonical(r) === canonical(f.merged)) {
    const distinct = new Set(changed.map((s) => canonical(f.values[c.sides.indexOf(s)]))).size;
    if (f.rule === 'append-text' && distinct > 1) return 'Both additions kept';
    if (f.rule === 'set' && distinct > 1) return 'Both lists combined';
  }
  if (matching.length === c.sides.length) return 'Kept: every version had this';
  if (matching.length) return `Kept the value from ${names(matching)}`;
  if (canonical(r) === canonical(f.base)) return 'Kept the value from before the clash';
  if (empty(r)) return 'Left empty';
  const by = (c.resolution && c.resolution.resolvedByName) || 'the sync admin';
  return `Kept a new value entered by ${by}`;
}
