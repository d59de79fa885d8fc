/**
 * What the admin API answers about roles: the roles and entitlements declared for a directory (by the application
 * or by its administrator) and the groups mapped to roles.
 */

/** A declared role or entitlement (`GET api/tenants/:id/declared/roles`); `host` ones are read-only here. */
export interface DeclaredValue {
  value: string;
  display: string | null;
  type: string | null;
  source: 'host' | 'tenant';
}

/** Which declared list: roles or entitlements. */
export type DeclaredKind = 'roles' | 'entitlements';

/** A group mapped to a role (`GET api/tenants/:id/role-mappings`, `…/groups/:gid/roles`). */
export interface RoleMapping {
  groupId: string;
  groupDisplayName: string;
  role: string;
  createdAt: string;
}

/** A declared value as text: its display name with the value when they differ, else the value. */
export function declaredLabel(value: Pick<DeclaredValue, 'value' | 'display'>): string {
  return value.display && value.display !== value.value ? `${value.display} (${value.value})` : value.value;
}
