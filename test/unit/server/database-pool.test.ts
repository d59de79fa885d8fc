/**
 * The standalone server's pool size: `createKnex` hands `max` to knex's pool (no connection is opened here).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createKnex, DEFAULT_POOL_MAX } from '../../../lib/server/database.js';

const opened: Knex[] = [];
afterAll(async () => {
  for (const knex of opened) await knex.destroy();
});

function poolMax(max?: number): unknown {
  const knex = createKnex({ kind: 'postgres', url: 'postgres://scim@127.0.0.1:1/none' }, max === undefined ? {} : { max });
  opened.push(knex);
  return (knex.client as { config: { pool: { max: unknown } } }).config.pool.max;
}

describe('createKnex pool size', () => {
  it('uses the given max', () => {
    expect(poolMax(7)).toBe(7);
  });

  it('defaults to DEFAULT_POOL_MAX', () => {
    expect(poolMax()).toBe(DEFAULT_POOL_MAX);
  });
});
