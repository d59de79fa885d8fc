/**
 * Runs of user creates in a BulkRequest (`POST /Users` operations that refer to no other operation) as multi-row
 * statements: each user is validated on its own, the valid ones are inserted a thousand per statement with their
 * emails and change rows (store/user-batch-statement.ts). Each user is still created or not on its own — a taken
 * userName skips that user only — so the outcome per operation is what single creates would give, at a fraction of
 * the round trips. Users the statement did not create (a taken userName, or a statement that failed as a whole)
 * are handed back to run as single creates, which give the exact answer (409, or 200 with the existing user when
 * the tenant links users on conflict).
 */
import { ScimError } from '../../scim/errors.js';
import type { ScimResource } from '../../scim/schema/types.js';
import { newResourceId } from '../../store/ids.js';
import { createUsersStatement, type BatchUser } from '../../store/user-batch-statement.js';
import { userKeyColumns } from '../../store/user-columns.js';
import { inOneStatement } from '../one-statement.js';
import type { ProvisioningDeps } from '../provisioning-deps.js';
import { userChangeData } from '../user-changes.js';
import type { BulkOperation } from './bulk-request.js';

/** Users per statement: the rows travel as one jsonb parameter, so this bounds the statement's size, not a bind limit. */
export const USER_BATCH_SIZE = 1000;

/** What became of one operation of a batch. */
export type BatchOutcome =
  | { readonly kind: 'created'; readonly id: string; readonly revision: number }
  | { readonly kind: 'failed'; readonly error: ScimError }
  /** Run it as a single create. */
  | { readonly kind: 'single' };

/** Creates the users of `operations` (all `POST /Users`); the outcome of each, by operation index. */
export async function createUserBatch(deps: ProvisioningDeps, tenantId: string, operations: readonly BulkOperation[]): Promise<Map<number, BatchOutcome>> {
  const outcomes = new Map<number, BatchOutcome>();
  const valid: { operation: BulkOperation; user: BatchUser }[] = [];
  for (const operation of operations) {
    let doc: ScimResource;
    try {
      doc = deps.validator.validate('User', 'create', deps.normalize('User', 'create', operation.data));
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      outcomes.set(operation.index, { kind: 'failed', error });
      continue;
    }
    valid.push({ operation, user: { id: newResourceId(), doc, changeData: userChangeData(userKeyColumns(doc)) } });
  }
  for (let start = 0; start < valid.length; start += USER_BATCH_SIZE) {
    const chunk = valid.slice(start, start + USER_BATCH_SIZE);
    let created: Map<string, number>;
    try {
      const rows = await inOneStatement(deps, (db) => createUsersStatement(db, tenantId, chunk.map((entry) => entry.user)));
      created = new Map(rows.map((row) => [row.id, row.revision]));
    } catch (error) {
      // A value PostgreSQL refuses fails the whole statement; the single path then finds which user it was.
      deps.options.logger.warn('bulk user batch fell back to single creates', { tenantId, users: chunk.length, error: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code });
      created = new Map();
    }
    for (const { operation, user } of chunk) {
      const revision = created.get(user.id);
      outcomes.set(operation.index, revision === undefined ? { kind: 'single' } : { kind: 'created', id: user.id, revision });
    }
  }
  return outcomes;
}
