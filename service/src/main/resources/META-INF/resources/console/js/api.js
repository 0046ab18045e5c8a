// The service's JSON API as the console calls it: the credential pasted at sign-in is kept for this
// tab only (sessionStorage) and sent as a bearer header, never as a cookie, so no other site can
// act with it.
const KEY = 'latam-console-credential';

export function credential() {
  return sessionStorage.getItem(KEY);
}

export function keep(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

/** A failed call: its status and the problem's detail, as the service said it. */
export class Problem extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** Calls the API; the answer's JSON, or a Problem. */
export async function call(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const held = credential();
  if (held) {
    headers.Authorization = `Bearer ${held}`;
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
    });
  } catch (e) {
    throw new Problem(0, `the service did not answer (${e.message})`);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const detail = body && (body.detail || body.title) ? body.detail || body.title : text;
    throw new Problem(response.status, detail || `status ${response.status}`);
  }
  return body;
}
