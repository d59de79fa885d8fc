/**
 * The deprovisioning guard on the embedded PGlite: its window count, held writes, the host's view of held users
 * and both decisions run there unchanged.
 */
import { describe, expect, it } from 'vitest';
import { usePgliteHost } from '../../support/pglite-host.js';
import { AdminClient } from '../admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const deactivation = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] };

const fixture = usePgliteHost('Guard on PGlite');
const { call } = fixture;

describe('the deprovisioning guard on PGlite', () => {
  it('holds deactivations and deletions past the threshold, then approves and discards them', async () => {
    const tenantId = fixture.tenant.tenantId;
    const directory = fixture.host.directory;
    await directory.tenants.updateSettings(tenantId, { deprovisioningGuard: true, deprovisioningGuardMinimum: 3, deprovisioningGuardPercent: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await call('/Users', { body: { schemas: [USER], userName: `pg${i}@guard.example`, active: true } })).body.id);
    for (const id of ids.slice(0, 5)) expect((await call(`/Users/${id}`, { method: 'PATCH', body: deactivation })).body.active).toBe(false);
    expect((await call(`/Users/${ids[5]}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/Users/${ids[5]}`)).status).toBe(404);
    // Two went through; the third reached the minimum and was held with everything after it.
    const deactivated = await fixture.knex('scim_changes').where({ tenant_id: tenantId, type: 'user.deactivated' }).orderBy('seq').pluck('resource_id');
    expect(deactivated).toEqual(ids.slice(0, 2));
    expect(await directory.directory.users.get(tenantId, ids[3]!)).toMatchObject({ active: true });
    expect(await directory.directory.users.get(tenantId, ids[5]!)).toMatchObject({ active: true });

    const admin = new AdminClient(`${fixture.host.origin}/admin/`);
    await admin.session();
    const decide = (verb: string, body: Record<string, unknown>) => admin.request(`api/tenants/${tenantId}/held-changes/${verb}`, { method: 'POST', body: { confirm: true, ...body } });
    expect((await decide('approve', { userIds: [ids[2], ids[5]] })).body).toEqual({ deactivations: 1, deletions: 1 });
    expect(await directory.directory.users.get(tenantId, ids[5]!)).toBeUndefined();
    expect((await decide('discard', {})).body).toEqual({ deactivations: 2, deletions: 0 });
    expect((await call(`/Users/${ids[3]}`)).body.active).toBe(true);
    expect(await directory.directory.users.count(tenantId, { active: true })).toBe(16);
  });
});
