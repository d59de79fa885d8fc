/**
 * Runs of user creates in a BulkRequest (`POST /Users` operations that refer to no other operation) through the
 * one create (user-create.ts), a thousand users per statement: each user is validated on its own and created or not
 * on its own — a taken userName skips that user only — so the outcome per operation is what single creates would
 * give, at a fraction of the round trips. Users the statement did not create (a taken userName, or a statement that
 * failed as a whole) are handed back to run as single creates, which give the exact answer (409, or 200 with the
 * existing user when the tenant links users on conflict).
 */
import { ScimError } from '../../scim/errors.js';
import type { ScimResource } from '../../scim/schema/types.js';
import type { UserRow } from '../../store/resource-row.js';
import { incomingUser } from '../incoming-user.js';
import { declaredCheckOf } from '../declared-roles.js';
import type { ProvisioningDeps } from '../provisioning-deps.js';
import type { ScimRequest } from '../scim-exchange.js';
import { createUsers } from '../user-create.js';
import type { BulkOperation } from './bulk-request.js';

/** Users per statement: bounds the statement's size (ten bind values per user, far below PostgreSQL's limit). */
export const USER_BATCH_SIZE = 1000;

/** Users validated in one turn of the event loop before the batch lets other work run. */
export const VALIDATION_SLICE = 100;

/** What became of one operation of a batch. */
export type BatchOutcome =
  | { readonly kind: 'created'; readonly id: string; readonly revision: number }
  | { readonly kind: 'failed'; readonly error: ScimError }
  /** Run it as a single create. */
  | { readonly kind: 'single' };

/**
 * Creates the users of `operations` (all `POST /Users`) of the Bulk `request`; the outcome of each, by operation
 * index. `operationRequest` gives the request each operation runs as (its body, and where it names ignored
 * attributes).
 */
export async function createUserBatch(
  deps: ProvisioningDeps,
  request: ScimRequest,
  operations: readonly BulkOperation[],
  operationRequest: (operation: BulkOperation) => ScimRequest,
): Promise<Map<number, BatchOutcome>> {
  const outcomes = new Map<number, BatchOutcome>();
  const valid: { operation: BulkOperation; doc: ScimResource }[] = [];
  const declared = await declaredCheckOf(deps.options, deps.knex, request);
  for (const [position, operation] of operations.entries()) {
    // Validating a thousand users at once would hold the event loop; other requests get a turn between slices.
    if (position > 0 && position % VALIDATION_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    let doc: ScimResource;
    try {
      doc = incomingUser(deps, operationRequest(operation), 'create', operation.data, declared);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      outcomes.set(operation.index, { kind: 'failed', error });
      continue;
    }
    valid.push({ operation, doc });
  }
  for (let start = 0; start < valid.length; start += USER_BATCH_SIZE) {
    const chunk = valid.slice(start, start + USER_BATCH_SIZE);
    let created: (UserRow | undefined)[];
    try {
      created = await createUsers(deps, request.tenant.id, chunk.map((entry) => entry.doc));
    } catch (error) {
      // A value PostgreSQL refuses fails the whole statement; the single path then finds which user it was.
      deps.options.logger.warn('bulk user batch fell back to single creates', { tenantId: request.tenant.id, users: chunk.length, error: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code });
      created = [];
    }
    chunk.forEach(({ operation }, i) => {
      const row = created[i];
      outcomes.set(operation.index, row === undefined ? { kind: 'single' } : { kind: 'created', id: row.id, revision: row.revision });
    });
  }
  return outcomes;
}
