/**
 * A minimal keep-alive HTTP/1.1 client for the load driver. It uses `node:http` with one `Agent` per target, so a
 * run opens at most `maxSockets` connections and reuses them, like an identity provider's connection pool; the
 * body is kept as a string and parsed only by callers that need it, so the client spends little CPU on the
 * machine it shares with the server.
 */
import { Agent, request as httpRequest } from 'node:http';

/** One response: status and raw body. */
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A client bound to one base URL. */
export interface HttpClient {
  /**
   * Sends `method` to `base + path`; a non-undefined `body` is sent as JSON with `contentType`, a `Buffer` as it is
   * (a body serialised once ahead of a load, so the client does not spend the shared CPU on it per request).
   */
  request(method: string, path: string, body?: unknown): Promise<HttpResponse>;
  /** Closes the pooled sockets. */
  close(): void;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Sent as `Authorization: Bearer <token>` when set. */
  readonly token?: string;
  /** Content type of request bodies; default `application/scim+json` (RFC 7644 §3.1). */
  readonly contentType?: string;
  /** Connection pool size; default 16. */
  readonly maxSockets?: number;
  /** Per-request timeout in ms; default 120 000 (a 100k-member group response can be large). */
  readonly timeoutMs?: number;
}

/** Creates a keep-alive client for `baseUrl` (e.g. `http://127.0.0.1:8080/scim/<tenant>/v2`). */
export function createHttpClient(baseUrl: string, options: HttpClientOptions = {}): HttpClient {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  const contentType = options.contentType ?? 'application/scim+json';
  const timeoutMs = options.timeoutMs ?? 120_000;
  const baseHeaders: Record<string, string> = { accept: 'application/scim+json, application/json' };
  if (options.token) baseHeaders.authorization = `Bearer ${options.token}`;

  return {
    request(method, path, body) {
      const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      const headers = payload ? { ...baseHeaders, 'content-type': contentType, 'content-length': String(payload.length) } : baseHeaders;
      return new Promise<HttpResponse>((resolve, reject) => {
        const req = httpRequest(
          { agent, host: base.hostname, port: base.port, method, path: prefix + path, headers, timeout: timeoutMs },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no response within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** Parses a response body as JSON; `undefined` when it is empty or not JSON. */
export function jsonBody(response: HttpResponse): unknown {
  if (!response.body) return undefined;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads `obj[key]` when `obj` is a plain object. */
export function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? (obj as Record<string, unknown>)[key] : undefined;
}
