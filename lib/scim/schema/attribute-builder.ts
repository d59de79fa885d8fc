/**
 * A compact way to write attribute definitions as data: RFC 7643 §2.2 gives the default characteristics
 * ("required" false, "caseExact" false, "mutability" readWrite, "returned" default, "uniqueness" none,
 * "multiValued" false), so each definition only spells out what differs.
 */
import type { AttributeDefinition, AttributeType } from './types.js';

/** Characteristics that differ from the RFC 7643 §2.2 defaults. */
export type AttributeOverrides = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

/** An attribute definition with RFC 7643 §2.2 defaults for every characteristic not given. */
export function attribute(
  name: string,
  type: AttributeType,
  description: string,
  overrides: AttributeOverrides = {},
): AttributeDefinition {
  return Object.freeze({
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...overrides,
  });
}

/**
 * The `value`/`display`/`type`/`primary` sub-attributes shared by the User's multi-valued attributes
 * (RFC 7643 §2.4 "multi-valued attributes" and §4.1.2).
 */
export function plainMultiValuedSubAttributes(
  what: string,
  valueType: AttributeType = 'string',
  options: { canonicalTypes?: readonly string[]; valueOverrides?: AttributeOverrides } = {},
): readonly AttributeDefinition[] {
  return [
    attribute('value', valueType, `The value of the ${what}.`, options.valueOverrides),
    attribute('display', 'string', 'A human-readable name, primarily used for display purposes.  READ-ONLY.'),
    attribute(
      'type',
      'string',
      `A label indicating the ${what}'s function.`,
      options.canonicalTypes ? { canonicalValues: options.canonicalTypes } : {},
    ),
    attribute('primary', 'boolean', `A Boolean value indicating the 'primary' or preferred ${what}.`),
  ];
}
