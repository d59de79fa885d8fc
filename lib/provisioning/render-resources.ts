/**
 * Rows → projected SCIM resources for one response, reading computed attributes only when the projection returns
 * them: `User.groups` and `Group.members` come from the membership table in one statement per page, and
 * `excludedAttributes=members` never reads it (RFC 7644 §3.9; DESIGN.md §3).
 *
 * A group's member list is read up to a first batch with the page; a group with more members than that gets a
 * {@link JsonHole} in place of `members`, filled batch by batch while the response is written, so a GET of a group
 * with 100 000 members holds one batch in memory at a time.
 */
import type { Knex } from 'knex';
import type { Projection } from '../scim/list/projection.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import { listDirectGroups, listMembers, listMembersAfter, MEMBER_BATCH, type MemberWithDisplay } from '../store/memberships-store.js';
import type { GroupRow, UserRow } from '../store/resource-row.js';
import { jsonWithHoles, newHoleMarker, type JsonHole } from './json-stream.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { groupResource, memberElement, userResource } from './resource-document.js';
import type { ScimResponse } from './scim-exchange.js';

/** Where the rows come from and how they are shown. */
export interface RenderContext {
  /** The knex or transaction to read memberships on. */
  readonly db: Knex;
  readonly tenantId: string;
  readonly baseUrl: string;
  readonly projection: Projection;
}

/** Rendered resources: complete, except where a hole's marker stands for a member list still to be read. */
export interface RenderedResources {
  readonly resources: ScimResource[];
  readonly holes: readonly JsonHole[];
}

/**
 * Members read with the page, per group: a single group gets a whole batch, a page of groups shares about ten
 * batches' worth (at least 100 each), so a page of small groups is one statement and memory stays bounded.
 */
function firstBatchLimit(groups: number): number {
  return Math.min(MEMBER_BATCH, Math.max(100, Math.floor((MEMBER_BATCH * 10) / Math.max(1, groups))));
}

/** Users as the projection returns them. */
export async function renderUsers(deps: ProvisioningDeps, context: RenderContext, rows: readonly UserRow[]): Promise<RenderedResources> {
  const needsGroups = deps.projector.needsAttribute('User', context.projection, 'groups');
  // Rows read with their groups (direct-groups-column.ts) need no second statement.
  const groups =
    needsGroups && !rows.every((row) => row.direct_groups !== undefined)
      ? await listDirectGroups(context.db, context.tenantId, rows.map((row) => row.id))
      : undefined;
  const groupsOf = (row: UserRow) => (needsGroups ? (groups?.get(row.id) ?? row.direct_groups) : undefined);
  const resources = rows.map((row) => deps.projector.project('User', userResource(row, context.baseUrl, groupsOf(row)), context.projection));
  return { resources, holes: [] };
}

/** The projected member elements of one batch, as JSON texts. */
function memberTexts(deps: ProvisioningDeps, context: RenderContext, batch: readonly MemberWithDisplay[]): string[] {
  const projected = deps.projector.project('Group', { members: batch.map((member) => memberElement(member, context.baseUrl)) }, context.projection).members;
  return Array.isArray(projected) ? projected.map((element) => JSON.stringify(element)) : [];
}

/** The text of a whole `members` array: the elements already rendered, then the rest read batch by batch. */
async function* memberArrayText(
  deps: ProvisioningDeps,
  context: RenderContext,
  groupId: string,
  first: readonly unknown[],
  afterId: string,
): AsyncGenerator<string, void, undefined> {
  let written = first.length;
  yield `[${first.map((element) => JSON.stringify(element)).join(',')}`;
  let after = afterId;
  for (;;) {
    const batch = await listMembersAfter(deps.knex, context.tenantId, groupId, after, MEMBER_BATCH);
    const texts = memberTexts(deps, context, batch);
    if (texts.length > 0) yield `${written > 0 ? ',' : ''}${texts.join(',')}`;
    written += texts.length;
    const last = batch[batch.length - 1];
    if (batch.length < MEMBER_BATCH || !last) break;
    after = last.id;
  }
  yield ']';
}

/** Groups as the projection returns them; large member lists as holes (see the module comment). */
export async function renderGroups(deps: ProvisioningDeps, context: RenderContext, rows: readonly GroupRow[]): Promise<RenderedResources> {
  if (!deps.projector.needsAttribute('Group', context.projection, 'members')) {
    return { resources: rows.map((row) => deps.projector.project('Group', groupResource(row, context.baseUrl), context.projection)), holes: [] };
  }
  const limit = firstBatchLimit(rows.length);
  // One more than shown tells whether a group has more, without a second statement for the groups that do not.
  const members = await listMembers(context.db, context.tenantId, rows.map((row) => row.id), limit + 1);
  const holes: JsonHole[] = [];
  const resources = rows.map((row) => {
    const all = members.get(row.id) ?? [];
    const shown = all.length > limit ? all.slice(0, limit) : all;
    const resource = deps.projector.project('Group', groupResource(row, context.baseUrl, shown), context.projection);
    const last = shown[shown.length - 1];
    if (all.length <= limit || !last || !Array.isArray(resource.members)) return resource;
    const marker = newHoleMarker();
    const first = resource.members as readonly unknown[];
    holes.push({ marker, fill: () => memberArrayText(deps, context, row.id, first, last.id) });
    // Spreading keeps `members` where it was: only its value changes.
    return { ...resource, members: marker };
  });
  return { resources, holes };
}

/** Users or groups, by type. */
export function renderResources(
  deps: ProvisioningDeps,
  context: RenderContext,
  type: ResourceTypeName,
  rows: readonly (UserRow | GroupRow)[],
): Promise<RenderedResources> {
  return type === 'User' ? renderUsers(deps, context, rows as UserRow[]) : renderGroups(deps, context, rows as GroupRow[]);
}

/** `response` with `body` as is, or streamed when it has holes. */
export function withHoles(response: ScimResponse & { readonly body: unknown }, holes: readonly JsonHole[]): ScimResponse {
  if (holes.length === 0) return response;
  const { body, ...rest } = response;
  return { ...rest, stream: jsonWithHoles(body, holes) };
}
