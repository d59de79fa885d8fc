/**
 * Host knex settings that rename things, as objection's `knexSnakeCaseMappers` and `knex-stringcase` do: result
 * row keys to camelCase (`postProcessResponse`) and camelCase identifiers to snake_case (`wrapIdentifier`). The
 * store must work on a knex configured like this (see lib/store/result-rows.ts).
 */
import type { Knex } from 'knex';

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
const snake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Renames the keys of each result row to camelCase, as the common mappers do (not recursing into values). */
export function camelRows(result: unknown): unknown {
  const rename = (row: unknown): unknown =>
    typeof row === 'object' && row !== null && !Array.isArray(row) && !(row instanceof Date)
      ? Object.fromEntries(Object.entries(row).map(([key, value]) => [camel(key), value]))
      : row;
  if (Array.isArray(result)) return result.map(rename);
  if (typeof result === 'object' && result !== null && Array.isArray((result as { rows?: unknown }).rows)) {
    return { ...result, rows: (result as { rows: unknown[] }).rows.map(rename) };
  }
  return rename(result);
}

/** The knex settings of a camelCase host: renamed result keys, snake_case identifiers. */
export const CAMEL_CASE_SETTINGS: Pick<Knex.Config, 'postProcessResponse' | 'wrapIdentifier'> = {
  postProcessResponse: camelRows,
  wrapIdentifier: (value, origImpl) => origImpl(snake(value)),
};
