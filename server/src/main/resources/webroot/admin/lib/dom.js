// Building the page: every piece of data goes in with textContent, never as HTML.

const main = () => document.getElementById('main');
let pending = null; // a notification for the next page only (see notify)

/** Builds an element: attributes (on* are handlers, text is textContent) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Text for screen readers only. */
export const hidden = (text) => h('span', { class: 'visually-hidden' }, text);

/**
 * A notification banner shown on the next page drawn, and only there: a message never stays
 * on later pages (it used to, above a different conflict).
 */
export function notify(kind, heading, text) {
  pending = { kind, heading, text };
}

function banner(n) {
  return h('div', { class: `notification-banner ${n.kind}`, role: n.kind === 'success' ? 'alert' : 'region',
    'aria-labelledby': 'banner-title', tabindex: '-1', id: 'banner' },
  h('h2', { class: 'notification-banner__title', id: 'banner-title' }, n.kind === 'success' ? 'Success' : 'Important'),
  h('p', { class: 'notification-banner__heading' }, n.heading),
  n.text ? h('p', {}, n.text) : null);
}

/**
 * Draws a page: its title (also the document title), its content, and where focus goes: the
 * given element, else a notification, else the main area, so a screen reader starts at the top.
 */
export function page(name, title, content, focus, { headingInContent = false } = {}) {
  const m = main();
  const note = pending;
  pending = null;
  const heading = headingInContent ? null : h('h1', { class: 'heading-l' }, title);
  m.replaceChildren(...[note ? banner(note) : null, heading, content].flat().filter(Boolean));
  m.dataset.page = name;
  document.title = `${title} – FieldSync`;
  window.scrollTo(0, 0);
  const target = typeof focus === 'function' ? focus() : focus;
  (target || (note && document.getElementById('banner')) || m).focus();
}

/** A GOV.UK summary list: rows of [key, value, action]. */
export function summaryList(rows, attrs = {}) {
  return h('dl', { class: 'summary-list', ...attrs }, rows.filter(Boolean).map(([k, v, action, rowAttrs]) =>
    h('div', { class: 'summary-list__row', ...(rowAttrs || {}) },
      h('dt', { class: 'summary-list__key' }, k),
      h('dd', { class: 'summary-list__value' }, v),
      action ? h('dd', { class: 'summary-list__actions' }, action) : null)));
}

/** A link that looks like a button (for moving on, not for changing data). */
export const buttonLink = (href, text, extra = 'secondary', attrs = {}) =>
  h('a', { href, class: `button ${extra}`, role: 'button', draggable: 'false', ...attrs }, text);

/** Moves focus to an element inside the page without touching the address (the router's). */
export function focusOn(el) {
  if (!el) return;
  const group = el.closest('fieldset, .form-group');
  (group || el).scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}
