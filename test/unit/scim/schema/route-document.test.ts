import { describe, it, expect } from 'vitest';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { routeDocument, schemasFor } from '../../../../lib/scim/schema/route-document.js';
import type { ValidationProblem } from '../../../../lib/scim/schema/validation-problems.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../../lib/scim/schema/urns.js';

const registry = createSchemaRegistry();

describe('routeDocument', () => {
  it('splits core, core-URN-keyed, extension and qualified keys by schema', () => {
    const problems: ValidationProblem[] = [];
    const routed = routeDocument(registry, 'User', {
      Schemas: [USER_SCHEMA],
      userName: 'ada',
      [USER_SCHEMA.toUpperCase()]: { displayName: 'Ada' },
      [ENTERPRISE_USER_SCHEMA.toLowerCase()]: { Department: 'Ops' },
      [`${ENTERPRISE_USER_SCHEMA}:Manager.Value`]: 'm1',
      'urn:example:custom:1.0:Thing:colour': 'blue',
    }, problems);
    expect(problems).toEqual([]);
    expect(routed.schemas).toEqual([USER_SCHEMA]);
    expect(routed.core).toEqual({ userName: 'ada', displayName: 'Ada' });
    expect(Object.fromEntries(routed.extensions)).toEqual({ [ENTERPRISE_USER_SCHEMA]: { Department: 'Ops', manager: { value: 'm1' } } });
  });

  it('reports an extension that is not an object and ignores an unknown attribute of a declared schema', () => {
    const problems: ValidationProblem[] = [];
    routeDocument(registry, 'User', { [ENTERPRISE_USER_SCHEMA]: 'Ops', [`${ENTERPRISE_USER_SCHEMA}:floor`]: 3 }, problems);
    expect(problems.map((problem) => problem.path)).toEqual([ENTERPRISE_USER_SCHEMA]);
  });
});

describe('schemasFor', () => {
  it('lists the core URN and the extensions that have data', () => {
    expect(schemasFor(registry, 'User', { userName: 'a' })).toEqual([USER_SCHEMA]);
    expect(schemasFor(registry, 'User', { userName: 'a', [ENTERPRISE_USER_SCHEMA]: {} })).toEqual([USER_SCHEMA]);
    expect(schemasFor(registry, 'User', { [ENTERPRISE_USER_SCHEMA]: { department: 'x' } })).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(schemasFor(registry, 'Group', { displayName: 'g' })).toEqual([GROUP_SCHEMA]);
  });
});
