/**
 * The change feed never steps over a change whose transaction commits after a later-numbered one was read — the
 * trap of paging by `seq` alone under concurrent writers — on PostgreSQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { createEmptyDatabase, testKnex } from '../../support/database.js';
import { migrateToLatest } from '../../../lib/store/migration-source.js';
import { pruneChanges } from '../../../lib/store/feed-pruning.js';
import { TenantsService } from '../../../lib/tenants/tenants-service.js';
import { appendChanges } from '../../../lib/store/change-rows.js';
import { listChanges } from '../../../lib/store/changes-store.js';
import { newResourceId } from '../../../lib/store/ids.js';
import { readFeed } from '../../../lib/changes/feed-reader.js';
import { changesHeldBack } from '../../../lib/store/feed-queries.js';
import { parseCursor } from '../../../lib/changes/feed-cursor.js';

const POLL = { timeout: 10_000, interval: 20 };

let knex: Knex;
let tenants: TenantsService;
let tenantId: string;

beforeAll(() => {
  knex = testKnex({ max: 20 });
  tenants = new TenantsService(knex);
});
afterAll(async () => {
  await tenants.close();
  await knex.destroy();
});
beforeEach(async () => {
  tenantId = (await tenants.create('feed order')).tenant.id;
});

function created(label: string) {
  return [{ type: 'user.created' as const, resourceType: 'User' as const, resourceId: newResourceId(), data: { userName: label } }];
}

const names = (changes: readonly { readonly data?: unknown }[]) => changes.map((c) => (c.data as { userName: string }).userName);

describe('reading the feed with a cursor', () => {
  it('returns a change that commits after a higher-numbered one was read, where paging by seq skips it', async () => {
    // B takes its transaction id first, A takes a later one and appends first (lower seq), B appends and commits.
    const b = await knex.transaction();
    await b.raw('select pg_current_xact_id()');
    const a = await knex.transaction();
    try {
      await appendChanges(a, tenantId, created('A'));
      await appendChanges(b, tenantId, created('B'));
      await b.commit();

      await expect.poll(async () => names((await readFeed(knex, { tenantId })).changes), POLL).toEqual(['B']);
      const first = await readFeed(knex, { tenantId });
      const naive = await listChanges(knex, tenantId);
      expect(names(naive)).toEqual(['B']);
      const lastSeq = naive[0]!.seq;

      await a.commit();
      // Paging by seq: A has the lower seq, so "after B's seq" never shows it.
      expect(await listChanges(knex, tenantId, { afterSeq: lastSeq })).toEqual([]);
      // The feed continues after B's cursor and hands A over.
      await expect.poll(async () => names((await readFeed(knex, { tenantId, after: first.cursor })).changes), POLL).toEqual(['A']);
      expect((await readFeed(knex, { tenantId, after: first.cursor })).changes[0]!.seq).toBeLessThan(lastSeq);
    } finally {
      if (!a.isCompleted()) await a.rollback();
      if (!b.isCompleted()) await b.rollback();
    }
  });

  it('holds a committed change back while an older transaction is open, then returns both in transaction order', async () => {
    const a = await knex.transaction();
    try {
      await appendChanges(a, tenantId, created('A'));
      await knex.transaction((b) => appendChanges(b, tenantId, created('B')));
      const start = parseCursor(undefined);
      expect(names((await readFeed(knex, { tenantId })).changes)).toEqual([]);
      expect(await changesHeldBack(knex, start)).toBe(true);
      await a.commit();
      await expect.poll(async () => names((await readFeed(knex, { tenantId })).changes), POLL).toEqual(['A', 'B']);
    } finally {
      if (!a.isCompleted()) await a.rollback();
    }
  });

  it('never shows a rolled-back change, and keeps one transaction\'s changes together', async () => {
    await knex.transaction((trx) => appendChanges(trx, tenantId, [...created('one-1'), ...created('one-2')])).catch(() => undefined);
    await knex
      .transaction(async (trx) => {
        await appendChanges(trx, tenantId, created('rolled back'));
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await knex.transaction((trx) => appendChanges(trx, tenantId, created('two')));
    await expect.poll(async () => names((await readFeed(knex, { tenantId })).changes), POLL).toEqual(['one-1', 'one-2', 'two']);
  });

  it('loses nothing and repeats nothing while 8 writers commit in random order and a reader pages', async () => {
    const writers = 8;
    const perWriter = 25;
    let writing = true;
    const seen: number[] = [];
    const reader = (async () => {
      let after: string | undefined;
      for (;;) {
        const done = !writing;
        const page = await readFeed(knex, { tenantId, limit: 7, ...(after ? { after } : {}) });
        seen.push(...page.changes.map((c) => c.seq));
        after = page.cursor;
        if (page.changes.length === 0) {
          if (done && !(await changesHeldBack(knex, parseCursor(after)))) return;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    })();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          await knex.transaction(async (trx) => {
            await appendChanges(trx, tenantId, created(`${w}-${i}`));
            // Commit after a random pause, so sequence order and commit order disagree often.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
          });
        }
      }),
    );
    writing = false;
    await reader;
    const all = (await listChanges(knex, tenantId, { limit: 10_000 })).map((c) => c.seq);
    expect(all).toHaveLength(writers * perWriter);
    expect(seen).toHaveLength(new Set(seen).size);
    expect([...seen].sort((x, y) => x - y)).toEqual([...all].sort((x, y) => x - y));
  });
});

describe('order across digit counts', () => {
  it('orders by number, not text, where sequence numbers cross a power of ten inside one transaction', async () => {
    // A database of its own: the sequence is restarted just below 100, which other tests must not see.
    const own = knexFactory({ client: 'pg', connection: await createEmptyDatabase(), pool: { min: 0, max: 2 } });
    try {
      await migrateToLatest(own);
      const ownTenants = new TenantsService(own);
      const tenant = (await ownTenants.create('digits')).tenant.id;
      await own.raw('alter table scim_changes alter column seq restart with 95');
      await own.transaction((trx) => appendChanges(trx, tenant, Array.from({ length: 10 }, (_, i) => created(`c${i}`)[0]!)));
      const page = await readFeed(own, { tenantId: tenant, limit: 5 });
      expect(page.changes.map((c) => c.seq)).toEqual([95, 96, 97, 98, 99]);
      const rest = await readFeed(own, { tenantId: tenant, after: page.cursor });
      expect(rest.changes.map((c) => c.seq)).toEqual([100, 101, 102, 103, 104]);
      await pruneChanges(own, { maxAgeMs: 86_400_000, maxRowsPerTenant: 3 });
      expect((await listChanges(own, tenant)).map((c) => c.seq)).toEqual([102, 103, 104]);
      await ownTenants.close();
    } finally {
      await own.destroy();
    }
  });
});

describe('read options', () => {
  it('pages all tenants in one order, or one tenant, and refuses what is not a cursor or a limit', async () => {
    const other = (await tenants.create('feed order other')).tenant.id;
    await knex.transaction((trx) => appendChanges(trx, tenantId, created('mine')));
    await knex.transaction((trx) => appendChanges(trx, other, created('theirs')));
    await expect.poll(async () => names((await readFeed(knex, { tenantId: other })).changes), POLL).toEqual(['theirs']);
    const mine = await readFeed(knex, { tenantId });
    expect(names(mine.changes)).toEqual(['mine']);
    // Globally, "theirs" follows "mine".
    const global = await readFeed(knex, { after: mine.cursor, limit: 10_000 });
    expect(global.changes.filter((c) => c.tenantId === tenantId || c.tenantId === other).map((c) => c.tenantId)).toEqual([other]);
    await expect(readFeed(knex, { after: '12' })).rejects.toThrow(/"after" must be a change-feed cursor/);
    await expect(readFeed(knex, { after: '1-99999999999999999999' })).rejects.toThrow(TypeError);
    await expect(readFeed(knex, { limit: 0 })).rejects.toThrow(/"limit"/);
    await expect(readFeed(knex, { limit: 10_001 })).rejects.toThrow(/"limit"/);
  });
});
