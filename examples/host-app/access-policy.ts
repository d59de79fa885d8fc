/**
 * Who may sign in to the example wiki, decided from the provisioned directory with the read API: an active user
 * of the tenant, found by e-mail, who is a member of the access group — directly or through nested groups, as
 * identity providers push them.
 */
import type { ScimDirectory } from '../../lib/index.js';

/** The groups the wiki looks for in each tenant's directory. */
export interface AccessGroups {
  /** Members may sign in. Default `Wiki Users`. */
  readonly users: string;
  /** Members may also open the SCIM admin UI. Default `Wiki Admins`. */
  readonly admins: string;
}

/** A sign-in decision. */
export type AccessDecision =
  | { readonly allowed: true; readonly userId: string; readonly userName: string; readonly displayName: string }
  | { readonly allowed: false; readonly reason: string };

/** Answers who may sign in and who is an administrator. */
export class AccessPolicy {
  constructor(
    private readonly scim: ScimDirectory,
    private readonly groups: AccessGroups,
  ) {}

  /** Whether the person with this e-mail address may sign in to the tenant's wiki. */
  async decide(tenantId: string, email: string): Promise<AccessDecision> {
    const users = await this.scim.directory.users.findByEmail(tenantId, email);
    // An address is not unique in SCIM; two accounts with one address is something to sort out, not to guess.
    if (users.length !== 1) return { allowed: false, reason: users.length === 0 ? 'No provisioned user has this e-mail address.' : 'Several users have this e-mail address.' };
    const user = users[0]!;
    const userId = String(user.id);
    if (user.active === false) return { allowed: false, reason: 'The user is deactivated in the identity provider.' };
    if (!(await this.isMemberOf(tenantId, this.groups.users, userId))) {
      return { allowed: false, reason: `The user is not in the group "${this.groups.users}".` };
    }
    return { allowed: true, userId, userName: String(user.userName), displayName: String(user.displayName ?? user.userName) };
  }

  /** Whether the user may still use the wiki (active, in the access group), e.g. after a membership change. */
  async stillAllowed(tenantId: string, userId: string): Promise<boolean> {
    const user = await this.scim.directory.users.get(tenantId, userId, { attributes: ['active'] });
    return user !== undefined && user.active !== false && (await this.isMemberOf(tenantId, this.groups.users, userId));
  }

  /** Whether the user is an administrator of the tenant's wiki. */
  isAdmin(tenantId: string, userId: string): Promise<boolean> {
    return this.isMemberOf(tenantId, this.groups.admins, userId);
  }

  /** Everyone who may sign in now: active users in the access group at any depth, by name. */
  async roster(tenantId: string): Promise<{ id: string; userName: string; displayName: string }[]> {
    const group = await this.scim.directory.groups.findByDisplayName(tenantId, this.groups.users, { attributes: ['displayName'] });
    if (!group) return [];
    const roster: { id: string; userName: string; displayName: string }[] = [];
    let after: string | undefined;
    do {
      // 100 members a page keeps the `id eq … or …` filter below the filter length limit.
      const page = await this.scim.directory.groups.members(tenantId, String(group.id), { transitive: true, type: 'User', limit: 100, ...(after ? { after } : {}) });
      const ids = page.members.map((member) => `id eq "${member.id}"`);
      if (ids.length > 0) {
        const users = await this.scim.directory.users.list(tenantId, { filter: ids.join(' or '), active: true, count: ids.length, attributes: ['userName', 'displayName'] });
        roster.push(...users.resources.map((u) => ({ id: String(u.id), userName: String(u.userName), displayName: String(u.displayName ?? u.userName) })));
      }
      after = page.next;
    } while (after);
    return roster.sort((x, y) => x.userName.localeCompare(y.userName));
  }

  private async isMemberOf(tenantId: string, groupName: string, userId: string): Promise<boolean> {
    const group = await this.scim.directory.groups.findByDisplayName(tenantId, groupName, { attributes: ['displayName'] });
    return group !== undefined && this.scim.directory.groups.hasMember(tenantId, String(group.id), userId);
  }
}
