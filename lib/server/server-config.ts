/**
 * The standalone server's configuration, read from the environment.
 */
import { chooseDatabase, type DatabaseChoice } from './database.js';
import { readTrustProxy, type TrustProxy } from './trust-proxy.js';

/** Everything the standalone server and CLI read from the environment. */
export interface ServerConfig {
  /** `PORT`, default 8080. */
  readonly port: number;
  /** `HOST`, default all interfaces. */
  readonly host: string | undefined;
  /** `PUBLIC_URL`: the external base URL (scheme, host, optional path) behind a reverse proxy; no trailing slash. */
  readonly publicUrl: string | undefined;
  /** `DATABASE_URL` (PostgreSQL) or the embedded PGlite directory (`SCIM_DATA_DIR`, default `./data`). */
  readonly database: DatabaseChoice;
  /** `SCIM_BOOTSTRAP_TENANT`: create and print a first tenant on an empty database. Default true; `false` for production. */
  readonly bootstrapTenant: boolean;
  /** `SCIM_BULK_CONCURRENCY`: the directory option `bulkConcurrency` (Bulk requests processed at once); unset: its default. */
  readonly bulkConcurrency: number | undefined;
  /** `TRUST_PROXY`: the proxies whose `X-Forwarded-*` headers are believed (Express `trust proxy`); unset: none. */
  readonly trustProxy: TrustProxy;
  /** `SCIM_RATE_LIMITS`: `off` (or `false`, `0`, `no`) turns the per-tenant rate limits off (load tests). Default on. */
  readonly rateLimits: boolean;
  /** `DATABASE_POOL_MAX`: the most PostgreSQL connections this instance opens (knex `pool.max`); unset: 20. Not used by PGlite. */
  readonly databasePoolMax: number | undefined;
  /** `SCIM_STATEMENT_TIMEOUT_MS`: the directory option `statementTimeoutMs` (0 turns it off); unset: its default. */
  readonly statementTimeoutMs: number | undefined;
  /** `SCIM_PREPARED_STATEMENTS`: `off` (or `false`, `0`, `no`) sets the directory option `preparedStatements` to false. Default on. */
  readonly preparedStatements: boolean;
  /**
   * `SCIM_SHUTDOWN_TIMEOUT_MS`: on SIGTERM/SIGINT the server drains and flushes, and exits within this many ms
   * whatever is left. Default 10 000.
   */
  readonly shutdownTimeoutMs: number;
  /** `SCIM_JWKS_ALLOWED_HOSTS`: comma-separated hosts federation trusts may fetch JWKS from (`jwksAllowedHosts`). */
  readonly jwksAllowedHosts: readonly string[];
  /** `SCIM_WEBHOOK_KEY`: the key webhook endpoint secrets are encrypted with (`webhooks.key`); unset: no webhooks. */
  readonly webhookKey: string | undefined;
  /** `SCIM_WEBHOOK_HTTP_HOSTS`: comma-separated hosts webhooks may reach over plain HTTP (`webhooks.httpAllowedHosts`). */
  readonly webhookHttpHosts: readonly string[];
}

/** A variable that is on unless set to `off`, `false`, `0` or `no`. */
function switchVariable(env: NodeJS.ProcessEnv, name: string): boolean {
  return !['false', '0', 'no', 'off'].includes((env[name] ?? 'on').trim().toLowerCase());
}

/** A positive integer variable, or undefined when unset or blank; throws a message naming the variable otherwise. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim() || undefined;
  if (text !== undefined && !/^[1-9]\d*$/.test(text)) throw new Error(`${name} must be a positive integer; got "${env[name]}".`);
  return text === undefined ? undefined : Number(text);
}

/** The default of {@link ServerConfig.shutdownTimeoutMs}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

function integerVariable(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const text = env[name]?.trim() || undefined;
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`${name} must be an integer of at least ${min}; got "${env[name]}".`);
  return Number(text);
}

/** Reads and checks the environment; throws a message naming the bad variable. */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT ? Number(env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number; got "${env.PORT}".`);
  let publicUrl = env.PUBLIC_URL?.trim() || undefined;
  if (publicUrl) {
    if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
      throw new Error(`PUBLIC_URL must be an absolute http(s) URL like https://scim.example.com; got "${publicUrl}".`);
    }
    publicUrl = publicUrl.replace(/\/+$/, '');
  }
  return {
    port,
    host: env.HOST?.trim() || undefined,
    publicUrl,
    database: chooseDatabase(env),
    bootstrapTenant: switchVariable(env, 'SCIM_BOOTSTRAP_TENANT'),
    bulkConcurrency: positiveInteger(env, 'SCIM_BULK_CONCURRENCY'),
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    rateLimits: switchVariable(env, 'SCIM_RATE_LIMITS'),
    databasePoolMax: positiveInteger(env, 'DATABASE_POOL_MAX'),
    statementTimeoutMs: integerVariable(env, 'SCIM_STATEMENT_TIMEOUT_MS', 0),
    preparedStatements: switchVariable(env, 'SCIM_PREPARED_STATEMENTS'),
    shutdownTimeoutMs: integerVariable(env, 'SCIM_SHUTDOWN_TIMEOUT_MS', 1) ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    jwksAllowedHosts: (env.SCIM_JWKS_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter((h) => h !== ''),
    webhookKey: env.SCIM_WEBHOOK_KEY?.trim() || undefined,
    webhookHttpHosts: (env.SCIM_WEBHOOK_HTTP_HOSTS ?? '').split(',').map((h) => h.trim()).filter((h) => h !== ''),
  };
}

/** The base URL people use to reach the server: `PUBLIC_URL`, else `http://localhost:<port>`. */
export function externalBaseUrl(config: ServerConfig, actualPort = config.port): string {
  return config.publicUrl ?? `http://localhost:${actualPort}`;
}

/** The SCIM base URL of a tenant as printed and shown to administrators. */
export function tenantScimUrl(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/scim/${tenantId}/v2`;
}

/** The OAuth token endpoint of a tenant, for the standalone server's base URL. */
export function tenantTokenEndpoint(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/scim/${tenantId}/oauth/token`;
}
