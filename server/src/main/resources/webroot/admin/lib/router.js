// The console's router: addresses are #/path/:param?query. Each route names the roles that may
// see it; the navigation shows the pages the signed-in user's roles have, and marks the current
// one (aria-current). Adding a page is one route() call in app.js and one module in pages/.

import { h, page } from './dom.js';
import { Problem, session } from './api.js';
import { plain, supportCode } from './errors.js';

const routes = [];
let renders = 0;

/**
 * Declares a route. options: {render(ctx), roles: [...] (absent: anyone signed in),
 * public: true (no sign-in), nav: 'Label' (listed in the navigation), section: 'path' (the
 * navigation entry it belongs under)}.
 */
export function route(pattern, options) {
  routes.push({ pattern, parts: pattern.split('/'), ...options });
}

function parse(hash) {
  const [path, query] = (hash.replace(/^#\/?/, '') || '').split('?');
  return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(query || '') };
}

function match(parts) {
  for (const r of routes) {
    if (r.parts.length !== parts.length) continue;
    const params = {};
    if (r.parts.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(parts[i])), true) : p === parts[i]))) {
      return { route: r, params };
    }
  }
  return null;
}

const allowed = (r, user) => !r.roles || (user && r.roles.some((role) => (user.roles || []).includes(role)));

/** The pages in the navigation for this user, in declaration order. */
export function navFor(user) {
  return routes.filter((r) => r.nav && allowed(r, user));
}

/** Where a user lands after signing in: their first page, or null when they have none. */
export function homeFor(user) {
  const first = navFor(user)[0];
  return first ? `#/${first.pattern}` : null;
}

function drawNav(s, current) {
  const nav = document.getElementById('nav');
  nav.hidden = !s;
  if (!s) return;
  const section = current && (current.nav ? current.pattern : current.section);
  const list = nav.querySelector('ul');
  list.replaceChildren(...navFor(s.user).map((r) => h('li', {},
    h('a', { href: `#/${r.pattern}`, 'aria-current': r.pattern === section ? 'page' : null }, r.nav))));
  document.getElementById('who').textContent = `Signed in as ${s.user.displayName}`;
}

/** Draws the page for the current address. */
export async function render() {
  const mine = ++renders;
  const s = session();
  const { parts, query } = parse(location.hash);
  let found = match(parts);
  if (!s && !(found && found.route.public)) found = match(['login']);
  if (s && parts.length === 0) {
    const home = homeFor(s.user);
    if (home) { location.replace(home); return; }
  }
  drawNav(s, found && found.route);
  if (!found) {
    page('not-found', 'Page not found', h('p', {}, 'There is no page at this address. ',
      h('a', { href: '#/' }, 'Go to the start')));
    return;
  }
  if (!allowed(found.route, s && s.user)) {
    page('forbidden', 'You cannot see this page', h('p', {}, 'Your account does not have this page.'));
    return;
  }
  try {
    await found.route.render({ params: found.params, query, user: s && s.user, stale: () => mine !== renders });
  } catch (p) {
    if (!(p instanceof Problem)) throw p;
    if (p.status === 401 || mine !== renders) return; // signed out: the sign-in page is drawn
    page('problem', 'Sorry, there is a problem', [h('p', {}, plain(p)), supportCode(p),
      h('p', {}, h('a', { href: location.hash }, 'Try again'))]);
  }
}

export function start() {
  window.addEventListener('hashchange', () => { render(); });
  render();
}
