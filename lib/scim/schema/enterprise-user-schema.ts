/**
 * The Enterprise User extension (RFC 7643 §4.3, §8.7.1).
 */
import { attribute } from './attribute-builder.js';
import type { SchemaDefinition } from './types.js';
import { ENTERPRISE_USER_SCHEMA } from './urns.js';

/**
 * `manager`: RFC 7643 §8.7.1 marks `value` and `$ref` "required", but §4.3 calls them RECOMMENDED and real IDPs
 * (Entra ID, Okta) send `value` alone, so neither is required here.
 */
const managerAttribute = attribute('manager', 'complex', "The User's manager.", {
  subAttributes: [
    attribute('value', 'string', 'The "id" of the SCIM resource representing the User\'s manager.', {
      caseExact: true,
    }),
    attribute('$ref', 'reference', "The URI of the SCIM resource representing the User's manager.", {
      referenceTypes: ['User'],
    }),
    attribute('displayName', 'string', "The displayName of the User's manager.", { mutability: 'readOnly' }),
  ],
});

/** The Enterprise User extension schema definition (RFC 7643 §4.3). */
export const enterpriseUserSchema: SchemaDefinition = Object.freeze({
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', 'Numeric or alphanumeric identifier assigned to a person.'),
    attribute('costCenter', 'string', 'Identifies the name of a cost center.'),
    attribute('organization', 'string', 'Identifies the name of an organization.'),
    attribute('division', 'string', 'Identifies the name of a division.'),
    attribute('department', 'string', 'Identifies the name of a department.'),
    managerAttribute,
  ],
});
