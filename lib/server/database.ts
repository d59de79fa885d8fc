/**
 * The standalone server's database: PostgreSQL through `pg` when `DATABASE_URL` is set, otherwise the embedded
 * PGlite with its files in `./data` (or `SCIM_DATA_DIR`).
 */
import knexFactory, { type Knex } from 'knex';
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

/** A knex for the chosen database; `pool.max` caps PostgreSQL connections (PGlite has one). */
export function createKnex(choice: DatabaseChoice, pool: { max?: number } = {}): Knex {
  if (choice.kind === 'pglite') return createPgliteKnex(choice.dataDir);
  return knexFactory({ client: 'pg', connection: choice.url, pool: { min: 0, max: pool.max ?? DEFAULT_POOL_MAX } });
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
