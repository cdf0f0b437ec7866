// The one way the page talks to the service: the public REST API as the signed-in reader (the browser sends the
// session cookie, HttpOnly: no script here can read it; every change carries the session's CSRF token), or, on the
// status page, with the admin token. Errors come back as ApiProblem with the server's {error, message, field}.

const ADMIN_KEY = 'mangahub.admin';
const SAFE_METHODS = ['GET', 'HEAD'];

export class ApiProblem extends Error {
  constructor(status, body) {
    super((body && body.message) || 'HTTP ' + status);
    this.status = status;
    this.code = body && body.error;
    this.field = body && body.field;
  }

  /** The route is not on this server at all (a feature of another release), not "this thing does not exist". */
  get routeMissing() {
    return this.status === 404 && !this.code;
  }
}

// the admin token lives in this tab's sessionStorage only (closing the tab forgets it); the reader's CSRF token in
// memory, from the answer that opened the session or from GET /api/session after a reload
let csrf = '';
export const tokens = {
  setCsrf: (t) => { csrf = t || ''; },
  admin: () => sessionStorage.getItem(ADMIN_KEY) || '',
  setAdmin: (t) => (t ? sessionStorage.setItem(ADMIN_KEY, t) : sessionStorage.removeItem(ADMIN_KEY)),
};

/**
 * A path of the service as this browser reaches it: under the page's own directory, so behind a reverse proxy that
 * serves the service under a prefix (https://example.org/manga/) every call stays under it.
 */
export const at = (path) => {
  const url = new URL(path.replace(/^\//, ''), new URL('.', location.href));
  return url.pathname + url.search;
};

/** One call; {@code raw} (a Blob or File) is sent as it is with its own type, {@code body} as JSON. */
export async function request(method, path, { body, raw, token, accept = 'application/json' } = {}) {
  const headers = { 'Accept': accept };
  if (token) headers['Authorization'] = 'Bearer ' + token;
  else if (csrf && !SAFE_METHODS.includes(method)) headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (raw !== undefined) headers['Content-Type'] = raw.type || 'application/octet-stream';
  const payload = raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body);
  const response = await fetch(at(path), { method, headers, body: payload });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) throw new ApiProblem(response.status, typeof data === 'object' ? data : null);
  return data;
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};
