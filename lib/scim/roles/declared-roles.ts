/**
 * The roles and entitlements a host's application knows (RFC 7643 §4.1.2 `roles`, `entitlements`), published
 * read-only at `/Roles` and `/Entitlements` as the IETF SCIM roles-and-entitlements draft describes, so an identity
 * provider or an administrator can discover which values mean something to the application.
 */
import { LIST_RESPONSE_SCHEMA } from '../schema/urns.js';

/** One declared role or entitlement; `tenantId` limits it to one tenant. */
export interface DeclaredValue {
  readonly value: string;
  readonly display: string | undefined;
  readonly type: string | undefined;
  readonly tenantId: string | undefined;
}

/** Which of the two lists. */
export type DeclaredKind = 'roles' | 'entitlements';

/** The schema of a `/Roles` or `/Entitlements` resource (the draft's core schemas). */
export const DECLARED_SCHEMAS: Readonly<Record<DeclaredKind, string>> = Object.freeze({
  roles: 'urn:ietf:params:scim:schemas:core:2.0:Role',
  entitlements: 'urn:ietf:params:scim:schemas:core:2.0:Entitlement',
});

/**
 * Reads the host's `roles` or `entitlements` option: an array of `{ value, display?, type?, tenantId? }`. Throws a
 * `TypeError` naming the bad entry.
 */
export function readDeclaredValues(kind: DeclaredKind, input: unknown): readonly DeclaredValue[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw new TypeError(`scim-directory option "${kind}" must be an array of { value, display?, type?, tenantId? }.`);
  return Object.freeze(
    input.map((entry: unknown, index) => {
      const e = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
      const optional = (key: string): string | undefined => {
        const value = e[key];
        if (value === undefined) return undefined;
        if (typeof value !== 'string') throw new TypeError(`scim-directory option "${kind}[${index}].${key}" must be a string.`);
        return value;
      };
      if (typeof e.value !== 'string' || e.value === '') throw new TypeError(`scim-directory option "${kind}[${index}].value" must be a non-empty string.`);
      return Object.freeze({ value: e.value, display: optional('display'), type: optional('type'), tenantId: optional('tenantId') });
    }),
  );
}

/** The declared values that apply to `tenantId`: those for every tenant and those for it. */
export function valuesOfTenant(values: readonly DeclaredValue[], tenantId: string): DeclaredValue[] {
  return values.filter((value) => value.tenantId === undefined || value.tenantId === tenantId);
}

/** The `/Roles` or `/Entitlements` list response of a tenant (not paged: the lists are the application's own). */
export function declaredListResponse(kind: DeclaredKind, values: readonly DeclaredValue[]): Record<string, unknown> {
  const resources = values.map((value) => ({
    schemas: [DECLARED_SCHEMAS[kind]],
    value: value.value,
    ...(value.display !== undefined ? { display: value.display } : {}),
    ...(value.type !== undefined ? { type: value.type } : {}),
  }));
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources };
}

/**
 * The `value`s of `document`'s roles or entitlements that `declared` does not hold (compared exactly, as the
 * application matches them).
 */
export function undeclaredValues(document: Readonly<Record<string, unknown>>, kind: DeclaredKind, declared: readonly DeclaredValue[]): string[] {
  const elements = document[kind];
  if (!Array.isArray(elements)) return [];
  const known = new Set(declared.map((value) => value.value));
  return elements
    .map((element: unknown) => (typeof element === 'object' && element !== null ? (element as Record<string, unknown>).value : undefined))
    .filter((value): value is string => typeof value === 'string' && !known.has(value));
}
