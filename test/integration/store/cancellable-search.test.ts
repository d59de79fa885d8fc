/**
 * Searches that stop when their client leaves, on real PostgreSQL, directly and through PgBouncer in transaction
 * pool mode: the running statement is cancelled on the server (seen in `pg_stat_activity`) and the search fails
 * with ClientGoneError; a client that left before the search runs nothing; a client that stays gets a transaction
 * with the statement timeout. A cancel that comes too late (the search ended while the cancel waited for a
 * connection) sends no signal, so it cannot reach the next statement on that backend, and a search never waits for
 * a cancel that has no connection yet. On PGlite the search runs as it is.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cancellableSearch, ClientGoneError, type ClientDeparture } from '../../../lib/store/cancellable-search.js';
import { scimErrorFromPg } from '../../../lib/store/pg-errors.js';
import { memoryPgliteKnex, pgBouncerKnex, testKnex } from '../../support/database.js';

/** A client whose leaving the test decides. */
function departure(): ClientDeparture & { leave(): void; readonly listening: number } {
  let gone = false;
  const listeners = new Set<() => void>();
  return {
    get gone() {
      return gone;
    },
    get listening() {
      return listeners.size;
    },
    whenGone(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    leave() {
      gone = true;
      for (const listener of [...listeners]) listener();
    },
  };
}

let observer: Knex;

/** Backends of the database running a statement that contains `marker`, seen from a connection of its own. */
async function running(marker: string): Promise<number> {
  const result = await observer.raw<{ rows: { n: string }[] }>(
    "select count(*) as n from pg_stat_activity where state = 'active' and query like ? and pid <> pg_backend_pid()",
    [`%${marker}%`],
  );
  return Number(result.rows[0]?.n ?? 0);
}

beforeAll(() => {
  observer = testKnex({ max: 2 });
});
afterAll(async () => {
  await observer.destroy();
});

describe.each([
  ['directly', () => testKnex({ max: 4 })],
  ['through PgBouncer in transaction pool mode', () => pgBouncerKnex({ pool: { min: 0, max: 4 } })],
])('a search on PostgreSQL %s', (_name, open) => {
  let knex: Knex;
  beforeAll(() => {
    knex = open();
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it('is cancelled on the server when its client leaves, and fails with ClientGoneError', async () => {
    const marker = `cancel_marker_${Math.random().toString(36).slice(2)}`;
    const client = departure();
    const search = cancellableSearch(knex, { client, statement: { timeoutMs: 60_000 } }, (db) => db.raw(`select pg_sleep(30) as ${marker}`)).catch((e: unknown) => e);
    await vi.waitFor(async () => expect(await running(marker)).toBe(1), { timeout: 15_000, interval: 50 });
    client.leave();
    const error = await search;
    expect(error).toBeInstanceOf(ClientGoneError);
    expect(((error as Error).cause as { code?: string }).code).toBe('57014');
    await vi.waitFor(async () => expect(await running(marker)).toBe(0), { timeout: 15_000, interval: 50 });
    expect(client.listening).toBe(0);
    // The connection it ran on serves the next statement.
    expect((await knex.raw<{ rows: { ok: number }[] }>('select 1 as ok')).rows[0]?.ok).toBe(1);
  });

  it('runs nothing when its client left before it began', async () => {
    const client = departure();
    client.leave();
    let ran = false;
    const error = await cancellableSearch(knex, { client }, async () => {
      ran = true;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientGoneError);
    expect(ran).toBe(false);
  });

  it('runs in a transaction bounded by the statement timeout while its client stays', async () => {
    const statements: string[] = [];
    const onQuery = (query: { sql?: string }) => statements.push(String(query.sql ?? ''));
    knex.on('query', onQuery);
    const client = departure();
    try {
      const rows = await cancellableSearch(knex, { client, statement: { timeoutMs: 5000 } }, async (db, statement) => {
        expect(statement).toBeUndefined(); // the transaction has the timeout
        return (await db.raw<{ rows: { setting: string }[] }>("select current_setting('statement_timeout') as setting")).rows;
      });
      expect(rows).toEqual([{ setting: '5s' }]);
    } finally {
      knex.off('query', onQuery);
    }
    expect(statements.map((sql) => sql.split(' ')[0]?.toLowerCase())).toEqual(['begin;', 'select', 'select', 'commit;']);
    expect(statements[1]).toMatch(/pg_backend_pid\(\).*set_config\('statement_timeout'/);
    expect(client.listening).toBe(0);

    const timedOut = await cancellableSearch(knex, { client, statement: { timeoutMs: 200 } }, (db) => db.raw('select pg_sleep(30)')).catch((e: unknown) => e);
    expect(timedOut).not.toBeInstanceOf(ClientGoneError);
    expect(scimErrorFromPg(timedOut)?.status).toBe(503);
  });
});

describe('a cancel that comes after its search ended', () => {
  let knex: Knex;
  let locker: Knex;
  beforeAll(() => {
    knex = testKnex({ max: 2 });
    locker = testKnex({ max: 1 });
  });
  afterAll(async () => {
    await knex.destroy();
    await locker.destroy();
  });

  it('sends no signal, so the next statement on that backend runs on, and the search never waits for it', async () => {
    const lock = 40_000 + Math.floor(Math.random() * 10_000);
    const victimMarker = `victim_marker_${lock}`;
    // The next statement waits for an advisory lock the test holds, so it is still running when the cancel comes.
    await locker.transaction(async (holder) => {
      await holder.raw('select pg_advisory_xact_lock(?)', [lock]);

      // Both pooled connections taken: one by a transaction the test ends, one by the search.
      let endOccupant = (): void => undefined;
      let occupantStarted = (): void => undefined;
      const started = new Promise<void>((resolve) => (occupantStarted = resolve));
      const occupant = knex.transaction(async (trx) => {
        await trx.raw('select 1');
        occupantStarted();
        await new Promise<void>((resolve) => (endOccupant = resolve));
      });
      await started;

      const client = departure();
      let endSearch = (): void => undefined;
      let searchRunning = (): void => undefined;
      const running$ = new Promise<void>((resolve) => (searchRunning = resolve));
      const search = cancellableSearch(knex, { client }, async (db) => {
        const pid = (await db.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid')).rows[0]?.pid;
        searchRunning();
        await new Promise<void>((resolve) => (endSearch = resolve));
        return pid;
      });
      await running$;

      // The next statement waits for a connection first, then the cancel: the pool serves them in that order.
      const victim = knex.raw<{ rows: { pid: number }[] }>(`select pg_backend_pid() as pid, pg_advisory_xact_lock(?) as ${victimMarker}`, [lock]).then(
        (result) => result.rows[0]?.pid,
      );
      await new Promise((resolve) => setImmediate(resolve)); // its request for a connection is queued before the cancel's
      client.leave();
      endSearch();
      // The search ends although its cancel has no connection: it does not wait for one.
      const searchPid = await search;
      await vi.waitFor(async () => expect(await running(victimMarker)).toBe(1), { timeout: 15_000, interval: 50 });

      // The cancel gets the occupant's connection now; a statement queued after it shows when it is done.
      endOccupant();
      await occupant;
      await knex.raw('select 1');
      expect(await running(victimMarker)).toBe(1);
      return { searchPid, victim };
    }).then(async ({ searchPid, victim }) => {
      // The lock is released with the holder's commit: the next statement ends normally, on the search's backend.
      expect(await victim).toBe(searchPid);
    });
  });
});

describe('a search on PGlite', () => {
  it('runs as it is: one connection, nothing beside it to cancel it', async () => {
    const pglite = memoryPgliteKnex();
    try {
      const client = departure();
      const seen: Knex[] = [];
      const value = await cancellableSearch(pglite, { client, statement: { timeoutMs: 5000 } }, async (db, statement) => {
        seen.push(db);
        expect(statement).toEqual({ timeoutMs: 5000 });
        return (await db.raw<{ rows: { ok: number }[] }>('select 1 as ok')).rows[0]?.ok;
      });
      expect(value).toBe(1);
      expect(seen).toEqual([pglite]);
      expect(client.listening).toBe(0);
    } finally {
      await pglite.destroy();
    }
  });
});
