/**
 * `scim-directory serve` / `npm start`: migrate, serve, and on an empty database create a first tenant and print its
 * SCIM URL and token once, so a newcomer provisions a first user within a minute.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDefaultLogger } from '../logger.js';
import { describeDatabase } from './database.js';
import { openDirectory, type OpenDirectory } from './open-directory.js';
import { externalBaseUrl, readServerConfig, tenantScimUrl, type ServerConfig } from './server-config.js';
import { createStandaloneApp } from './standalone-app.js';
import { trackForDrain } from './graceful-shutdown.js';
import { createAdminAuth } from './admin-auth.js';
import { resolveAdminSecret } from './admin-secret.js';
import { createAdminSessionsStore } from '../store/admin-sessions-store.js';
import type { ScimDirectory } from '../directory.js';

/** A running standalone server. */
export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly baseUrl: string;
  readonly opened: OpenDirectory;
  /** The bound on {@link RunningServer.stop}, in ms: the process should exit by then whatever is left. */
  readonly shutdownTimeoutMs: number;
  /**
   * Stops accepting, lets requests in flight finish (closing their keep-alive connections), closes idle
   * connections, then flushes the directory (event log, last-used times) and closes the database; within
   * `shutdownTimeoutMs` (graceful-shutdown.ts).
   */
  stop(): Promise<void>;
}

async function bootstrapFirstTenant(directory: ScimDirectory, baseUrl: string, print: (line: string) => void): Promise<void> {
  if ((await directory.tenants.list()).length > 0) return;
  const { tenant, credential } = await directory.tenants.create('Default', { actor: 'standalone server (first start)', source: 'host' });
  const scimUrl = tenantScimUrl(baseUrl, tenant.id);
  print('');
  print(`Created a first tenant, "${tenant.name}". Its token is shown only this once; copy it now.`);
  print(`  SCIM URL:  ${scimUrl}`);
  print(`  Token:     ${credential.token}`);
  print(`  Try it:    curl -H "Authorization: Bearer ${credential.token}" ${scimUrl}/Users`);
  print('  (Set SCIM_BOOTSTRAP_TENANT=false to skip this in production.)');
  print('');
}

/** Share of the shutdown bound spent draining connections; the rest is left for flushing and closing. */
const DRAIN_SHARE = 0.7;

/** Resolves with what `work` resolves to, or with `'timed out'` after `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the standalone server from the environment. */
export async function serve(config: ServerConfig = readServerConfig(), print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<RunningServer> {
  const logger = createDefaultLogger();
  const opened = await openDirectory(config, logger);
  const { directory, knex } = opened;
  try {
    const adminSecret = await resolveAdminSecret(knex, process.env.ADMIN_TOKEN);
    const app = createStandaloneApp({
      directory,
      adminGuard: createAdminAuth({ secret: adminSecret, logger, sessions: createAdminSessionsStore(knex) }),
      trustProxy: config.trustProxy,
      checkDatabase: async () => {
        await knex.raw('select 1');
      },
      metricsToken: process.env.METRICS_TOKEN?.trim() || undefined,
    });
    const httpServer = createServer(app);
    const drain = trackForDrain(httpServer);
    const server = await new Promise<Server>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host ?? '::', () => resolve(httpServer));
    });
    const port = (server.address() as AddressInfo).port;
    const baseUrl = externalBaseUrl(config, port);
    print(`scim-directory listening on ${baseUrl} (${describeDatabase(config.database)})`);
    print(`  Admin UI:  ${baseUrl}/admin/`);
    if (adminSecret.generated) {
      print(`  Admin secret (shown only this once; set ADMIN_TOKEN to choose your own): ${adminSecret.generated}`);
    }
    if (config.bootstrapTenant) await bootstrapFirstTenant(directory, baseUrl, print);
    directory.webhooks.startWorker();
    let stopping: Promise<void> | undefined;
    const bound = config.shutdownTimeoutMs;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        const started = Date.now();
        logger.info('shutting down: draining connections', { inFlight: drain.inFlight(), shutdownTimeoutMs: bound });
        const { cutOff } = await drain.drain(bound * DRAIN_SHARE);
        const drainedMs = Date.now() - started;
        const closing = opened.close().then(
          () => 'closed' as const,
          (error: unknown) => {
            logger.error('flushing and closing the database failed', { error: String(error) });
            return 'failed' as const;
          },
        );
        const closed = await within(closing, bound - drainedMs);
        logger.info('shut down', { drainedMs, cutOff, flushed: closed === 'closed', totalMs: Date.now() - started });
      })());
    return { server, port, baseUrl, opened, shutdownTimeoutMs: bound, stop };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
