/**
 * Group membership writes (RFC 7643 §4.2, RFC 7644 §3.5.2): member references are checked against the tenant's
 * users and groups in one statement per batch, nested groups are checked for cycles, and the PATCH engine's
 * {@link MemberChange}s are applied as SQL set operations, never as a rewrite of the member list (DESIGN.md §3).
 */
import type { Knex } from 'knex';
import { invalidValue } from '../scim/errors.js';
import { matchesElement } from '../scim/filter/matcher.js';
import type { MemberChange, MemberReference } from '../scim/patch/types.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import { isUuid } from '../store/ids.js';
import {
  addMembers,
  findCycleMember,
  listMembersAfter,
  MEMBER_BATCH,
  lockGroupGraph,
  removeAllMembers,
  removeMembers,
  replaceMembers,
  resolveMemberIds,
  type MemberRef,
} from '../store/memberships-store.js';
import { resourceLocation } from './resource-document.js';

/** What a set of membership writes did, for the change feed and the revision. */
export interface MembershipDelta {
  readonly added: MemberRef[];
  readonly removed: MemberRef[];
}

function shown(id: string): string {
  return JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);
}

/**
 * Turns client member references into stored ones: every id must be a user or group of this tenant (400
 * invalidValue naming the id otherwise, whatever tenant it may belong to), a given `type` must fit, and a group
 * member must not be `groupId` itself nor contain it (400 invalidValue: a cycle). Duplicates collapse.
 */
export async function resolveMembers(trx: Knex, tenantId: string, groupId: string, references: readonly MemberReference[]): Promise<MemberRef[]> {
  if (references.length === 0) return [];
  for (const reference of references) {
    if (!isUuid(reference.value)) throw invalidValue(`members: value ${shown(reference.value)} is not the id of a User or Group of this tenant.`);
  }
  const found = await resolveMemberIds(trx, tenantId, references.map((reference) => reference.value.toLowerCase()));
  const resolved = new Map<string, MemberRef>();
  for (const reference of references) {
    const id = reference.value.toLowerCase();
    const type = found.get(id);
    if (!type) throw invalidValue(`members: value ${shown(reference.value)} is not the id of a User or Group of this tenant.`);
    if (reference.type !== undefined && reference.type.toLowerCase() !== type.toLowerCase()) {
      throw invalidValue(`members: value ${shown(reference.value)} is a ${type}, not a ${JSON.stringify(reference.type)}.`);
    }
    resolved.set(id, { id, type });
  }
  const groups = [...resolved.values()].filter((member) => member.type === 'Group').map((member) => member.id);
  if (groups.length > 0) {
    await lockGroupGraph(trx, tenantId);
    const cycle = await findCycleMember(trx, tenantId, groupId, groups);
    if (cycle !== undefined) {
      throw invalidValue(
        cycle === groupId
          ? `members: group ${shown(groupId)} cannot be a member of itself.`
          : `members: group ${shown(cycle)} contains group ${shown(groupId)}, so adding it as a member would form a cycle.`,
      );
    }
  }
  return [...resolved.values()];
}

/**
 * The ids of members matching a value filter that is not a plain id list (`members[type eq "Group"]`). The member
 * list is read in batches of {@link MEMBER_BATCH} in primary-key order and each batch matched in memory, so memory
 * holds one batch and the matches, whatever the group's size.
 */
async function idsMatching(trx: Knex, registry: SchemaRegistry, tenantId: string, groupId: string, change: Extract<MemberChange, { kind: 'removeWhere' }>, baseUrl: string): Promise<string[]> {
  const members = registry.resolve('Group', { kind: 'attributePath', attribute: 'members' });
  if (!members) return [];
  const matching: string[] = [];
  let after: string | undefined;
  for (;;) {
    const batch = await listMembersAfter(trx, tenantId, groupId, after, MEMBER_BATCH);
    for (const member of batch) {
      const element = { value: member.id, type: member.type, display: member.display, $ref: resourceLocation(baseUrl, member.type, member.id) };
      if (matchesElement(registry, 'Group', members, element, change.filter)) matching.push(member.id);
    }
    if (batch.length < MEMBER_BATCH) return matching;
    after = batch[batch.length - 1]?.id;
  }
}

/**
 * Applies the engine's member changes in order, each as one set operation that also records its members in the
 * change feed; returns what actually changed.
 */
export async function applyMemberChanges(
  trx: Knex,
  registry: SchemaRegistry,
  tenantId: string,
  groupId: string,
  changes: readonly MemberChange[],
  baseUrl: string,
): Promise<MembershipDelta> {
  const added: MemberRef[] = [];
  const removed: MemberRef[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'add':
        added.push(...(await addMembers(trx, tenantId, groupId, await resolveMembers(trx, tenantId, groupId, change.members))));
        break;
      case 'replace': {
        const result = await replaceMembers(trx, tenantId, groupId, await resolveMembers(trx, tenantId, groupId, change.members));
        added.push(...result.added);
        removed.push(...result.removed);
        break;
      }
      case 'remove': {
        // Ids that are not UUIDs cannot be members; dropping them keeps the statement valid.
        const ids = change.ids.filter(isUuid).map((id) => id.toLowerCase());
        removed.push(...(await removeMembers(trx, tenantId, groupId, ids)));
        break;
      }
      case 'removeWhere':
        removed.push(...(await removeMembers(trx, tenantId, groupId, await idsMatching(trx, registry, tenantId, groupId, change, baseUrl))));
        break;
      case 'removeAll':
        removed.push(...(await removeAllMembers(trx, tenantId, groupId, { recorded: true })));
        break;
    }
  }
  return { added, removed };
}
