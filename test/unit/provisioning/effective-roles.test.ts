/**
 * Merging a user's role sources into effective roles, and comparing role values before and after a change: what
 * the read API answers and when `user.roles.changed` is recorded, without a database.
 */
import { describe, expect, it } from 'vitest';
import { effectiveRoles } from '../../../lib/provisioning/effective-roles.js';
import { directRoleValues, roleChangesBetween } from '../../../lib/provisioning/role-changes.js';

const values = (roles: string[]) => ({ userName: 'ada', externalId: null, active: true, roles });

describe('effectiveRoles', () => {
  it('merges direct and group sources by value, sorted, marking declared values with their display', () => {
    const path = [{ id: 'g1', displayName: 'Team' }, { id: 'g2', displayName: 'Engineering' }];
    const merged = effectiveRoles(
      { direct: [{ value: 'Reader', primary: true, type: 'WindowsAzureActiveDirectoryRole' }, { value: '' }, { display: 'no value' }], viaGroups: [{ role: 'Reader', groupId: 'g2', path }, { role: 'Admin', groupId: 'g2', path }] },
      [{ value: 'Admin', display: 'Administrator', type: undefined, tenantId: undefined }],
    );
    expect(merged).toEqual([
      { value: 'Admin', display: 'Administrator', declared: true, sources: [{ kind: 'group', groupId: 'g2', displayName: 'Engineering', path }] },
      { value: 'Reader', declared: false, sources: [{ kind: 'direct', primary: true, type: 'WindowsAzureActiveDirectoryRole' }, { kind: 'group', groupId: 'g2', displayName: 'Engineering', path }] },
    ]);
  });
});

describe('role changes', () => {
  it('reads the distinct string values of a document\'s roles, sorted', () => {
    expect(directRoleValues({ roles: [{ value: 'b' }, { value: 'a' }, { value: 'b' }, { value: 3 }, 'x'] })).toEqual(['a', 'b']);
    expect(directRoleValues({ roles: 'Admin' })).toEqual([]);
  });

  it('records a change only for users whose set of values moved, with what was added and removed', () => {
    const before = new Map([['u1', values(['A'])], ['u2', values(['A', 'B'])]]);
    const after = new Map([['u1', values(['A'])], ['u2', values(['B', 'C'])], ['u3', values(['A'])]]);
    expect(roleChangesBetween(before, after, { source: 'admin' }).map((change) => [change.resourceId, change.data])).toEqual([
      ['u2', { userName: 'ada', externalId: null, active: true, roles: ['B', 'C'], added: ['C'], removed: ['A'], source: 'admin' }],
      ['u3', { userName: 'ada', externalId: null, active: true, roles: ['A'], added: ['A'], removed: [], source: 'admin' }],
    ]);
  });
});
