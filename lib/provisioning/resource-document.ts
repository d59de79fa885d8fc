/**
 * Stored rows → SCIM resources as clients see them: `id`, the stored document, computed attributes (`User.groups`,
 * `Group.members`) and `meta` (RFC 7643 §3.1) with an absolute `location` and the version.
 */
import type { MemberWithDisplay } from '../store/memberships-store.js';
import type { GroupRow, ResourceRow, UserRow } from '../store/resource-row.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import { etagOf } from './etag.js';

/** The absolute URL of a resource: `<baseUrl>/Users/<id>`. */
export function resourceLocation(baseUrl: string, type: ResourceTypeName, id: string): string {
  return `${baseUrl}/${type === 'User' ? 'Users' : 'Groups'}/${id}`;
}

function meta(row: ResourceRow, type: ResourceTypeName, baseUrl: string): Record<string, unknown> {
  return {
    resourceType: type,
    created: new Date(row.created_at).toISOString(),
    lastModified: new Date(row.last_modified).toISOString(),
    location: resourceLocation(baseUrl, type, row.id),
    version: etagOf(row.revision),
  };
}

/** `schemas` and `id` first, the stored attributes, then computed ones; `meta` last. */
function assemble(row: ResourceRow, type: ResourceTypeName, baseUrl: string, computed: Record<string, unknown>): ScimResource {
  const { schemas, ...attributes } = row.doc;
  return { schemas, id: row.id, ...attributes, ...computed, meta: meta(row, type, baseUrl) };
}

/** A direct group of a user (RFC 7643 §4.1.2 `groups`). */
export interface DirectGroup {
  readonly id: string;
  readonly display: string;
}

/** A user resource; `groups` is present when given and not empty (RFC 7643 §4.1.2: read-only, direct only here). */
export function userResource(row: UserRow, baseUrl: string, groups?: readonly DirectGroup[]): ScimResource {
  const computed =
    groups && groups.length > 0
      ? {
          groups: groups.map((group) => ({
            value: group.id,
            $ref: resourceLocation(baseUrl, 'Group', group.id),
            display: group.display,
            type: 'direct',
          })),
        }
      : {};
  return assemble(row, 'User', baseUrl, computed);
}

/** One element of `Group.members` (RFC 7643 §4.2): value, `$ref`, type, and display when known. */
export function memberElement(member: MemberWithDisplay, baseUrl: string): Record<string, unknown> {
  return {
    value: member.id,
    $ref: resourceLocation(baseUrl, member.type, member.id),
    type: member.type,
    ...(member.display !== null ? { display: member.display } : {}),
  };
}

/** A group resource; `members` is present when given and not empty (RFC 7643 §4.2). */
export function groupResource(row: GroupRow, baseUrl: string, members?: readonly MemberWithDisplay[]): ScimResource {
  const computed = members && members.length > 0 ? { members: members.map((member) => memberElement(member, baseUrl)) } : {};
  return assemble(row, 'Group', baseUrl, computed);
}
