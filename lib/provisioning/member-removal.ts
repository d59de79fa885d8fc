/**
 * A group PATCH that only removes members by id — `{"op":"remove","path":"members[value eq \"…\"]"}` (RFC 7644
 * §3.5.2.2), or Entra's `{"op":"Remove","path":"members","value":[{"value":"…"}]}` (DESIGN.md §5) — applied as
 * one statement (member-removal-statement.ts) instead of a transaction of six. Identity providers send one such
 * request per member they unassign, so this is the common shape of a group change.
 */
import { ScimError } from '../scim/errors.js';
import { applyPatch } from '../scim/patch/apply-patch.js';
import type { PatchOperation } from '../scim/patch/types.js';
import { parsePatchPath } from '../scim/path/patch-path.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import { isUuid } from '../store/ids.js';
import { removeMembersStatement } from '../store/member-removal-statement.js';
import type { GroupRow } from '../store/resource-row.js';
import { inOneStatement } from './one-statement.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import type { ScimRequest } from './scim-exchange.js';

/** True when `path` names the group's `members` as a whole (optionally with a value filter), nothing else. */
function namesMembers(registry: SchemaRegistry, path: string): boolean {
  try {
    const parsed = parsePatchPath(path);
    const resolved = registry.resolve('Group', parsed.path);
    return resolved !== undefined && !resolved.extension && resolved.attribute.name === 'members' && !resolved.subAttribute && !parsed.subAttribute;
  } catch (error) {
    if (error instanceof ScimError) return false;
    throw error;
  }
}

/**
 * The member ids `operations` remove when every operation is a removal of members by id, else undefined (the
 * caller takes the general path, which also reports any error). Member operations never touch the stored
 * document (apply-patch.ts), so the engine's member changes can be computed without reading it.
 */
export function memberIdsRemoved(registry: SchemaRegistry, operations: readonly PatchOperation[]): string[] | undefined {
  if (operations.length === 0) return undefined;
  if (!operations.every((operation) => operation.op === 'remove' && typeof operation.path === 'string' && namesMembers(registry, operation.path))) {
    return undefined;
  }
  let changes;
  try {
    changes = applyPatch(registry, 'Group', {}, operations, { createOnNoMatch: true }).memberChanges;
  } catch (error) {
    if (error instanceof ScimError) return undefined;
    throw error;
  }
  const ids: string[] = [];
  for (const change of changes) {
    if (change.kind !== 'remove') return undefined;
    ids.push(...change.ids);
  }
  return ids;
}

/**
 * Applies a members-only removal PATCH in one statement and returns the group as it is afterwards; undefined when
 * the request is not of that shape, carries `If-Match`, or the group does not exist (the general path then gives
 * the same answer it always gives). Ids that are not UUIDs cannot be members and are dropped, as the general path
 * drops them.
 */
export async function removeMembersAtOnce(deps: ProvisioningDeps, request: ScimRequest, id: string, operations: readonly PatchOperation[]): Promise<GroupRow | undefined> {
  if (request.ifMatch !== undefined || !isUuid(id)) return undefined;
  const ids = memberIdsRemoved(deps.registry, operations);
  if (ids === undefined) return undefined;
  const memberIds = ids.filter(isUuid).map((memberId) => memberId.toLowerCase());
  const removal = await inOneStatement(deps, (db) => removeMembersStatement(db, request.tenant.id, id.toLowerCase(), memberIds));
  return removal?.group;
}
