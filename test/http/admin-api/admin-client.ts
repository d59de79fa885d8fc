/**
 * A small admin API client for tests: keeps cookies like a browser (one jar per client) and sends the CSRF token
 * it got from `GET api/session` with every change, unless a test says otherwise.
 */

/** An answer of the admin API. */
export interface AdminAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

/** Options of one request. */
export interface AdminRequestInit {
  readonly method?: string;
  readonly body?: unknown;
  /** Override the CSRF header: a string to send instead, or null to send none. */
  readonly csrf?: string | null;
  readonly headers?: Record<string, string>;
}

/** A cookie-keeping admin client for `<origin><mount>/`. */
export class AdminClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly base: string) {}

  /** Fetches `GET api/session` and keeps its CSRF token. */
  async session(): Promise<AdminAnswer> {
    const answer = await this.request('api/session');
    this.csrfToken = answer.body?.csrfToken;
    return answer;
  }

  /** A request relative to the admin mount. */
  async request(path: string, init: AdminRequestInit = {}): Promise<AdminAnswer> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = init.csrf === undefined ? this.csrfToken : init.csrf;
    if (csrf !== null && csrf !== undefined) headers['x-csrf-token'] = csrf;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.base}${path}`, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
}

/** Asserts-free helper: the error code of an admin error answer. */
export function errorCode(answer: AdminAnswer): string | undefined {
  return answer.body?.error?.code;
}
