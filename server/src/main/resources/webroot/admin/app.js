// FieldSync sync-admin console: plain ES module, no build step, no libraries.
// Every piece of data is put on the page with textContent, never as HTML.

const TOKEN = 'fieldsync.token';
const USER = 'fieldsync.user';
const main = document.getElementById('main');
const statusBox = document.getElementById('status');
const nav = document.getElementById('nav');
let filterOptions = null;

/** Builds an element: attributes (with on* handlers) and children (nodes or text). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function setStatus(text, kind = '') {
  statusBox.className = kind;
  statusBox.textContent = text;
}

class Problem extends Error {
  constructor(status, body) {
    super((body && (body.message || body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || `http.${status}`;
    this.errors = (body && body.errors) || [];
  }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN);
  if (token && !path.endsWith('/auth/login')) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v1/${path}`, { method, headers,
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Problem(0, { code: 'network.unavailable', message: 'The server could not be reached.' });
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (res.status === 401 && !path.endsWith('/auth/login')) {
    signOut('Your session has ended; sign in again.');
    throw new Problem(401, json);
  }
  if (!res.ok) throw new Problem(res.status, json);
  return json;
}

function showProblem(p) {
  const details = (p.errors || []).map((e) => `${e.field}: ${e.message}`).join('; ');
  setStatus(`${p.message} (${p.code})${details ? ' — ' + details : ''}`, 'error');
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
  setStatus(message || 'Signed out.', message ? 'error' : 'ok');
  if (location.hash !== '#/login') location.hash = '#/login';
  else render();
}

const when = (ms) => (ms === null || ms === undefined ? 'never'
  : new Date(ms).toLocaleString('en-GB'));

function age(ms) {
  const mins = Math.max(0, Math.round((Date.now() - ms) / 60000));
  if (mins < 60) return `${mins} min`;
  const hours = Math.round(mins / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

const short = (rev) => (rev ? rev.slice(0, 12) : '');

function value(v) {
  if (v === null || v === undefined) return h('span', { class: 'muted' }, '(empty)');
  if (typeof v === 'string') return h('pre', {}, v);
  return h('pre', { class: 'mono' }, JSON.stringify(v, null, 2));
}

function label(name) {
  const special = { _caseId: 'case', _childIds: 'children', _deleted: 'deleted' };
  return special[name] || name;
}

function page(title, ...content) {
  main.replaceChildren(h('h1', {}, title), ...content);
  document.title = `${title} – FieldSync sync admin`;
  main.focus();
}

// ---- routes -------------------------------------------------------------------------------------

async function render() {
  const token = sessionStorage.getItem(TOKEN);
  const [path, query] = (location.hash.slice(1) || '/queue').split('?');
  const parts = path.split('/').filter(Boolean);
  nav.hidden = !token;
  if (!token || parts[0] === 'login') {
    if (token) { location.hash = '#/queue'; return; }
    return loginPage();
  }
  const user = JSON.parse(sessionStorage.getItem(USER) || '{}');
  document.getElementById('who').textContent = user.displayName ? `Signed in as ${user.displayName}` : '';
  try {
    if (parts[0] === 'conflicts' && parts[1]) await conflictPage(decodeURIComponent(parts[1]));
    else if (parts[0] === 'history' && parts[1]) await historyPage(decodeURIComponent(parts[1]));
    else if (parts[0] === 'devices') await devicesPage();
    else await queuePage(new URLSearchParams(query || ''));
  } catch (p) {
    if (p instanceof Problem) {
      if (p.status !== 401) {
        page('Something went wrong', h('p', {}, 'The page could not be loaded.'));
        showProblem(p);
      }
    } else {
      throw p;
    }
  }
}

function loginPage() {
  const form = h('form', { class: 'login', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'username' }, 'User name'),
      h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true })),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'),
      h('input', { id: 'password', name: 'password', type: 'password',
        autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', id: 'login-submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
      setStatus('Enter your user name and password.', 'error');
      (username ? form.password : form.username).focus();
      return;
    }
    try {
      const res = await api('POST', 'auth/login', { username, password });
      if (!res.user || !(res.user.roles || []).includes('sync_admin')) {
        setStatus('This console is for sync admins.', 'error');
        return;
      }
      sessionStorage.setItem(TOKEN, res.token);
      sessionStorage.setItem(USER, JSON.stringify(res.user));
      setStatus(`Signed in as ${res.user.displayName}.`, 'ok');
      location.hash = '#/queue';
    } catch (p) {
      showProblem(p);
      form.password.focus();
    }
  });
  page('Sign in', h('p', {}, 'Sign in with your FieldSync account. Sync admins only.'), form);
  form.username.focus();
}

function select(id, text, options, current) {
  return h('div', { class: 'field' }, h('label', { for: id }, text),
    h('select', { id, name: id },
      options.map(([v, t]) => h('option', { value: v, selected: v === current }, t))));
}

async function queuePage(q) {
  if (!filterOptions) filterOptions = await api('GET', 'admin/filters');
  const status = q.get('status') || 'open';
  const params = new URLSearchParams();
  params.set('status', status);
  for (const k of ['locality', 'team', 'type', 'minAgeHours']) if (q.get(k)) params.set(k, q.get(k));
  const data = await api('GET', `admin/conflicts?${params}`);
  const form = h('form', { class: 'filters', 'aria-label': 'Filter conflicts' },
    select('f-status', 'Status', [['open', 'Open'], ['resolved', 'Resolved'], ['all', 'Any']], status),
    select('f-locality', 'Locality', [['', 'Any'], ...filterOptions.localities.map((l) => [l, l])],
      q.get('locality') || ''),
    select('f-team', 'Team', [['', 'Any'], ...filterOptions.teams.map((t) => [t.id, t.name])],
      q.get('team') || ''),
    select('f-type', 'Record type', [['', 'Any'], ...filterOptions.types.map((t) => [t, t.replaceAll('_', ' ')])],
      q.get('type') || ''),
    h('div', { class: 'field' }, h('label', { for: 'f-age' }, 'Older than (hours)'),
      h('input', { id: 'f-age', name: 'f-age', type: 'number', min: '0', step: '1',
        value: q.get('minAgeHours') || '' })),
    h('button', { type: 'submit' }, 'Apply filters'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    next.set('status', form['f-status'].value);
    if (form['f-locality'].value) next.set('locality', form['f-locality'].value);
    if (form['f-team'].value) next.set('team', form['f-team'].value);
    if (form['f-type'].value) next.set('type', form['f-type'].value);
    if (form['f-age'].value) next.set('minAgeHours', form['f-age'].value);
    location.hash = `#/queue?${next}`;
  });
  const teams = Object.fromEntries(filterOptions.teams.map((t) => [t.id, t.name]));
  const rows = data.conflicts.map((c) => h('tr', { 'data-conflict-id': c.id },
    h('td', {}, when(c.openedAt), h('br'), h('span', { class: 'rule' }, `${age(c.openedAt)} ago`)),
    h('td', {}, c.recordType.replaceAll('_', ' ')),
    h('td', {}, c.caseId || '(no case)'),
    h('td', {}, c.locality || ''),
    h('td', {}, teams[c.teamId] || c.teamId || ''),
    h('td', {}, String(c.sides)),
    h('td', {}, c.fields.map(label).join(', ')),
    h('td', {}, h('span', { class: `tag ${c.status}` }, c.status)),
    h('td', {}, h('a', { class: 'review', href: `#/conflicts/${encodeURIComponent(c.id)}` },
      'Review', h('span', { class: 'visually-hidden' }, ` ${c.recordType} conflict on ${c.caseId}`)))));
  const table = rows.length === 0 ? h('p', {}, 'No conflicts match these filters.')
    : h('table', { id: 'conflict-queue' },
      h('caption', {}, `${rows.length} conflict${rows.length === 1 ? '' : 's'}, oldest first`),
      h('thead', {}, h('tr', {}, ['Opened', 'Record type', 'Case', 'Locality', 'Team', 'Sides',
        'Conflicting fields', 'Status', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows));
  page('Conflicts', form, table);
}

function choiceGroup(f, sides, idx) {
  const name = `choice-${f.name}`;
  const strings = [f.base, ...f.values].every((v) => v === null || typeof v === 'string');
  const initial = f.values[0] !== undefined ? f.values[0] : f.base;
  const editor = h('div', { class: 'field', hidden: true },
    h('label', { for: `edit-${f.name}` }, `Value for ${label(f.name)}${strings ? '' : ' (JSON)'}`),
    h('textarea', { id: `edit-${f.name}`, name: `edit-${f.name}`, 'data-json': strings ? null : 'true' }));
  editor.querySelector('textarea').value = strings ? (initial || '') : JSON.stringify(initial, null, 2);
  const radios = sides.map((s, i) => h('label', {},
    h('input', { type: 'radio', name, value: `side:${s.rev}`, id: `${name}-${i}` }),
    `Use ${s.authorName}'s value (${s.deviceId})`));
  radios.push(h('label', {}, h('input', { type: 'radio', name, value: 'edit', id: `${name}-edit` }),
    'Edit value'));
  const group = h('fieldset', { id: `group-${f.name}`, 'data-index': idx },
    h('legend', {}, `Resolve ${label(f.name)}`), radios, editor);
  group.addEventListener('change', () => {
    const chosen = group.querySelector(`input[name="${name}"]:checked`);
    editor.hidden = !(chosen && chosen.value === 'edit');
  });
  return group;
}

async function conflictPage(id) {
  const c = await api('GET', `admin/conflicts/${encodeURIComponent(id)}`);
  const open = c.status === 'open';
  const meta = h('dl', { class: 'meta' },
    h('dt', {}, 'Record'), h('dd', {}, `${c.recordType.replaceAll('_', ' ')} `,
      h('span', { class: 'mono' }, c.recordId), ' ',
      h('a', { href: `#/history/${encodeURIComponent(c.recordId)}` }, 'History of this record')),
    h('dt', {}, 'Case'), h('dd', {}, `${c.caseId || '(none)'}, ${c.locality || ''}`),
    h('dt', {}, 'Opened'), h('dd', {}, `${when(c.openedAt)} (${age(c.openedAt)} ago)`),
    h('dt', {}, 'Status'), h('dd', {}, h('span', { class: `tag ${c.status}` }, c.status)));
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Base'),
    c.sides.map((s) => h('th', { scope: 'col' }, s.authorName, h('br'),
      h('span', { class: 'rule' }, `${s.deviceId}, ${when(s.receivedAt)}`))),
    open ? h('th', { scope: 'col' }, 'Decision') : null);
  // What needs a decision first, then what changed anywhere, then what no side touched.
  const rank = (f) => (f.conflicting ? 0 : f.differs.some(Boolean) ? 1 : 2);
  const fields = c.fields.map((f, i) => [f, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([f]) => f);
  const rows = fields.map((f, idx) => {
    let decision = null;
    if (open && f.conflicting) {
      decision = choiceGroup(f, c.sides, idx);
    } else if (open) {
      const group = choiceGroup(f, c.sides, idx);
      group.hidden = true;
      const box = h('input', { type: 'checkbox', id: `override-${f.name}` });
      box.addEventListener('change', () => { group.hidden = !box.checked; });
      decision = h('div', {}, h('p', { class: 'rule' }, 'Merges to:'), value(f.merged),
        h('label', { for: `override-${f.name}` }, box, ` Override ${label(f.name)}`), group);
    }
    return h('tr', { 'data-field': f.name, class: f.conflicting ? 'conflicting' : null },
      h('th', { scope: 'row' }, label(f.name), h('span', { class: 'rule' },
        f.rule + (f.conflicting ? ' – conflicting' : ''))),
      h('td', {}, value(f.base)),
      f.values.map((v, i) => h('td', { class: f.differs[i] ? 'differs' : null }, value(v),
        f.differs[i] ? h('span', { class: 'visually-hidden' }, ' (changed)') : null)),
      open ? h('td', {}, decision) : null);
  });
  const table = h('table', { id: 'comparison' },
    h('caption', {}, 'Each side against the base; changed values are highlighted'),
    h('thead', {}, head), h('tbody', {}, rows));
  const container = h('div', { id: 'conflict', 'data-status': c.status }, meta);
  if (open) {
    const form = h('form', { id: 'resolve-form', novalidate: true }, table,
      h('div', { class: 'field' }, h('label', { for: 'reason' }, 'Reason for this resolution (required)'),
        h('textarea', { id: 'reason', name: 'reason', required: true, maxlength: '2000' })),
      h('button', { type: 'submit', id: 'resolve-submit', class: 'primary' }, 'Resolve conflict'));
    form.addEventListener('submit', (e) => { e.preventDefault(); submitResolution(c, form); });
    container.append(form);
  } else {
    container.append(table);
    if (c.resolution) {
      container.append(h('div', { id: 'resolution', class: 'panel', 'data-rev': c.resolution.rev },
        h('h2', {}, 'Resolution'),
        h('p', {}, `Resolved by ${c.resolution.resolvedByName || c.resolution.resolvedBy} on `
          + `${when(c.resolution.resolvedAt)}: new revision `, h('span', { class: 'mono' }, c.resolution.rev)),
        h('p', {}, 'Reason: ', c.resolution.reason)));
    }
  }
  page(open ? 'Resolve a conflict' : 'Resolved conflict', container);
}

async function submitResolution(c, form) {
  const choices = {};
  for (const f of c.fields) {
    const override = form.querySelector(`#override-${CSS.escape(f.name)}`);
    if (!f.conflicting && !(override && override.checked)) continue;
    const chosen = form.querySelector(`input[name="choice-${CSS.escape(f.name)}"]:checked`);
    if (!chosen) {
      setStatus(`Choose a value for ${label(f.name)}.`, 'error');
      form.querySelector(`input[name="choice-${CSS.escape(f.name)}"]`).focus();
      return;
    }
    if (chosen.value === 'edit') {
      const area = form.querySelector(`#edit-${CSS.escape(f.name)}`);
      if (area.dataset.json) {
        try {
          choices[f.name] = { value: JSON.parse(area.value) };
        } catch (e) {
          setStatus(`The value for ${label(f.name)} is not valid JSON.`, 'error');
          area.focus();
          return;
        }
      } else {
        choices[f.name] = { value: area.value };
      }
    } else {
      choices[f.name] = { side: chosen.value.slice('side:'.length) };
    }
  }
  const reason = form.reason.value.trim();
  if (!reason) {
    setStatus('Give a reason for this resolution.', 'error');
    form.reason.focus();
    return;
  }
  const button = form.querySelector('#resolve-submit');
  button.disabled = true;
  try {
    const res = await api('POST', `admin/conflicts/${encodeURIComponent(c.id)}/resolve`, { reason, choices });
    await conflictPage(c.id);
    setStatus(`Resolved: new revision ${res.rev}. It will reach every device that holds the record.`, 'ok');
  } catch (p) {
    button.disabled = false;
    if (!(p instanceof Problem)) throw p;
    showProblem(p);
    if (p.status === 409) {
      await conflictPage(c.id);
      showProblem(p);
    }
  }
}

async function historyPage(recordId) {
  const r = await api('GET', `records/${encodeURIComponent(recordId)}/history`);
  const rows = r.revisions.map((v) => h('tr', { 'data-rev': v.rev },
    h('td', {}, String(v.generation)),
    h('td', {}, h('span', { class: 'mono', title: v.rev }, short(v.rev)),
      v.rev === r.currentRev ? h('span', { class: 'tag resolved' }, ' current') : null),
    h('td', { class: 'mono' }, [v.parentRev, ...v.otherParents].filter(Boolean).map(short).join(', ')),
    h('td', {}, v.authorName || v.authorId),
    h('td', {}, v.deviceId),
    h('td', {}, when(v.receivedAt)),
    h('td', {}, v.outcome + (v.deleted ? ' (deleted)' : '')),
    h('td', {}, h('details', {}, h('summary', {}, 'Body'), h('pre', { class: 'mono' },
      JSON.stringify(v.body, null, 2))))));
  page('Record history',
    h('dl', { class: 'meta' }, h('dt', {}, 'Record'), h('dd', { class: 'mono' }, r.recordId),
      h('dt', {}, 'Type'), h('dd', {}, r.type.replaceAll('_', ' ')),
      h('dt', {}, 'Case'), h('dd', {}, r.caseId || '(none)'),
      h('dt', {}, 'Status'), h('dd', {}, r.status)),
    h('table', { id: 'history' }, h('caption', {}, 'Every revision, in the order the server stored it'),
      h('thead', {}, h('tr', {}, ['Generation', 'Revision', 'Parents', 'Author', 'Device', 'Received',
        'Outcome', 'Content'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)));
}

function revokeForm(x) {
  const box = h('input', { type: 'checkbox', class: 'quarantine', id: `quarantine-${x.deviceId}` });
  const form = h('form', { class: 'revoke-form' },
    h('label', { for: `quarantine-${x.deviceId}` }, box, ' Let it hand over unpushed work first'),
    h('button', { type: 'submit', class: 'revoke' }, 'Revoke',
      h('span', { class: 'visually-hidden' }, ` device ${x.name || x.deviceId} of ${x.displayName}`)));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', `admin/devices/${encodeURIComponent(x.deviceId)}/revoke`, { quarantine: box.checked });
      await devicesPage();
      setStatus(`Revoked ${x.name || x.deviceId}. It will wipe its data at its next contact.`, 'ok');
    } catch (p) {
      if (!(p instanceof Problem)) throw p;
      showProblem(p);
    }
  });
  return form;
}

async function devicesPage() {
  const d = await api('GET', 'admin/devices');
  const rows = d.devices.map((x) => h('tr', { 'data-device-id': x.deviceId, 'data-status': x.status },
    h('td', {}, x.name || '', h('br'), h('span', { class: 'mono rule' }, x.deviceId)),
    h('td', {}, x.displayName || x.userId),
    h('td', {}, x.status + (x.quarantined ? ` (${x.quarantined} handed over)` : '')),
    h('td', {}, x.appVersion || 'not reported'),
    h('td', {}, when(x.lastSeenAt)),
    h('td', {}, x.pending === null ? 'not reported' : String(x.pending)),
    h('td', {}, x.needsAttention === null ? 'not reported' : String(x.needsAttention)),
    h('td', {}, x.status === 'active' ? revokeForm(x) : '')));
  page('Devices', rows.length === 0 ? h('p', {}, 'No device has enrolled yet.')
    : h('table', { id: 'devices' }, h('caption', {}, 'Devices by last contact, most recent first'),
      h('thead', {}, h('tr', {}, ['Device', 'User', 'Status', 'App version', 'Last seen', 'Pending',
        'Needs attention', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)));
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api('POST', 'auth/logout'); // ends the token on the server too
  } catch (e) {
    // Already expired or offline: forgetting it here is what matters.
  }
  signOut();
});
// The skip link moves focus without touching the hash, which is the router's.
document.querySelector('.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => { render(); });
render();
