/**
 * Which group PATCH requests are a plain removal of members by id (and so can run as one statement): the
 * RFC 7644 §3.5.2.2 filter shape and Entra's value-list shape are; anything that touches the document, removes by
 * another filter, removes all members or adds members is not.
 */
import { describe, expect, it } from 'vitest';
import { memberIdsRemoved } from '../../../lib/provisioning/member-removal.js';
import { createSchemaRegistry } from '../../../lib/scim/schema/registry.js';
import type { PatchOperation } from '../../../lib/scim/patch/types.js';

const registry = createSchemaRegistry();
const A = '2819c223-7f76-453a-919d-413861904646';
const B = '902c246b-6245-4190-8e05-00816be7344a';

describe('memberIdsRemoved', () => {
  it.each<[string, PatchOperation[], string[]]>([
    ['members[value eq "id"] (RFC 7644 §3.5.2.2)', [{ op: 'remove', path: `members[value eq "${A}"]` }], [A]],
    ['an or of ids', [{ op: 'remove', path: `members[value eq "${A}" or value eq "${B}"]` }], [A, B]],
    ['URN-qualified members', [{ op: 'remove', path: `urn:ietf:params:scim:schemas:core:2.0:Group:members[value eq "${A}"]` }], [A]],
    ['Entra: members with a value list', [{ op: 'remove', path: 'members', value: [{ value: A }, { value: B }] }], [A, B]],
    ['several removals', [{ op: 'remove', path: `members[value eq "${A}"]` }, { op: 'remove', path: 'members', value: [{ value: B }] }], [A, B]],
    ['an empty value list', [{ op: 'remove', path: 'members', value: [] }], []],
  ])('takes %s', (_name, operations, ids) => {
    expect(memberIdsRemoved(registry, operations)).toEqual(ids);
  });

  it.each<[string, PatchOperation[]]>([
    ['no operations', []],
    ['remove all members', [{ op: 'remove', path: 'members' }]],
    ['remove by another filter', [{ op: 'remove', path: 'members[type eq "Group"]' }]],
    ['a member sub-attribute', [{ op: 'remove', path: `members[value eq "${A}"].display` }]],
    ['add members', [{ op: 'add', path: 'members', value: [{ value: A }] }]],
    ['a replace of members', [{ op: 'replace', path: 'members', value: [{ value: A }] }]],
    ['a document attribute too', [{ op: 'remove', path: `members[value eq "${A}"]` }, { op: 'remove', path: 'externalId' }]],
    ['a pathless operation', [{ op: 'remove' }]],
    ['a malformed path', [{ op: 'remove', path: 'members[value eq' }]],
    ['an unknown attribute', [{ op: 'remove', path: 'owners[value eq "x"]' }]],
  ])('leaves %s to the general path', (_name, operations) => {
    expect(memberIdsRemoved(registry, operations)).toBeUndefined();
  });
});
