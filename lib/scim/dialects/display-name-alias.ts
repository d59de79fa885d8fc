/**
 * Rule `displayNameAlias`: clients mix up the `display` sub-attribute of multi-valued references (group `members`,
 * RFC 7643 §4.2) with `displayName`. Microsoft's reference collection adds members as
 * `{"displayName": "new User", "value": "…"}`, and `manager.display` is the same slip the other way. A key that
 * names no sub-attribute but is the other spelling of one that exists is read as that one. `display` of members is
 * readOnly, so the value is then ignored rather than rejected as an unknown attribute.
 */
import { findAttribute } from '../schema/registry.js';
import type { AttributeDefinition } from '../schema/types.js';

const ALIASES: Readonly<Record<string, string>> = { displayname: 'display', display: 'displayName' };

/** The key to use for `key` inside a value of the complex `attribute`: itself, or its alias when only that exists. */
export function aliasSubAttributeKey(attribute: AttributeDefinition, key: string, siblings: readonly string[]): string {
  if (findAttribute(attribute.subAttributes, key)) return key;
  const alias = ALIASES[key.toLowerCase()];
  if (alias === undefined) return key;
  const target = findAttribute(attribute.subAttributes, alias);
  // When the client sent both spellings, the canonical one wins and the other stays for validation to report.
  if (!target || siblings.some((sibling) => sibling.toLowerCase() === target.name.toLowerCase())) return key;
  return target.name;
}
