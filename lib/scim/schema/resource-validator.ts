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
 * - Attributes this service does not know (a misspelled or custom attribute of a declared schema, or a key under
 *   the URN of a schema it does not declare) are ignored, not rejected. Identity providers send whatever their
 *   attribute mapping says; rejecting one unknown attribute fails the whole user and sends Entra ID's job towards
 *   quarantine, while the rest of the user is good. The event log keeps the request as it arrived, so an
 *   administrator can still see what was sent. Microsoft's SCIM validator expects the same. A PATCH whose `path`
 *   names an unknown attribute is still 400 `invalidPath` (RFC 7644 §3.5.2): that operation targets nothing.
 * - `schemas` is required on create and replace and must contain the core schema URN, else 400 `invalidSyntax`
 *   ("did not conform to the request schema", RFC 7644 §3.12). The stored `schemas` is rebuilt: the core URN
 *   plus every declared extension that has data, so extension data sent without its URN in `schemas` is kept
 *   (tolerant) and URNs of undeclared schemas are not stored. Partial (`patch`) documents carry no `schemas`.
 * - Types (RFC 7643 §2.3) and `required` are checked with ajv; a wrong type or a missing required attribute is
 *   400 `invalidValue` ("not compatible with the attribute type" / "a required value was missing").
 * - Sub-attributes marked `required` by RFC 7643 §8.7.1 are treated as optional where §4 says RECOMMENDED
 *   (`manager.value`, `manager.$ref`): see the schema data.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { ajvProblem } from './ajv-problems.js';
import { canonicaliseObject, canonicaliseSingleValue, canonicaliseValue, isPlainObject } from './canonicalise.js';
import { commonAttributes } from './common-attributes.js';
import { attributeValueSchema, type JsonSchema, objectSchema, singleValueSchema, writableAttributes } from './json-schema.js';
import { problemToError, type ValidationProblem } from './validation-problems.js';
import { routeDocument, schemasFor } from './route-document.js';
import { sameUrn } from './registry.js';
import type { SchemaRegistry } from './registry-types.js';
import type { ResolvedAttribute, ResourceTypeName, ScimResource } from './types.js';
import { unstorableTextProblems } from './storable-text.js';

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

/** Common attributes other than `schemas`, which is checked and rebuilt on its own. */
const writableCommon = commonAttributes.filter((attribute) => attribute.name !== 'schemas');

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
    const schemas: JsonSchema = {
      title: 'an array of schema URN strings',
      type: 'array',
      items: { title: 'a string', type: 'string' },
      minItems: 1,
    };
    const base = objectSchema([...writableCommon, ...core], writableAttributes, whole, 'a JSON object', { schemas });
    const requiredExtensions = whole
      ? resourceType.schemaExtensions.filter((extension) => extension.required).map((extension) => extension.schema)
      : [];
    // Extensions after the core attributes, so problems are reported core first.
    return {
      ...base,
      properties: { ...base.properties, ...extensions },
      required: [...(base.required ?? []), ...requiredExtensions],
    };
  };

  const check = (type: ResourceTypeName, context: ValidationContext, body: unknown): ValidationResult => {
    const problems: ValidationProblem[] = [];
    if (!isPlainObject(body)) {
      return { document: {}, problems: [{ path: '', message: 'must be a JSON object', scimType: 'invalidSyntax' }] };
    }
    const resourceType = registry.resourceType(type);
    const { core, extensions, schemas } = routeDocument(registry, type, body, problems);
    if (context !== 'patch') checkSchemas(schemas, resourceType.schema, problems);
    // routeDocument takes `schemas` (in any case) out of `core`, so the full top-level list serves here.
    const canonical: Record<string, unknown> = canonicaliseObject(registry.coreAttributes(type), core, '', problems);
    for (const [urn, raw] of extensions) {
      const object = canonicaliseObject(registry.schema(urn)?.attributes ?? [], raw, `${urn}:`, problems);
      if (Object.keys(object).length > 0) canonical[urn] = object;
    }
    // A partial document never carries `schemas`: the caller recomputes it with `schemasFor` after patching.
    const document = context === 'patch' ? canonical : { schemas: schemasFor(registry, type, canonical), ...canonical };

    const validator = compile(`${type}|${context}`, () => documentSchema(type, context));
    if (!validator(document)) problems.push(...(validator.errors ?? []).map((error) => ajvProblem(error, '')));
    unstorableTextProblems(document, '', problems);
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
      unstorableTextProblems(canonical, path, problems);
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
