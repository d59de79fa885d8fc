/**
 * The admin API client: relative URLs (the UI is served under the admin router's mount), JSON in and out, the
 * CSRF token on every change, and the API's error shape turned into {@link ApiError}.
 */

/** An admin API failure; `count` says how many things a change needing confirmation would affect. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly count?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What `GET api/session` answers. */
export interface Session {
  readonly authenticated: boolean;
  readonly canSignOut: boolean;
  readonly csrfToken: string;
}

/** A small client bound to one session's CSRF token. */
export class Api {
  private csrfToken = '';
  /** Called when the API says the session is gone (401). */
  onUnauthenticated: () => void = () => undefined;

  /** Asks who we are and keeps the CSRF token. */
  async session(): Promise<Session> {
    const session = await this.request<Session>('GET', 'api/session');
    this.csrfToken = session.csrfToken;
    return session;
  }

  /** Signs in (standalone server). */
  async signIn(secret: string): Promise<Session> {
    const session = await this.request<Session>('POST', 'api/session', { secret });
    this.csrfToken = session.csrfToken;
    return session;
  }

  /** Signs out (standalone server). */
  async signOut(): Promise<void> {
    await this.request('DELETE', 'api/session');
  }

  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return this.request<T>('GET', qs ? `${path}?${qs}` : path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete(path: string, body: unknown = {}): Promise<void> {
    return this.request<void>('DELETE', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    // Labels this client's changes as the admin UI's in the audit trail (other API clients are recorded as API).
    const headers: Record<string, string> = { accept: 'application/json', 'x-scim-admin-client': 'ui' };
    if (method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; field?: string; count?: unknown } } | undefined)?.error;
      if (response.status === 401 && path !== 'api/session') this.onUnauthenticated();
      throw new ApiError(response.status, error?.code ?? 'http', error?.message ?? `The server answered ${response.status}.`, error?.field, typeof error?.count === 'number' ? error.count : undefined);
    }
    return parsed as T;
  }
}
