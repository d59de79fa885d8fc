/**
 * The deprovisioning guard's part of a user write (`scim_deprovisions`, migration 0013): a data-modifying CTE that
 * the write statements of user-writes.ts add, so that counting a departure, holding a change or releasing a hold
 * commits with the write it belongs to, in the same statement. Each CTE is guarded by `exists (select 1 from u)`:
 * it writes only when the user row was written.
 */
import type { Knex } from 'knex';
import { changeRowsBindings } from './change-rows.js';
import type { NewChange } from './changes-store.js';

/** What a write does to the guard's record of the user. */
export type DeprovisionRecord =
  /** A departure that went through: counted in the sliding window of `windowMinutes` (older uncounted rows pruned). */
  | { readonly action: 'count'; readonly windowMinutes: number }
  /**
   * A change held from the host: its feed rows go to the user's held record instead of the feed. `kind` is the
   * departure held, or undefined for a further change to a user already held (appended to the hold).
   */
  | {
      readonly action: 'hold';
      readonly kind: 'deactivate' | 'delete' | undefined;
      readonly previous: Readonly<Record<string, unknown>>;
      readonly provider: string | undefined;
      readonly credential: string | undefined;
    }
  /** The user's hold ends (a reactivation): its record goes, the write's own feed rows are written as usual. */
  | { readonly action: 'release' };

/** CTEs (`name as (…)`, in order) and their bindings. */
export interface GuardCtes {
  readonly ctes: string[];
  readonly bindings: Knex.Value[];
}

const WRITTEN = 'exists (select 1 from u)';

/**
 * The CTEs of `record` for user `userId`, to add to a statement whose written user row is the CTE `u`. A `hold`
 * takes the write's `changes` (they must not also go to the feed).
 */
export function deprovisionCtes(tenantId: string, userId: string, record: DeprovisionRecord, changes: readonly NewChange[]): GuardCtes {
  const out: GuardCtes = { ctes: [], bindings: [] };
  if (record.action === 'count') {
    out.ctes.push(
      `dp as (delete from scim_deprovisions where tenant_id = ? and user_id <> ? and not held and at < now() - make_interval(mins => ?))`,
      `dc as (insert into scim_deprovisions (tenant_id, user_id) select ?, ? where ${WRITTEN}
               on conflict (tenant_id, user_id) do update set at = now() where not scim_deprovisions.held)`,
    );
    out.bindings.push(tenantId, userId, record.windowMinutes, tenantId, userId);
  } else if (record.action === 'hold') {
    const [, rows] = changeRowsBindings(tenantId, changes);
    out.ctes.push(
      `dh as (insert into scim_deprovisions as d (tenant_id, user_id, held, kind, provider, credential, previous, changes)
               select ?, ?, true, ?, ?, ?, ?::jsonb, ?::jsonb where ${WRITTEN}
               on conflict (tenant_id, user_id) do update
                 set held = true,
                     kind = coalesce(case when excluded.kind = 'delete' then 'delete' end, case when d.held then d.kind end, excluded.kind),
                     at = case when excluded.kind is null then d.at else now() end,
                     provider = coalesce(excluded.provider, d.provider),
                     credential = coalesce(excluded.credential, d.credential),
                     previous = case when d.held then d.previous else excluded.previous end,
                     changes = case when d.held then d.changes || excluded.changes else excluded.changes end)`,
    );
    out.bindings.push(tenantId, userId, record.kind ?? null, record.provider ?? null, record.credential ?? null, JSON.stringify(record.previous), rows);
  } else {
    out.ctes.push(`dr as (delete from scim_deprovisions where tenant_id = ? and user_id = ? and held and ${WRITTEN})`);
    out.bindings.push(tenantId, userId);
  }
  return out;
}
