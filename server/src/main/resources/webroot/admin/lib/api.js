// Talking to the server: one function for every call, one error type, one session.

const TOKEN = 'fieldsync.token';
const USER = 'fieldsync.user';
let whenExpired = () => {};

/** A failed call: the server's problem (code, message, errors per field), or a network failure. */
export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.message || body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || `http.${status}`;
    this.errors = (body && body.errors) || [];
    this.requestId = body && body.requestId;
  }
}

export function session() {
  const token = sessionStorage.getItem(TOKEN);
  const user = JSON.parse(sessionStorage.getItem(USER) || 'null');
  return token && user ? { token, user } : null;
}

export function startSession(token, user) {
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(USER, JSON.stringify(user));
}

export function endSession() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
}

/** What to do when the server says the session has ended (a 401 on any call but sign-in). */
export function onSessionExpired(fn) {
  whenExpired = fn;
}

/**
 * Calls the API. {signIn: true} marks the sign-in itself, whose 401 means a wrong password, not
 * an ended session (the page used to compare paths, got it wrong, and emptied the form).
 */
export async function api(method, path, body, { signIn = false } = {}) {
  const headers = { Accept: 'application/json' };
  const s = session();
  if (s && !signIn) headers.Authorization = `Bearer ${s.token}`;
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
  if (res.status === 401 && !signIn) {
    endSession();
    whenExpired();
    throw new Problem(401, json);
  }
  if (!res.ok) throw new Problem(res.status, json);
  return json;
}
