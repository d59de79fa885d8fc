/**
 * Validates and canonicalises resource documents sent by clients (POST, PUT, pathless PATCH values) and single
 * attribute values (PATCH with a path), producing documents ready to store.
 *
 * Decisions, where RFC 7643/7644 leave room:
 * - Attribute names and schema URNs are case-insensitive on input (RFC 7643 §2.1) and canonical on output.
 * - readOnly attributes (`id`, `meta`, `groups`, `members.display`, `manager.displayName`) are dropped silently:
 *   RFC 7644 §3.5.1 lets PUT carry them and says the provider SHALL ignore them; doing the same for POST keeps
 *   clients that echo resources back working. writeOnly `password` is accepted and dropped, never stored.
 * - `null`, empty arrays and objects with nothing left in them mean "no value" (RFC 7643 §2.5) and are dropped.
 * - An attribute unknown to a schema the resource type declares is rejected: 400 `invalidValue` naming its path,
 *   because silently losing data the client meant to store is worse than a clear error. A top-level key that is
 *   the URN of a schema this service does not declare for the type (a custom or legacy extension) is ignored, as
 *   RFC 7644 §3.3 allows a provider to ignore what it does not support. Dialect rules run earlier and strip
 *   known IDP noise.
 * - `schemas` is required on create and replace and must contain the core schema URN, else 400 `invalidSyntax`
 *   ("did not conform to the request schema", RFC 7644 §3.12). The stored `schemas` is rebuilt: the core URN
 *   plus every declared extension that has data, so extension data sent without its URN in `schemas` is kept
 *   (tolerant) and URNs of undeclared schemas are not stored.
 * - Types (RFC 7643 §2.3) and `required` are checked with ajv; a wrong type or a missing required attribute is
 *   400 `invalidValue` ("not compatible with the attribute type" / "a required value was missing").
 * - Sub-attributes marked `required` by RFC 7643 §8.7.1 are treated as optional where §4 says RECOMMENDED
 *   (`manager.value`, `manager.$ref`): see the schema data.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAttributeName } from './attribute-name.js';
import { canonicaliseObject, canonicaliseSingleValue, canonicaliseValue, isPlainObject } from './canonicalise.js';
import { commonAttributes } from './common-attributes.js';
import { attributeValueSchema, type JsonSchema, objectSchema, singleValueSchema, writableAttributes } from './json-schema.js';
import { childPath, problemToError, type ValidationProblem } from './problems.js';
import { sameUrn } from './registry.js';
import type { SchemaRegistry } from './registry-types.js';
import type { ResolvedAttribute, ResourceTypeName, ScimResource } from './types.js';

/**
 * What a document is validated for: `create` (POST) and `replace` (PUT) are whole documents with `schemas` and
 * required attributes; `patch` is a partial document (the value of a pathless PATCH add/replace) where neither is
 * required.
 */
export type ValidationContext = 'create' | 'replace' | 'patch';

/** The canonical document and every problem found; `problems` empty means valid. */
export interface ValidationResult {
  readonly document: ScimResource;
  readonly problems: readonly ValidationProblem[];
}

/** Validator of request documents and attribute values for one registry; holds its compiled ajv validators. */
export interface ResourceValidator {
  /** Canonicalises and checks `body`; every problem is reported, nothing is thrown. */
  check(type: ResourceTypeName, context: ValidationContext, body: unknown): ValidationResult;
  /** As {@link ResourceValidator.check}, but throws the first problem as a 400 ScimError; returns the document. */
  validate(type: ResourceTypeName, context: ValidationContext, body: unknown): ScimResource;
  /**
   * Canonicalises and checks a value for the attribute a PATCH path names. For a multi-valued target an array is
   * checked element by element and a single non-array value as one element (`emails[type eq "work"]` takes one);
   * the shape is kept. Returns undefined when the value carries nothing (`null`, `[]`). Mutability of the target
   * itself is the caller's concern; readOnly sub-attributes inside the value are dropped. Throws 400 ScimError.
   */
  validateAttributeValue(type: ResourceTypeName, resolved: ResolvedAttribute, value: unknown): unknown;
}

/**
 * Turns ajv instance-path segments (`/emails/0/value`, `/urn:…:User/manager/value`) into attribute notation
 * below `root`: `emails[0].value`, `urn:…:User:manager.value`.
 */
function attributePathOf(root: string, instancePath: string, last?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (last !== undefined) segments.push(last);
  let path = root;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path = childPath(path, Number(segment));
    else if (path === '' && /^urn:/i.test(segment)) path = `${segment}:`;
    else path = childPath(path, segment);
  }
  return path.replace(/:$/, '');
}

/** One ajv error as a problem located in attribute notation. */
function ajvProblem(error: ErrorObject, root: string): ValidationProblem {
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  if (error.keyword === 'required') {
    return { path: attributePathOf(root, error.instancePath, String(params.missingProperty)), message: 'is required', scimType: 'invalidValue' };
  }
  if (error.keyword === 'additionalProperties') {
    const path = attributePathOf(root, error.instancePath, String(params.additionalProperty));
    return { path, message: 'is not a known attribute', scimType: 'invalidValue' };
  }
  const title = (error.parentSchema as JsonSchema | undefined)?.title ?? 'of another type';
  return { path: attributePathOf(root, error.instancePath), message: `must be ${title}`, scimType: 'invalidValue' };
}

/** Creates a validator for `registry`; compiled JSON schemas are cached on the returned instance. */
export function createResourceValidator(registry: SchemaRegistry): ResourceValidator {
  const ajv = new Ajv({ allErrors: true, verbose: true });
  const compiled = new Map<string, ValidateFunction>();

  const compile = (key: string, build: () => JsonSchema): ValidateFunction => {
    let validator = compiled.get(key);
    if (!validator) {
      validator = ajv.compile(build());
      compiled.set(key, validator);
    }
    return validator;
  };

  /** The schema of a canonical document: core and writable common attributes, extensions under their URNs. */
  const documentSchema = (type: ResourceTypeName, context: ValidationContext): JsonSchema => {
    const resourceType = registry.resourceType(type);
    const whole = context !== 'patch';
    const core = registry.schema(resourceType.schema)?.attributes ?? [];
    const extensions = Object.fromEntries(
      resourceType.schemaExtensions.map(({ schema }) => [
        schema,
        objectSchema(registry.schema(schema)?.attributes ?? [], writableAttributes, whole, 'a JSON object'),
      ]),
    );
    const schemas: JsonSchema = { title: 'an array of schema URN strings', type: 'array', items: { title: 'a string', type: 'string' }, minItems: 1 };
    const base = objectSchema([...commonAttributes.filter((a) => a.name !== 'schemas'), ...core], writableAttributes, whole, 'a JSON object', {
      schemas,
    });
    const requiredExtensions = whole ? resourceType.schemaExtensions.filter((e) => e.required).map((e) => e.schema) : [];
    // Extensions after the core attributes, so problems are reported core first.
    return { ...base, properties: { ...base.properties, ...extensions }, required: [...(base.required ?? []), ...requiredExtensions] };
  };

  const check = (type: ResourceTypeName, context: ValidationContext, body: unknown): ValidationResult => {
    const problems: ValidationProblem[] = [];
    if (!isPlainObject(body)) {
      return { document: {}, problems: [{ path: '', message: 'must be a JSON object', scimType: 'invalidSyntax' }] };
    }
    const resourceType = registry.resourceType(type);
    const urns = registry.schemaUrns(type);
    const core: Record<string, unknown> = {};
    const extensions = new Map<string, Record<string, unknown>>();
    let schemas: unknown;

    // Route every top-level key to the core object or an extension object, still with the client's spelling.
    for (const [key, value] of Object.entries(body)) {
      if (key.toLowerCase() === 'schemas') {
        schemas = value;
        continue;
      }
      const urn = urns.find((candidate) => sameUrn(candidate, key));
      if (urn === resourceType.schema) {
        // The core schema URN as a key (seen from some clients): its members are core attributes.
        if (isPlainObject(value)) Object.assign(core, value);
        else if (value !== null) problems.push({ path: urn, message: 'must be a JSON object', scimType: 'invalidSyntax' });
      } else if (urn !== undefined) {
        if (isPlainObject(value)) extensions.set(urn, { ...extensions.get(urn), ...value });
        else if (value !== null) problems.push({ path: urn, message: 'must be a JSON object', scimType: 'invalidValue' });
      } else if (/^urn:/i.test(key)) {
        routeQualifiedKey(key, value);
      } else {
        core[key] = value;
      }
    }

    function routeQualifiedKey(key: string, value: unknown): void {
      // `urn:…:enterprise:2.0:User:department` written as one key: placed under its schema. A URN of a schema this
      // type does not declare is ignored (see the module comment).
      const parsed = parseAttributeName(key);
      const resolved = parsed ? registry.resolve(type, parsed) : undefined;
      if (!resolved) {
        const declared = parsed?.schema !== undefined && urns.some((candidate) => sameUrn(candidate, parsed.schema ?? ''));
        if (declared) problems.push({ path: key, message: 'is not a known attribute', scimType: 'invalidValue' });
        return;
      }
      const target = resolved.extension ? (extensions.get(resolved.schema) ?? {}) : core;
      if (resolved.extension) extensions.set(resolved.schema, target);
      if (resolved.subAttribute) {
        const parent = target[resolved.attribute.name];
        target[resolved.attribute.name] = { ...(isPlainObject(parent) ? parent : {}), [resolved.subAttribute.name]: value };
      } else {
        target[resolved.attribute.name] = value;
      }
    }

    if (context !== 'patch') checkSchemas(schemas, resourceType.schema, problems);
    const coreAttributes = [...commonAttributes.filter((a) => a.name !== 'schemas'), ...(registry.schema(resourceType.schema)?.attributes ?? [])];
    const document: Record<string, unknown> = { schemas: [resourceType.schema] };
    Object.assign(document, canonicaliseObject(coreAttributes, core, '', problems));
    for (const [urn, raw] of extensions) {
      const object = canonicaliseObject(registry.schema(urn)?.attributes ?? [], raw, `${urn}:`, problems);
      if (Object.keys(object).length > 0) {
        document[urn] = object;
        (document.schemas as string[]).push(urn);
      }
    }
    // A partial document carries `schemas` only when the client sent it (it is not patched through it).
    if (context === 'patch' && schemas === undefined) delete document.schemas;

    const validator = compile(`${type}|${context}`, () => documentSchema(type, context));
    if (!validator(document)) problems.push(...(validator.errors ?? []).map((error) => ajvProblem(error, '')));
    return { document, problems };
  };

  const validate = (type: ResourceTypeName, context: ValidationContext, body: unknown): ScimResource => {
    const { document, problems } = check(type, context, body);
    const [first] = problems;
    if (first) throw problemToError(first);
    return document;
  };

  const validateAttributeValue = (type: ResourceTypeName, resolved: ResolvedAttribute, value: unknown): unknown => {
    const problems: ValidationProblem[] = [];
    const { target } = resolved;
    const name = resolved.subAttribute ? `${resolved.attribute.name}.${resolved.subAttribute.name}` : resolved.attribute.name;
    const path = resolved.extension ? `${resolved.schema}:${name}` : name;
    const asElement = target.multiValued && !Array.isArray(value);
    const canonical = asElement
      ? canonicaliseSingleValue(target, value, path, problems)
      : canonicaliseValue(target, value, path, problems);
    if (canonical !== undefined) {
      const key = `${type}|value|${resolved.schema}|${path}|${asElement ? 'element' : 'whole'}`;
      const validator = compile(key, () =>
        asElement ? singleValueSchema(target, writableAttributes, true) : attributeValueSchema(target, writableAttributes, true),
      );
      if (!validator(canonical)) problems.push(...(validator.errors ?? []).map((error) => ajvProblem(error, path)));
    }
    const [first] = problems;
    if (first) throw problemToError(first);
    return canonical;
  };

  return Object.freeze({ check, validate, validateAttributeValue });
}

/** `schemas` must be an array of strings that contains the core schema URN (RFC 7643 §3, RFC 7644 §3.3). */
function checkSchemas(schemas: unknown, coreUrn: string, problems: ValidationProblem[]): void {
  if (schemas === undefined || schemas === null) {
    problems.push({ path: 'schemas', message: `is required and must contain '${coreUrn}'`, scimType: 'invalidSyntax' });
  } else if (!Array.isArray(schemas) || !schemas.every((urn) => typeof urn === 'string')) {
    problems.push({ path: 'schemas', message: 'must be an array of schema URN strings', scimType: 'invalidSyntax' });
  } else if (!schemas.some((urn: string) => sameUrn(urn, coreUrn))) {
    problems.push({ path: 'schemas', message: `must contain '${coreUrn}'`, scimType: 'invalidSyntax' });
  }
}
