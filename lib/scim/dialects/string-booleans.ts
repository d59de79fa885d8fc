/**
 * Rule `stringBooleans`: Entra ID sends booleans as strings (`"active": "False"`, `"primary": "True"`) when an
 * attribute mapping's source is a string expression (its "known issues" page lists it as fixed only behind the
 * `aadOptscim062020` flag), and Microsoft's reference collection posts `"active": "True"`. RFC 7643 §2.3.2 defines
 * `true`/`false` literals; for attributes the schema types boolean, the strings `"true"`/`"false"` in any case are
 * read as those literals. Other strings are left for validation to reject.
 */
import type { AttributeDefinition } from '../schema/types.js';

/** `"True"` → `true`, `"false"` → `false` for a boolean attribute; anything else unchanged. */
export function stringBoolean(attribute: AttributeDefinition, value: unknown): unknown {
  if (attribute.type !== 'boolean' || typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return value;
}
