/**
 * How a use case runs a write: as one statement on the directory's knex (atomic on its own, no BEGIN/COMMIT round
 * trips), or in a transaction when more must run with it (a host hook, row locks, several statements). Either way
 * client-caused PostgreSQL errors become ScimErrors and `deps.committed` is told afterwards, so change events go out
 * at once.
 */
import type { Knex } from 'knex';
import { withPgErrors } from '../store/pg-errors.js';
import { inTransaction, type ProvisioningDeps } from './provisioning-deps.js';

/**
 * Runs `work` in a transaction when `transaction` is true (it gets the transaction twice: to run on, and as the
 * transaction host hooks need), else on the directory's knex with no transaction (`work` must then be one statement).
 */
export async function runWrite<T>(deps: ProvisioningDeps, transaction: boolean, work: (db: Knex, trx: Knex.Transaction | undefined) => Promise<T>): Promise<T> {
  if (transaction) return inTransaction(deps, (trx) => work(trx, trx));
  const result = await withPgErrors(() => work(deps.knex, undefined));
  deps.committed?.();
  return result;
}
