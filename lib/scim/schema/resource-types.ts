/**
 * The resource types this service provides (RFC 7643 §6, §8.6).
 */
import type { ResourceTypeDefinition } from './types.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './urns.js';

/** User: core User schema with the optional Enterprise User extension. */
export const userResourceType: ResourceTypeDefinition = Object.freeze({
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  // Not required: most IDPs send no enterprise data for most users.
  schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
});

/** Group: core Group schema, no extensions. */
export const groupResourceType: ResourceTypeDefinition = Object.freeze({
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  schemaExtensions: [],
});
