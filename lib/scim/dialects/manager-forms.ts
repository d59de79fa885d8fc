/**
 * Rule `managerForms`: the enterprise `manager` (RFC 7643 §4.3) arrives in several shapes. A bare id and a
 * one-element array are handled by the generic rules (`bareStringValues`, `singleElementArrays`); this rule covers
 * the ways clients say "no manager": a replace with an empty string or `{"value": ""}` when the source attribute
 * is cleared (the Entra replay carries one), and a remove with a value filter (`manager[value eq "…"]`) even though
 * `manager` is single-valued. Both become a removal.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import type { AttributeDefinition } from '../schema/types.js';

/** True for the enterprise extension's `manager` attribute (single-valued, complex). */
export function isManagerAttribute(attribute: AttributeDefinition): boolean {
  return attribute.name.toLowerCase() === 'manager' && attribute.type === 'complex' && !attribute.multiValued;
}

/** `""`, `{"value": ""}` or `{"value": null}` for `manager` → `null` (no manager); anything else unchanged. */
export function emptyManagerAsNull(attribute: AttributeDefinition, value: unknown): unknown {
  if (!isManagerAttribute(attribute)) return value;
  if (typeof value === 'string' && value.trim() === '') return null;
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value);
  const id = entries.find(([key]) => key.toLowerCase() === 'value');
  if (!id || (id[1] !== null && !(typeof id[1] === 'string' && id[1].trim() === ''))) return value;
  // Only an object that carries nothing but the empty id (and perhaps null/empty companions) means "no manager".
  const others = entries.filter(([key, item]) => key.toLowerCase() !== 'value' && item !== null && item !== '');
  return others.length === 0 ? null : value;
}
