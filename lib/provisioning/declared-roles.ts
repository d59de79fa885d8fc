/**
 * The application's roles and entitlements in a tenant's requests: `GET /Roles` and `GET /Entitlements` answer the
 * values the host declared for the tenant, and with the tenant setting `unknownRoles: 'reject'` a user's
 * `roles[].value` and `entitlements[].value` must be among them.
 */
import type { ResolvedOptions } from '../options.js';
import { ScimError } from '../scim/errors.js';
import { declaredListResponse, undeclaredValues, valuesOfTenant, type DeclaredKind } from '../scim/roles/declared-roles.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';

/** `GET /Roles` or `GET /Entitlements` (read-only; no filter, as for the other discovery endpoints). */
export function declaredValuesResponse(options: ResolvedOptions, request: ScimRequest, kind: DeclaredKind): ScimResponse {
  if (request.query.filter !== undefined) throw new ScimError(403, `/${kind === 'roles' ? 'Roles' : 'Entitlements'} does not support filtering.`);
  return { status: 200, body: declaredListResponse(kind, valuesOfTenant(options[kind], request.tenant.id)) };
}

/** Refuses a user document holding role or entitlement values the application did not declare, when the tenant says so. */
export function checkDeclaredRoles(options: ResolvedOptions, request: ScimRequest, document: Readonly<Record<string, unknown>>): void {
  if (request.tenant.settings.unknownRoles !== 'reject') return;
  for (const kind of ['roles', 'entitlements'] as const) {
    const unknown = undeclaredValues(document, kind, valuesOfTenant(options[kind], request.tenant.id));
    if (unknown.length > 0) {
      throw new ScimError(400, `${kind} ${unknown.map((value) => `'${value}'`).join(', ')}: not among the ${kind} this application declares (see /${kind === 'roles' ? 'Roles' : 'Entitlements'}).`, 'invalidValue');
    }
  }
}
