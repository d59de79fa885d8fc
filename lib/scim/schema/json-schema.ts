/**
 * JSON Schema (for ajv) generated from attribute definitions: the data types of RFC 7643 §2.3, multi-valued
 * attributes as arrays (§2.4), complex attributes as objects of their sub-attributes (§2.3.8), and `required`.
 * Every generated node carries a `title` naming the expected value, which error messages quote.
 */
import type { AttributeDefinition } from './types.js';

/** The subset of JSON Schema generated here. */
export interface JsonSchema {
  readonly title: string;
  readonly type: 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array';
  readonly pattern?: string;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
}

/** xsd:dateTime (RFC 7643 §2.3.5): date, `T`, time, optional fraction, optional zone. */
const DATE_TIME = '^-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$';
/** Base64 (RFC 7643 §2.3.6), tolerating the URL-safe alphabet and line breaks some clients send. */
const BASE64 = '^[A-Za-z0-9+/=_\\s-]*$';

/** Which definitions a generated object takes: the writable ones, or all (for checking values read back). */
export type AttributeFilter = (attribute: AttributeDefinition) => boolean;

/** Attributes a client may write: everything but readOnly (dropped on input) and writeOnly (never stored here). */
export const writableAttributes: AttributeFilter = (attribute) =>
  attribute.mutability !== 'readOnly' && attribute.mutability !== 'writeOnly';

/** JSON Schema for one value of `attribute`, ignoring `multiValued` (an element of a multi-valued attribute). */
export function singleValueSchema(attribute: AttributeDefinition, include: AttributeFilter, withRequired: boolean): JsonSchema {
  switch (attribute.type) {
    case 'string':
      return attribute.required && withRequired
        ? { title: 'a non-empty string', type: 'string', minLength: 1 }
        : { title: 'a string', type: 'string' };
    case 'reference':
      return { title: 'a reference (string)', type: 'string' };
    case 'boolean':
      return { title: 'a boolean', type: 'boolean' };
    case 'integer':
      return { title: 'an integer', type: 'integer' };
    case 'decimal':
      return { title: 'a number', type: 'number' };
    case 'dateTime':
      return { title: 'an xsd:dateTime string such as 2010-01-23T04:56:22Z', type: 'string', pattern: DATE_TIME };
    case 'binary':
      return { title: 'a base64 string', type: 'string', pattern: BASE64 };
    case 'complex':
      return objectSchema(attribute.subAttributes ?? [], include, withRequired, 'a JSON object');
  }
}

/** JSON Schema for the whole value of `attribute`: an array of values when it is multi-valued. */
export function attributeValueSchema(attribute: AttributeDefinition, include: AttributeFilter, withRequired: boolean): JsonSchema {
  const single = singleValueSchema(attribute, include, withRequired);
  if (!attribute.multiValued) return single;
  return { title: `an array of ${single.title.replace(/^an? /, '')} values`, type: 'array', items: single };
}

/**
 * JSON Schema for an object whose properties are `attributes` (canonical names only, nothing else allowed).
 * `withRequired` adds the attributes' `required` characteristic; off for partial documents (PATCH values).
 */
export function objectSchema(
  attributes: readonly AttributeDefinition[],
  include: AttributeFilter,
  withRequired: boolean,
  title: string,
  extra: Readonly<Record<string, JsonSchema>> = {},
): JsonSchema {
  const included = attributes.filter(include);
  const required = withRequired ? included.filter((attribute) => attribute.required).map((attribute) => attribute.name) : [];
  return {
    title,
    type: 'object',
    properties: {
      ...extra,
      ...Object.fromEntries(included.map((attribute) => [attribute.name, attributeValueSchema(attribute, include, withRequired)])),
    },
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}
