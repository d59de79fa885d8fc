/**
 * The admin API's user detail as the user page reads it: groups direct and through nesting (with the group each
 * comes through), the extension schemas that name the user's (and a group's) attributes, and the enterprise
 * manager resolved to a user of the same tenant; and a schema change that needs confirmation says how many resources hold values as a
 * number, not only in its message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { AdminClient } from './admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const FABRIKAM = 'urn:ietf:params:scim:schemas:extension:Fabrikam:2.0:User';
const TEAM = 'urn:acme:scim:team:1.0:Group';

let host: TestHost;
let admin: AdminClient;
let t: { tenantId: string; token: string; baseUrl: string };
let other: { tenantId: string; token: string; baseUrl: string };
const ids = new Map<string, string>();

async function create(path: string, body: Record<string, unknown>, tenant = t): Promise<string> {
  const answer = await scimFetch(`${tenant.baseUrl}${path}`, tenant.token, { body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

beforeAll(async () => {
  host = await startTestHost();
  admin = new AdminClient(`${host.origin}/admin/`);
  await admin.session();
  t = await host.createTenant('User page');
  other = await host.createTenant('Another');
  const defined = await admin.request(`api/tenants/${t.tenantId}/schemas`, {
    body: { resourceType: 'User', id: FABRIKAM, name: 'Fabrikam', attributes: [{ name: 'badge', type: 'integer' }, { name: 'desk', type: 'complex', subAttributes: [{ name: 'floor', type: 'integer' }] }] },
  });
  expect(defined.status, defined.text).toBe(201);
  expect((await admin.request(`api/tenants/${t.tenantId}/schemas`, { body: { resourceType: 'Group', id: TEAM, attributes: [{ name: 'costCenter' }] } })).status).toBe(201);
  ids.set('boss', await create('/Users', { schemas: [USER], userName: 'boss@example.com', displayName: 'The Boss' }));
  ids.set('outsider', await create('/Users', { schemas: [USER], userName: 'outsider@example.com' }, other));
  ids.set('ada', await create('/Users', { schemas: [USER, ENTERPRISE, FABRIKAM], userName: 'ada@example.com', [ENTERPRISE]: { manager: { value: ids.get('boss') } }, [FABRIKAM]: { badge: 7, desk: { floor: 2 } } }));
  ids.set('grace', await create('/Users', { schemas: [USER, ENTERPRISE], userName: 'grace@example.com', [ENTERPRISE]: { manager: { value: ids.get('outsider') } } }));
  ids.set('Team', await create('/Groups', { schemas: [GROUP], displayName: 'Team', members: [{ value: ids.get('ada') }] }));
  ids.set('Department', await create('/Groups', { schemas: [GROUP], displayName: 'Department', members: [{ value: ids.get('Team'), type: 'Group' }] }));
  ids.set('Company', await create('/Groups', { schemas: [GROUP, TEAM], displayName: 'Company', [TEAM]: { costCenter: 'HQ' }, members: [{ value: ids.get('Department'), type: 'Group' }, { value: ids.get('ada') }] }));
});
afterAll(() => host.close());

const detailOf = (who: string) => admin.request(`api/tenants/${t.tenantId}/users/${ids.get(who)}`);

describe('admin API: the user page', () => {
  it("lists a user's groups directly and through nested groups, naming the group each comes through", async () => {
    const detail = await detailOf('ada');
    expect(detail.status).toBe(200);
    expect(detail.body.groups).toEqual([
      { id: ids.get('Company'), displayName: 'Company', type: 'direct', via: [] },
      { id: ids.get('Department'), displayName: 'Department', type: 'indirect', via: [{ id: ids.get('Team'), displayName: 'Team' }] },
      { id: ids.get('Team'), displayName: 'Team', type: 'direct', via: [] },
    ]);
    // The SCIM document keeps only the direct memberships, as the SCIM API returns them.
    expect(detail.body.resource.groups.map((g: { display: string }) => g.display).sort()).toEqual(['Company', 'Team']);
  });

  it('names the extension schemas a user may carry, the enterprise one first, with their attributes', async () => {
    const detail = await detailOf('ada');
    const schemas = detail.body.extensionSchemas as { id: string; name: string; attributes: { name: string; type: string }[] }[];
    expect(schemas.map((s) => s.id)).toEqual([ENTERPRISE, FABRIKAM]);
    expect(schemas[1]).toMatchObject({ name: 'Fabrikam', attributes: [{ name: 'badge', type: 'integer' }, { name: 'desk', type: 'complex' }] });
    expect(detail.body.resource[FABRIKAM]).toEqual({ badge: 7, desk: { floor: 2 } });
    // Another tenant's user page knows only the enterprise schema.
    const elsewhere = await admin.request(`api/tenants/${other.tenantId}/users/${ids.get('outsider')}`);
    expect(elsewhere.body.extensionSchemas.map((s: { id: string }) => s.id)).toEqual([ENTERPRISE]);
  });

  it('names the Group extension schemas on a group', async () => {
    const detail = await admin.request(`api/tenants/${t.tenantId}/groups/${ids.get('Company')}`);
    expect(detail.body.extensionSchemas.map((s: { id: string }) => s.id)).toEqual([TEAM]);
    expect(detail.body.resource[TEAM]).toEqual({ costCenter: 'HQ' });
  });

  it("resolves the manager to a user of the same tenant only", async () => {
    expect((await detailOf('ada')).body.manager).toEqual({ id: ids.get('boss'), userName: 'boss@example.com', displayName: 'The Boss' });
    expect((await detailOf('grace')).body.manager).toBeNull();
    expect((await detailOf('boss')).body.manager).toBeNull();
  });

  it('says how many users hold values when a schema change needs confirmation', async () => {
    const retyped = await admin.request(`api/tenants/${t.tenantId}/schemas`, { body: { resourceType: 'User', id: FABRIKAM, attributes: [{ name: 'badge', type: 'string' }, { name: 'desk', type: 'complex', subAttributes: [{ name: 'floor', type: 'integer' }] }] } });
    expect(retyped.status).toBe(409);
    expect(retyped.body.error).toMatchObject({ code: 'confirmation_required', field: 'force', count: 1 });
    const removal = await admin.request(`api/tenants/${t.tenantId}/schemas/${encodeURIComponent(FABRIKAM)}`, { method: 'DELETE' });
    expect(removal.body.error).toMatchObject({ code: 'confirmation_required', count: 1 });
    const unknown = await admin.request(`api/tenants/${t.tenantId}/schemas/${encodeURIComponent('urn:acme:none:1.0:User')}`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.count).toBeUndefined();
  });
});
