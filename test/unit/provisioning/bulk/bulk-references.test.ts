import { describe, expect, it } from 'vitest';
import { bulkIdOf, referencedBulkIds, substituteBulkIds } from '../../../../lib/provisioning/bulk/bulk-references.js';

describe('bulkId references (RFC 7644 §3.7.2)', () => {
  const data = {
    displayName: 'bulkId: is not a reference',
    members: [{ value: 'bulkId:qwerty', type: 'User' }, { value: 'plain' }, { value: 'bulkId:ytrewq' }],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: 'bulkId:qwerty' } },
  };

  it('finds every reference in a path and data, once each, in order', () => {
    expect(referencedBulkIds('bulkId:path', data)).toEqual(['path', 'qwerty', 'ytrewq']);
    expect(referencedBulkIds(undefined, { a: 'bulkId:' })).toEqual([]);
    expect(bulkIdOf('bulkId:x')).toBe('x');
    expect(bulkIdOf('BULKID:x')).toBeUndefined();
  });

  it('replaces resolved references and leaves the rest; the input is not changed', () => {
    const before = structuredClone(data);
    const result = substituteBulkIds(data, new Map([['qwerty', 'id-1']]));
    expect(result).toEqual({
      displayName: 'bulkId: is not a reference',
      members: [{ value: 'id-1', type: 'User' }, { value: 'plain' }, { value: 'bulkId:ytrewq' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: 'id-1' } },
    });
    expect(data).toEqual(before);
  });
});
