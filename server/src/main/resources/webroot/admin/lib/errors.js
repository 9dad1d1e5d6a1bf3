// GOV.UK error messages: a summary at the top that takes focus, with a link to each field's
// inline error. Messages are plain; the code stays, small, for support.

import { h, hidden, focusOn } from './dom.js';

/** Plain messages for the codes an officer can meet; anything else uses the server's words. */
const PLAIN = {
  'auth.credentials.invalid': 'The user name or password is not right. Check both and try again.',
  'auth.rateLimited': 'There have been too many wrong sign-ins. Wait 15 minutes, then try again.',
  'network.unavailable': 'The server could not be reached. Check your connection and try again.',
  'server.internal': 'Something went wrong on the server. Try again; if it happens again, tell support the code below.',
  'server.unavailable': 'The server is busy. Try again in a minute.',
  'conflict.alreadyResolved': 'Another sync admin resolved this conflict first.',
  'conflict.reason.required': 'Say why you chose these values.',
  'conflict.choice.missing': 'Choose which value to keep.',
  'conflict.choice.notEditable': 'This cannot be typed in. Choose one of the values the workers recorded.',
  'record.sealed': 'This was locked when the record was submitted or signed off. Choose the value a worker recorded.',
  'record.serverOwned': 'Only a manager\'s decision or sign-off can set this. Choose the value a worker recorded.',
  'record.statusTransition': 'The record cannot move to that status. Choose the value a worker recorded.',
  'record.notWritable': 'This cannot be changed here.',
  'scope.record.restricted': 'This record is restricted to named workers. A sync admin named on it must resolve it.',
  'scope.role.forbidden': 'Your account cannot do this.',
  'device.notFound': 'That tablet is not enrolled any more.',
};

const sentence = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1).replace(/\s*$/, '') : s);

/** A problem, or one of its field errors, in plain words. */
export function plain(problemOrError) {
  const code = problemOrError.code;
  return PLAIN[code] || sentence(problemOrError.message) || 'Something went wrong.';
}

/** The small print support asks for. */
export function supportCode(p) {
  return h('p', { class: 'support-code' }, `Code for support: ${p.code}`,
    p.requestId ? ` (request ${p.requestId})` : '');
}

/**
 * Shows errors on a form: a summary at the top of the page (given the focus) linking to each
 * field, and a message at each field. {items}: [{text, target: element id, field: the id of
 * the .form-group to mark}]. Earlier errors are cleared first.
 */
export function showErrors(items, problem) {
  clearErrors();
  const summary = h('div', { class: 'error-summary', tabindex: '-1', role: 'alert', 'aria-labelledby': 'error-summary-title' },
    h('h2', { class: 'error-summary__title', id: 'error-summary-title' }, 'There is a problem'),
    h('ul', { class: 'error-summary__list' }, items.map((it) => h('li', {},
      it.target ? h('a', { href: `#${it.target}`, onclick: (e) => { e.preventDefault(); focusOn(document.getElementById(it.target)); } }, it.text)
        : it.text))),
    problem && problem.code ? supportCode(problem) : null);
  for (const it of items) {
    const group = it.field && document.getElementById(it.field);
    if (!group) continue;
    group.classList.add('form-group--error');
    const msg = h('p', { class: 'error-message', 'data-error-for': it.field }, hidden('Error: '), it.text);
    const anchor = group.querySelector(':scope > legend, :scope > fieldset > legend, :scope > label, :scope > .hint');
    const after = group.querySelector(':scope > .hint, :scope > fieldset > .hint') || anchor;
    if (after && after.parentNode) after.after(msg); else group.prepend(msg);
    const describedBy = group.querySelectorAll('input, textarea, select');
    describedBy.forEach((c) => c.classList.add('input--error'));
  }
  const main = document.getElementById('main');
  const h1 = main.querySelector('h1');
  if (h1 && h1.parentNode === main) h1.before(summary); else main.prepend(summary);
  summary.scrollIntoView({ block: 'start' });
  summary.focus({ preventScroll: true });
  return summary;
}

export function clearErrors() {
  document.querySelectorAll('.error-summary, .error-message').forEach((e) => e.remove());
  document.querySelectorAll('.form-group--error').forEach((e) => e.classList.remove('form-group--error'));
  document.querySelectorAll('.input--error').forEach((e) => e.classList.remove('input--error'));
}

/** A whole-page problem (the page could not load): what happened and what to do. */
export function problemContent(p) {
  return [h('p', {}, plain(p)), supportCode(p)];
}
