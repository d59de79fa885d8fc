/**
 * What every use case works with, built once per directory instance (no module-level state): the database, the
 * schema registry and what is derived from it, the dialect seam and the options.
 */
import type { Knex } from 'knex';
import type { ResolvedOptions } from '../options.js';
import type { Projection, Projector } from '../scim/list/projection.js';
import type { ResourceValidator } from '../scim/schema/resource-validator.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { withPgErrors } from '../store/pg-errors.js';
import { limitTransaction, type StatementSettings } from '../store/statement-limits.js';
import type { CursorCodec } from './cursor-codec.js';
import type { RequestNormalizer } from './normalize.js';
import type { ScimRequest } from './scim-exchange.js';
import type { Tenant } from '../tenants/types.js';

/** The shared dependencies of the use cases. */
export interface ProvisioningDeps {
  readonly knex: Knex;
  readonly options: ResolvedOptions;
  /** How statements outside a transaction run: the statement timeout and the directory's prepared-statement names. */
  readonly statements: StatementSettings;
  readonly registry: SchemaRegistry;
  readonly validator: ResourceValidator;
  readonly projector: Projector;
  readonly normalize: RequestNormalizer;
  /** Issues and reads the list cursors of RFC 9865. */
  readonly cursors: CursorCodec;
  /** The dependencies of `tenant`'s schema (its registry with its extensions); these when it has none. */
  readonly forTenant?: (tenant: Tenant) => Promise<ProvisioningDeps>;
  /** Told after each transaction of {@link inTransaction} commits: wakes the change events (lib/changes). */
  readonly committed?: () => void;
}

/**
 * Runs `work` in one transaction (commit on success, rollback on any error) and translates client-caused
 * PostgreSQL errors (unique violations → 409 …) into ScimErrors. After the commit, `deps.committed` is told, so
 * change events go out without waiting for the next poll.
 */
export async function inTransaction<T>(deps: ProvisioningDeps, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const result = await withPgErrors(() =>
    deps.knex.transaction(async (trx) => {
      await limitTransaction(trx, deps.options.statementTimeoutMs);
      return work(trx);
    }),
  );
  deps.committed?.();
  return result;
}

/** The `attributes` / `excludedAttributes` query parameters of a request, parsed for `type` (RFC 7644 §3.9). */
export function projectionOf(deps: ProvisioningDeps, type: ResourceTypeName, request: ScimRequest): Projection {
  return deps.projector.parse(type, { attributes: request.query.attributes, excludedAttributes: request.query.excludedAttributes });
}
