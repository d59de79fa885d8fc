/**
 * Starts the standalone server exactly as an operator does (`node dist/lib/server/cli.js serve`) on the benchmark's
 * database, and reads the first tenant's SCIM URL and token from what it prints on an empty database.
 */
import { join } from 'node:path';
import { startService, type ServiceProcess } from './service-process.js';

/** The SCIM base URL and token of the bootstrapped tenant. */
export interface ScimEndpoint {
  readonly scimUrl: string;
  readonly token: string;
}

/** Options of {@link startScimServer}. */
export interface ScimServerOptions {
  readonly repoRoot: string;
  readonly databaseUrl: string;
  readonly logFile: string;
  /** The server's `LOG_LEVEL`; undefined keeps its default (info). */
  readonly logLevel?: string;
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir=…`. */
  readonly nodeArgs?: readonly string[];
  /** Extra environment variables of the server (e.g. `DATABASE_POOL_MAX`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Reads the printed SCIM URL and token; undefined until both are there. The host becomes 127.0.0.1 (see below). */
export function parseBootstrapOutput(log: string): ScimEndpoint | undefined {
  const url = /SCIM URL:\s+(\S+)/.exec(log)?.[1];
  const token = /Token:\s+(\S+)/.exec(log)?.[1];
  if (!url || !token) return undefined;
  // The server prints http://localhost:<port>; it listens on 127.0.0.1 here, and localhost may resolve to ::1.
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  return { scimUrl: parsed.toString().replace(/\/+$/, ''), token };
}

/** Starts the server on a free port with a bootstrapped tenant. */
export function startScimServer(options: ScimServerOptions): Promise<ServiceProcess<ScimEndpoint>> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    SCIM_BOOTSTRAP_TENANT: 'true',
    // The benchmark drives one tenant far beyond any identity provider's pace: measure throughput, not the limit.
    SCIM_RATE_LIMITS: 'off',
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
    ...options.env,
  };
  return startService({
    name: 'SCIM server',
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), join(options.repoRoot, 'dist', 'lib', 'server', 'cli.js'), 'serve'],
    env,
    logFile: options.logFile,
    parseReady: parseBootstrapOutput,
  });
}
