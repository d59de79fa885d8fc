/**
 * The one place the store reads result rows, so that a host's knex settings hold for our statements (DESIGN.md §2:
 * every statement goes through the host's knex). A host may set `postProcessResponse` to rename the keys of result
 * rows, as objection's `knexSnakeCaseMappers` and `knex-stringcase` do (snake_case columns → camelCase keys); the
 * store selects snake_case columns and reads them back under those names. Supported: a `postProcessResponse` that
 * returns the result as it is, or renames the keys of each row (of a query builder's array, or of a raw result's
 * `rows`) reversibly to camelCase, leaving values alone (no recursion into jsonb values such as `doc`).
 */

/** A row with its keys as the statement selected them (snake_case). */
function snakeKeyed<Row>(row: unknown): Row {
  if (typeof row !== 'object' || row === null) return row as Row;
  const keys = Object.keys(row);
  if (!keys.some((key) => /[A-Z]/.test(key))) return row as Row;
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = (row as Record<string, unknown>)[key];
  return out as Row;
}

/**
 * The rows of a statement's result: a query builder's array, a raw result's `rows`, or a `first()` row (one row or
 * undefined), with keys normalised to the selected snake_case columns.
 */
export function resultRows<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result.map((row) => snakeKeyed<Row>(row));
  if (typeof result === 'object' && result !== null && Array.isArray((result as { rows?: unknown }).rows)) {
    return ((result as { rows: unknown[] }).rows).map((row) => snakeKeyed<Row>(row));
  }
  return result === undefined || result === null ? [] : [snakeKeyed<Row>(result)];
}

/** The first row of a statement's result (see {@link resultRows}), or undefined. */
export function firstRow<Row>(result: unknown): Row | undefined {
  return resultRows<Row>(result)[0];
}
