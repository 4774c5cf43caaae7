// The iAdvize JWT for API calls: the one in the iframe URL first, then client.getJWT(), asked
// again when the token is about to expire or after the API refused it.

const refreshMarginMs = 10_000;

export class Session {
  constructor(client, initialToken) {
    this.client = client;
    this.token = initialToken || null;
    this.pending = null;
  }

  /** A token that is not about to expire, or null when the Desk gives none. */
  async current() {
    if (this.token && !expiresSoon(this.token)) return this.token;
    return this.refresh();
  }

  /** A fresh token from the Desk; concurrent callers share one getJWT() call. */
  refresh() {
    if (!this.pending) {
      this.pending = this.fetchToken().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  async fetchToken() {
    if (!this.client || typeof this.client.getJWT !== 'function') return null;
    try {
      const token = await this.client.getJWT();
      this.token = typeof token === 'string' && token !== '' ? token : null;
    } catch {
      this.token = null;
    }
    return this.token;
  }
}

function expiresSoon(token) {
  const exp = expiry(token);
  return exp !== null && exp * 1000 - Date.now() < refreshMarginMs;
}

/** The token's `exp` (seconds), read without checking it: the server does the checking. */
function expiry(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(atob(payload)).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}
