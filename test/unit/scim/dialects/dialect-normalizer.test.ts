import { describe, expect, it } from 'vitest';
import { createDialectNormalizer } from '../../../../lib/scim/dialects/dialect-normalizer.js';
import type { DialectRuleName } from '../../../../lib/scim/dialects/dialect-rule.js';
import { ENTRA_LEGACY_GROUP_SCHEMA } from '../../../../lib/scim/dialects/legacy-schema-urns.js';
import { DIALECT_RULES } from '../../../../lib/scim/dialects/rule-catalogue.js';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import { applyPatch } from '../../../../lib/scim/patch/apply-patch.js';
import { parsePatchRequest } from '../../../../lib/scim/patch/patch-request.js';
import { PATCH_OP_SCHEMA } from '../../../../lib/scim/patch/types.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { createResourceValidator } from '../../../../lib/scim/schema/resource-validator.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';
import { rfcExample, rfcExampleFiles } from '../../../fixtures/rfc-examples.js';

const registry = createSchemaRegistry();
const dialects = createDialectNormalizer(registry);
const validator = createResourceValidator(registry);

const example = rfcExample;

/** RFC 7644 §3.4.2.2 filter examples, verbatim. */
const RFC_FILTERS = [
  'userName eq "bjensen"',
  'name.familyName co "O\'Malley"',
  'userName sw "J"',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
  'title pr',
  'meta.lastModified gt "2011-05-13T04:42:34Z"',
  'meta.lastModified le "2011-05-13T04:42:34Z"',
  'title pr and userType eq "Employee"',
  'title pr or userType eq "Intern"',
  'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
  'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
  'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
  'userType eq "Employee" and (emails.type eq "work")',
  'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
  'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
];

describe('strict RFC requests pass through unchanged', () => {
  const files = rfcExampleFiles();
  const resources = files.filter((file) => /^rfc7643-8\.[1-4]-|^rfc7644-3\.(3|14|5\.1)-user-(post|put)-request/.test(file));
  const patches = files.filter((file) => /^rfc7644-3\.5\.2/.test(file));

  it('found the RFC example files', () => {
    expect(resources.length).toBe(7);
    expect(patches.length).toBe(10);
  });

  it.each(resources)('%s as POST and PUT body', (file) => {
    const body = example(file);
    const type = file.includes('group') ? 'Group' : 'User';
    for (const kind of ['create', 'replace'] as const) {
      const applied = new Set<DialectRuleName>();
      expect(dialects.normalizeResource(type, kind, body, applied)).toBe(body);
      expect([...applied]).toEqual([]);
    }
  });

  it.each(patches)('%s as PATCH body', (file) => {
    const body = example(file);
    const type = file.includes('member') ? 'Group' : 'User';
    const applied = new Set<DialectRuleName>();
    expect(dialects.normalizePatch(type, body, applied)).toBe(body);
    expect([...applied]).toEqual([]);
  });

  it('the search request filter', () => {
    const { filter } = example('rfc7644-3.4.3-search-request.json') as { filter: string };
    expect(dialects.normalizeFilter(filter)).toBe(filter);
  });
});

describe('strict RFC filters pass through unchanged', () => {
  it.each(RFC_FILTERS)('%s', (filter) => {
    const applied = new Set<DialectRuleName>();
    expect(dialects.normalizeFilter(filter, applied)).toBe(filter);
    expect(applied.size).toBe(0);
  });
});

describe('dialect requests become valid RFC requests', () => {
  it('Entra ID user create with string booleans, a bare manager id and nulls validates', () => {
    const body = {
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      externalId: 'e1',
      userName: 'Test_User_ab6490ee@contoso.com',
      active: 'True',
      emails: [{ primary: 'True', type: 'work', value: 'Test_User_ab6490ee@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      title: null,
      roles: [],
      [ENTERPRISE_USER_SCHEMA]: { manager: 'm1', department: null },
    };
    expect(validator.check('User', 'create', body).problems).not.toEqual([]);
    const document = validator.validate('User', 'create', dialects.normalizeResource('User', 'create', body));
    expect(document).toMatchObject({ active: true, emails: [{ primary: true }], [ENTERPRISE_USER_SCHEMA]: { manager: { value: 'm1' } } });
  });

  it('Entra ID group create with its legacy schema URN and members as plain ids validates', () => {
    const body = { schemas: [GROUP_SCHEMA, ENTRA_LEGACY_GROUP_SCHEMA], displayName: 'Sales', members: ['u1', 'u2'] };
    const document = validator.validate('Group', 'create', dialects.normalizeResource('Group', 'create', body));
    expect(document.members).toEqual([{ value: 'u1' }, { value: 'u2' }]);
  });

  it('Entra ID user PATCH sequence applies with the engine', () => {
    const user = { schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA], userName: 'ada', active: true, [ENTERPRISE_USER_SCHEMA]: { manager: { value: 'm0' } } };
    const body = {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'ada@example.com' },
        { op: 'Replace', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: '' },
        { op: 'Replace', value: { 'name.givenName': 'Ada', [`${ENTERPRISE_USER_SCHEMA}:department`]: 'R&D', title: null } },
      ],
    };
    expect(() => applyPatch(registry, 'User', user, parsePatchRequest(body), { createOnNoMatch: true })).toThrow();
    const operations = parsePatchRequest(dialects.normalizePatch('User', body));
    const { resource } = applyPatch(registry, 'User', user, operations, { createOnNoMatch: true });
    expect(resource).toMatchObject({
      active: false,
      emails: [{ type: 'work', value: 'ada@example.com' }],
      name: { givenName: 'Ada' },
      [ENTERPRISE_USER_SCHEMA]: { department: 'R&D' },
    });
    expect((resource[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>).manager).toBeUndefined();
  });

  it("Entra ID's remove-members-with-value removes only those members", () => {
    const body = { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }] };
    const { memberChanges } = applyPatch(registry, 'Group', { schemas: [GROUP_SCHEMA], displayName: 'G' }, parsePatchRequest(dialects.normalizePatch('Group', body)));
    expect(memberChanges).toEqual([{ kind: 'remove', ids: ['u1'] }]);
  });

  it("Microsoft's bare filter values and + spaces parse", () => {
    expect(() => parseFilter(dialects.normalizeFilter('meta.Created gt 2015-10-10T14:38:21.8617979-07:00'))).not.toThrow();
    expect(parseFilter(dialects.normalizeFilter('DisplayName+eq+%22BobIsAmazing%22'.replace(/%22/g, '"')))).toMatchObject({ op: 'eq', value: 'BobIsAmazing' });
    expect(parseFilter(dialects.normalizeFilter('userName%20eq%20%22a%2Bb%40x.com%22'))).toMatchObject({ value: 'a+b@x.com' });
  });
});

describe('rule catalogue', () => {
  it('describes each rule once', () => {
    const names = DIALECT_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(20);
  });
});
