/**
 * Writes that are one SQL statement (a data-modifying CTE writing the resource, its mirror rows and its change-feed
 * rows together). A single statement is atomic on its own, so these run without BEGIN/COMMIT: one round trip to
 * PostgreSQL instead of a transaction's several, which is what bounds write throughput. Used only where nothing
 * else must run in the same transaction; with host hooks (write-hooks.ts) the use cases open a transaction.
 */
import type { Knex } from 'knex';
import { withPgErrors } from '../store/pg-errors.js';
import type { ProvisioningDeps } from './provisioning-deps.js';

/**
 * Runs `work`, a single statement, on the directory's knex; translates client-caused PostgreSQL errors as
 * `inTransaction` does (23505 → 409 …) and then tells `deps.committed`, so change events go out at once.
 */
export async function inOneStatement<T>(deps: ProvisioningDeps, work: (db: Knex) => Promise<T>): Promise<T> {
  const result = await withPgErrors(() => work(deps.knex));
  deps.committed?.();
  return result;
}
