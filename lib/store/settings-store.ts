/**
 * Instance-wide settings in `scim_settings` (key → jsonb) that every instance on one database must share, such as
 * signing keys: created once by whichever instance needs them first, read by all.
 */
import type { Knex } from 'knex';
import { firstRow } from './result-rows.js';

/**
 * The stored value of `key`, inserting `create()`'s value first when there is none. Concurrent first calls agree:
 * the insert is `on conflict do nothing`, and every caller then reads the row that won.
 */
export async function settingOnce(db: Knex, key: string, create: () => Record<string, unknown>): Promise<Record<string, unknown>> {
  await db('scim_settings').insert({ key, value: JSON.stringify(create()) }).onConflict('key').ignore();
  const row = firstRow<{ value: unknown }>(await db('scim_settings').where({ key }).first('value'));
  if (!row || typeof row.value !== 'object' || row.value === null || Array.isArray(row.value)) {
    throw new Error(`scim_settings "${key}" holds no object`);
  }
  return row.value as Record<string, unknown>;
}
