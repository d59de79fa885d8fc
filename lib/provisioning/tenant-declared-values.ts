/**
 * The roles and entitlements declared for one tenant: the host's (the `roles` and `entitlements` options, for
 * every tenant or for this one) followed by those the tenant's administrator added. A value the host declares
 * keeps the host's display name and type.
 */
import type { Knex } from 'knex';
import type { ResolvedOptions } from '../options.js';
import { valuesOfTenant, type DeclaredKind, type DeclaredValue } from '../scim/roles/declared-roles.js';
import { listTenantDeclaredValues } from '../store/tenant-declared-values-store.js';

/** Every value of `kind` declared for `tenantId`, the host's first; one indexed read of the tenant's own. */
export async function declaredValuesFor(options: ResolvedOptions, db: Knex, tenantId: string, kind: DeclaredKind): Promise<DeclaredValue[]> {
  const host = valuesOfTenant(options[kind], tenantId);
  const known = new Set(host.map((value) => value.value));
  const own = (await listTenantDeclaredValues(db, tenantId, kind))
    .filter((row) => !known.has(row.value))
    .map((row) => ({ value: row.value, display: row.display ?? undefined, type: row.type ?? undefined, tenantId }));
  return [...host, ...own];
}
