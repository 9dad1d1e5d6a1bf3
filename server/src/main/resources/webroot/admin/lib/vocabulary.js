// The words of every record type's fields, from the server's GET vocabulary (sync-protocol's
// FieldLabels), loaded once per sign-in.

import { api } from './api.js';

let loaded = null;

export async function loadVocabulary() {
  if (!loaded) {
    const v = await api('GET', 'vocabulary');
    const types = {};
    for (const t of v.types) types[t.type] = { label: t.label, fields: t.fields };
    loaded = { types, envelope: v.envelope };
  }
  return loaded;
}

export function forgetVocabulary() {
  loaded = null;
}

/** What a record type is called: "Visit". */
export function typeLabel(type) {
  return (loaded && loaded.types[type] && loaded.types[type].label) || String(type).replaceAll('_', ' ');
}

/** A field's shape (label, format, codes, members); a field a newer app added reads as text. */
export function shapeOf(type, name) {
  const all = [...((loaded && loaded.envelope) || []),
    ...((loaded && loaded.types[type] && loaded.types[type].fields) || [])];
  return all.find((f) => f.name === name) || { name, label: name, format: 'text', list: false, codes: {}, members: [] };
}

/** The fields of a type in the table's order, for showing a whole record. */
export function fieldsOf(type) {
  return (loaded && loaded.types[type] && loaded.types[type].fields) || [];
}

export const labelOf = (type, name) => shapeOf(type, name).label;
