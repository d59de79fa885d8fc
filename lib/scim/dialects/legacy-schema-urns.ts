/**
 * Rule `legacySchemaUrns`: Entra ID lists its legacy group schema
 * `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group` in the `schemas` of every group it
 * creates (Microsoft's "develop a SCIM endpoint" tutorial shows it), and older clients send SCIM 1.1 URNs.
 * Neither names a schema of this service; both are dropped from `schemas`, and a top-level key
 * holding one of them is dropped too, instead of being rejected as an unknown attribute.
 */
import { isPlainObject } from '../schema/canonicalise.js';

/** Entra ID's legacy group schema URN. */
export const ENTRA_LEGACY_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** Schema identifiers that are noise from known IDPs (compared case-insensitively). */
export const LEGACY_SCHEMA_URNS: readonly string[] = Object.freeze([
  ENTRA_LEGACY_GROUP_SCHEMA,
  'urn:scim:schemas:core:1.0',
  'urn:scim:schemas:extension:enterprise:1.0',
]);

const LEGACY_KEYS: ReadonlySet<string> = new Set(LEGACY_SCHEMA_URNS.map((urn) => urn.toLowerCase()));
const SHORTEST_LEGACY = Math.min(...LEGACY_SCHEMA_URNS.map((urn) => urn.length));

/**
 * True when `urn` is one of {@link LEGACY_SCHEMA_URNS}. Every key of every incoming document is asked, so names
 * shorter than any legacy URN (all attribute names) are answered without case-folding.
 */
export function isLegacySchemaUrn(urn: unknown): boolean {
  return typeof urn === 'string' && urn.length >= SHORTEST_LEGACY && LEGACY_KEYS.has(urn.trim().toLowerCase());
}

/** Drops legacy URNs from `schemas` and legacy-URN keys from a resource document; unchanged when there are none. */
export function dropLegacySchemaUrns(document: Record<string, unknown>): Record<string, unknown> {
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (isLegacySchemaUrn(key)) {
      changed = true;
      continue;
    }
    if (key.toLowerCase() === 'schemas' && Array.isArray(value) && value.some(isLegacySchemaUrn)) {
      changed = true;
      result[key] = value.filter((urn) => !isLegacySchemaUrn(urn));
      continue;
    }
    result[key] = value;
  }
  return changed ? result : document;
}

/** True for a document that carries Entra ID's legacy group URN (used by provider detection). */
export function hasEntraLegacyGroupSchema(body: unknown): boolean {
  if (!isPlainObject(body)) return false;
  const schemas = Object.entries(body).find(([key]) => key.toLowerCase() === 'schemas')?.[1];
  return Array.isArray(schemas) && schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === ENTRA_LEGACY_GROUP_SCHEMA.toLowerCase());
}
