/**
 * The same protocol on the embedded PGlite the standalone server uses by default: every statement of the stores
 * (row locks, advisory locks, recursive CTEs, multi-row inserts) must run there unchanged.
 */
import { describe, expect, it } from 'vitest';
import { usePgliteHost } from '../support/pglite-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const fixture = usePgliteHost('PGlite');
const { call } = fixture;

describe('SCIM on PGlite', () => {
  it('creates, lists, patches and deletes users and nested groups', async () => {
    const ada = await call('/Users', { body: { schemas: [USER], userName: 'ada', emails: [{ value: 'ada@x.example', type: 'work' }] } });
    expect(ada.status).toBe(201);
    expect((await call('/Users', { body: { schemas: [USER], userName: 'ADA' } })).status).toBe(409);
    const child = await call('/Groups', { body: { schemas: [GROUP], displayName: 'child', members: [{ value: ada.body.id }] } });
    expect(child.status).toBe(201);
    const parent = await call('/Groups', { body: { schemas: [GROUP], displayName: 'parent', members: [{ value: child.body.id }] } });
    expect(parent.status).toBe(201);
    const cycle = await call(`/Groups/${child.body.id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: parent.body.id }] }] } });
    expect(cycle.status).toBe(400);
    const found = await call(`/Users?filter=${encodeURIComponent('emails[type eq "work" and value eq "ADA@x.example"]')}&sortBy=userName`);
    expect(found.body.totalResults, JSON.stringify(found.body)).toBe(1);
    expect((await call(`/Users/${ada.body.id}`)).body.groups).toEqual([expect.objectContaining({ value: child.body.id, display: 'child' })]);
    const patched = await call(`/Users/${ada.body.id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] } });
    expect(patched.body).toMatchObject({ active: false, meta: { version: 'W/"2"' } });
    expect((await call(`/Users/${ada.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/Groups/${child.body.id}`)).body.members).toBeUndefined();
    const changes = await fixture.knex('scim_changes').where({ tenant_id: fixture.tenant.tenantId }).orderBy('seq').pluck('type');
    expect(changes).toEqual([
      'user.created', 'group.created', 'group.member_added', 'group.created', 'group.member_added',
      'user.updated', 'user.deactivated', 'user.deleted', 'group.member_removed',
    ]);
  });
});
