/**
 * Attributes every resource carries (RFC 7643 §3, §3.1): `schemas`, `id`, `externalId` and `meta`. They are not
 * listed in the `/Schemas` representation of a schema (RFC 7643 §8.7.1 omits them too), but attribute paths,
 * filters, validation and projection resolve them like any other attribute of the core schema.
 */
import { attribute } from './attribute-builder.js';
import type { AttributeDefinition } from './types.js';

/**
 * `schemas` (RFC 7643 §3): the URNs the resource is composed of. Always returned; the resource validator
 * canonicalises it rather than taking it verbatim.
 */
export const schemasAttribute: AttributeDefinition = attribute(
  'schemas',
  'reference',
  'The schema URNs that define the attributes present in the resource.',
  { multiValued: true, required: true, caseExact: true, returned: 'always', referenceTypes: ['uri'] },
);

/** `id` (RFC 7643 §3.1): assigned by the service provider, case-exact, always returned, never writable. */
export const idAttribute: AttributeDefinition = attribute('id', 'string', 'Unique identifier for the resource.', {
  caseExact: true,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'server',
});

/** `externalId` (RFC 7643 §3.1): the client's identifier, case-exact, readWrite. */
export const externalIdAttribute: AttributeDefinition = attribute(
  'externalId',
  'string',
  'An identifier for the resource as defined by the provisioning client.',
  { caseExact: true },
);

/** `meta` (RFC 7643 §3.1): resource metadata, maintained by the service provider. */
export const metaAttribute: AttributeDefinition = attribute('meta', 'complex', 'Resource metadata.', {
  mutability: 'readOnly',
  subAttributes: [
    attribute('resourceType', 'string', 'The name of the resource type of the resource.', {
      caseExact: true,
      mutability: 'readOnly',
    }),
    attribute('created', 'dateTime', 'When the resource was added to the service provider.', {
      mutability: 'readOnly',
    }),
    attribute('lastModified', 'dateTime', 'When the resource was last updated.', { mutability: 'readOnly' }),
    attribute('location', 'reference', 'The URI of the resource.', {
      caseExact: true,
      mutability: 'readOnly',
      referenceTypes: ['uri'],
    }),
    attribute('version', 'string', 'The version (ETag) of the resource.', {
      caseExact: true,
      mutability: 'readOnly',
    }),
  ],
});

/** The common attributes, in the order they are written in a resource. */
export const commonAttributes: readonly AttributeDefinition[] = Object.freeze([
  schemasAttribute,
  idAttribute,
  externalIdAttribute,
  metaAttribute,
]);
