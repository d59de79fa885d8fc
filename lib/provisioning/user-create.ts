/**
 * The one implementation of a user create (RFC 7644 §3.3), for a single POST and for a run of creates in a Bulk
 * request alike: one statement inserts the users with their email rows and `user.created` changes (and
 * `user.roles.changed` for a user created with roles)
 * (store/user-writes.ts). With a host hook (`hooks.beforeUserWrite`) the hook runs first for each user, in a
 * transaction with the insert.
 */
import type { ScimResource } from '../scim/schema/types.js';
import type { NewChange } from '../store/changes-store.js';
import { newResourceId } from '../store/ids.js';
import { userNameTaken } from '../store/pg-errors.js';
import type { UserRow } from '../store/resource-row.js';
import { userKeyColumns } from '../store/user-columns.js';
import { insertUsers, type NewUser } from '../store/user-writes.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { createdRolesChange } from './role-changes.js';
import { runWrite } from './run-write.js';
import { userChangeData } from './user-changes.js';
import { runWriteHook } from './write-hooks.js';

/** The created user, or undefined when its userName is taken. */
export type CreatedUser = UserRow | undefined;

/**
 * Creates users from validated documents, in order; the outcome of each, in the same order. A user whose userName
 * is taken (by a user of the tenant or an earlier one of `docs`) is not created and its outcome is undefined; the
 * others are created all the same. With a host hook a taken userName is a 409 instead, which also rolls back what
 * the hooks wrote.
 */
export async function createUsers(deps: ProvisioningDeps, tenantId: string, docs: readonly ScimResource[]): Promise<CreatedUser[]> {
  const hooked = deps.options.hooks?.beforeUserWrite !== undefined;
  return runWrite(deps, hooked, async (db, trx) => {
    const users: NewUser[] = [];
    for (const doc of docs) {
      const id = newResourceId();
      users.push({ id, doc: trx ? await runWriteHook(deps, trx, 'User', { tenantId, operation: 'create', id, resource: doc }) : doc });
    }
    const changes = users.flatMap((user): NewChange[] => {
      const columns = userKeyColumns(user.doc);
      const roles = createdRolesChange({ id: user.id, ...columns }, user.doc);
      return [{ type: 'user.created', resourceType: 'User', resourceId: user.id, data: userChangeData(columns) }, ...(roles ? [roles] : [])];
    });
    const created = new Map((await insertUsers(db, tenantId, users, changes, trx ? undefined : deps.statements)).map((row) => [row.id, row]));
    if (trx && created.size < users.length) throw userNameTaken();
    return users.map((user) => created.get(user.id));
  });
}
