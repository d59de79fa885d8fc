/**
 * The application's roles and entitlements in a tenant's requests: `GET /Roles` and `GET /Entitlements` answer the
 * values declared for the tenant (the host's, then the tenant administrator's own), and with the tenant setting
 * `unknownRoles: 'reject'` a user's `roles[].value` and `entitlements[].value` must be among them.
 */
import type { Knex } from 'knex';
import type { ResolvedOptions } from '../options.js';
import { ScimError } from '../scim/errors.js';
import { declaredListResponse, undeclaredValues, type DeclaredKind, type DeclaredValue } from '../scim/roles/declared-roles.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import { declaredValuesFor } from './tenant-declared-values.js';

/** `GET /Roles` or `GET /Entitlements` (read-only; no filter, as for the other discovery endpoints). */
export async function declaredValuesResponse(options: ResolvedOptions, request: ScimRequest, kind: DeclaredKind): Promise<ScimResponse> {
  if (request.query.filter !== undefined) throw new ScimError(403, `/${kind === 'roles' ? 'Roles' : 'Entitlements'} does not support filtering.`);
  return { status: 200, body: declaredListResponse(kind, await declaredValuesFor(options, options.knex, request.tenant.id, kind)) };
}

/** The declared values a user write is checked against: undefined (no check, nothing read) unless the tenant refuses others. */
export type DeclaredCheck = Readonly<Record<DeclaredKind, readonly DeclaredValue[]>> | undefined;

/** Reads the values to check a user write of `request` against; reads nothing unless the tenant says `unknownRoles: 'reject'`. */
export async function declaredCheckOf(options: ResolvedOptions, db: Knex, request: ScimRequest): Promise<DeclaredCheck> {
  if (request.tenant.settings.unknownRoles !== 'reject') return undefined;
  const [roles, entitlements] = await Promise.all([declaredValuesFor(options, db, request.tenant.id, 'roles'), declaredValuesFor(options, db, request.tenant.id, 'entitlements')]);
  return { roles, entitlements };
}

/** Refuses a user document holding role or entitlement values the application did not declare, when the tenant says so. */
export function checkDeclaredRoles(check: DeclaredCheck, document: Readonly<Record<string, unknown>>): void {
  if (check === undefined) return;
  for (const kind of ['roles', 'entitlements'] as const) {
    const unknown = undeclaredValues(document, kind, check[kind]);
    if (unknown.length > 0) {
      throw new ScimError(400, `${kind} ${unknown.map((value) => `'${value}'`).join(', ')}: not among the ${kind} this application declares (see /${kind === 'roles' ? 'Roles' : 'Entitlements'}).`, 'invalidValue');
    }
  }
}
