/**
 * The standalone server's database: PostgreSQL through `pg` when `DATABASE_URL` is set, otherwise the embedded
 * PGlite with its files in `./data` (or `SCIM_DATA_DIR`).
 */
import knexFactory, { type Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { createOutageReporter } from '../logging/outage-reporter.js';
import ClientPgLite from 'knex-pglite';
import { resolve } from 'node:path';

/** Where the database is, as chosen from the environment. */
export type DatabaseChoice =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string };

/** Picks the database exactly as the server and the CLI do. */
export function chooseDatabase(env: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dataDir: resolve(env.SCIM_DATA_DIR?.trim() || 'data') };
}

/** A knex on embedded PGlite; `dataDir` undefined means in memory. PGlite has one connection: knex-pglite pools it. */
export function createPgliteKnex(dataDir: string | undefined): Knex {
  return knexFactory({
    client: ClientPgLite as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: dataDir ? { filename: dataDir } : {},
    useNullAsDefault: false,
  } as Knex.Config);
}

/** Connections a PostgreSQL pool opens at most unless `DATABASE_POOL_MAX` says otherwise. */
export const DEFAULT_POOL_MAX = 20;

/** knex's own log lines as text (knex passes strings, sometimes objects or errors). */
function logText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  try {
    return JSON.stringify(message);
  } catch {
    return String(message);
  }
}

/** knex's warnings about connections, one per failed attempt while the database is away. */
const CONNECTION_WARNING = /^(Connection Error|Acquire connection error)/;

/**
 * knex's `log` option routed to `logger`: by default knex writes its warnings (such as "Connection Error" while the
 * database restarts) with `console.log`, colored, which breaks the server's JSON-lines stdout. Its connection
 * warnings come once per failed attempt, so they are logged once per kind per 10 s (outage-reporter.ts), without
 * the stack knex appends.
 */
export function knexLogThrough(logger: ScimLogger): Knex.Config['log'] {
  const connectionWarnings = createOutageReporter(logger, { message: 'knex warning' });
  return {
    warn: (message: unknown) => {
      const text = logText(message);
      const kind = CONNECTION_WARNING.exec(text)?.[1];
      if (kind) connectionWarnings.report(kind, { detail: text.split('\n', 1)[0] });
      else logger.warn('knex warning', { detail: text });
    },
    error: (message: unknown) => logger.error('knex error', { detail: logText(message) }),
    deprecate: (method: string, alternative: string) => logger.warn('knex deprecation', { detail: `${method} is deprecated; use ${alternative}` }),
    debug: (message: unknown) => logger.debug('knex debug', { detail: logText(message) }),
  };
}

/** A knex for the chosen database; `pool.max` caps PostgreSQL connections (PGlite has one); with a `logger`, knex's own messages go through it. */
export function createKnex(choice: DatabaseChoice, pool: { max?: number } = {}, logger?: ScimLogger): Knex {
  if (choice.kind === 'pglite') return createPgliteKnex(choice.dataDir);
  return knexFactory({
    client: 'pg',
    connection: choice.url,
    pool: { min: 0, max: pool.max ?? DEFAULT_POOL_MAX },
    ...(logger ? { log: knexLogThrough(logger) } : {}),
  });
}

/** A description for logs, without credentials. */
export function describeDatabase(choice: DatabaseChoice): string {
  if (choice.kind === 'pglite') return `embedded PGlite in ${choice.dataDir}`;
  try {
    const url = new URL(choice.url);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}
