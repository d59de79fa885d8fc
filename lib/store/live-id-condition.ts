/**
 * How a lookup of one live user or group by id is written, so that it uses the live-row id index (migration 0005:
 * `(tenant_id, id) where deleted_at is null and revision > 0`) whatever the table's statistics say, including on a
 * table not analysed yet (a directory being filled). `revision` starts at 1, so `revision > 0` never excludes a row;
 * stating it lets the planner match that index's predicate, which no other index has, so it never ties with the
 * indexes that lead with `tenant_id` alone.
 */

/** The condition, over the table alias `alias` when given (the caller's constant, never client input). */
export function liveIdCondition(alias?: string): string {
  const prefix = alias === undefined ? '' : `${alias}.`;
  return `${prefix}deleted_at is null and ${prefix}revision > 0`;
}
