/**
 * The roles and entitlements declared for one tenant: the host's (the `roles` and `entitlements` options, for
 * every tenant or for this one) followed by those the tenant's administrator added through the admin API (each
 * change audited). A value the host declares keeps the host's display name and type and cannot be changed there.
 */
import type { Knex } from 'knex';
import type { ResolvedOptions } from '../options.js';
import { valuesOfTenant, type DeclaredKind, type DeclaredValue } from '../scim/roles/declared-roles.js';
import { listGroupRoleMappings } from '../store/group-role-mappings-store.js';
import { deleteTenantDeclaredValue, listTenantDeclaredValues, upsertTenantDeclaredValue } from '../store/tenant-declared-values-store.js';
import type { AuditActor, AuditTrail } from '../tenants/admin-audit.js';
import type { Tenant } from '../tenants/types.js';

/** Every value of `kind` declared for `tenantId`, the host's first; one indexed read of the tenant's own. */
export async function declaredValuesFor(options: ResolvedOptions, db: Knex, tenantId: string, kind: DeclaredKind): Promise<DeclaredValue[]> {
  const host = valuesOfTenant(options[kind], tenantId);
  const known = new Set(host.map((value) => value.value));
  const own = (await listTenantDeclaredValues(db, tenantId, kind))
    .filter((row) => !known.has(row.value))
    .map((row) => ({ value: row.value, display: row.display ?? undefined, type: row.type ?? undefined, tenantId }));
  return [...host, ...own];
}

/** A declared value as the admin API lists it: `host` ones are read-only there. */
export interface ListedDeclaredValue {
  readonly value: string;
  readonly display: string | null;
  readonly type: string | null;
  readonly source: 'host' | 'tenant';
}

/** A refused change of a tenant's declared values; `where` names the input at fault. */
export class DeclaredValueError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly where: string,
  ) {
    super(message);
  }
}

/** What an administrator declares: the value, and optionally its display name and type. */
export interface DeclaredValueInput {
  readonly value: string;
  readonly display?: string | undefined;
  readonly type?: string | undefined;
}

/** The roles and entitlements an administrator declares for one tenant, beside the host's. */
export class TenantDeclaredValues {
  constructor(
    private readonly options: ResolvedOptions,
    private readonly knex: Knex,
    private readonly audit: AuditTrail,
  ) {}

  /** The host's values for the tenant, then the tenant's own. */
  async list(tenantId: string, kind: DeclaredKind): Promise<ListedDeclaredValue[]> {
    const host = valuesOfTenant(this.options[kind], tenantId).map((value): ListedDeclaredValue => ({ value: value.value, display: value.display ?? null, type: value.type ?? null, source: 'host' }));
    const known = new Set(host.map((value) => value.value));
    const own = (await listTenantDeclaredValues(this.knex, tenantId, kind)).filter((row) => !known.has(row.value)).map((row): ListedDeclaredValue => ({ ...row, source: 'tenant' }));
    return [...host, ...own];
  }

  /** Declares a value for the tenant, or changes its display and type; 409 for a value the host declares. */
  async put(tenant: Pick<Tenant, 'id' | 'name'>, kind: DeclaredKind, input: DeclaredValueInput, by?: AuditActor): Promise<{ readonly created: boolean }> {
    if (valuesOfTenant(this.options[kind], tenant.id).some((value) => value.value === input.value)) {
      throw new DeclaredValueError(409, `"${input.value}" is declared by the application itself and cannot be changed here.`, 'value');
    }
    return this.knex.transaction(async (trx) => {
      const row = { value: input.value, display: input.display ?? null, type: input.type ?? null };
      const created = await upsertTenantDeclaredValue(trx, tenant.id, kind, row);
      await this.audit.record(trx, by, {
        action: created ? 'declared_value.added' : 'declared_value.changed',
        tenantId: tenant.id,
        tenantName: tenant.name,
        details: { kind, ...row },
      });
      return { created };
    });
  }

  /** Removes a value the tenant declared; 409 while a group is mapped to it (a role), 404 when there is none. */
  async remove(tenant: Pick<Tenant, 'id' | 'name'>, kind: DeclaredKind, value: string, by?: AuditActor): Promise<void> {
    await this.knex.transaction(async (trx) => {
      if (kind === 'roles') {
        const mapped = (await listGroupRoleMappings(trx, tenant.id)).filter((mapping) => mapping.role === value).length;
        if (mapped > 0) throw new DeclaredValueError(409, `Role "${value}" is mapped to ${mapped} group${mapped === 1 ? '' : 's'}; remove those mappings first.`, 'value');
      }
      if (!(await deleteTenantDeclaredValue(trx, tenant.id, kind, value))) {
        throw new DeclaredValueError(404, `The tenant declares no ${kind === 'roles' ? 'role' : 'entitlement'} "${value}".`, 'value');
      }
      await this.audit.record(trx, by, { action: 'declared_value.removed', tenantId: tenant.id, tenantName: tenant.name, details: { kind, value } });
    });
  }
}
