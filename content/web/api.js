// The admin API over fetch: JSON in and out, the CSRF token on every change, and errors
// turned into an Error whose message is the server's plain sentence.

let csrf = '';
export function setCsrf(token) { csrf = token || ''; }

export class ApiError extends Error {
  constructor(status, message, code) { super(message); this.status = status; this.code = code; this.retryAfter = 0; /* seconds, from a 503's Retry-After */ }
}

async function call(method, path, body, contentType) {
  /** @type {Record<string, string>} */
  const headers = {};
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) {
    if (contentType) { headers['Content-Type'] = contentType; init.body = body; }
    else { headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
  }
  let res;
  try {
    res = await fetch('/api/admin' + path, init);
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check the connection and try again.', 'offline');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    if (res.status === 401 && path !== '/login' && path !== '/session') window.dispatchEvent(new Event('signed-out'));
    throw new ApiError(res.status, data.error || `The server said ${res.status}.`, data.code);
  }
  return data;
}

// A picture from a POST (the draft previews): the PNG as a Blob, or the server's sentence as
// an ApiError, as for any other call.
async function picture(path, body) {
  let res;
  try {
    res = await fetch('/api/admin' + path, { method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check the connection and try again.', 'offline');
  }
  if (res.ok) return { blob: await res.blob(), retryAfter: 0 };
  const data = await res.json().catch(() => ({}));
  const error = new ApiError(res.status, data.error || `The server said ${res.status}.`, data.code);
  error.retryAfter = Number(res.headers.get('Retry-After')) || 0;
  throw error;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body = {}) => call('POST', path, body),
  put: (path, body) => call('PUT', path, body),
  del: (path) => call('DELETE', path),
  upload: (path, file) => call('POST', path, file, file.type || 'application/octet-stream'),
  raw: (path, text, type) => call('POST', path, text, type),
  picture,
};
