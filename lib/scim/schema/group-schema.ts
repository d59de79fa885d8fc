/**
 * The core Group schema (RFC 7643 §4.2, §8.7.1).
 */
import { attribute } from './attribute-builder.js';
import type { SchemaDefinition } from './types.js';
import { GROUP_SCHEMA } from './urns.js';

/**
 * `members`: the attribute is readWrite (members are added and removed) while each member's `value`, `$ref` and
 * `type` are immutable once the membership exists; `display` is derived from the member (RFC 7643 §8.7.1).
 */
const membersAttribute = attribute('members', 'complex', 'A list of members of the Group.', {
  multiValued: true,
  subAttributes: [
    attribute('value', 'string', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
    attribute('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
      mutability: 'immutable',
      referenceTypes: ['User', 'Group'],
    }),
    attribute('type', 'string', 'A label indicating the type of resource, e.g. \'User\' or \'Group\'.', {
      mutability: 'immutable',
      canonicalValues: ['User', 'Group'],
    }),
    attribute('display', 'string', 'A human-readable name of the member.', { mutability: 'readOnly' }),
  ],
});

/** The core Group schema definition (RFC 7643 §4.2). */
export const groupSchema: SchemaDefinition = Object.freeze({
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    // RFC 7643 §8.7.1 says uniqueness "none"; this service keeps display names unique per tenant (the store has a
    // unique key on them) and says so, so that IDPs can match groups by name.
    attribute('displayName', 'string', 'A human-readable name for the Group.', { required: true, uniqueness: 'server' }),
    membersAttribute,
  ],
});
