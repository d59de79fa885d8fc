/**
 * Prepared statements by name (named-statements.ts): on PostgreSQL a statement runs prepared under a name derived
 * from its text; behind PgBouncer in transaction mode, where a server connection has lost the statement or already
 * has it, the statement runs again unnamed and the directory stops naming.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import { inject } from 'vitest';
import { MAX_NAMED_TEXTS, StatementNames } from '../../../lib/store/named-statements.js';
import { resultRows } from '../../../lib/store/result-rows.js';
import { runStatement } from '../../../lib/store/statement-limits.js';
import { createEmptyDatabase, memoryPgliteKnex, testKnex } from '../../support/database.js';

/** Records the prepared-statement name each statement of `knex` was sent with (undefined: unnamed). */
function recordNames(knex: Knex): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  knex.on('query', (query: { options?: { name?: string } }) => names.push(query.options?.name));
  return names;
}

const plusOne = (knex: Knex, n: number): Knex.Raw => knex.raw('select ?::int + 1 as n', [n]);
const valueOf = (result: unknown): number => Number(resultRows<{ n: number }>(result)[0]?.n);

describe('named statements on PostgreSQL', () => {
  let knex: Knex;
  beforeAll(() => {
    knex = testKnex({ max: 1 });
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it('prepares a statement under a name derived from its text, the same name for the same text', async () => {
    const names = new StatementNames();
    const sent = recordNames(knex);
    expect(valueOf(await names.run(plusOne(knex, 1)))).toBe(2);
    expect(valueOf(await names.run(plusOne(knex, 41)))).toBe(42);
    expect(valueOf(await names.run(knex.raw('select ?::int + 2 as n', [1])))).toBe(3);
    expect(sent[0]).toMatch(/^scim_[\w-]{22}$/);
    expect(sent[1]).toBe(sent[0]);
    expect(sent[2]).toMatch(/^scim_/);
    expect(sent[2]).not.toBe(sent[0]);
    // Another directory on the same knex gives the same text the same name, so the connection's cache agrees.
    await new StatementNames().run(plusOne(knex, 2));
    expect(sent[3]).toBe(sent[0]);
    const kept = await knex.raw('select name from pg_prepared_statements');
    expect(resultRows<{ name: string }>(kept).map((row) => row.name)).toEqual(expect.arrayContaining([sent[0], sent[2]]));
  });

  it(`names at most ${MAX_NAMED_TEXTS} distinct texts and runs the others unnamed`, async () => {
    const names = new StatementNames();
    const sent = recordNames(knex);
    for (let i = 0; i <= MAX_NAMED_TEXTS; i += 1) await names.run(knex.raw(`select ?::int + ${i} as n`, [0]));
    expect(sent.slice(0, MAX_NAMED_TEXTS).every((name) => name?.startsWith('scim_'))).toBe(true);
    expect(sent[MAX_NAMED_TEXTS]).toBeUndefined();
    await names.run(knex.raw('select ?::int + 0 as n', [0]));
    expect(sent.at(-1)).toBe(sent[0]);
  });

  it('passes any other error on and keeps naming', async () => {
    const names = new StatementNames(() => expect.unreachable('turned off'));
    await expect(names.run(knex.raw('select 1 / ?::int as n', [0]))).rejects.toMatchObject({ code: '22012' });
    expect(names.on).toBe(true);
  });

  it('runStatement names only with names given, and never on PGlite', async () => {
    const sent = recordNames(knex);
    expect(valueOf(await runStatement(plusOne(knex, 1), { timeoutMs: 1000 }))).toBe(2);
    expect(valueOf(await runStatement(plusOne(knex, 1), { timeoutMs: 1000, names: new StatementNames() }))).toBe(2);
    expect(sent).toEqual([undefined, expect.stringMatching(/^scim_/)]);
    const pglite = memoryPgliteKnex();
    try {
      const onPglite = recordNames(pglite);
      expect(valueOf(await runStatement(plusOne(pglite, 1), { names: new StatementNames() }))).toBe(2);
      expect(onPglite).toEqual([undefined]);
    } finally {
      await pglite.destroy();
    }
  });
});

describe('named statements behind PgBouncer in transaction mode', () => {
  // A database of its own, so PgBouncer's pool for it holds the one server connection these tests use.
  let url: string;
  const knexes: Knex[] = [];
  const client = (): Knex => {
    const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    knexes.push(knex);
    return knex;
  };
  beforeAll(async () => {
    const database = new URL(await createEmptyDatabase()).pathname;
    const bouncer = new URL(inject('pgBouncerUrl'));
    bouncer.pathname = database;
    url = bouncer.toString();
  });
  afterAll(async () => {
    await Promise.all(knexes.map((knex) => knex.destroy()));
  });

  it('a statement the server connection already holds (42P05) runs again unnamed, and naming stops', async () => {
    const errors: unknown[] = [];
    const names = new StatementNames((error) => errors.push(error));
    const [first, second] = [client(), client()];
    const sent = recordNames(second);
    expect(valueOf(await names.run(plusOne(first, 1)))).toBe(2);
    // The second client has not prepared it, so it sends the text again to the same server connection.
    expect(valueOf(await names.run(plusOne(second, 2)))).toBe(3);
    expect(errors).toEqual([expect.objectContaining({ code: '42P05' })]);
    expect(names.on).toBe(false);
    expect(sent).toEqual([expect.stringMatching(/^scim_/), undefined]);
    expect(valueOf(await names.run(plusOne(second, 3)))).toBe(4);
    expect(sent.at(-1)).toBeUndefined();
  });

  it('a statement the server connection has lost (26000) runs again unnamed, and naming stops', async () => {
    const errors: unknown[] = [];
    const names = new StatementNames((error) => errors.push(error));
    const [owner, other] = [client(), client()];
    await other.raw('deallocate all');
    expect(valueOf(await names.run(plusOne(owner, 1)))).toBe(2);
    // Another client empties the server connection; the owner's driver still believes the statement prepared.
    await other.raw('deallocate all');
    expect(valueOf(await names.run(plusOne(owner, 5)))).toBe(6);
    expect(errors).toEqual([expect.objectContaining({ code: '26000' })]);
    expect(names.on).toBe(false);
  });
});
