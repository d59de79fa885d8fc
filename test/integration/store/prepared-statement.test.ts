/**
 * preparedRaw on a plain node-postgres knex runs the statement on a pooled connection itself: it must give the same
 * results and errors as knex, and the same events (`query`, then `query-response` or `query-error` with the same
 * uid), so statement counters and a host's query loggers keep working. In a transaction it goes through knex.
 */
import { afterAll, expect, it } from 'vitest';
import { testKnex } from '../../support/database.js';
import { preparedRaw } from '../../../lib/store/prepared-statement.js';

const knex = testKnex({ max: 2 });
afterAll(() => knex.destroy());

interface QueryEvent {
  sql: string;
  __knexQueryUid: string;
}

function recordEvents(): { events: string[]; uids: Set<string>; sql: string[]; stop(): void } {
  const events: string[] = [];
  const uids = new Set<string>();
  const sql: string[] = [];
  const onQuery = (q: QueryEvent) => {
    events.push('query');
    uids.add(q.__knexQueryUid);
    sql.push(q.sql);
  };
  const onResponse = (_r: unknown, q: QueryEvent) => {
    events.push('query-response');
    uids.add(q.__knexQueryUid);
  };
  const onError = (_e: unknown, q: QueryEvent) => {
    events.push('query-error');
    uids.add(q.__knexQueryUid);
  };
  knex.on('query', onQuery).on('query-response', onResponse).on('query-error', onError);
  return {
    events,
    uids,
    sql,
    stop: () => knex.off('query', onQuery).off('query-response', onResponse).off('query-error', onError),
  };
}

it('returns the rows and emits query and query-response for one statement', async () => {
  const recorded = recordEvents();
  const result = await preparedRaw<{ rows: { n: number }[] }>(knex, 'select ?::int + ?::int as n', [2, 3]);
  recorded.stop();
  expect(result.rows).toEqual([{ n: 5 }]);
  expect(recorded.events).toEqual(['query', 'query-response']);
  expect(recorded.uids.size).toBe(1);
  expect(recorded.sql).toEqual(['select $1::int + $2::int as n']);
});

it('rejects with the PostgreSQL error and emits query-error', async () => {
  const recorded = recordEvents();
  const error: unknown = await preparedRaw(knex, 'select 1 / ?::int as n', [0]).catch((e: unknown) => e);
  recorded.stop();
  expect(error).toMatchObject({ code: '22012' });
  expect(recorded.events).toEqual(['query', 'query-error']);
  expect(recorded.uids.size).toBe(1);
  // The connection went back to the pool and works.
  expect((await preparedRaw<{ rows: { n: number }[] }>(knex, 'select 1 / ?::int as n', [1])).rows).toEqual([{ n: 1 }]);
});

it('runs inside a transaction on the transaction’s connection', async () => {
  const seen = await knex.transaction(async (trx) => {
    await trx.raw('create temporary table prepared_probe (n int) on commit drop');
    await trx.raw('insert into prepared_probe values (7)');
    return preparedRaw<{ rows: { n: number }[] }>(trx, 'select n from prepared_probe where n = ?', [7]);
  });
  expect(seen.rows).toEqual([{ n: 7 }]);
});
