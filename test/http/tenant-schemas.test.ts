/**
 * Extension schemas per tenant over HTTP, on PostgreSQL and on the embedded database: declared by the host (for
 * every tenant or one) and by the administrator (admin API), published by the tenant's `/Schemas` and
 * `/ResourceTypes` only, and validated, stored, returned, projected, filtered and sorted like core attributes, in
 * Entra ID's shape (`urn:ietf:params:scim:schemas:extension:<Name>:2.0:User`) and Okta's (a URN of the application).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { BOTH_DATABASES } from '../support/both-databases.js';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { AdminClient } from './admin-api/admin-client.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';
const OKTA = 'urn:okta:acme:scim:1.0:profile';
const TEAM = 'urn:acme:scim:schemas:team:1.0:Group';
const contosoSchema = JSON.parse(readFileSync('test/fixtures/schemas/contoso-user.json', 'utf8')) as Record<string, unknown>;

type Tenant = { tenantId: string; token: string; baseUrl: string };

describe.each(BOTH_DATABASES)('tenant extension schemas on %s', (_name, open) => {
  let knex: Knex;
  let host: TestHost;
  let admin: AdminClient;
  let entra: Tenant;
  let okta: Tenant;
  let other: Tenant;
  const call = (tenant: Tenant, path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

  beforeAll(async () => {
    knex = await open();
    // The Okta tenant's id is known only once it exists, so the host's per-tenant declaration names it by a
    // second directory built on the same database after the tenant was created.
    const first = await startTestHost({ knex, rateLimits: false });
    await first.directory.migrate();
    const oktaTenant = await first.createTenant('Okta');
    await first.close();
    host = await startTestHost({
      knex,
      rateLimits: false,
      schemas: [
        { resourceType: 'Group', id: TEAM, attributes: [{ name: 'costCenter', type: 'string' }] },
        {
          tenantId: oktaTenant.tenantId,
          resourceType: 'User',
          id: OKTA,
          name: 'OktaProfile',
          attributes: [
            { name: 'employeeType', type: 'string', canonicalValues: ['FTE', 'Contractor'] },
            { name: 'seats', type: 'integer' },
          ],
        },
      ],
    });
    okta = { ...oktaTenant, baseUrl: host.scimUrl(oktaTenant.tenantId) };
    entra = await host.createTenant('Entra');
    other = await host.createTenant('Other');
    admin = new AdminClient(`${host.origin}/admin/`);
    await admin.session();
  });
  afterAll(async () => {
    await host.close();
    await knex.destroy();
  });

  it('the administrator defines an extension; only that tenant publishes it at /Schemas and /ResourceTypes', async () => {
    const defined = await admin.request(`api/tenants/${entra.tenantId}/schemas`, { body: contosoSchema });
    expect(defined.status, defined.text).toBe(201);
    expect(defined.body.schema).toMatchObject({ id: CONTOSO, resourceType: 'User', source: 'tenant' });

    const schemas = await call(entra, '/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([CONTOSO, TEAM]));
    const one = await call(entra, `/Schemas/${CONTOSO}`);
    expect(one.status).toBe(200);
    expect(one.body.attributes.find((a: { name: string }) => a.name === 'location').subAttributes.map((a: { name: string }) => a.name)).toEqual(['building', 'floor']);
    const userType = await call(entra, '/ResourceTypes/User');
    expect(userType.body.schemaExtensions).toContainEqual({ schema: CONTOSO, required: false });

    for (const tenant of [other, okta]) {
      expect((await call(tenant, '/Schemas')).body.Resources.map((s: { id: string }) => s.id)).not.toContain(CONTOSO);
      expect((await call(tenant, `/Schemas/${CONTOSO}`)).status).toBe(404);
    }
    const listed = await admin.request(`api/tenants/${entra.tenantId}/schemas`);
    expect(listed.body.schemas.map((s: { id: string; source: string }) => `${s.source} ${s.id}`)).toEqual([`host ${TEAM}`, `tenant ${CONTOSO}`]);
  });

  it("validates, stores, returns, projects, filters and sorts Entra's custom attributes like core ones", async () => {
    const ada = await call(entra, '/Users', {
      body: { schemas: [USER, CONTOSO], userName: 'ada@contoso.example', [CONTOSO]: { costCode: 'CC-1', badgeNumber: 7, hireDate: '2020-01-02T03:04:05Z', contractor: false, skills: ['math'], location: { building: 'B1', floor: 3 } } },
    });
    expect(ada.status, ada.text).toBe(201);
    expect(ada.body.schemas).toContain(CONTOSO);
    expect(ada.body[CONTOSO]).toMatchObject({ costCode: 'CC-1', badgeNumber: 7, location: { building: 'B1', floor: 3 } });
    // Entra sends its PATCH paths URN-qualified, and booleans sometimes as strings.
    const grace = await call(entra, '/Users', { body: { schemas: [USER], userName: 'grace@contoso.example' } });
    const patched = await call(entra, `/Users/${grace.body.id}`, {
      method: 'PATCH',
      body: { schemas: [PATCH], Operations: [{ op: 'add', path: `${CONTOSO}:costCode`, value: 'CC-2' }, { op: 'add', path: `${CONTOSO}:badgeNumber`, value: 3 }] },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body[CONTOSO]).toEqual({ costCode: 'CC-2', badgeNumber: 3 });

    const bad = await call(entra, '/Users', { body: { schemas: [USER, CONTOSO], userName: 'bad@contoso.example', [CONTOSO]: { badgeNumber: 'seven' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe('invalidValue');
    expect(bad.body.detail).toContain('badgeNumber');

    const filtered = await call(entra, `/Users?filter=${encodeURIComponent(`${CONTOSO}:costCode eq "cc-1"`)}`);
    expect(filtered.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['ada@contoso.example']);
    const byFloor = await call(entra, `/Users?filter=${encodeURIComponent(`${CONTOSO}:location.floor gt 2`)}`);
    expect(byFloor.body.totalResults).toBe(1);
    const sorted = await call(entra, `/Users?filter=${encodeURIComponent(`${CONTOSO}:badgeNumber pr`)}&sortBy=${encodeURIComponent(`${CONTOSO}:badgeNumber`)}`);
    expect(sorted.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['grace@contoso.example', 'ada@contoso.example']);
    const projected = await call(entra, `/Users/${ada.body.id}?attributes=${encodeURIComponent(`${CONTOSO}:costCode`)}`);
    expect(projected.body[CONTOSO]).toEqual({ costCode: 'CC-1' });
    expect(projected.body.userName).toBeUndefined();
    const excluded = await call(entra, `/Users/${ada.body.id}?excludedAttributes=${encodeURIComponent(CONTOSO)}`);
    expect(excluded.body[CONTOSO]).toBeUndefined();
    const badFilter = await call(entra, `/Users?filter=${encodeURIComponent(`${CONTOSO}:noSuch eq "x"`)}`);
    expect(badFilter.status).toBe(400);
    // The admin API's user list filters with the tenant's registry too.
    const listed = await admin.request(`api/tenants/${entra.tenantId}/users?filter=${encodeURIComponent(`${CONTOSO}:badgeNumber gt 5`)}`);
    expect(listed.status, listed.text).toBe(200);
    expect(JSON.stringify(listed.body)).toContain('ada@contoso.example');
    expect(JSON.stringify(listed.body)).not.toContain('grace@contoso.example');
    // So does the host's read API: filter, sort, count, iterate and projection name the tenant's attributes.
    const users = host.directory.directory.users;
    const page = await users.list(entra.tenantId, { filter: `${CONTOSO}:badgeNumber pr`, sortBy: `${CONTOSO}:badgeNumber`, sortOrder: 'descending' });
    expect(page.resources.map((u) => u.userName)).toEqual(['ada@contoso.example', 'grace@contoso.example']);
    expect(await users.count(entra.tenantId, { filter: `${CONTOSO}:location.floor gt 2` })).toBe(1);
    const iterated = [];
    for await (const user of users.iterate(entra.tenantId, { filter: `${CONTOSO}:costCode eq "cc-2"`, attributes: `${CONTOSO}:costCode` })) iterated.push(user);
    expect(iterated.map((u) => u[CONTOSO])).toEqual([{ costCode: 'CC-2' }]);
    await expect(users.list(other.tenantId, { filter: `${CONTOSO}:costCode eq "X"` })).rejects.toMatchObject({ status: 400 });
  });

  it('another tenant ignores the extension it does not define and cannot filter by it', async () => {
    const created = await call(other, '/Users', { body: { schemas: [USER, CONTOSO], userName: 'ada@other.example', [CONTOSO]: { costCode: 'X' } } });
    expect(created.status).toBe(201);
    expect(created.body[CONTOSO]).toBeUndefined();
    expect((await call(other, `/Users?filter=${encodeURIComponent(`${CONTOSO}:costCode eq "X"`)}`)).status).toBe(400);
  });

  it("the host declares Okta's extension for one tenant and a Group extension for all", async () => {
    const user = await call(okta, '/Users', { body: { schemas: [USER, OKTA], userName: 'ada@okta.example', [OKTA]: { employeeType: 'FTE', seats: 2 } } });
    expect(user.status, user.text).toBe(201);
    expect(user.body[OKTA]).toEqual({ employeeType: 'FTE', seats: 2 });
    expect((await call(okta, `/Users?filter=${encodeURIComponent(`${OKTA}:seats ge 2`)}`)).body.totalResults).toBe(1);
    expect((await call(other, '/Schemas')).body.Resources.map((s: { id: string }) => s.id)).not.toContain(OKTA);
    const group = await call(other, '/Groups', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', TEAM], displayName: 'Ops', [TEAM]: { costCenter: 'C7' } } });
    expect(group.status, group.text).toBe(201);
    expect(group.body[TEAM]).toEqual({ costCenter: 'C7' });
    // The host's schemas are read-only for the administrator.
    const change = await admin.request(`api/tenants/${okta.tenantId}/schemas`, { body: { resourceType: 'User', id: OKTA, attributes: [{ name: 'x' }] } });
    expect(change.status).toBe(409);
  });

  it('adding attributes is free; removing or retyping one that resources hold asks for confirmation with the count', async () => {
    const attributes = contosoSchema.attributes as Record<string, unknown>[];
    const added = await admin.request(`api/tenants/${entra.tenantId}/schemas`, { body: { ...contosoSchema, attributes: [...attributes, { name: 'nickname', type: 'string' }] } });
    expect(added.status, added.text).toBe(200);
    expect((await call(entra, '/Users', { body: { schemas: [USER, CONTOSO], userName: 'nick@contoso.example', [CONTOSO]: { nickname: 'N' } } })).body[CONTOSO]).toEqual({ nickname: 'N' });

    const retyped = attributes.map((a) => (a.name === 'costCode' ? { ...a, type: 'integer' } : a));
    const refused = await admin.request(`api/tenants/${entra.tenantId}/schemas`, { body: { ...contosoSchema, attributes: retyped } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('confirmation_required');
    expect(refused.body.error.message).toMatch(/^2 user\(s\) hold values .*"costCode"/);
    const removal = await admin.request(`api/tenants/${entra.tenantId}/schemas/${CONTOSO}`, { method: 'DELETE' });
    expect(removal.status).toBe(409);
    expect(removal.body.error.message).toMatch(/^3 user\(s\)/);

    const forced = await admin.request(`api/tenants/${entra.tenantId}/schemas`, { body: { ...contosoSchema, attributes: retyped, force: true } });
    expect(forced.status, forced.text).toBe(200);
    expect((await call(entra, `/Schemas/${CONTOSO}`)).body.attributes.find((a: { name: string }) => a.name === 'costCode').type).toBe('integer');
    expect((await admin.request(`api/tenants/${entra.tenantId}/schemas/${CONTOSO}?force=true`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(entra, `/Schemas/${CONTOSO}`)).status).toBe(404);
    expect((await call(entra, `/Users?filter=${encodeURIComponent(`${CONTOSO}:costCode eq "CC-1"`)}`)).status).toBe(400);
  });

  it('refuses a malformed definition with 400 naming the member', async () => {
    const answer = await admin.request(`api/tenants/${entra.tenantId}/schemas`, { body: { resourceType: 'User', id: 'urn:acme:x:1.0:User', attributes: [{ name: 'ok' }, { name: 'bad name' }] } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('$.attributes[1].name');
    const core = await admin.request(`api/tenants/${entra.tenantId}/schemas`, { body: { resourceType: 'User', id: USER, attributes: [{ name: 'x' }] } });
    expect(core.status).toBe(400);
  });
});
