/**
 * Fetches a trust's JSON Web Key Set from its URL: over HTTPS only, only from hosts the operator allows (so a trust
 * cannot make the server request an internal address), without following redirects, bounded in size and time.
 * Key sets are cached per URL and fetched again when an assertion names a `kid` the cached set lacks (the issuer
 * rotated its keys), at most once per `minRefreshMs`.
 */
import { request } from 'node:https';
import type { JSONWebKeySet } from 'jose';

/** Options of the fetcher. */
export interface JwksFetcherOptions {
  /** Hosts (`host` or `host:port`) key sets may be fetched from; empty: none. */
  readonly allowedHosts: readonly string[];
  /** Extra trusted CA certificates (PEM) for the HTTPS connections, e.g. a corporate CA. */
  readonly ca?: string;
  /** How long a fetched set is used before it is fetched again, in ms. Default ten minutes. */
  readonly cacheMs?: number;
  /** The least time between two fetches of one URL, in ms. Default 30 s. */
  readonly minRefreshMs?: number;
}

const MAX_BYTES = 256 * 1024;
const TIMEOUT_MS = 5000;

/** Why a URL may not be fetched; undefined when it may. */
export function jwksUrlProblem(url: string, allowedHosts: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:') return 'must use https';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  if (!allowedHosts.includes(host)) return `is on host "${host}", which the operator has not allowed (option jwksAllowedHosts)`;
  return undefined;
}

/** Caches and fetches key sets. */
export class JwksFetcher {
  private readonly cache = new Map<string, { at: number; jwks: JSONWebKeySet }>();
  private readonly inFlight = new Map<string, Promise<JSONWebKeySet>>();

  constructor(private readonly options: JwksFetcherOptions) {}

  /** The key set at `url`, cached; `refresh` fetches again unless the last fetch was within `minRefreshMs`. */
  async get(url: string, refresh = false): Promise<JSONWebKeySet> {
    const cached = this.cache.get(url);
    const age = cached ? Date.now() - cached.at : Infinity;
    if (cached && age < (refresh ? (this.options.minRefreshMs ?? 30_000) : (this.options.cacheMs ?? 600_000))) return cached.jwks;
    const pending = this.inFlight.get(url);
    if (pending) return pending;
    const fetching = this.fetch(url)
      .then((jwks) => {
        this.cache.set(url, { at: Date.now(), jwks });
        return jwks;
      })
      .finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, fetching);
    return fetching;
  }

  private fetch(url: string): Promise<JSONWebKeySet> {
    const problem = jwksUrlProblem(url, this.options.allowedHosts);
    if (problem) return Promise.reject(new Error(`The JWKS URL ${problem}.`));
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'GET', headers: { accept: 'application/json' }, timeout: TIMEOUT_MS, ...(this.options.ca ? { ca: this.options.ca } : {}) }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`The JWKS URL answered ${res.statusCode ?? 'nothing'} (redirects are not followed).`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) req.destroy(new Error('The key set is larger than 256 KiB.'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          try {
            const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (!isJwks(parsed)) throw new Error('The JWKS URL did not answer with a key set ({"keys": [...]}).');
            resolve(parsed);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('The JWKS URL did not answer in time.')));
      req.on('error', reject);
      req.end();
    });
  }
}

/** True for a `{"keys": [...]}` object. */
export function isJwks(value: unknown): value is JSONWebKeySet {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}
