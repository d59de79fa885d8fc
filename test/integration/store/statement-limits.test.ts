/**
 * Statement limits on real PostgreSQL: a statement past the timeout is cancelled on the server (not only given up
 * on by the client) and classified as a statement timeout; a transaction's statements are bounded by PostgreSQL's
 * own `statement_timeout` (SET LOCAL), which does not outlive the transaction; a timeout of 0 leaves statements
 * unbounded.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scimErrorFromPg } from '../../../lib/store/pg-errors.js';
import { limitStatement, limitTransaction } from '../../../lib/store/statement-limits.js';
import { testKnex } from '../../support/database.js';

let knex: Knex;

beforeAll(() => {
  knex = testKnex({ max: 4 });
});
afterAll(async () => {
  await knex.destroy();
});

/** Backends of this database running `pg_sleep` now, other than the one asking. */
async function sleepingBackends(marker: string): Promise<number> {
  const result = await knex.raw<{ rows: { n: string }[] }>(
    "select count(*) as n from pg_stat_activity where state = 'active' and query like ? and pid <> pg_backend_pid()",
    [`%${marker}%`],
  );
  return Number(result.rows[0]?.n ?? 0);
}

describe('statement limits', () => {
  it('cancels a statement that runs past the timeout, on the server too, and answers 503', async () => {
    const marker = 'limits_cancel_marker';
    const error = await limitStatement(knex.raw(`select pg_sleep(30) as ${marker}`), 200).catch((e: unknown) => e);
    const scimError = scimErrorFromPg(error);
    expect(scimError?.status).toBe(503);
    expect(scimError?.detail).toContain('statement timeout');
    await vi.waitFor(async () => expect(await sleepingBackends(marker)).toBe(0), { timeout: 5000, interval: 50 });
  });

  it("bounds a transaction's statements with SET LOCAL statement_timeout, which ends with the transaction", async () => {
    const error = await knex
      .transaction(async (trx) => {
        await limitTransaction(trx, 200);
        await trx.raw('select pg_sleep(30)'); // not wrapped: PostgreSQL's own timeout ends it
      })
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('57014');
    expect(scimErrorFromPg(error)?.status).toBe(503);
    // Every pooled connection still has the server's default: nothing leaked out of the transaction.
    const settings = await Promise.all([1, 2, 3, 4].map(() => knex.raw<{ rows: { statement_timeout: string }[] }>('show statement_timeout')));
    for (const setting of settings) expect(setting.rows[0]?.statement_timeout).toBe('0');
  });

  it('leaves statements unbounded with a timeout of 0 or none', async () => {
    const result = await limitStatement(knex.raw<{ rows: { ok: number }[] }>('select 1 as ok from pg_sleep(0.3)'), undefined);
    expect(result.rows[0]?.ok).toBe(1);
    const unbounded = await limitStatement(knex.raw<{ rows: { ok: number }[] }>('select 1 as ok from pg_sleep(0.3)'), 0);
    expect(unbounded.rows[0]?.ok).toBe(1);
  });
});
