/**
 * Rules for what a pathless PATCH value carries but cannot mean to change:
 * - `readOnlyNoise`: Okta renames a group with `{"op":"replace","value":{"id":"…","displayName":"…"}}`, echoing the
 *   group's `id`; other clients echo `meta`, `groups` or `schemas` from a GET. RFC 7644 §3.5.2 makes modifying a
 *   readOnly attribute an error, but these are not modifications the client means: they are dropped.
 * - `passwordIgnored`: Okta sends `password` when password sync is on, in POST/PUT bodies and in pathless replace
 *   values. This service stores no credentials for provisioned users (see the resource validator), so the
 *   attribute, and any operation whose path is `password`, is dropped rather than written or rejected.
 * POST and PUT bodies need neither rule: RFC 7644 §3.3 and §3.5.1 say readOnly values there SHALL be ignored, and
 * the resource validator does exactly that.
 */
import { track, type AppliedRules, type DialectContext } from './dialect-rule.js';
import { parseAttributeName } from '../schema/attribute-name.js';

/** True when `key` names the User `password` attribute (plain or URN-qualified). */
export function isPasswordKey(context: DialectContext, key: string): boolean {
  const parsed = parseAttributeName(key);
  const resolved = parsed ? context.registry.resolve(context.type, parsed) : undefined;
  return resolved !== undefined && !resolved.extension && resolved.attribute.mutability === 'writeOnly';
}

/** True when `key` names a readOnly top-level attribute (`id`, `meta`, `groups`) or `schemas`. */
function isReadOnlyKey(context: DialectContext, key: string): boolean {
  if (key.toLowerCase() === 'schemas') return true;
  const parsed = parseAttributeName(key);
  const resolved = parsed ? context.registry.resolve(context.type, parsed) : undefined;
  return resolved !== undefined && resolved.subAttribute === undefined && resolved.attribute.mutability === 'readOnly';
}

/** Drops readOnly attributes, `schemas` and `password` from a pathless PATCH value; unchanged when there are none. */
export function dropPatchValueNoise(context: DialectContext, value: Record<string, unknown>, applied?: AppliedRules): Record<string, unknown> {
  const keys = Object.keys(value);
  const noise = keys.filter((key) => isReadOnlyKey(context, key) || isPasswordKey(context, key));
  if (noise.length === 0) return value;
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    if (!noise.includes(key)) result[key] = value[key];
    else track(applied, isPasswordKey(context, key) ? 'passwordIgnored' : 'readOnlyNoise', key, undefined);
  }
  return result;
}
