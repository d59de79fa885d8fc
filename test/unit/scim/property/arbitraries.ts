/**
 * fast-check generators of SCIM input, near the grammar (so most inputs get deep into the parsers) with junk mixed
 * in: filters, PATCH paths and operations, resource bodies and list query parameters.
 */
import fc from 'fast-check';

const PATHS = [
  'userName', 'USERNAME', 'id', 'externalId', 'displayName', 'title', 'active', 'nickName', 'name', 'name.givenName',
  'name.familyName', 'emails', 'emails.value', 'emails.type', 'emails.primary', 'phoneNumbers.value', 'addresses',
  'addresses.locality', 'members', 'members.value', 'members.type', 'members.display', 'groups', 'groups.value',
  'meta.created', 'meta.lastModified', 'meta.resourceType', 'x509Certificates.value', 'roles', 'entitlements.value',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
  'shoeSize', 'a.b.c', '$ref', 'urn:x', 'value', 'type', 'primary', 'display',
];
const SUBS = ['value', 'type', 'primary', 'display', 'locality', 'givenName', '$ref', 'nope'];
const OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'EQ', 'Sw', 'xx'];
const ODD_TEXT = ['\\ud800', '\\udc00', '\\u0000', '\\"', '\\\\', '%', '_', "'", ';', '--', '\u00e9', '\ud83d\ude00', '1\\n2'];

/** An attribute path, known or not. */
export const attributePath = fc.constantFrom(...PATHS);

/** A filter value as written in a filter: strings (some with escapes PostgreSQL cannot store), numbers, literals. */
export const filterValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => JSON.stringify(text)),
  fc.constantFrom(...ODD_TEXT).map((text) => `"a${text}b"`),
  fc.constantFrom('"2024-01-01T00:00:00Z"', '"2024-02-30T00:00:00Z"', '"c0ffee00-0000-4000-8000-000000000000"', '"work"'),
  fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map(String),
  fc.constantFrom('true', 'false', 'null', '1e999', '-0', 'bare'),
);

function comparison(path: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(path, fc.constantFrom(...OPERATORS), filterValue).map(([p, op, value]) => `${p} ${op} ${value}`),
    path.map((p) => `${p} pr`),
  );
}

const innerFilter: fc.Arbitrary<string> = fc
  .array(comparison(fc.constantFrom(...SUBS)), { minLength: 1, maxLength: 3 })
  .chain((parts) => fc.constantFrom(' and ', ' or ').map((joiner) => parts.join(joiner)));

/** A filter: comparisons, value paths (with Entra's `.sub op value` form), grouping, not/and/or, and some junk. */
export const filter: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison(attributePath),
    fc.tuple(attributePath, innerFilter).map(([p, inner]) => `${p}[${inner}]`),
    fc.tuple(attributePath, innerFilter, comparison(fc.constantFrom(...SUBS))).map(([p, inner, sub]) => `${p}[${inner}].${sub}`),
    tie('node').map((inner) => `(${inner as string})`),
    tie('node').map((inner) => `not (${inner as string})`),
    fc.tuple(tie('node'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('node')).map(([a, op, b]) => `${a as string} ${op} ${b as string}`),
    fc.string({ maxLength: 20 }),
  ),
})).node as fc.Arbitrary<string>;

/** A PATCH path: an attribute path, with an optional value filter and sub-attribute. */
export const patchPath: fc.Arbitrary<string> = fc.oneof(
  attributePath,
  fc.tuple(attributePath, innerFilter).map(([p, inner]) => `${p}[${inner}]`),
  fc.tuple(attributePath, innerFilter, fc.constantFrom(...SUBS)).map(([p, inner, sub]) => `${p}[${inner}].${sub}`),
  fc.string({ maxLength: 20 }),
);

/** Text for values, including what PostgreSQL cannot store. */
export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.constantFrom('\ud800', '\udc00', '\u0000', '"', '\\', '%', '_', "'", ';', '\n', '\ud83d\ude00').map((odd) => `x${odd}y`),
);

/** A JSON value shaped like what SCIM attributes hold, with junk. */
export const attributeValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.boolean(),
    fc.integer(),
    fc.constant(null),
    fc.constantFrom('True', 'false', '2024-01-01T00:00:00Z'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...SUBS, 'givenName', 'familyName'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** One PATCH operation, mostly well-shaped. */
export const patchOperation: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    op: fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'REMOVE', 'move'),
    path: patchPath,
    value: fc.oneof(attributeValue, fc.dictionary(attributePath, attributeValue, { maxKeys: 3 })),
  },
  { requiredKeys: ['op'] },
);

/** A User or Group body: known attributes with values of any shape. */
export const resourceBody: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.dictionary(attributePath, attributeValue, { maxKeys: 5 }), text, fc.boolean())
  .map(([attributes, name, withSchemas]) => ({
    ...(withSchemas ? { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group'] } : {}),
    userName: name,
    displayName: name,
    ...attributes,
  }));

/** List query parameters, as strings. */
export const listQuery: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom('filter', 'sortBy', 'sortOrder', 'startIndex', 'count', 'attributes', 'excludedAttributes', 'cursor'),
  fc.oneof(filter, attributePath, fc.constantFrom('ascending', 'DESCENDING', '-1', '0', '99999999999999999999', ''), fc.string({ maxLength: 12 })),
  { maxKeys: 4 },
);
