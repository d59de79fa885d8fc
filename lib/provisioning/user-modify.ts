/**
 * The one implementation of a change to a user, shared by PUT (RFC 7644 §3.5.1) and PATCH (§3.5.2), single or in
 * a Bulk request: read the row, compute the new document in Node, run the host hook when there is one, and write
 * document, email rows and change rows in one compare-and-set statement on the revision read. A replacement that
 * the stored row cannot affect is first tried as one statement without the read; it writes nothing when the row
 * needs deciding in Node (`active`, emails or roles change, or the same document). An unchanged document writes
 * nothing and keeps the version. Without a hook the read and the write need no transaction; a write that
 * loses a race to a concurrent one is tried again, and in the end under a row lock in a transaction, which is also
 * where a hook runs (it must see and write in the same transaction as the change).
 */
import type { Knex } from 'knex';
import { jsonEqual } from '../scim/patch/json.js';
import type { ScimResource } from '../scim/schema/types.js';
import { isUuid } from '../store/ids.js';
import type { UserRow } from '../store/resource-row.js';
import { userKeyColumns } from '../store/user-columns.js';
import { replaceUserIfNothingToDecide, updateUserAtRevision, type DirectReplacement } from '../store/user-writes.js';
import { findUser } from '../store/users-store.js';
import { guardRecord, type GuardContext } from './deprovisioning-guard.js';
import { assertIfMatch } from './etag.js';
import { resourceNotFound } from './not-found.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { ownRolesChange } from './role-changes.js';
import { runWrite } from './run-write.js';
import { userUpdateChanges } from './user-changes.js';
import { runWriteHook } from './write-hooks.js';

/** Writes without a lock tried before the locked transaction, when concurrent writes keep moving the revision. */
const UNLOCKED_ATTEMPTS = 2;

/** What to change. */
export interface UserModification {
  /** The request's `If-Match` (RFC 7644 §3.14), checked against the revision read. */
  readonly ifMatch?: string | undefined;
  /** Read the user's direct groups (`User.groups`) too, for the response. */
  readonly withGroups: boolean;
  /** The new document from the stored row (throws a ScimError to refuse the change). */
  next(stored: UserRow): ScimResource;
  /**
   * The document `next` returns whatever the stored row, when it does (a replace of a type without immutable
   * attributes): it may then be written without reading the row first (see {@link directReplacement}).
   */
  readonly replacement?: ScimResource;
  /** The deprovisioning guard's view of an identity provider's request; absent for the host's and admins' writes. */
  readonly guard?: GuardContext;
}

/** Changes user `id` of the tenant; returns the row as it is afterwards. 404 when there is no such user. */
export async function modifyUser(deps: ProvisioningDeps, tenantId: string, id: string, modification: UserModification): Promise<UserRow> {
  if (!isUuid(id)) throw resourceNotFound('User', id);
  if (deps.options.hooks?.beforeUserWrite === undefined) {
    for (let attempt = 0; attempt < UNLOCKED_ATTEMPTS; attempt++) {
      const row = await runWrite(deps, false, (db) => modifyOnce(deps, db, undefined, tenantId, id, modification));
      if (row) return row;
    }
  }
  const row = await runWrite(deps, true, (db, trx) => modifyOnce(deps, db, trx, tenantId, id, modification));
  if (!row) throw new Error(`User ${id} changed while its row was locked.`);
  return row;
}

/**
 * The replacement an unlocked attempt writes before reading: one that needs nothing from the stored row unless
 * `active`, `emails` or `roles` change (the store then writes nothing, and the attempt reads the row and goes on as
 * for any change). Undefined when the change needs the stored row first: an `If-Match` to check, or a deactivation
 * the deprovisioning guard must see.
 */
function directReplacement(deps: ProvisioningDeps, id: string, modification: UserModification): DirectReplacement | undefined {
  const doc = modification.replacement;
  if (doc === undefined || modification.ifMatch !== undefined) return undefined;
  const columns = { id, ...userKeyColumns(doc) };
  if (modification.guard?.settings.deprovisioningGuard && !columns.active) return undefined;
  return { doc, changes: userUpdateChanges(columns, columns), statement: deps.statements };
}

/**
 * One read and compare-and-set write; in a transaction (`trx`) the row is locked `for no key update` when read, so
 * the write cannot lose. Undefined when a concurrent write moved the revision in between.
 */
async function modifyOnce(
  deps: ProvisioningDeps,
  db: Knex,
  trx: Knex.Transaction | undefined,
  tenantId: string,
  id: string,
  modification: UserModification,
): Promise<UserRow | undefined> {
  const direct = trx ? undefined : directReplacement(deps, id, modification);
  if (direct) {
    const written = await replaceUserIfNothingToDecide(db, tenantId, id, modification.withGroups, direct);
    if (written) return written;
  }
  const stored = await findUser(db, tenantId, id, { withGroups: modification.withGroups, ...(trx ? { lock: 'write' as const } : {}) });
  if (!stored) throw resourceNotFound('User', id);
  assertIfMatch(modification.ifMatch, stored.revision, `User ${id}`);
  const proposed = modification.next(stored);
  if (jsonEqual(proposed, stored.doc)) return stored;
  const deprovision = await guardRecord(db, tenantId, modification.guard, {
    userId: id,
    wasActive: stored.active,
    deletes: false,
    nowActive: userKeyColumns(proposed).active,
    previous: stored.doc,
  });
  // A held change is kept from the host, its hooks included; they see it if an administrator approves it.
  const hooked = trx && deprovision?.action !== 'hold';
  const doc = hooked ? await runWriteHook(deps, trx, 'User', { tenantId, operation: 'update', id, resource: proposed, previous: stored.doc }) : proposed;
  if (jsonEqual(doc, stored.doc)) return stored;
  // A reactivation that ends a hold: the host never saw the user go, so it hears of an update, not a reactivation.
  const columns = { id, ...userKeyColumns(doc) };
  const changes = userUpdateChanges(deprovision?.action === 'release' ? { active: true } : stored, columns);
  const roles = await ownRolesChange(db, tenantId, columns, stored.doc, doc);
  if (roles) changes.push(roles);
  const written = await updateUserAtRevision(db, tenantId, id, {
    revision: stored.revision,
    previous: stored.doc,
    doc,
    changes,
    ...(trx ? {} : { statement: deps.statements }),
    ...(deprovision ? { deprovision } : {}),
  });
  if (!written) return undefined;
  return stored.direct_groups === undefined ? written : { ...written, direct_groups: stored.direct_groups };
}
