import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { testDatabaseUrl, testKnex } from '../../support/database.js';
import { runCli } from '../../support/run-cli.js';


function parseOneJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

// Each test starts the CLI as a process several times (Node start-up, connect, one command): on a machine busy with
// the rest of the suite that takes longer than the default test timeout allows.
describe('CLI on PostgreSQL', { timeout: 120_000 }, () => {
  const env = { DATABASE_URL: testDatabaseUrl(), PUBLIC_URL: 'https://idp-bridge.example.com' };

  it('tenants create --json prints exactly one object with id, name, scimUrl and token', async () => {
    const result = await runCli(['tenants', 'create', '--name', 'Acme', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const created = parseOneJson(result.stdout);
    expect(Object.keys(created).sort()).toEqual(['id', 'name', 'scimUrl', 'token']);
    expect(created.name).toBe('Acme');
    expect(created.scimUrl).toBe(`https://idp-bridge.example.com/scim/${String(created.id)}/v2`);
    expect(String(created.token)).toMatch(/^scimdir_/);

    const listed = await runCli(['tenants', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((t) => t.id)).toContain(created.id);
  });

  it('tokens issue, rotate, list and revoke', async () => {
    const created = parseOneJson((await runCli(['tenants', 'create', '--name', 'Tokens', '--json'], env)).stdout);
    const tenant = String(created.id);
    const issued = parseOneJson((await runCli(['tokens', 'issue', tenant, '--name', 'Okta staging', '--json'], env)).stdout);
    expect(Object.keys(issued)).toEqual(expect.arrayContaining(['id', 'name', 'kind', 'token']));
    expect(issued.name).toBe('Okta staging');
    const missingId = await runCli(['tokens', 'rotate', tenant, '--json'], env);
    expect(missingId.stderr).toContain('needs TENANT and CREDENTIAL-ID');
    const rotated = await runCli(['tokens', 'rotate', tenant, String(issued.id), '--expire-old-after', '1h', '--json'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    const rotatedJson = parseOneJson(rotated.stdout);
    expect(rotatedJson.name).toBe('Okta staging');
    const list = JSON.parse((await runCli(['tokens', 'list', tenant, '--json'], env)).stdout) as { id: string; name: string; kind: string; expiresAt: string | null; active: boolean }[];
    expect(list).toHaveLength(3);
    // Only the rotated token expires; the tenant's first token is untouched.
    expect(list.find((c) => c.id === issued.id)?.expiresAt).not.toBeNull();
    expect(list.filter((c) => c.id !== issued.id).every((c) => c.expiresAt === null && c.active)).toBe(true);
    expect(list.every((c) => c.kind === 'token')).toBe(true);
    const people = await runCli(['tokens', 'list', tenant], env);
    expect(people.stdout).toContain('"Okta staging"  token');
    expect(JSON.stringify(list)).not.toContain(String(issued.token));
    const revoked = await runCli(['tokens', 'revoke', tenant, String(issued.id)], env);
    expect(revoked.code).toBe(0);
    const after = JSON.parse((await runCli(['tokens', 'list', tenant, '--json'], env)).stdout) as { id: string; revokedAt: string | null }[];
    expect(after.find((c) => c.id === issued.id)?.revokedAt).not.toBeNull();
  });

  it('clients create, list, rotate and revoke', async () => {
    const created = parseOneJson((await runCli(['tenants', 'create', '--name', 'Clients', '--json'], env)).stdout);
    const tenant = String(created.id);
    const made = await runCli(['clients', 'create', tenant, '--name', 'Entra production', '--json'], env);
    expect(made.code, made.stderr).toBe(0);
    const client = parseOneJson(made.stdout);
    expect(Object.keys(client).sort()).toEqual(['clientId', 'clientSecret', 'id', 'name', 'tokenEndpoint']);
    expect(client).toMatchObject({ name: 'Entra production', tokenEndpoint: `https://idp-bridge.example.com/scim/${tenant}/oauth/token` });
    expect(String(client.clientSecret)).toMatch(/^scimdir_/);
    const rotated = parseOneJson((await runCli(['clients', 'rotate', tenant, String(client.clientId), '--expire-old-after', '1h', '--json'], env)).stdout);
    expect(rotated.clientSecret).not.toBe(client.clientSecret);
    const list = JSON.parse((await runCli(['clients', 'list', tenant, '--json'], env)).stdout) as Record<string, unknown>[];
    expect(list).toEqual([expect.objectContaining({ clientId: client.clientId, name: 'Entra production', kind: 'oauth_client', active: true })]);
    expect(JSON.stringify(list)).not.toContain(String(client.clientSecret));
    expect((await runCli(['clients', 'list', tenant], env)).stdout).toContain('"Entra production"  oauth_client  active');
    const revoked = await runCli(['clients', 'revoke', tenant, String(client.clientId)], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    const after = JSON.parse((await runCli(['clients', 'list', tenant, '--json'], env)).stdout) as { revokedAt: string | null; active: boolean }[];
    expect(after[0]).toMatchObject({ active: false, revokedAt: expect.any(String) });
    const unknown = await runCli(['clients', 'revoke', tenant, 'scimclient_nobody'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No OAuth client "scimclient_nobody"');
    expect((await runCli(['clients', 'create', tenant], env)).stderr).toContain('needs --name NAME');
  }, 180_000);

  it('trusts create, list and revoke; a JWKS URL on a host not allowed is refused', async () => {
    const created = parseOneJson((await runCli(['tenants', 'create', '--name', 'Trusts', '--json'], env)).stdout);
    const tenant = String(created.id);
    const dir = mkdtempSync(join(tmpdir(), 'scim-cli-jwks-'));
    try {
      const jwksFile = join(dir, 'jwks.json');
      writeFileSync(jwksFile, JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1' }] }));
      const base = ['trusts', 'create', tenant, '--name', 'CI pipeline', '--issuer', 'https://ci.example', '--subject', 'repo:acme/app', '--audience', 'scim'];
      const made = await runCli([...base, '--algorithm', 'ES256', '--jwks-file', jwksFile, '--json'], env);
      expect(made.code, made.stderr).toBe(0);
      const trust = parseOneJson(made.stdout);
      expect(trust).toMatchObject({ name: 'CI pipeline', kind: 'federated_trust', algorithm: 'ES256', clientId: trust.id, tokenEndpoint: `https://idp-bridge.example.com/scim/${tenant}/oauth/token` });
      const refused = await runCli([...base, '--jwks-url', 'https://169.254.169.254/keys'], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('not allowed');
      const list = JSON.parse((await runCli(['trusts', 'list', tenant, '--json'], env)).stdout) as { id: string; active: boolean }[];
      expect(list).toEqual([expect.objectContaining({ id: trust.id, active: true })]);
      expect((await runCli(['trusts', 'revoke', tenant, String(trust.id)], env)).code).toBe(0);
      const after = JSON.parse((await runCli(['trusts', 'list', tenant, '--json'], env)).stdout) as { active: boolean }[];
      expect(after[0]?.active).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('records its tenant and token changes in the audit trail as the CLI with the OS user', async () => {
    const created = parseOneJson((await runCli(['tenants', 'create', '--name', 'Audited by CLI', '--json'], env)).stdout);
    const tenant = String(created.id);
    const issued = parseOneJson((await runCli(['tokens', 'issue', tenant, '--json'], env)).stdout);
    expect((await runCli(['tokens', 'rotate', tenant, String(issued.id), '--json'], env)).code).toBe(0);
    expect((await runCli(['tokens', 'revoke', tenant, String(issued.id)], env)).code).toBe(0);
    const knex = testKnex({ max: 1 });
    try {
      const { items } = await new TenantsService(knex).audit.list({ startIndex: 1, count: 10 }, { tenantId: tenant });
      expect(items.map((e) => e.action)).toEqual(['credential.revoked', 'credential.rotated', 'credential.issued', 'tenant.created']);
      for (const entry of items) expect(entry).toMatchObject({ source: 'cli', actor: `cli (${userInfo().username})`, tenantName: 'Audited by CLI' });
      expect(JSON.stringify(items)).not.toContain(String(issued.token));
    } finally {
      await knex.destroy();
    }
  });

  it('records its OAuth client and trust changes in the audit trail as the CLI, without the client secrets', async () => {
    const tenant = String(parseOneJson((await runCli(['tenants', 'create', '--name', 'Federated by CLI', '--json'], env)).stdout).id);
    const client = parseOneJson((await runCli(['clients', 'create', tenant, '--name', 'Entra', '--json'], env)).stdout);
    const rotated = parseOneJson((await runCli(['clients', 'rotate', tenant, String(client.clientId), '--json'], env)).stdout);
    expect((await runCli(['clients', 'revoke', tenant, String(client.clientId)], env)).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'scim-cli-jwks-'));
    const knex = testKnex({ max: 1 });
    try {
      const jwksFile = join(dir, 'jwks.json');
      writeFileSync(jwksFile, JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1' }] }));
      const trustArgs = ['--name', 'CI', '--issuer', 'https://ci.example', '--subject', 'repo:acme/app', '--audience', 'scim', '--algorithm', 'ES256', '--jwks-file', jwksFile, '--json'];
      const trust = parseOneJson((await runCli(['trusts', 'create', tenant, ...trustArgs], env)).stdout);
      expect((await runCli(['trusts', 'revoke', tenant, String(trust.id)], env)).code).toBe(0);
      const { items } = await new TenantsService(knex).audit.list({ startIndex: 1, count: 10 }, { tenantId: tenant });
      expect(items.map((e) => [e.action, e.target?.name])).toEqual([
        ['trust.revoked', 'CI'],
        ['trust.created', 'CI'],
        ['oauth_client.revoked', 'Entra'],
        ['oauth_client.rotated', 'Entra'],
        ['oauth_client.created', 'Entra'],
        ['tenant.created', 'Token'],
      ]);
      for (const entry of items) expect(entry).toMatchObject({ source: 'cli', actor: `cli (${userInfo().username})` });
      const text = JSON.stringify(items);
      for (const secret of [client.clientSecret, rotated.clientSecret]) expect(text).not.toContain(String(secret).slice(12));
    } finally {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('names the problem for unknown tenants, bad durations and unknown commands', async () => {
    const unknown = await runCli(['tokens', 'issue', 'zzzzzzzzzzzz'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No tenant "zzzzzzzzzzzz"');
    const duration = await runCli(['tokens', 'rotate', 'zzzzzzzzzzzz', 'ffffffffffffffff', '--expire-old-after', 'soon'], env);
    expect(duration.stderr).toContain('is not a duration');
    const command = await runCli(['frobnicate'], env);
    expect(command.code).not.toBe(0);
    expect(command.stderr).toContain('Usage:');
  });
});

describe('CLI on the embedded database', { timeout: 120_000 }, () => {
  it('works on PGlite and says clearly when a running server holds the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scim-cli-'));
    try {
      const env = { SCIM_DATA_DIR: dir };
      const created = await runCli(['tenants', 'create', '--name', 'Embedded', '--json'], env);
      expect(created.code, created.stderr).toBe(0);
      expect(parseOneJson(created.stdout).scimUrl).toMatch(/^http:\/\/localhost:8080\/scim\/[a-z0-9]{12}\/v2$/);
      writeFileSync(join(dir, 'scim-directory.lock'), String(process.pid)); // a live process holds it
      const busy = await runCli(['tenants', 'list'], env);
      expect(busy.code).not.toBe(0);
      expect(busy.stderr).toContain(`in use by another scim-directory process (pid ${process.pid})`);
      writeFileSync(join(dir, 'scim-directory.lock'), '999999999'); // left by a dead process: taken over
      const listed = await runCli(['tenants', 'list', '--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
