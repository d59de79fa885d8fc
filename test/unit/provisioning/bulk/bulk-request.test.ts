import { describe, expect, it } from 'vitest';
import { parseBulkRequest } from '../../../../lib/provisioning/bulk/bulk-request.js';
import { byteSize, defaultBulkSupport } from '../../../../lib/provisioning/bulk/bulk-limits.js';
import { ScimError } from '../../../../lib/scim/errors.js';
import { rfcExample } from '../../../fixtures/rfc-examples.js';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const LIMITS = { maxOperations: 10, maxPayloadSize: 1000 };
const example = rfcExample;

function error(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (caught) {
    if (caught instanceof ScimError) return caught;
    throw caught;
  }
  throw new Error('no error');
}

describe('parseBulkRequest', () => {
  it('reads the RFC 7644 §3.7.3 example: methods, paths, versions, a bare PATCH list as a PatchOp', () => {
    const message = parseBulkRequest(example('rfc7644-3.7.3-bulk-request-multiple-operations.json'), LIMITS);
    expect(message.failOnErrors).toBe(1);
    expect(message.operations.map((o) => [o.method, o.target, o.version, o.problem])).toEqual([
      ['POST', { type: 'User' }, undefined, undefined],
      ['PUT', { type: 'User', id: 'b7c14771-226c-4d05-8860-134711653041' }, 'W/"3694e05e9dff591"', undefined],
      ['PATCH', { type: 'User', id: '5d8d29d3-342c-4b5f-8683-a3cb6763ffcc' }, 'W/"edac3253e2c0ef2"', undefined],
      ['DELETE', { type: 'User', id: 'e9025315-6bea-44e1-899c-1e07454e468b' }, 'W/"0ee8add0a938e1a"', undefined],
    ]);
    expect(message.operations[2]!.data).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'remove', path: 'nickName' },
        { op: 'add', path: 'userName', value: 'Dave' },
      ],
    });
  });

  it('reads a version whose slash came escaped twice (W\\/"…", a literal backslash) as W/"…"', () => {
    const body = {
      schemas: [BULK],
      Operations: [{ method: 'DELETE', path: '/Users/e9025315-6bea-44e1-899c-1e07454e468b', version: 'W\\/"0ee8add0a938e1a"' }],
    };
    expect(parseBulkRequest(body, LIMITS).operations[0]?.version).toBe('W/"0ee8add0a938e1a"');
  });

  it('reads member names in any case and paths with a bulkId', () => {
    const message = parseBulkRequest({ schemas: [BULK], operations: [{ Method: 'patch', PATH: '/groups/bulkId:g', DATA: { Operations: [] } }] }, LIMITS);
    expect(message.operations[0]).toMatchObject({ method: 'PATCH', target: { type: 'Group', id: 'bulkId:g' } });
    expect(message.operations[0]!.problem).toBeUndefined();
  });

  it('fails single operations that cannot run, naming them', () => {
    const message = parseBulkRequest(
      {
        schemas: [BULK],
        Operations: [
          'not an object',
          { method: 'GET', path: '/Users' },
          { method: 'POST', path: '/Users' },
          { method: 'POST', path: '/Users/123', bulkId: 'a', data: {} },
          { method: 'DELETE', path: '/Users' },
          { method: 'PUT', path: '/Users/1' },
          { method: 'POST', path: '/Things', bulkId: 'b', data: {} },
          { method: 'POST', path: '/Users', bulkId: 'c', data: {} },
          { method: 'POST', path: '/Groups', bulkId: 'c', data: {} },
        ],
      },
      LIMITS,
    );
    const problems = message.operations.map((o) => o.problem && [o.problem.status, o.problem.scimType, o.problem.message.slice(0, 14)]);
    expect(problems).toEqual([
      [400, 'invalidSyntax', 'Operations[0] '],
      [400, 'invalidSyntax', 'Operations[1].'],
      [400, 'invalidSyntax', 'Operations[2]:'],
      [400, 'invalidSyntax', 'Operations[3].'],
      [400, 'invalidSyntax', 'Operations[4].'],
      [400, 'invalidSyntax', 'Operations[5]:'],
      [400, 'invalidSyntax', 'Operations[6].'],
      undefined,
      [400, 'invalidValue', 'Operations[8].'],
    ]);
  });

  it('refuses what is not a BulkRequest, too many operations (413) and a bad failOnErrors', () => {
    expect(error(() => parseBulkRequest([], LIMITS))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(error(() => parseBulkRequest({ Operations: [] }, LIMITS))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(error(() => parseBulkRequest({ schemas: [BULK] }, LIMITS))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    const tooMany = error(() => parseBulkRequest({ schemas: [BULK], Operations: new Array(11).fill({}) }, LIMITS));
    expect(tooMany.status).toBe(413);
    expect(tooMany.message).toContain('maxOperations (10)');
    for (const failOnErrors of [0, -1, 1.5, '2']) {
      expect(error(() => parseBulkRequest({ schemas: [BULK], failOnErrors, Operations: [] }, LIMITS))).toMatchObject({ status: 400, scimType: 'invalidValue' });
    }
  });
});

describe('bulk limits', () => {
  it('reads body sizes as body-parser does', () => {
    expect(byteSize('1mb')).toBe(1_048_576);
    expect(byteSize('512kb')).toBe(524_288);
    expect(byteSize('100')).toBe(100);
    expect(byteSize(2048)).toBe(2048);
    expect(() => byteSize('lots')).toThrow(TypeError);
    expect(defaultBulkSupport({ bodyLimit: '2mb' })).toEqual({ maxOperations: 1000, maxPayloadSize: 2 * 1_048_576 });
  });
});
