/**
 * Property tests of the parsers and the pure request code: whatever the input, the answer is a value or a 4xx
 * ScimError — never another exception (a 500 at the HTTP edge). Runs are bounded to keep each property at a few
 * seconds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listParamsFromQuery } from '../../../../lib/provisioning/list-params.js';
import { createRequestNormalizer } from '../../../../lib/scim/dialects/request-normalizer.js';
import { ScimError } from '../../../../lib/scim/errors.js';
import { checkFilter } from '../../../../lib/scim/filter/check.js';
import { matchesFilter } from '../../../../lib/scim/filter/matcher.js';
import { parseFilter } from '../../../../lib/scim/filter/parser.js';
import { parseProjection } from '../../../../lib/scim/list/projection-parameters.js';
import { applyPatch } from '../../../../lib/scim/patch/apply-patch.js';
import { parsePatchRequest } from '../../../../lib/scim/patch/patch-request.js';
import { parseAttributePath } from '../../../../lib/scim/path/attribute-path.js';
import { parsePatchPath } from '../../../../lib/scim/path/patch-path.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import { createResourceValidator } from '../../../../lib/scim/schema/resource-validator.js';
import type { ResourceTypeName, ScimResource } from '../../../../lib/scim/schema/types.js';
import { compileFilter } from '../../../../lib/store/filter/compile-filter.js';
import { sortExpression } from '../../../../lib/store/sort-expression.js';
import { filter, listQuery, patchOperation, patchPath, resourceBody } from './arbitraries.js';

const registry = createSchemaRegistry();
const validator = createResourceValidator(registry);
const normalize = createRequestNormalizer(registry);
const RUNS = { numRuns: 400 };
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const user: ScimResource = validator.validate('User', 'create', {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ada',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  emails: [{ value: 'ada@example.com', type: 'work', primary: true }, { value: 'ada@home.example', type: 'home' }],
  addresses: [{ type: 'work', locality: 'London' }],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '7', manager: { value: 'm1' } },
});
const group: ScimResource = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Admins' };

/** Runs `work`; a 4xx ScimError is a fine answer, anything else thrown fails the property. */
function answers(work: () => unknown): boolean {
  try {
    work();
    return true;
  } catch (error) {
    if (error instanceof ScimError && error.status >= 400 && error.status < 500) return true;
    throw error;
  }
}

describe('property: parsers never throw anything but a 4xx ScimError', () => {
  it('filters: parse, check, match in memory and compile to SQL, for Users and Groups', () => {
    fc.assert(
      fc.property(filter, fc.constantFrom<ResourceTypeName>('User', 'Group'), (text, type) =>
        answers(() => {
          const query = normalize(type, 'search', { filter: text }) as { filter: string };
          const node = parseFilter(query.filter);
          checkFilter(registry, type, node);
          matchesFilter(registry, type, type === 'User' ? user : group, node);
          compileFilter(registry, type, node);
        }),
      ),
      RUNS,
    );
  });

  it('arbitrary text as a filter', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'binary' }), (text) => answers(() => parseFilter(text))), RUNS);
  });

  it('PATCH paths and attribute paths', () => {
    fc.assert(
      fc.property(patchPath, (text) => answers(() => parsePatchPath(text)) && answers(() => parseAttributePath(text)) && answers(() => sortExpression(registry, 'User', text))),
      RUNS,
    );
  });

  it('PATCH requests applied to a user and a group, then validated', () => {
    fc.assert(
      fc.property(fc.array(patchOperation, { minLength: 1, maxLength: 4 }), fc.constantFrom<ResourceTypeName>('User', 'Group'), (operations, type) =>
        answers(() => {
          const parsed = parsePatchRequest(normalize(type, 'patch', { schemas: [PATCH], Operations: operations }));
          const result = applyPatch(registry, type, type === 'User' ? user : group, parsed, { createOnNoMatch: true });
          validator.validate(type, 'replace', result.resource);
        }),
      ),
      RUNS,
    );
  });

  it('resource bodies for create and replace', () => {
    fc.assert(
      fc.property(resourceBody, fc.constantFrom<ResourceTypeName>('User', 'Group'), fc.constantFrom('create' as const, 'replace' as const), (body, type, context) =>
        answers(() => validator.validate(type, context, normalize(type, context, body))),
      ),
      RUNS,
    );
  });

  it('list query parameters, projection included', () => {
    fc.assert(
      fc.property(listQuery, (query) =>
        answers(() => {
          const params = listParamsFromQuery(normalize('User', 'search', query) as Record<string, string>, { defaultPageSize: 10, maxPageSize: 100 });
          parseProjection(registry, 'User', params.projection);
          if (params.sortBy !== undefined) sortExpression(registry, 'User', params.sortBy);
        }),
      ),
      RUNS,
    );
  });

  it('generated filters hold well-formed ones often enough to reach the compiler', () => {
    const compiled = fc.sample(filter, { numRuns: 300, seed: 7 }).filter((text) => {
      try {
        compileFilter(registry, 'User', parseFilter(text));
        return true;
      } catch {
        return false;
      }
    });
    expect(compiled.length).toBeGreaterThan(20);
  });
});
