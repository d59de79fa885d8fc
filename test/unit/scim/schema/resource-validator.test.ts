import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import type { AttributePath } from '../../../../lib/scim/path/ast.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { createResourceValidator } from '../../../../lib/scim/schema/resource-validator.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';
import { loadFixture } from './fixtures.js';

const registry = createSchemaRegistry();
const validator = createResourceValidator(registry);

/** The ScimError thrown by `run`, or a failure when nothing is thrown. */
function errorOf(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

const user = (extra: Record<string, unknown>): Record<string, unknown> => ({ schemas: [USER_SCHEMA], userName: 'ada', ...extra });

describe('validate: RFC examples', () => {
  it.each(['rfc7643-8.1-user-minimal', 'rfc7643-8.2-user-full', 'rfc7643-8.3-enterprise_user', 'rfc7644-3.3-user-post_request', 'rfc7644-3.5.1-user-put_request'])(
    '%s is a valid User',
    (name) => {
      const { problems } = validator.check('User', 'create', loadFixture(name));
      expect(problems).toEqual([]);
    },
  );

  it('rfc7643-8.4 is a valid Group, member display dropped as readOnly', () => {
    const group = validator.validate('Group', 'replace', loadFixture('rfc7643-8.4-group'));
    expect(group.displayName).toBe('Tour Guides');
    expect(group.members).toEqual([
      { value: '2819c223-7f76-453a-919d-413861904646', $ref: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646' },
      { value: '902c246b-6245-4190-8e05-00816be7344a', $ref: 'https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a' },
    ]);
  });

  it('keeps the writable data of the full enterprise user and drops id, meta, groups, password, manager.displayName', () => {
    const input = loadFixture('rfc7643-8.3-enterprise_user');
    const output = validator.validate('User', 'create', input);
    for (const dropped of ['id', 'meta', 'groups', 'password']) expect(output).not.toHaveProperty(dropped);
    expect(output.schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(output.emails).toEqual(input.emails);
    expect(output.x509Certificates).toEqual(input.x509Certificates);
    const { manager, ...enterprise } = input[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>;
    expect(output[ENTERPRISE_USER_SCHEMA]).toEqual({
      ...enterprise,
      manager: { value: (manager as Record<string, unknown>).value, $ref: (manager as Record<string, unknown>).$ref },
    });
  });
});

describe('validate: canonical names', () => {
  it('writes attribute names and the extension URN key as the schema spells them', () => {
    const output = validator.validate('User', 'create', {
      SCHEMAS: [USER_SCHEMA.toUpperCase()],
      USERNAME: 'ada',
      Name: { GivenName: 'Ada', FAMILYNAME: 'Lovelace' },
      emails: [{ VALUE: 'ada@example.com', Primary: true }],
      [ENTERPRISE_USER_SCHEMA.toLowerCase()]: { DEPARTMENT: 'Analytical Engines', Manager: { VALUE: 'm1' } },
    });
    expect(output).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: 'ada',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@example.com', primary: true }],
      [ENTERPRISE_USER_SCHEMA]: { department: 'Analytical Engines', manager: { value: 'm1' } },
    });
  });

  it('adds the extension URN to schemas when its data is present (tolerant)', () => {
    const output = validator.validate('User', 'create', user({ [ENTERPRISE_USER_SCHEMA]: { costCenter: '4130' } }));
    expect(output.schemas).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  });

  it('places URN-qualified attribute keys under their schema', () => {
    const output = validator.validate('User', 'create', user({
      [`${ENTERPRISE_USER_SCHEMA}:department`]: 'R&D',
      [`${ENTERPRISE_USER_SCHEMA}:manager.value`]: 'm2',
      [`${USER_SCHEMA}:displayName`]: 'Ada',
    }));
    expect(output.displayName).toBe('Ada');
    expect(output[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'R&D', manager: { value: 'm2' } });
  });

  it('ignores keys of undeclared extension schemas and drops their URNs from schemas', () => {
    const legacy = 'urn:ietf:params:scim:schemas:extension:example:2.0:Custom';
    const output = validator.validate('User', 'create', { ...user({ [legacy]: { badge: 7 } }), schemas: [USER_SCHEMA, legacy] });
    expect(output).toEqual({ schemas: [USER_SCHEMA], userName: 'ada' });
  });

  it('rejects the same attribute written twice in different case', () => {
    const error = errorOf(() => validator.validate('User', 'create', user({ USERNAME: 'ADA' })));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(error.detail).toContain("'userName'");
  });
});

describe('validate: absent values', () => {
  it('drops nulls, empty arrays, empty objects and null elements', () => {
    const output = validator.validate('User', 'create', user({
      displayName: null,
      roles: [],
      name: { givenName: null },
      emails: [null, { value: 'a@example.com', type: null }],
      [ENTERPRISE_USER_SCHEMA]: { manager: null },
    }));
    expect(output).toEqual({ schemas: [USER_SCHEMA], userName: 'ada', emails: [{ value: 'a@example.com' }] });
  });
});

describe('validate: problems', () => {
  it.each([
    ['userName', { userName: 42 }, 'must be a non-empty string'],
    ['active', { active: 'yes' }, 'must be a boolean'],
    ['emails', { emails: { value: 'a@example.com' } }, 'must be an array'],
    ['emails[1].primary', { emails: [{ value: 'a' }, { value: 'b', primary: 'true' }] }, 'must be a boolean'],
    ['name', { name: 'Ada Lovelace' }, 'must be a JSON object'],
    ['x509Certificates[0].value', { x509Certificates: [{ value: 'not base64!' }] }, 'base64'],
    [`${ENTERPRISE_USER_SCHEMA}:manager.value`, { [ENTERPRISE_USER_SCHEMA]: { manager: { value: 7 } } }, 'must be a string'],
  ])('reports %s with invalidValue', (path, extra, message) => {
    const error = errorOf(() => validator.validate('User', 'create', user(extra)));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(`'${path}'`);
    expect(error.detail).toContain(message);
  });

  it('reports every problem in check(), in schema order', () => {
    const { problems } = validator.check('User', 'create', user({ active: 1, title: false }));
    expect(problems.map((problem) => problem.path)).toEqual(['title', 'active']);
  });

  it.each([
    ['User', 'create', { schemas: [USER_SCHEMA] }, 'userName'],
    ['User', 'replace', { schemas: [USER_SCHEMA], userName: '' }, 'userName'],
    ['Group', 'create', { schemas: [GROUP_SCHEMA], members: [] }, 'displayName'],
  ] as const)('requires %s attributes on %s (%j)', (type, context, body, attribute) => {
    const error = errorOf(() => validator.validate(type, context, body));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(`'${attribute}'`);
  });

  it.each([
    ['missing', { userName: 'ada' }],
    ['not an array', { schemas: USER_SCHEMA, userName: 'ada' }],
    ['without the core URN', { schemas: [GROUP_SCHEMA], userName: 'ada' }],
  ])('rejects schemas %s with invalidSyntax', (_, body) => {
    const error = errorOf(() => validator.validate('User', 'create', body));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(error.detail).toContain("'schemas'");
  });

  it('ignores unknown attributes of declared schemas and keeps the rest', () => {
    expect(validator.validate('User', 'create', user({ shoeSize: 44, title: 'Eng' }))).toEqual({ schemas: [USER_SCHEMA], userName: 'ada', title: 'Eng' });
    expect(validator.validate('User', 'create', user({ name: { nick: 'x', givenName: 'Ada' } })).name).toEqual({ givenName: 'Ada' });
    const extension = validator.validate('User', 'create', user({ [ENTERPRISE_USER_SCHEMA]: { floor: 3, department: 'Ops' } }));
    expect(extension[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Ops' });
    expect(validator.validate('User', 'create', user({ [`${ENTERPRISE_USER_SCHEMA}:floor`]: 3 }))).toEqual({ schemas: [USER_SCHEMA], userName: 'ada' });
    expect(validator.validate('User', 'patch', { adreses: [{ streetAddress: 'x' }] })).toEqual({});
  });

  it('rejects a body that is not an object', () => {
    expect(errorOf(() => validator.validate('User', 'create', [user({})]))).toMatchObject({ scimType: 'invalidSyntax' });
  });

  it('does not take attributes of the other resource type', () => {
    expect(validator.validate('Group', 'create', { schemas: [GROUP_SCHEMA], displayName: 'g', userName: 'x' })).toEqual({ schemas: [GROUP_SCHEMA], displayName: 'g' });
  });
});

describe('validate: patch context (partial documents)', () => {
  it('requires neither schemas nor required attributes, but checks types', () => {
    expect(validator.validate('User', 'patch', { ACTIVE: false, [`${ENTERPRISE_USER_SCHEMA}:department`]: 'Ops' })).toEqual({
      active: false,
      [ENTERPRISE_USER_SCHEMA]: { department: 'Ops' },
    });
    expect(errorOf(() => validator.validate('User', 'patch', { active: 'no' }))).toMatchObject({ scimType: 'invalidValue' });
  });
});

describe('validateAttributeValue', () => {
  const resolve = (attribute: string, subAttribute?: string, schema?: string) => {
    const path: AttributePath = { kind: 'attributePath', attribute, ...(subAttribute ? { subAttribute } : {}), ...(schema ? { schema } : {}) };
    const resolved = registry.resolve('User', path) ?? registry.resolve('Group', path);
    if (!resolved) throw new Error(`cannot resolve ${attribute}`);
    return resolved;
  };

  it('checks and canonicalises a multi-valued value as an array or as one element', () => {
    expect(validator.validateAttributeValue('User', resolve('emails'), [{ VALUE: 'a@example.com', type: 'work' }])).toEqual([
      { value: 'a@example.com', type: 'work' },
    ]);
    expect(validator.validateAttributeValue('User', resolve('emails'), { Value: 'b@example.com' })).toEqual({ value: 'b@example.com' });
    const error = errorOf(() => validator.validateAttributeValue('User', resolve('emails'), [{ value: 'a' }, { primary: 'x' }]));
    expect(error.detail).toContain("'emails[1].primary'");
  });

  it('checks scalar and sub-attribute values', () => {
    expect(validator.validateAttributeValue('User', resolve('active'), true)).toBe(true);
    expect(errorOf(() => validator.validateAttributeValue('User', resolve('name', 'givenName'), 5)).detail).toContain("'name.givenName'");
    const manager = resolve('manager', 'value', ENTERPRISE_USER_SCHEMA);
    expect(errorOf(() => validator.validateAttributeValue('User', manager, false)).detail).toContain(`'${ENTERPRISE_USER_SCHEMA}:manager.value'`);
  });

  it('drops readOnly sub-attributes of members and returns undefined for no value', () => {
    expect(validator.validateAttributeValue('Group', resolve('members'), [{ value: 'u1', display: 'Ada' }])).toEqual([{ value: 'u1' }]);
    expect(validator.validateAttributeValue('User', resolve('emails'), [])).toBeUndefined();
    expect(validator.validateAttributeValue('User', resolve('displayName'), null)).toBeUndefined();
  });

  it('ignores unknown sub-attributes inside a complex value', () => {
    expect(validator.validateAttributeValue('User', resolve('name'), { nick: 'x', givenName: 'Ada' })).toEqual({ givenName: 'Ada' });
  });
});
