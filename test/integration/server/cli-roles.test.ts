/**
 * `scim-directory roles list|map|unmap` on PostgreSQL: a group named by its displayName mapped to a role the
 * tenant declares, seen at once by the host's read API, and refusals that say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, testKnex } from '../../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { runCli as runCliWith } from '../../support/run-cli.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const runCli = (args: string[]) => runCliWith(args, { DATABASE_URL: testDatabaseUrl() });

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ knex: testKnex(), verificationCacheMs: 0 });
});
afterAll(async () => {
  await host.close();
  await host.knex.destroy();
});

describe('CLI: roles', () => {
  it('maps a group by displayName to a declared role, lists it, refuses an undeclared one and unmaps', async () => {
    const tenant = await host.createTenant('CLI roles');
    const user = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName: 'ada@cli.example' } });
    await scimFetch(`${tenant.baseUrl}/Groups`, tenant.token, { body: { schemas: [GROUP], displayName: 'Engineering', members: [{ value: user.body.id }] } });
    const named = (await host.directory.tenants.get(tenant.tenantId))!;
    await host.directory.declaredValues.put(named, 'roles', { value: 'Editor', display: 'Editor' });

    const mapped = await runCli(['roles', 'map', tenant.tenantId, 'Engineering', 'Editor']);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stdout).toContain('Mapped group "Engineering" to role "Editor".');
    expect((await host.directory.directory.users.roles(tenant.tenantId, user.body.id))?.map((role) => role.value)).toEqual(['Editor']);
    const listed = await runCli(['roles', 'list', tenant.tenantId]);
    expect(listed.stdout).toContain('Editor  tenant  "Engineering"');

    const refused = await runCli(['roles', 'map', tenant.tenantId, 'Engineering', 'Owner']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Role "Owner" is not declared for this tenant');
    const unmapped = await runCli(['roles', 'unmap', tenant.tenantId, 'Engineering', 'Editor']);
    expect(unmapped.code, unmapped.stderr).toBe(0);
    expect(await host.directory.directory.users.roles(tenant.tenantId, user.body.id)).toEqual([]);
  }, 60_000);
});
