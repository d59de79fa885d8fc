/**
 * RFC 7644 §3.4.2.2: a comparison on a complex attribute without a sub-attribute (`emails co "example.com"`)
 * compares its `value` sub-attribute. Applied to singular complex attributes with a `value` too
 * (`manager eq "26118915-6090-4610-87e4-49d8ca9f808d"`, `sortBy=manager`), which read the same way.
 */
import type { ResolvedAttribute } from '../../scim/schema/types.js';

/** `resolved` with its `value` sub-attribute filled in when it names a complex attribute that has one. */
export function withValueSubAttribute(resolved: ResolvedAttribute): ResolvedAttribute {
  if (resolved.subAttribute || resolved.attribute.type !== 'complex') return resolved;
  const value = resolved.attribute.subAttributes?.find((candidate) => candidate.name === 'value');
  return value ? { ...resolved, subAttribute: value, target: value } : resolved;
}
