/**
 * Array-shape rules. Attribute mappings that feed a multi-valued source into a single-valued target (`title`,
 * `manager`; the OneLogin replay carries one) produce one-element arrays where RFC 7643 §2.2 defines a single
 * value; clients also send one object or one string where a multi-valued attribute wants an array
 * (`"members": {"value": "…"}` in the JumpCloud replay, Microsoft's reference collection `"value": "string id 1"`).
 */
import type { AttributeDefinition } from '../schema/types.js';

/**
 * Rule `singleElementArrays`: `[x]` for a single-valued attribute becomes `x`, and `[]` becomes `null` (nothing).
 * Longer arrays are left for validation to reject: there is no telling which element was meant.
 */
export function unwrapSingleElementArray(attribute: AttributeDefinition, value: unknown): unknown {
  if (attribute.multiValued || !Array.isArray(value)) return value;
  if (value.length === 0) return null;
  return value.length === 1 ? value[0] : value;
}

/**
 * Rule `singleValueForMultiValued`: a lone value (object or scalar) for a multi-valued attribute becomes a
 * one-element array (RFC 7643 §2.4 says the value of a multi-valued attribute is an array).
 */
export function wrapSingleValue(attribute: AttributeDefinition, value: unknown): unknown {
  if (!attribute.multiValued || value === null || value === undefined || Array.isArray(value)) return value;
  return [value];
}
