/**
 * `scim.directory.users`: a tenant's provisioned users for the host — by id, userName, externalId or e-mail,
 * listed and searched with a SCIM filter or simple options, counted, iterated, and their groups (direct and through
 * nested groups). Lookups use the indexed key columns; userName and e-mail compare case-insensitively (RFC 7643
 * §4.1.1 and §4.1.2: both are caseExact false).
 */
import type { ProvisioningDeps } from '../provisioning/provisioning-deps.js';
import type { ScimResource } from '../scim/schema/types.js';
import { isUuid } from '../store/ids.js';
import type { UserRow } from '../store/resource-row.js';
import { groupsOfMember } from '../store/nested-membership-queries.js';
import { readEffectiveRoles } from '../provisioning/effective-roles.js';
import { ResourceReader, type TenantDeps } from './resource-reader.js';
import type { DirectoryPage, EffectiveRole, IterateOptions, ListOptions, QueryOptions, ReadOptions, UserGroupRef } from './read-api-types.js';

/** Reads a tenant's users. */
export class UsersReader {
  private readonly reader: ResourceReader<UserRow>;

  constructor(
    private readonly deps: ProvisioningDeps,
    tenantDeps?: TenantDeps,
  ) {
    this.reader = new ResourceReader<UserRow>(deps, 'User', tenantDeps);
  }

  /** A user by id, or undefined. */
  async get(tenantId: string, id: string, options?: ReadOptions): Promise<ScimResource | undefined> {
    if (!isUuid(id)) return undefined;
    return this.reader.findOne(tenantId, { column: 'id', value: id.toLowerCase() }, options);
  }

  /** The user with this userName (case-insensitive; unique among live users), or undefined. */
  findByUserName(tenantId: string, userName: string, options?: ReadOptions): Promise<ScimResource | undefined> {
    return this.reader.findOne(tenantId, { column: 'user_name_key', value: userName.toLowerCase() }, options);
  }

  /** The user with this externalId (the identity provider's id; case-sensitive), oldest first if several, or undefined. */
  findByExternalId(tenantId: string, externalId: string, options?: ReadOptions): Promise<ScimResource | undefined> {
    return this.reader.findOne(tenantId, { column: 'external_id', value: externalId }, options);
  }

  /**
   * Every user with this e-mail address among its `emails` (case-insensitive), oldest first. An address is not
   * unique in SCIM, so this is a list: decide what two users with one address mean for your sign-in.
   */
  findByEmail(tenantId: string, email: string, options?: ReadOptions): Promise<ScimResource[]> {
    return this.reader.findAll(tenantId, { email }, options);
  }

  /** A page of users matching a SCIM filter and/or `active`, sorted and projected as the SCIM API would. */
  list(tenantId: string, options?: ListOptions): Promise<DirectoryPage> {
    return this.reader.list(tenantId, options);
  }

  /** How many users match. */
  count(tenantId: string, options?: QueryOptions): Promise<number> {
    return this.reader.count(tenantId, options);
  }

  /** Every matching user in creation order, read in batches: `for await (const user of …)`. */
  iterate(tenantId: string, options?: IterateOptions): AsyncGenerator<ScimResource, void, undefined> {
    return this.reader.iterate(tenantId, options);
  }

  /**
   * The groups a user belongs to, sorted by name: `direct` memberships, and with `transitive` (default true) also
   * `indirect` ones through nested groups, to any depth.
   */
  async groups(tenantId: string, userId: string, options: { readonly transitive?: boolean } = {}): Promise<UserGroupRef[]> {
    if (!isUuid(userId)) return [];
    return groupsOfMember(this.deps.knex, tenantId, userId.toLowerCase(), options.transitive ?? true);
  }

  /**
   * The user's effective roles, by value, each with its sources: `direct` (the user's own `roles` attribute, as
   * Entra ID's app roles or Okta's role list arrive) and `group` (a group the tenant maps to the role, which the
   * user belongs to directly or through nested groups, with the path of groups in between). Undefined when there
   * is no such live user. Two indexed reads, plus one for the tenant's declared roles.
   */
  roles(tenantId: string, userId: string): Promise<EffectiveRole[] | undefined> {
    return readEffectiveRoles(this.deps, tenantId, userId);
  }
}
