/**
 * Rule `bareStringValues`: a plain string where a complex value with a `value` sub-attribute belongs means that
 * `value`. Seen for group members sent as plain ids (`"members": ["2819c223…"]`, Microsoft's reference collection
 * `{"op":"add","path":"members","value":"string id 1"}`) and for the enterprise `manager` sent as a bare id
 * (Entra ID `{"op":"Add","path":"…:manager","value":"26118915…"}`).
 */
import { findAttribute } from '../schema/registry.js';
import type { AttributeDefinition } from '../schema/types.js';

/** `"id"` → `{"value": "id"}` when `attribute` is complex and has a `value` sub-attribute; anything else unchanged. */
export function bareStringAsValue(attribute: AttributeDefinition, element: unknown): unknown {
  if (attribute.type !== 'complex' || typeof element !== 'string') return element;
  const valueAttribute = findAttribute(attribute.subAttributes, 'value');
  return valueAttribute ? { [valueAttribute.name]: element } : element;
}
