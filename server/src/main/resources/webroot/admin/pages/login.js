// Sign in. A wrong password keeps what was typed and moves focus to the error summary.

import { h, page } from '../lib/dom.js';
import { api, startSession, session } from '../lib/api.js';
import { textInput, button } from '../lib/components.js';
import { showErrors, plain } from '../lib/errors.js';
import { homeFor } from '../lib/router.js';

export function render() {
  if (session()) {
    location.replace(homeFor(session().user) || '#/');
    return;
  }
  const form = h('form', { class: 'form narrow', novalidate: true, id: 'sign-in' },
    textInput({ id: 'username', label: 'User name', autocomplete: 'username', spellcheck: false, width: 20 }),
    textInput({ id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', width: 20 }),
    button('Sign in', { id: 'login-submit' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    signIn(form);
  });
  page('login', 'Sign in to FieldSync', [
    h('p', { class: 'lead' }, 'Sign in with your FieldSync user name and password.'), form]);
}

async function signIn(form) {
  const username = form.username.value.trim();
  const password = form.password.value;
  const missing = [];
  if (!username) missing.push({ text: 'Enter your user name', target: 'username', field: 'group-username' });
  if (!password) missing.push({ text: 'Enter your password', target: 'password', field: 'group-password' });
  if (missing.length) {
    showErrors(missing);
    return;
  }
  try {
    const res = await api('POST', 'auth/login', { username, password }, { signIn: true });
    if (!homeFor(res.user)) {
      showErrors([{ text: 'There is nothing in this console for your account. It is for sync admins, team and service managers, and auditors.', target: 'username' }]);
      return;
    }
    startSession(res.token, res.user);
    const wanted = location.hash && !location.hash.startsWith('#/login') && location.hash !== '#/';
    if (wanted) {
      // Signed in on the page that was asked for: draw it.
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      location.hash = homeFor(res.user);
    }
  } catch (p) {
    if (!p.code) throw p;
    showErrors([{ text: plain(p), target: 'username' }], p.code === 'auth.credentials.invalid' ? null : p);
  }
}
