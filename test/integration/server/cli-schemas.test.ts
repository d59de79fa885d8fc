/**
 * `scim-directory schemas add|list|remove` on PostgreSQL: a schema file in RFC 7643 §7's form with `resourceType`,
 * published at once by the tenant's `/Schemas`, and a removal that asks for `--force` while users hold values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, testKnex } from '../../support/database.js';
import { scimFetch, startTestHost, type TestHost } from '../../support/http-host.js';
import { runCli as runCliWith } from '../../support/run-cli.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';
const env = { DATABASE_URL: testDatabaseUrl() };
const runCli = (args: string[]) => runCliWith(args, env);

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ knex: testKnex(), verificationCacheMs: 0 });
});
afterAll(async () => {
  await host.close();
  await host.knex.destroy();
});

describe('CLI: schemas', () => {
  it('adds a schema from a file, lists it, and removes it with --force once users hold values', async () => {
    const tenant = await host.createTenant('CLI schemas');
    const added = await runCli(['schemas', 'add', tenant.tenantId, '--file', 'test/fixtures/schemas/contoso-user.json']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`Added User extension ${CONTOSO} (7 attributes).`);
    const listed = await runCli(['schemas', 'list', tenant.tenantId, '--json']);
    expect((JSON.parse(listed.stdout) as { id: string; source: string }[]).map((s) => `${s.source} ${s.id}`)).toEqual([`tenant ${CONTOSO}`]);

    // Another process changed the schema: this instance sees it on the tenant's next request.
    expect((await scimFetch(`${tenant.baseUrl}/Schemas/${CONTOSO}`, tenant.token)).status).toBe(200);
    const user = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER, CONTOSO], userName: 'ada', [CONTOSO]: { costCode: 'C1' } } });
    expect(user.body[CONTOSO]).toEqual({ costCode: 'C1' });

    const refused = await runCli(['schemas', 'remove', tenant.tenantId, CONTOSO]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('1 user(s) hold values');
    expect(refused.stderr).toContain('--force');
    const removed = await runCli(['schemas', 'remove', tenant.tenantId, CONTOSO, '--force']);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await scimFetch(`${tenant.baseUrl}/Schemas/${CONTOSO}`, tenant.token)).status).toBe(404);
  }, 60_000);

  it('names the problem in a bad schema file, a missing file and an unknown tenant', async () => {
    const tenant = await host.createTenant('CLI bad schemas');
    const missing = await runCli(['schemas', 'add', tenant.tenantId, '--file', 'test/fixtures/schemas/no-such.json']);
    expect(missing.stderr).toContain('Cannot read test/fixtures/schemas/no-such.json: ENOENT');
    const notSchema = await runCli(['schemas', 'add', tenant.tenantId, '--file', 'package.json']);
    expect(notSchema.code).not.toBe(0);
    expect(notSchema.stderr).toContain('$.resourceType: must be "User" or "Group"');
    const noTenant = await runCli(['schemas', 'add', 'zzzzzzzzzzzz', '--file', 'test/fixtures/schemas/contoso-user.json']);
    expect(noTenant.stderr).toContain('No tenant "zzzzzzzzzzzz"');
  }, 60_000);
});
