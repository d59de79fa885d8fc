/**
 * `scim.directory.groups`: a tenant's provisioned groups for the host — by id, displayName or externalId, listed
 * and searched, counted, iterated; their members direct or through nested groups, paged in member-id order; and
 * membership checks. A group document includes `members` as the SCIM API returns it; for large groups pass
 * `excludedAttributes: ['members']` and page with {@link GroupsReader.members}.
 */
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import type { ScimResource } from '../scim/schema/types.js';
import { isUuid } from '../store/ids.js';
import type { GroupRow } from '../store/resource-row.js';
import { countMembers, groupsOfMember, isMemberOf, membersOfGroup } from '../store/nested-membership-queries.js';
import { ResourceReader, type TenantDeps } from './resource-reader.js';
import type {
  DirectoryPage,
  IterateOptions,
  ListOptions,
  MemberPage,
  MemberPageOptions,
  MemberQueryOptions,
  QueryOptions,
  ReadOptions,
  UserGroupRef,
} from './read-api-types.js';

const MAX_MEMBER_PAGE = 10_000;

/** Reads a tenant's groups. */
export class GroupsReader {
  private readonly reader: ResourceReader<GroupRow>;

  constructor(
    private readonly deps: ProvisioningDeps,
    tenantDeps?: TenantDeps,
  ) {
    this.reader = new ResourceReader<GroupRow>(deps, 'Group', tenantDeps);
  }

  /** A group by id, or undefined. */
  async get(tenantId: string, id: string, options?: ReadOptions): Promise<ScimResource | undefined> {
    if (!isUuid(id)) return undefined;
    return this.reader.findOne(tenantId, { column: 'id', value: id.toLowerCase() }, options);
  }

  /** The group with this displayName (case-insensitive; unique among live groups), or undefined. */
  findByDisplayName(tenantId: string, displayName: string, options?: ReadOptions): Promise<ScimResource | undefined> {
    return this.reader.findOne(tenantId, { column: 'display_name_key', value: displayName.toLowerCase() }, options);
  }

  /** The group with this externalId (case-sensitive), oldest first if several, or undefined. */
  findByExternalId(tenantId: string, externalId: string, options?: ReadOptions): Promise<ScimResource | undefined> {
    return this.reader.findOne(tenantId, { column: 'external_id', value: externalId }, options);
  }

  /** A page of groups matching a SCIM filter, sorted and projected as the SCIM API would. */
  list(tenantId: string, options?: ListOptions): Promise<DirectoryPage> {
    return this.reader.list(tenantId, options);
  }

  /** How many groups match. */
  count(tenantId: string, options?: QueryOptions): Promise<number> {
    return this.reader.count(tenantId, options);
  }

  /** Every matching group in creation order, read in batches. */
  iterate(tenantId: string, options?: IterateOptions): AsyncGenerator<ScimResource, void, undefined> {
    return this.reader.iterate(tenantId, options);
  }

  /**
   * A page of a group's members in member-id order: direct members, or with `transitive` also the members of
   * nested groups to any depth (each member once, `membership: 'direct'` when it is also a direct member); `type`
   * keeps only users or only groups. Continue with `after: page.next`.
   */
  async members(tenantId: string, groupId: string, options: MemberPageOptions = {}): Promise<MemberPage> {
    const limit = options.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MEMBER_PAGE) {
      throw new TypeError(`scim-directory: "limit" must be an integer from 1 to ${MAX_MEMBER_PAGE}; got ${JSON.stringify(limit)}.`);
    }
    if (options.after !== undefined && !isUuid(options.after)) {
      throw new TypeError(`scim-directory: "after" must be the "next" of a member page; got ${JSON.stringify(options.after)}.`);
    }
    if (!isUuid(groupId)) return { members: [], next: undefined };
    // One more than asked tells whether there is a next page.
    const rows = await membersOfGroup(this.deps.knex, tenantId, groupId.toLowerCase(), {
      ...options,
      ...(options.after !== undefined ? { afterId: options.after.toLowerCase() } : {}),
      limit: limit + 1,
    });
    const members = rows.slice(0, limit);
    return { members, next: rows.length > limit ? members[members.length - 1]?.id : undefined };
  }

  /** How many members a group has (distinct; at any depth with `transitive`). */
  async memberCount(tenantId: string, groupId: string, options: MemberQueryOptions = {}): Promise<number> {
    if (!isUuid(groupId)) return 0;
    return countMembers(this.deps.knex, tenantId, groupId.toLowerCase(), options);
  }

  /**
   * Whether a user or group is a member of the group: directly, or with `transitive` (default true) through nested
   * groups. The check walks up from the member, so its cost does not grow with the size of the group.
   */
  async hasMember(tenantId: string, groupId: string, memberId: string, options: { readonly transitive?: boolean } = {}): Promise<boolean> {
    if (!isUuid(groupId) || !isUuid(memberId)) return false;
    return isMemberOf(this.deps.knex, tenantId, groupId.toLowerCase(), memberId.toLowerCase(), options.transitive ?? true);
  }

  /** The groups a group is nested in: `direct` parents and, with `transitive` (default true), their ancestors. */
  async parents(tenantId: string, groupId: string, options: { readonly transitive?: boolean } = {}): Promise<UserGroupRef[]> {
    if (!isUuid(groupId)) return [];
    return groupsOfMember(this.deps.knex, tenantId, groupId.toLowerCase(), options.transitive ?? true);
  }
}
