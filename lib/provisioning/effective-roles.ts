/**
 * A user's effective roles (issue: groups mapped to roles): the elements of its own `roles` attribute and the
 * roles of mapped groups it belongs to, merged by value, each with its sources, and marked declared when the
 * roles declared for its tenant hold the value (whose display name they carry). The host's read API
 * (`scim.directory.users.roles`) and the admin API answer with this; the types are re-exported by
 * directory-api/read-api-types.ts.
 */
import type { DeclaredValue } from '../scim/roles/declared-roles.js';
import { isUuid } from '../store/ids.js';
import { roleSourcesOfUser, type RolePathStep, type UserRoleSources } from '../store/effective-roles-queries.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import { declaredValuesFor } from './tenant-declared-values.js';

/**
 * Where one of a user's effective roles comes from:
 * - `direct`: the user's own `roles` attribute (RFC 7643 §4.1.2), as the identity provider sent it (Entra ID's app
 *   roles, Okta's role list); `primary`, `type` and `display` are the element's, when it has them;
 * - `group`: a group the tenant's administrator mapped to the role, which the user belongs to directly or through
 *   nested groups. `path` runs from the group the user is a direct member of up to the mapped group (one step when
 *   the user is in the mapped group itself; the shortest when there are several).
 */
export type RoleSource =
  | {
      readonly kind: 'direct';
      readonly primary?: boolean;
      readonly type?: string;
      readonly display?: string;
    }
  | {
      readonly kind: 'group';
      readonly groupId: string;
      readonly displayName: string;
      readonly path: readonly RolePathStep[];
    };

/** One role a user holds, with every source that grants it. */
export interface EffectiveRole {
  /** The role's value, as the application matches it (compared exactly). */
  readonly value: string;
  /** The display name the host or the tenant's administrator declared for the role, if any. */
  readonly display?: string;
  /** True when the role is among the roles declared for the tenant (`roles` option, or the tenant's own). */
  readonly declared: boolean;
  /** Direct first, then groups by id; never empty. */
  readonly sources: readonly RoleSource[];
}

function directSource(element: Readonly<Record<string, unknown>>): RoleSource {
  return {
    kind: 'direct',
    ...(typeof element.primary === 'boolean' ? { primary: element.primary } : {}),
    ...(typeof element.type === 'string' ? { type: element.type } : {}),
    ...(typeof element.display === 'string' ? { display: element.display } : {}),
  };
}

/** Merges the sources by role value, sorted by value; `declared` are the roles declared for the user's tenant. */
export function effectiveRoles(sources: UserRoleSources, declared: readonly DeclaredValue[]): EffectiveRole[] {
  const byValue = new Map<string, RoleSource[]>();
  const add = (value: string, source: RoleSource): void => {
    const list = byValue.get(value);
    if (list) list.push(source);
    else byValue.set(value, [source]);
  };
  for (const element of sources.direct) {
    if (typeof element.value === 'string' && element.value !== '') add(element.value, directSource(element));
  }
  for (const grant of sources.viaGroups) {
    const mapped = grant.path[grant.path.length - 1];
    add(grant.role, { kind: 'group', groupId: grant.groupId, displayName: mapped?.displayName ?? '', path: grant.path });
  }
  const known = new Map(declared.map((value) => [value.value, value]));
  return [...byValue.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, list]) => {
      const declaration = known.get(value);
      return { value, ...(declaration?.display !== undefined ? { display: declaration.display } : {}), declared: declaration !== undefined, sources: list };
    });
}

/** The effective roles of a tenant's live user, or undefined when there is none with that id. */
export async function readEffectiveRoles(deps: ProvisioningDeps, tenantId: string, userId: string): Promise<EffectiveRole[] | undefined> {
  if (!isUuid(userId)) return undefined;
  const sources = await roleSourcesOfUser(deps.knex, tenantId, userId.toLowerCase());
  if (!sources) return undefined;
  return effectiveRoles(sources, await declaredValuesFor(deps.options, deps.knex, tenantId, 'roles'));
}
