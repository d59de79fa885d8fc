/**
 * Extension schemas defined by a host or an administrator for a tenant: read from RFC 7643 §7's representation
 * (the form `/Schemas` returns) with the resource type they extend, and checked so that the registry, the
 * validator and the SQL filter compiler can treat their attributes exactly like the core ones.
 */
import type { AttributeDefinition, AttributeType, Mutability, Returned, SchemaDefinition, ResourceTypeName, Uniqueness } from './types.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './urns.js';

/** An extension schema and the resource type it extends. */
export interface ExtensionSchema {
  readonly resourceType: ResourceTypeName;
  readonly schema: SchemaDefinition;
}

/** A definition that cannot be used: `where` is the JSON path of the offending member. */
export class ExtensionSchemaProblem extends Error {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(message);
  }
}

const TYPES: readonly AttributeType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex'];
const MUTABILITIES: readonly Mutability[] = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED: readonly Returned[] = ['always', 'never', 'default', 'request'];
const UNIQUENESS: readonly Uniqueness[] = ['none', 'server', 'global'];
const RESERVED = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA].map((urn) => urn.toLowerCase());
/** RFC 7643 §2.1 ATTRNAME: a letter, then letters, digits, "-" and "_". */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
/** An URN (RFC 8141 in outline) whose last segment after ":" is not empty; no spaces, quotes or brackets. */
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[^\s"'()[\]\\?]{1,400}[^:\s"'()[\]\\?]$/i;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, where: string): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ExtensionSchemaProblem(`must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`, where);
}

function flag(value: unknown, where: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new ExtensionSchemaProblem('must be true or false', where);
}

function text(value: unknown, where: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string' && value.length <= 1000) return value;
  throw new ExtensionSchemaProblem('must be a string of at most 1000 characters', where);
}

function strings(value: unknown, where: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length <= 1000 && value.every((item) => typeof item === 'string')) return Object.freeze([...(value as string[])]);
  throw new ExtensionSchemaProblem('must be an array of strings', where);
}

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ExtensionSchemaProblem('must be a JSON object', where);
}

function attributeList(value: unknown, where: string, nested: boolean): readonly AttributeDefinition[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 200) throw new ExtensionSchemaProblem('must be an array of 1 to 200 attributes', where);
  const seen = new Set<string>();
  return Object.freeze(
    value.map((item, index) => {
      const definition = attributeDefinition(item, `${where}[${index}]`, nested);
      const key = definition.name.toLowerCase();
      if (seen.has(key)) throw new ExtensionSchemaProblem(`"${definition.name}" is defined twice (names are case-insensitive)`, `${where}[${index}].name`);
      seen.add(key);
      return definition;
    }),
  );
}

function attributeDefinition(value: unknown, where: string, nested: boolean): AttributeDefinition {
  const input = objectAt(value, where);
  const name = input.name;
  if (typeof name !== 'string' || !ATTRIBUTE_NAME.test(name)) {
    throw new ExtensionSchemaProblem('must be a letter followed by letters, digits, "-" or "_" (RFC 7643 §2.1)', `${where}.name`);
  }
  const type = oneOf(input.type, TYPES, 'string', `${where}.type`);
  if (nested && type === 'complex') throw new ExtensionSchemaProblem('a sub-attribute cannot be complex (RFC 7643 §2.3.8)', `${where}.type`);
  const canonicalValues = strings(input.canonicalValues, `${where}.canonicalValues`);
  const referenceTypes = type === 'reference' ? (strings(input.referenceTypes, `${where}.referenceTypes`) ?? ['external']) : undefined;
  const subAttributes = type === 'complex' ? attributeList(input.subAttributes, `${where}.subAttributes`, true) : undefined;
  return Object.freeze({
    name,
    type,
    multiValued: flag(input.multiValued, `${where}.multiValued`),
    description: text(input.description, `${where}.description`),
    required: flag(input.required, `${where}.required`),
    caseExact: flag(input.caseExact, `${where}.caseExact`),
    mutability: oneOf(input.mutability, MUTABILITIES, 'readWrite', `${where}.mutability`),
    returned: oneOf(input.returned, RETURNED, 'default', `${where}.returned`),
    uniqueness: oneOf(input.uniqueness, UNIQUENESS, 'none', `${where}.uniqueness`),
    ...(canonicalValues ? { canonicalValues } : {}),
    ...(referenceTypes ? { referenceTypes: Object.freeze([...referenceTypes]) } : {}),
    ...(subAttributes ? { subAttributes } : {}),
  });
}

/**
 * Reads an extension schema: `{ "resourceType": "User" | "Group", "id": "urn:…", "name", "description",
 * "attributes": [...] }`, or the same with the schema under `schema` beside `resourceType`. Throws an
 * {@link ExtensionSchemaProblem} naming the member that is wrong.
 */
export function parseExtensionSchema(input: unknown): ExtensionSchema {
  const outer = objectAt(input, '$');
  const resourceType = outer.resourceType;
  if (resourceType !== 'User' && resourceType !== 'Group') throw new ExtensionSchemaProblem('must be "User" or "Group"', '$.resourceType');
  const inner = outer.schema === undefined ? outer : objectAt(outer.schema, '$.schema');
  const at = outer.schema === undefined ? '$' : '$.schema';
  const id = inner.id;
  if (typeof id !== 'string' || !URN.test(id)) throw new ExtensionSchemaProblem('must be a URN such as "urn:ietf:params:scim:schemas:extension:acme:2.0:User"', `${at}.id`);
  if (RESERVED.includes(id.toLowerCase())) throw new ExtensionSchemaProblem(`"${id}" is a schema of RFC 7643 and cannot be redefined`, `${at}.id`);
  const name = inner.name === undefined ? id.slice(id.lastIndexOf(':') + 1) : text(inner.name, `${at}.name`);
  const schema: SchemaDefinition = Object.freeze({
    id,
    name,
    description: text(inner.description, `${at}.description`),
    attributes: attributeList(inner.attributes, `${at}.attributes`, false),
  });
  return Object.freeze({ resourceType, schema });
}

/** An extension schema as stored and exchanged: RFC 7643 §7's representation with `resourceType` beside it. */
export function extensionSchemaJson(extension: ExtensionSchema): Record<string, unknown> {
  return { resourceType: extension.resourceType, id: extension.schema.id, name: extension.schema.name, description: extension.schema.description, attributes: extension.schema.attributes };
}

/** An extension schema a host declares: for every tenant, or for the one `tenantId` names. */
export interface HostExtensionSchema extends ExtensionSchema {
  readonly tenantId: string | undefined;
}

/**
 * Reads the host's `schemas` option: an array of extension schemas in {@link parseExtensionSchema}'s form, each
 * with an optional `tenantId`. Throws a `TypeError` naming the bad entry and member.
 */
export function readHostSchemas(value: unknown): readonly HostExtensionSchema[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError('scim-directory option "schemas" must be an array of extension schemas.');
  return Object.freeze(
    value.map((entry: unknown, index) => {
      try {
        const tenantId = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).tenantId : undefined;
        if (tenantId !== undefined && typeof tenantId !== 'string') throw new ExtensionSchemaProblem('must be a tenant id', '$.tenantId');
        return Object.freeze({ ...parseExtensionSchema(entry), tenantId });
      } catch (error) {
        if (!(error instanceof ExtensionSchemaProblem)) throw error;
        throw new TypeError(`scim-directory option "schemas[${index}]": ${error.where.replace(/^\$\.?/, '') || 'the entry'} ${error.message}.`);
      }
    }),
  );
}
