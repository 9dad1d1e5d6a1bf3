// Values as people read them: "3 December 2026", "10:30am", "£45.00", codes in words, lists as
// lists, names instead of ids. GOV.UK style; times are in the council's time zone.

import { h } from './dom.js';

const ZONE = 'Europe/London';
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });
const hourMinute = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE });

/** "2026-12-03" as "3 December 2026"; anything else as it is. */
export function date(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return iso;
  // Noon UTC is the same calendar day in London whatever the season.
  return dayMonthYear.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 12)));
}

/** "14:30" as "2:30pm", "12:00" as "midday". */
export function time(hhmm) {
  const m = /^(\d{2}):(\d{2})/.exec(hhmm || '');
  if (!m) return hhmm;
  const hour = +m[1];
  const minute = +m[2];
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const suffix = hour < 12 ? 'am' : 'pm';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${h12}${suffix}` : `${h12}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** An instant (epoch ms or ISO text) as "3 December 2026 at 10:15am". */
export function when(instant) {
  if (instant === null || instant === undefined) return 'never';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return String(instant);
  const p = Object.fromEntries(hourMinute.formatToParts(d).map((x) => [x.type, x.value]));
  return `${dayMonthYear.format(d)} at ${time(`${p.hour}:${p.minute}`)}`;
}

/** How long ago, in words: "5 minutes ago", "3 hours ago", "2 days ago". */
export function ago(ms) {
  const mins = Math.max(0, Math.round((Date.now() - ms) / 60000));
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'} ago`;
  if (mins < 1) return 'just now';
  if (mins < 60) return plural(mins, 'minute');
  const hours = Math.round(mins / 60);
  return hours < 48 ? plural(hours, 'hour') : plural(Math.round(hours / 24), 'day');
}

/** "Family DW-1 (case-0001)": the case id never breaks across lines. */
export function family(label, caseId) {
  if (!caseId) return 'No family (anonymous)';
  return h('span', {}, label ? `${label} ` : '', h('span', { class: 'nowrap' }, `(${caseId})`));
}

/** Who changed a record, and on which tablet: "Dan Jago, Tablet 22". */
export function who(authorName, deviceId, deviceName) {
  if (deviceId === 'server') return `${authorName || 'FieldSync'}, on the server`;
  return `${authorName}, ${deviceName || 'a tablet that is not enrolled'}`;
}

const same = (a, b) => canonical(a) === canonical(b);
export { same };

/** JSON with sorted keys, to compare values the way the server does. */
export function canonical(v) {
  if (v === undefined) v = null;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => v[k] !== null && v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const empty = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The names an answer carries (people by user id, and its family's label by case id), for
 * text() and value().
 */
export function namesOf(answer) {
  return { ...(answer.people || {}), ...(answer.caseId && answer.caseLabel ? { [answer.caseId]: answer.caseLabel } : {}) };
}

/** One value as a line of text, by its shape (see FieldShape in sync-protocol). */
export function text(v, shape, people = {}) {
  if (empty(v)) return 'Not recorded';
  if (shape && shape.list && Array.isArray(v)) {
    return v.map((item) => text(item, { ...shape, list: false }, people)).join('; ');
  }
  const format = shape ? shape.format : typeof v === 'string' ? 'text' : 'object';
  switch (format) {
    case 'date': return date(v);
    case 'time': return time(v);
    case 'instant': return when(v);
    case 'minutes': return `${v} minute${v === 1 ? '' : 's'}`;
    case 'pence': return `£${(Number(v) / 100).toFixed(2)}`;
    case 'yes-no': return v === true ? 'Yes' : v === false ? 'No' : String(v);
    case 'code': return (shape.codes && shape.codes[v]) || `${v} (a code this console does not know)`;
    case 'user': return people[v] || v;
    case 'case': return people[v] ? `${people[v]} (${v})` : v;
    case 'object': {
      const members = (shape && shape.members) || Object.keys(v).map((k) => ({ name: k, label: k }));
      return members.filter((m) => !empty(v[m.name]))
        .map((m) => `${m.label}: ${text(v[m.name], m, people)}`).join(', ');
    }
    default: return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/** One value as page content: lists as lists, long text as paragraphs. */
export function value(v, shape, people = {}) {
  if (empty(v)) return h('span', { class: 'muted' }, 'Not recorded');
  if (shape && shape.list && Array.isArray(v)) {
    return h('ul', { class: 'list' }, v.map((item) => h('li', {}, text(item, { ...shape, list: false }, people))));
  }
  const t = text(v, shape, people);
  if (t.includes('\n')) return h('div', { class: 'prose' }, t.split('\n').map((line) => h('p', {}, line)));
  return h('span', {}, t);
}
