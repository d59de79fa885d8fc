/**
 * What an identity provider sends, for host-integration tests: create, patch and delete users and groups through
 * a tenant's SCIM URL, failing the test on an unexpected status.
 */
import { expect } from 'vitest';
import { scimFetch } from '../../support/http-host.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A tenant's SCIM endpoint as an identity provider uses it. */
export class ProvisioningClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  /** Any request; returns status and body. */
  call(path: string, init: Parameters<typeof scimFetch>[2] = {}): ReturnType<typeof scimFetch> {
    return scimFetch(`${this.baseUrl}${path}`, this.token, init);
  }

  /** POST /Users → the id. */
  async createUser(userName: string, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await this.call('/Users', {
      body: { schemas: [USER_SCHEMA], userName, emails: [{ value: `${userName}@example.com`, type: 'work', primary: true }], ...extra },
    });
    expect(response.status, response.text).toBe(201);
    return String(response.body.id);
  }

  /** POST /Groups with members → the id. */
  async createGroup(displayName: string, memberIds: readonly string[] = [], extra: Record<string, unknown> = {}): Promise<string> {
    const response = await this.call('/Groups', {
      body: { schemas: [GROUP_SCHEMA], displayName, members: memberIds.map((value) => ({ value })), ...extra },
    });
    expect(response.status, response.text).toBe(201);
    return String(response.body.id);
  }

  /** PATCH with the given operations; expects 200 or 204. */
  async patch(path: string, operations: readonly Record<string, unknown>[]): Promise<void> {
    const response = await this.call(path, { method: 'PATCH', body: { schemas: [PATCH_SCHEMA], Operations: operations } });
    expect([200, 204], response.text).toContain(response.status);
  }

  /** `active` → false or true (what Entra ID and Okta send to deactivate and reactivate). */
  setActive(userId: string, active: boolean): Promise<void> {
    return this.patch(`/Users/${userId}`, [{ op: 'replace', path: 'active', value: active }]);
  }

  /** Adds members to a group. */
  addMembers(groupId: string, memberIds: readonly string[]): Promise<void> {
    return this.patch(`/Groups/${groupId}`, [{ op: 'add', path: 'members', value: memberIds.map((value) => ({ value })) }]);
  }

  /** Removes one member from a group. */
  removeMember(groupId: string, memberId: string): Promise<void> {
    return this.patch(`/Groups/${groupId}`, [{ op: 'remove', path: `members[value eq "${memberId}"]` }]);
  }

  /** DELETE → 204. */
  async delete(path: string): Promise<void> {
    const response = await this.call(path, { method: 'DELETE' });
    expect(response.status, response.text).toBe(204);
  }
}
