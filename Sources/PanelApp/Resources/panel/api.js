// The panel's API: the tenant's catalog, with the plugin routes' parameters and JSON. Every call
// carries the session's token; a 401 gets one retry with a fresh token.

/** Why a call failed, in the terms the page shows to the agent. */
export class ApiError extends Error {
  /** kind: network | session | shop | busy | notFound | notConfigured | generic */
  constructor(kind, status = 0, code = '') {
    super(`${kind} ${status} ${code}`.trim());
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

export class CatalogAPI {
  constructor(session, base = 'api/') {
    this.session = session;
    this.base = base;
  }

  products(params, signal) {
    return this.list('products', params, signal);
  }

  categories(params, signal) {
    return this.list('categories', params, signal);
  }

  async list(path, params, signal) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
    }
    const url = `${this.base}${path}?${query}`;
    let response = await this.send(url, await this.session.current(), signal);
    if (response.status === 401) {
      response = await this.send(url, await this.session.refresh(), signal);
    }
    if (!response.ok) throw await failure(response);
    const body = await response.json().catch(() => null);
    if (!Array.isArray(body)) throw new ApiError('generic', response.status, 'not_a_list');
    return body;
  }

  async send(url, token, signal) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await fetch(url, { headers, signal, credentials: 'omit', cache: 'no-store' });
    } catch (error) {
      if (error && error.name === 'AbortError') throw error;
      throw new ApiError('network');
    }
  }
}

async function failure(response) {
  const body = await response.json().catch(() => ({}));
  const code = body && typeof body.error === 'string' ? body.error : '';
  const status = response.status;
  if (status === 401) return new ApiError('session', status, code);
  if (code === 'panel_not_configured' || code === 'unknown_tenant') return new ApiError('notConfigured', status, code);
  if (code === 'upstream_throttled' || status === 429) return new ApiError('busy', status, code);
  if (status === 502 || status === 503 || status === 504) return new ApiError('shop', status, code);
  if (status === 404) return new ApiError('notFound', status, code);
  return new ApiError('generic', status, code);
}
