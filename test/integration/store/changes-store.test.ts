import { describe, expect, it } from 'vitest';
import { useTenantPerTest } from '../../support/tenant-per-test.js';
import { appendChanges } from '../../../lib/store/change-rows.js';
import { listChanges, type NewChange } from '../../../lib/store/changes-store.js';
import { newResourceId } from '../../../lib/store/ids.js';

const db = useTenantPerTest('changes store');

describe('changes store', () => {
  it('appends in order and reads after a position', async () => {
    const id = newResourceId();
    await appendChanges(db.knex, db.tenantId, [
      { type: 'user.created', resourceType: 'User', resourceId: id, data: { userName: 'a' } },
      { type: 'user.deactivated', resourceType: 'User', resourceId: id },
    ]);
    const all = await listChanges(db.knex, db.tenantId);
    expect(all.map((c) => [c.type, c.resourceId, c.data])).toEqual([
      ['user.created', id, { userName: 'a' }],
      ['user.deactivated', id, undefined],
    ]);
    expect(all[1]!.seq).toBeGreaterThan(all[0]!.seq);
    expect((await listChanges(db.knex, db.tenantId, { afterSeq: all[0]!.seq })).map((c) => c.type)).toEqual(['user.deactivated']);
  });

  it('writes large batches with multi-row inserts', async () => {
    const groupId = newResourceId();
    const changes: NewChange[] = Array.from({ length: 4500 }, () => ({
      type: 'group.member_added',
      resourceType: 'Group',
      resourceId: groupId,
      data: { memberId: newResourceId(), memberType: 'User' },
    }));
    const statements: string[] = [];
    const listener = (query: { sql: string }) => statements.push(query.sql);
    db.knex.on('query', listener);
    try {
      await appendChanges(db.knex, db.tenantId, changes);
    } finally {
      db.knex.removeListener('query', listener);
    }
    expect(statements.length).toBeLessThanOrEqual(3);
    expect(await listChanges(db.knex, db.tenantId, { limit: 10_000 })).toHaveLength(4500);
  });

  it('writes nothing when the transaction of the change rolls back', async () => {
    await expect(
      db.knex.transaction(async (trx) => {
        await appendChanges(trx, db.tenantId, [{ type: 'group.created', resourceType: 'Group', resourceId: newResourceId() }]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await listChanges(db.knex, db.tenantId)).toEqual([]);
  });

  it('keeps tenants apart', async () => {
    const other = (await db.tenants.create('other')).tenant.id;
    await appendChanges(db.knex, other, [{ type: 'user.deleted', resourceType: 'User', resourceId: newResourceId() }]);
    expect(await listChanges(db.knex, db.tenantId)).toEqual([]);
  });
});
