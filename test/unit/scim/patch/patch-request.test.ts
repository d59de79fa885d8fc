import { describe, it, expect } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { parsePatchRequest } from '../../../../lib/scim/patch/patch-request.js';
import { PATCH_OP_SCHEMA } from '../../../../lib/scim/patch/types.js';

function failure(body: unknown): ScimError {
  try {
    parsePatchRequest(body);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

describe('parsePatchRequest', () => {
  it('returns the operations of a well-formed body', () => {
    expect(
      parsePatchRequest({
        schemas: [PATCH_OP_SCHEMA],
        Operations: [
          { op: 'add', path: 'title', value: 'x' },
          { op: 'remove', path: 'title' },
          { op: 'replace', value: { title: 'y' } },
        ],
      }),
    ).toEqual([{ op: 'add', path: 'title', value: 'x' }, { op: 'remove', path: 'title' }, { op: 'replace', value: { title: 'y' } }]);
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['not an object', [], 'invalidSyntax', /PATCH body must be a JSON object/],
    ['no schemas', { Operations: [{ op: 'add', value: {} }] }, 'invalidSyntax', /"schemas" must contain/],
    ['wrong schema', { schemas: ['urn:x'], Operations: [{ op: 'add', value: {} }] }, 'invalidSyntax', /"schemas" must contain/],
    ['no Operations', { schemas: [PATCH_OP_SCHEMA] }, 'invalidSyntax', /"Operations" must be a non-empty array/],
    ['empty Operations', { schemas: [PATCH_OP_SCHEMA], Operations: [] }, 'invalidSyntax', /non-empty array/],
    ['operation not an object', { schemas: [PATCH_OP_SCHEMA], Operations: ['add'] }, 'invalidSyntax', /^Operations\[0\]: an operation must be a JSON object/],
    ['unknown op', { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', value: {} }, { op: 'move', path: 'a' }] }, 'invalidSyntax', /^Operations\[1\]: "op" must be one of .*got "move"/],
    ['capitalised op', { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'Replace', value: {} }] }, 'invalidSyntax', /^Operations\[0\]: "op"/],
    ['path not a string', { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'remove', path: 3 }] }, 'invalidSyntax', /^Operations\[0\]: "path" must be a string/],
    ['replace without value', { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'replace', path: 'a' }] }, 'invalidValue', /^Operations\[0\]: "replace" requires a "value"/],
  ];
  for (const [name, body, scimType, detail] of bad) {
    it(`rejects ${name}`, () => {
      const error = failure(body);
      expect(error.status).toBe(400);
      expect(error.scimType).toBe(scimType);
      expect(error.detail).toMatch(detail);
    });
  }
});
