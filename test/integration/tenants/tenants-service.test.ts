import { afterAll, describe, expect, it } from 'vitest';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { TOKEN_PREFIX, tokenDigest } from '../../../lib/tenants/secrets.js';
import { testKnex } from '../../support/database.js';

const knex = testKnex();
afterAll(() => knex.destroy());

describe('TenantsService', () => {
  const service = new TenantsService(knex, { verificationCacheMs: 0 });

  it('creates a tenant with a 12-character id and a first token that works only for it', async () => {
    const a = await service.create('Tenant A');
    const b = await service.create('Tenant B');
    expect(a.tenant.id).toMatch(/^[a-z0-9]{12}$/);
    expect(a.credential.token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(a.credential.token.length - TOKEN_PREFIX.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base62
    expect((await service.verify(a.tenant.id, a.credential.token)).credentialId).toBe(a.credential.credential.id);
    expect((await service.verify(b.tenant.id, a.credential.token)).credentialId).toBeUndefined();
    expect((await service.verify(a.tenant.id, b.credential.token)).credentialId).toBeUndefined();
    expect((await service.verify(a.tenant.id, 'scimdir_wrong')).credentialId).toBeUndefined();
  });

  it('stores only a digest and a display prefix, never the token', async () => {
    const { tenant, credential } = await service.create('Digest check');
    const rows = await knex('scim_credentials').where({ tenant_id: tenant.id });
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.digest).toBe(tokenDigest(credential.token));
    expect(credential.token.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBeLessThan(credential.token.length / 2);
    const dump = JSON.stringify(await knex.raw('select * from scim_credentials')).toString();
    expect(dump).not.toContain(credential.token);
    const listed = JSON.stringify(await service.listCredentials(tenant.id));
    expect(listed).not.toContain(credential.token);
  });

  it('keeps old tokens valid through a rotation until revoked', async () => {
    const { tenant, credential } = await service.create('Rotate overlap');
    const rotated = await service.rotate(tenant.id, credential.credential.id);
    expect(rotated).toBeDefined();
    expect((await service.verify(tenant.id, credential.token)).credentialId).toBeDefined();
    expect((await service.verify(tenant.id, rotated!.token)).credentialId).toBeDefined();
    expect(await service.revoke(tenant.id, credential.credential.id)).toBe(true);
    expect((await service.verify(tenant.id, credential.token)).credentialId).toBeUndefined();
    expect((await service.verify(tenant.id, rotated!.token)).credentialId).toBeDefined();
    const list = await service.listCredentials(tenant.id);
    expect(list.map((c) => [c.id, c.active])).toEqual(
      expect.arrayContaining([
        [credential.credential.id, false],
        [rotated!.credential.id, true],
      ]),
    );
  });

  it('expires old tokens after the rotation overlap', async () => {
    // During the overlap the old token works (an hour: no machine is that slow between two statements)...
    const long = await service.create('Rotate long overlap');
    await service.rotate(long.tenant.id, long.credential.credential.id, { expireOldAfterMs: 3_600_000 });
    expect((await service.verify(long.tenant.id, long.credential.token)).credentialId).toBeDefined();

    // ...and it ends when the overlap says, whatever the time between the statements.
    const { tenant, credential } = await service.create('Rotate expiry');
    const before = Date.now();
    const rotated = await service.rotate(tenant.id, credential.credential.id, { expireOldAfterMs: 300 });
    const after = Date.now();
    const expiresAt = (await service.listCredentials(tenant.id)).find((c) => c.id === credential.credential.id)?.expiresAt;
    expect(expiresAt).toBeInstanceOf(Date);
    expect(expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 300);
    expect(expiresAt!.getTime()).toBeLessThanOrEqual(after + 300);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt!.getTime() - Date.now()) + 20));
    expect((await service.verify(tenant.id, credential.token)).credentialId).toBeUndefined();
    expect((await service.verify(tenant.id, rotated!.token)).credentialId).toBeDefined();
    const old = (await service.listCredentials(tenant.id)).find((c) => c.id === credential.credential.id);
    expect(old?.active).toBe(false);
  });

  it('names tokens, and rotation and expiry act only on the token chosen', async () => {
    const { tenant, credential: first } = await service.create('Named tokens', { tokenName: 'Entra production' });
    expect(first.credential.name).toBe('Entra production');
    expect(first.credential.kind).toBe('token');
    const thirtyDays = new Date(Date.now() + 30 * 86_400_000);
    const second = await service.issue(tenant.id, { name: '  Okta staging ', expiresAt: thirtyDays });
    const unnamed = await service.issue(tenant.id);
    expect(second!.credential.name).toBe('Okta staging');
    expect(unnamed!.credential.name).toBe('Token');

    const rotated = await service.rotate(tenant.id, first.credential.id, { expireOldAfterMs: 3_600_000 });
    expect(rotated!.credential.name).toBe('Entra production');
    const list = await service.listCredentials(tenant.id);
    const byId = new Map(list.map((c) => [c.id, c]));
    // Only the rotated token got an expiry; the 30-day token and the unnamed one keep theirs.
    expect(byId.get(first.credential.id)!.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(byId.get(second!.credential.id)!.expiresAt!.getTime()).toBe(thirtyDays.getTime());
    expect(byId.get(unnamed!.credential.id)!.expiresAt).toBeNull();
    expect(byId.get(rotated!.credential.id)!.expiresAt).toBeNull();
    expect(list.map((c) => c.name).sort()).toEqual(['Entra production', 'Entra production', 'Okta staging', 'Token']);

    // Revoking one leaves the others working; the verification names the credential that matched.
    await service.revoke(tenant.id, second!.credential.id);
    expect((await service.verify(tenant.id, second!.token)).credentialId).toBeUndefined();
    const verified = await service.verify(tenant.id, rotated!.token);
    expect(verified.credential).toEqual({ name: 'Entra production', kind: 'token' });
    expect((await service.verify(tenant.id, unnamed!.token)).credentialId).toBe(unnamed!.credential.id);

    // A credential of another tenant, or an unknown one, is not rotated.
    const other = await service.create('Other tenant');
    expect(await service.rotate(other.tenant.id, first.credential.id)).toBeUndefined();
    expect(await service.rotate(tenant.id, 'ffffffffffffffff')).toBeUndefined();
  });

  it('refuses tokens of a disabled tenant and accepts them again once enabled', async () => {
    const { tenant, credential } = await service.create('Disable');
    await service.setEnabled(tenant.id, false);
    const refused = await service.verify(tenant.id, credential.token);
    expect(refused.credentialId).toBeUndefined();
    expect(refused.tenant?.enabled).toBe(false);
    await service.setEnabled(tenant.id, true);
    expect((await service.verify(tenant.id, credential.token)).credentialId).toBeDefined();
  });

  it('sees a revocation made by another instance once its cache time has passed', async () => {
    const otherKnex = testKnex();
    try {
      const cached = new TenantsService(otherKnex); // default 500 ms cache
      const { tenant, credential } = await service.create('Two instances');
      expect((await cached.verify(tenant.id, credential.token)).credentialId).toBeDefined();
      await service.revoke(tenant.id, credential.credential.id);
      // The cached answer is older than the cache time after this wait, however slow the machine.
      await new Promise((r) => setTimeout(r, 500 + 20));
      expect((await cached.verify(tenant.id, credential.token)).credentialId).toBeUndefined();
      await cached.close();
    } finally {
      await otherKnex.destroy();
    }
  });

  it('sends one lookup for concurrent verifications of a token whose cached answer expired, and none joins a lookup older than a revocation', async () => {
    const countingKnex = testKnex();
    let lookups = 0;
    countingKnex.on('query', (query: { sql: string }) => {
      if (query.sql.includes('scim_credentials')) lookups++;
    });
    try {
      const shared = new TenantsService(countingKnex, { verificationCacheMs: 50 });
      const { tenant, credential } = await service.create('Shared lookups');
      await new Promise((r) => setTimeout(r, 60));
      lookups = 0;
      const results = await Promise.all(Array.from({ length: 16 }, () => shared.verify(tenant.id, credential.token)));
      expect(results.every((r) => r.credentialId === credential.credential.id)).toBe(true);
      expect(lookups).toBe(1);

      await new Promise((r) => setTimeout(r, 60));
      const before = shared.verify(tenant.id, credential.token);
      await shared.revoke(tenant.id, credential.credential.id);
      // Started after the revocation: its own lookup, not the one in flight since before it.
      expect((await shared.verify(tenant.id, credential.token)).credentialId).toBeUndefined();
      await before;
      expect((await shared.verify(tenant.id, credential.token)).credentialId).toBeUndefined();
      await shared.close();
    } finally {
      await countingKnex.destroy();
    }
  });

  it('records last use in batches, not per request', async () => {
    const recording = new TenantsService(knex, { verificationCacheMs: 0, lastUsedFlushMs: 60_000 });
    const { tenant, credential } = await recording.create('Last used');
    await recording.verify(tenant.id, credential.token);
    const before = await knex('scim_credentials').where({ tenant_id: tenant.id }).first();
    expect(before.last_used_at).toBeNull();
    await recording.close();
    const after = await knex('scim_credentials').where({ tenant_id: tenant.id }).first();
    expect(after.last_used_at).toBeInstanceOf(Date);
  });

  it('lists a credential with its last use while an earlier flush is still writing it', async () => {
    const recording = new TenantsService(knex, { verificationCacheMs: 0, lastUsedFlushMs: 60_000 });
    const { tenant, credential } = await recording.create('Flush in flight');
    await recording.verify(tenant.id, credential.token);
    // Another transaction holds the credential's row, so the first flush's write waits; the listing started meanwhile
    // must wait for that write rather than read the row without its last use.
    const holder = await knex.transaction();
    await holder('scim_credentials').where({ tenant_id: tenant.id }).forUpdate().select('credential_id');
    const inFlight = recording.flushLastUsed();
    const listing = recording.listCredentials(tenant.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await holder.commit();
    const [listed] = await listing;
    await inFlight;
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    await recording.close();
  });

  it('deletes a tenant with its credentials and validates names', async () => {
    const { tenant } = await service.create('Delete me');
    await expect(service.create('   ')).rejects.toThrow(TypeError);
    expect(await service.rename(tenant.id, 'Renamed')).toBe(true);
    expect((await service.get(tenant.id))?.name).toBe('Renamed');
    expect(await service.delete(tenant.id)).toBe(true);
    expect(await service.get(tenant.id)).toBeUndefined();
    expect(await knex('scim_credentials').where({ tenant_id: tenant.id })).toHaveLength(0);
    expect(await service.get("x' or '1'='1")).toBeUndefined();
  });
});
