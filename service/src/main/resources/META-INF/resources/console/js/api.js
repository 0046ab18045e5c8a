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

/** A failed call: its status, the problem's detail and its field errors, as the service said. */
export class Problem extends Error {
  constructor(status, detail, errors = []) {
    super(detail);
    this.status = status;
    this.errors = errors;
  }
}

// Sends a request with the credential held; the answer's text, or a Problem carrying the detail
// of a problem+json answer when there is one.
async function send(path, options, accept) {
  const headers = { Accept: accept, ...(options.headers || {}) };
  const held = credential();
  if (held) {
    headers.Authorization = `Bearer ${held}`;
  }
  // A form (a model upload) sets its own multipart type and boundary.
  if (options.body !== undefined && options.form === undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method: options.method || 'GET',
      headers,
      body: options.form !== undefined
        ? options.form
        : options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
    });
  } catch (e) {
    throw new Problem(0, `the service did not answer (${e.message})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    const detail = body && (body.detail || body.title) ? body.detail || body.title : text;
    throw new Problem(
      response.status,
      detail || `status ${response.status}`,
      body && Array.isArray(body.errors) ? body.errors : [],
    );
  }
  return text;
}

/** Calls the API; the answer's JSON, or a Problem. */
export async function call(path, options = {}) {
  const text = await send(path, options, 'application/json');
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

/** Reads a text resource (such as /metrics) as call does; the answer's text, or a Problem. */
export async function callText(path, options = {}) {
  return send(path, options, 'text/plain');
}
