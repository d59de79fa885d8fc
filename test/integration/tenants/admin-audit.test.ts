import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ACTOR_LENGTH } from '../../../lib/tenants/admin-audit.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { testKnex } from '../../support/database.js';

const knex = testKnex();
afterAll(() => knex.destroy());

describe('audit trail of the tenants service', () => {
  const service = new TenantsService(knex, { verificationCacheMs: 0 });
  const page = { startIndex: 1, count: 50 };

  it('writes an entry on the action’s transaction: a rolled-back action leaves none', async () => {
    const { tenant } = await service.create('Rolled back');
    await expect(
      knex.transaction(async (trx) => {
        await service.audit.record(trx, { actor: 'someone' }, { action: 'tenant.renamed', tenantId: tenant.id, tenantName: tenant.name });
        throw new Error('the action failed after recording');
      }),
    ).rejects.toThrow('the action failed');
    expect((await service.audit.list(page, { tenantId: tenant.id })).items.map((e) => e.action)).toEqual(['tenant.created']);
  });

  it('records nothing for calls on unknown tenants or credentials', async () => {
    const { tenant } = await service.create('Unknowns');
    expect(await service.rename('zzzzzzzzzzzz', 'x')).toBe(false);
    expect(await service.revoke(tenant.id, 'no-such-credential')).toBe(false);
    expect(await service.delete('zzzzzzzzzzzz')).toBe(false);
    expect(await service.updateSettings(tenant.id, { colour: 'red' })).toBe('unknown setting "colour"');
    expect((await service.audit.list(page, { tenantId: tenant.id })).totalResults).toBe(1);
    expect((await service.audit.list(page, { tenantId: 'zzzzzzzzzzzz' })).totalResults).toBe(0);
  });

  it('keeps a host’s actor as text: control characters become spaces, trimmed, at most 200 characters', async () => {
    const { tenant } = await service.create('Actors', { actor: `  ops\u0000bot\n${'x'.repeat(300)}` });
    await service.revoke(tenant.id, (await service.listCredentials(tenant.id))[0]!.id, { actor: '   ' });
    const [revoked, created] = (await service.audit.list(page, { tenantId: tenant.id })).items;
    expect(created!.actor).toBe(`ops bot ${'x'.repeat(MAX_ACTOR_LENGTH - 8)}`);
    expect(created!.source).toBe('host');
    expect(revoked).toMatchObject({ action: 'credential.revoked', actor: null, source: 'host' });
    // Revoking again is recorded, saying when it had been revoked.
    await service.revoke(tenant.id, revoked!.target!.id);
    const again = (await service.audit.list({ startIndex: 1, count: 1 }, { tenantId: tenant.id })).items[0]!;
    expect(again.details).toEqual({ alreadyRevokedAt: expect.any(String) });
  });
});
