/**
 * The first step of validating a request document: every top-level key goes to the core attributes or to the
 * object of a declared extension, still spelled as the client wrote it (canonicalisation comes next). Handles
 * extension URN keys in any case, the core URN used as a key, and URN-qualified attribute keys
 * (`urn:…:enterprise:2.0:User:department`, RFC 7644 §3.10). Keys with the URN of a schema the resource type does
 * not declare are ignored (RFC 7644 §3.3 lets a provider ignore what it does not support).
 */
import { parseAttributeName } from './attribute-name.js';
import { isPlainObject } from './canonicalise.js';
import type { ValidationProblem } from './validation-problems.js';
import { sameUrn } from './registry.js';
import type { SchemaRegistry } from './registry-types.js';
import type { ResourceTypeName } from './types.js';

/** A request document split by schema, keys not yet canonical. */
export interface RoutedDocument {
  /** Core and common attributes. */
  readonly core: Record<string, unknown>;
  /** Extension attributes by canonical extension URN. */
  readonly extensions: Map<string, Record<string, unknown>>;
  /** The `schemas` value as sent (any key case), undefined when absent. */
  readonly schemas: unknown;
}

/** Splits `body` by schema; problems (a non-object extension, an unknown qualified attribute) are appended. */
export function routeDocument(
  registry: SchemaRegistry,
  type: ResourceTypeName,
  body: Readonly<Record<string, unknown>>,
  problems: ValidationProblem[],
): RoutedDocument {
  const coreUrn = registry.resourceType(type).schema;
  const urns = registry.schemaUrns(type);
  const core: Record<string, unknown> = {};
  const extensions = new Map<string, Record<string, unknown>>();
  let schemas: unknown;

  const extension = (urn: string): Record<string, unknown> => {
    const existing = extensions.get(urn) ?? {};
    extensions.set(urn, existing);
    return existing;
  };

  const routeQualifiedKey = (key: string, value: unknown): void => {
    const parsed = parseAttributeName(key);
    const resolved = parsed ? registry.resolve(type, parsed) : undefined;
    if (!resolved) return; // unknown attributes are ignored: see resource-validator.ts
    const target = resolved.extension ? extension(resolved.schema) : core;
    const name = resolved.attribute.name;
    if (resolved.subAttribute) {
      const parent = target[name];
      target[name] = { ...(isPlainObject(parent) ? parent : {}), [resolved.subAttribute.name]: value };
    } else {
      target[name] = value;
    }
  };

  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') {
      schemas = value;
      continue;
    }
    const urn = key.includes(':') ? urns.find((candidate) => sameUrn(candidate, key)) : undefined;
    if (urn !== undefined) {
      // The core URN as a key (seen from some clients) holds core attributes; an extension URN its own.
      if (isPlainObject(value)) Object.assign(urn === coreUrn ? core : extension(urn), value);
      else if (value !== null) problems.push({ path: urn, message: 'must be a JSON object', scimType: 'invalidValue' });
    } else if (/^urn:/i.test(key)) {
      routeQualifiedKey(key, value);
    } else {
      core[key] = value;
    }
  }
  return { core, extensions, schemas };
}

/**
 * The `schemas` a canonical document should carry: the core URN, then each declared extension that has data
 * (RFC 7643 §3). Used after validation and after PATCH, since extension data may appear or disappear.
 */
export function schemasFor(registry: SchemaRegistry, type: ResourceTypeName, document: Readonly<Record<string, unknown>>): string[] {
  const [core = '', ...extensions] = registry.schemaUrns(type);
  return [
    core,
    ...extensions.filter((urn) => {
      const data = document[urn];
      return isPlainObject(data) && Object.keys(data).length > 0;
    }),
  ];
}
