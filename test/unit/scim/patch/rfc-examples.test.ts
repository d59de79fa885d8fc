import { describe, it, expect } from 'vitest';
import { applyPatch } from '../../../../lib/scim/patch/apply-patch.js';
import { parsePatchRequest } from '../../../../lib/scim/patch/patch-request.js';
import { createSchemaRegistry } from '../../../../lib/scim/schema/registry.js';
import type { ScimResource } from '../../../../lib/scim/schema/types.js';
import { rfcExample } from '../../../fixtures/rfc-examples.js';

const registry = createSchemaRegistry();
const load = (name: string): ScimResource => rfcExample(name) as ScimResource;
const user = (): ScimResource => load('rfc7643-8.2-user-full.json');
const groupWithoutMembers = (): ScimResource => {
  const { members: _members, ...group } = load('rfc7643-8.4-group.json');
  return group;
};
const patch = (example: string): ReturnType<typeof parsePatchRequest> => parsePatchRequest(load(example));

describe('RFC 7644 §3.5.2 PATCH examples on the RFC 7643 §8 user and group', () => {
  it('§3.5.2.1 add emails: values already present are not added again', () => {
    const input = user();
    const result = applyPatch(registry, 'User', input, patch('rfc7644-3.5.2.1-patch-op-add-emails.json'));
    // The example user already has babs@jensen.org (home) and nickName "Babs": nothing changes.
    expect(result.changed).toBe(false);
    expect(result.resource).toEqual(input);
    expect(result.memberChanges).toEqual([]);
  });

  it('§3.5.2.1 add emails to a user that lacks them', () => {
    const input = user();
    delete input['emails'];
    delete input['nickName'];
    const result = applyPatch(registry, 'User', input, patch('rfc7644-3.5.2.1-patch-op-add-emails.json'));
    expect(result.changed).toBe(true);
    expect(result.resource['emails']).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
    // "nickname" in the example resolves case-insensitively to the canonical nickName.
    expect(result.resource['nickName']).toBe('Babs');
    expect(result.resource).not.toHaveProperty('nickname');
    expect(input).not.toHaveProperty('emails');
  });

  it('§3.5.2.1 add members', () => {
    const result = applyPatch(registry, 'Group', groupWithoutMembers(), patch('rfc7644-3.5.2.1-patch-op-add-members.json'));
    expect(result.memberChanges).toEqual([{ kind: 'add', members: [{ value: '2819c223-7f76-453a-919d-413861904646' }] }]);
    expect(result.resource).not.toHaveProperty('members');
    expect(result.changed).toBe(true);
  });

  it('§3.5.2.2 remove one member', () => {
    const result = applyPatch(registry, 'Group', groupWithoutMembers(), patch('rfc7644-3.5.2.2-patch-op-remove-one-member.json'));
    expect(result.memberChanges).toEqual([{ kind: 'remove', ids: ['2819c223-7f76-...413861904646'] }]);
    expect(result.resource).toEqual(groupWithoutMembers());
  });

  it('§3.5.2.2 remove all members', () => {
    const result = applyPatch(registry, 'Group', groupWithoutMembers(), patch('rfc7644-3.5.2.2-patch-op-remove-all-members.json'));
    expect(result.memberChanges).toEqual([{ kind: 'removeAll' }]);
  });

  it('§3.5.2.2 remove one member and add another, in order', () => {
    const result = applyPatch(registry, 'Group', groupWithoutMembers(), patch('rfc7644-3.5.2.2-patch-op-remove-and-add-one-member.json'));
    expect(result.memberChanges).toEqual([
      { kind: 'remove', ids: ['2819c223...919d-413861904646'] },
      { kind: 'add', members: [{ value: '08e1d05d...473d93df9210' }] },
    ]);
  });

  it('§3.5.2.2 remove a multi-valued complex value', () => {
    const result = applyPatch(registry, 'User', user(), patch('rfc7644-3.5.2.2-patch-op-remove-multi-complex-value.json'));
    expect(result.resource['emails']).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
    expect(result.changed).toBe(true);
  });

  it('§3.5.2.3 replace all members', () => {
    const result = applyPatch(registry, 'Group', groupWithoutMembers(), patch('rfc7644-3.5.2.3-patch-op-replace-all-members.json'));
    expect(result.memberChanges).toEqual([
      { kind: 'removeAll' },
      {
        kind: 'add',
        members: [{ value: '2819c223-7f76-453a-919d-413861904646' }, { value: '08e1d05d-121c-4561-8b96-473d93df9210' }],
      },
    ]);
  });

  it('§3.5.2.3 replace all email values', () => {
    const input = user();
    input['emails'] = [{ value: 'old@example.com', type: 'other' }];
    const result = applyPatch(registry, 'User', input, patch('rfc7644-3.5.2.3-patch-op-replace-all-email-values.json'));
    expect(result.resource['emails']).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
    expect(result.resource['nickName']).toBe('Babs');
    expect(result.changed).toBe(true);
  });

  it('§3.5.2.3 replace the street address of the work address', () => {
    const result = applyPatch(registry, 'User', user(), patch('rfc7644-3.5.2.3-patch-op-replace-street-address.json'));
    const addresses = result.resource['addresses'] as Record<string, unknown>[];
    expect(addresses[0]?.['streetAddress']).toBe('1010 Broadway Ave');
    expect(addresses[0]?.['locality']).toBe('Hollywood');
    expect(addresses[1]?.['streetAddress']).toBe('456 Hollywood Blvd');
  });

  it('§3.5.2.3 replace the whole work address', () => {
    const result = applyPatch(registry, 'User', user(), patch('rfc7644-3.5.2.3-patch-op-replace-user-work-address.json'));
    const addresses = result.resource['addresses'] as Record<string, unknown>[];
    expect(addresses[0]).toEqual({
      type: 'work',
      streetAddress: '911 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'US',
      formatted: '911 Universal City Plaza\nHollywood, CA 91608 US',
      primary: true,
    });
    expect(addresses[1]?.['type']).toBe('home');
    expect(addresses).toHaveLength(2);
  });
});
