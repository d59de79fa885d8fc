/**
 * The bounds on one PATCH request: at most MAX_PATCH_OPERATIONS operations, and a total number of multi-valued
 * values examined, so no request costs more than linear time; within them the engine keeps RFC 7644 §3.5.2 meaning
 * (duplicates are not added twice, one primary value).
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../lib/scim/errors.js';
import { applyPatch } from '../../../../lib/scim/patch/apply-patch.js';
import { MAX_PATCH_OPERATIONS, MAX_PATCH_SCANNED_VALUES } from '../../../../lib/scim/patch/limits.js';
import { parsePatchRequest } from '../../../../lib/scim/patch/patch-request.js';
import type { PatchOperation } from '../../../../lib/scim/patch/types.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import type { ScimResource } from '../../../../lib/scim/schema/types.js';

const registry = createSchemaRegistry();
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const user = (emails: number): ScimResource => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'ada',
  emails: Array.from({ length: emails }, (_, i) => ({ value: `e${i}@example.com`, type: 'work' })),
});

function errorOf(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

const adds = (count: number): PatchOperation[] =>
  Array.from({ length: count }, (_, i) => ({ op: 'add', path: 'emails', value: [{ value: `n${i}@example.com`, type: 'home' }] }));

describe('the operation cap', () => {
  it('takes MAX_PATCH_OPERATIONS operations', () => {
    expect(parsePatchRequest({ schemas: [PATCH], Operations: adds(MAX_PATCH_OPERATIONS) })).toHaveLength(MAX_PATCH_OPERATIONS);
  });

  it('refuses one more with 400 invalidValue naming the limit', () => {
    const error = errorOf(() => parsePatchRequest({ schemas: [PATCH], Operations: adds(MAX_PATCH_OPERATIONS + 1) }));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(`${MAX_PATCH_OPERATIONS + 1} operations; at most ${MAX_PATCH_OPERATIONS}`);
  });
});

describe('adds at the cap', () => {
  it('adds every new value once, skipping those already present or added earlier', () => {
    const operations = [...adds(MAX_PATCH_OPERATIONS - 2), ...adds(1), { op: 'add' as const, path: 'emails', value: { type: 'work', value: 'e0@example.com' } }];
    const result = applyPatch(registry, 'User', user(3), operations);
    const emails = result.resource.emails as { value: string }[];
    expect(emails).toHaveLength(3 + MAX_PATCH_OPERATIONS - 2);
    expect(new Set(emails.map((email) => email.value)).size).toBe(emails.length);
  });

  it('finds a duplicate again after another operation changed the list in place', () => {
    const operations: PatchOperation[] = [
      { op: 'add', path: 'emails', value: [{ value: 'x@example.com', type: 'home' }] },
      { op: 'replace', path: 'emails[value eq "x@example.com"].type', value: 'work' },
      { op: 'add', path: 'emails', value: [{ value: 'x@example.com', type: 'work' }] },
      { op: 'add', path: 'emails', value: [{ value: 'x@example.com', type: 'home' }] },
    ];
    const emails = applyPatch(registry, 'User', user(0), operations).resource.emails as unknown[];
    expect(emails).toEqual([{ value: 'x@example.com', type: 'work' }, { value: 'x@example.com', type: 'home' }]);
  });

  it('keeps one primary value when each add sets primary', () => {
    const operations = adds(5).map((operation, i) => ({ ...operation, value: [{ value: `p${i}@example.com`, primary: true }] }));
    const emails = applyPatch(registry, 'User', user(2), operations).resource.emails as { value: string; primary?: boolean }[];
    expect(emails.filter((email) => email.primary === true).map((email) => email.value)).toEqual(['p4@example.com']);
  });
});

describe('the scan budget', () => {
  it('lets filtered operations examine up to MAX_PATCH_SCANNED_VALUES values', () => {
    const size = Math.floor(MAX_PATCH_SCANNED_VALUES / 100);
    const operations = Array.from({ length: 100 }, (_, i): PatchOperation => ({ op: 'replace', path: `emails[value eq "e${i % size}@example.com"].display`, value: `d${i}` }));
    const emails = applyPatch(registry, 'User', user(size), operations).resource.emails as { display?: string }[];
    expect(emails.filter((email) => email.display !== undefined)).toHaveLength(Math.min(size, 100));
  });

  it('refuses a request that would examine more with 400 tooMany naming the operation and the limit', () => {
    const size = Math.floor(MAX_PATCH_SCANNED_VALUES / 100);
    const operations = Array.from({ length: 101 }, (_, i): PatchOperation => ({ op: 'replace', path: `emails[value eq "e${i % size}@example.com"].display`, value: `d${i}` }));
    const error = errorOf(() => applyPatch(registry, 'User', user(size), operations));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('tooMany');
    expect(error.detail).toMatch(new RegExp(`^Operations\\[100\\] .*more than ${MAX_PATCH_SCANNED_VALUES} values`));
  });
});

describe('the engine copy of the document', () => {
  it('keeps a __proto__ key as an own key and leaves the input untouched', () => {
    const input = JSON.parse('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada","__proto__":{"polluted":true}}') as ScimResource;
    const result = applyPatch(registry, 'User', input, [{ op: 'add', path: 'nickName', value: 'A' }]);
    expect(Object.keys(result.resource)).toContain('__proto__');
    expect((result.resource as Record<string, unknown>).polluted).toBeUndefined();
    expect(input).not.toHaveProperty('nickName');
  });
});
