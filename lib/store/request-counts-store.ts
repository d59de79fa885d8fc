/**
 * The hourly request counters in `scim_request_counts`: batched upserts from each instance's counter, the prune of
 * rows past the longest chart, and the reads of the health state and charts. Every statement names its tenants.
 */
import type { Knex } from 'knex';
import { resultRows } from './result-rows.js';

/** Counts of one tenant in one hour, as one instance adds them. */
export interface RequestCountDelta {
  readonly tenantId: string;
  /** The start of the hour (UTC). */
  readonly hour: Date;
  readonly requests: number;
  /** Responses with status 400 or more. */
  readonly errors: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  readonly lastRequestAt: Date;
  /** The latest response below 400 in this batch, if any. */
  readonly lastSuccessAt: Date | undefined;
  /** The identity provider of the latest request, if known. */
  readonly provider: string | undefined;
}

/** Runs `work` per tenant: alone as one statement, or several in one transaction. */
async function eachTenant<T>(db: Knex, byTenant: ReadonlyMap<string, T>, work: (db: Knex, tenantId: string, item: T) => Promise<void>): Promise<void> {
  const entries = [...byTenant];
  if (entries.length === 1) return work(db, ...(entries[0] as [string, T]));
  await db.transaction(async (trx) => {
    for (const [tenantId, item] of entries) await work(trx, tenantId, item);
  });
}

/**
 * Adds deltas to their rows, one statement per tenant (so each runs on one shard when the schema is distributed by
 * `tenant_id`, docs/scaling.md): the rows as one JSON parameter, inserted or added to. Deltas of tenants deleted
 * meanwhile are skipped (the foreign key would fail the batch).
 */
export async function addRequestCounts(db: Knex, deltas: readonly RequestCountDelta[]): Promise<void> {
  const byTenant = new Map<string, RequestCountDelta[]>();
  for (const d of deltas) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d]);
  await eachTenant(db, byTenant, (trx, tenantId, tenantDeltas) => addTenantCounts(trx, tenantId, tenantDeltas));
}

async function addTenantCounts(db: Knex, tenantId: string, deltas: readonly RequestCountDelta[]): Promise<void> {
  const rows = deltas.map((d) => ({
    h: d.hour.toISOString(),
    r: d.requests,
    e: d.errors,
    c: d.clientErrors,
    s: d.serverErrors,
    lr: d.lastRequestAt.toISOString(),
    ls: d.lastSuccessAt?.toISOString(),
    p: d.provider,
  }));
  await db.raw(
    `insert into scim_request_counts as c (tenant_id, hour, requests, errors, client_errors, server_errors, last_request_at, last_success_at, provider)
     select ?::text, x.h, x.r, x.e, x.c, x.s, x.lr, x.ls, x.p
       from json_to_recordset(?::json) as x(h timestamptz, r int, e int, c int, s int, lr timestamptz, ls timestamptz, p text)
      where exists (select 1 from scim_tenants t where t.tenant_id = ?)
     on conflict (tenant_id, hour) do update set
       requests = c.requests + excluded.requests,
       errors = c.errors + excluded.errors,
       client_errors = c.client_errors + excluded.client_errors,
       server_errors = c.server_errors + excluded.server_errors,
       last_request_at = greatest(c.last_request_at, excluded.last_request_at),
       last_success_at = greatest(c.last_success_at, excluded.last_success_at),
       provider = coalesce(excluded.provider, c.provider)`,
    [tenantId, JSON.stringify(rows), tenantId],
  );
}

/** Deletes the given tenants' rows of hours before `before`, one statement per tenant. */
export async function pruneRequestCounts(db: Knex, tenantIds: readonly string[], before: Date): Promise<void> {
  await eachTenant(db, new Map(tenantIds.map((t) => [t, undefined])), async (trx, tenantId) => {
    await trx('scim_request_counts').where('tenant_id', tenantId).andWhere('hour', '<', before).delete();
  });
}

/** What the health state is computed from, per tenant. */
export interface TenantActivityFacts {
  readonly tenantId: string;
  readonly lastRequestAt: Date | null;
  readonly lastSuccessAt: Date | null;
  /** The provider of the newest hour that named one. */
  readonly provider: string | null;
  /** Requests and errors in the hours from `windowStart` on. */
  readonly windowRequests: number;
  readonly windowErrors: number;
  /** The earliest expiry of the tenant's active credentials, if any expires. */
  readonly nextCredentialExpiry: Date | null;
  /** Changes the deprovisioning guard holds for an administrator's decision. */
  readonly heldChanges: number;
}

interface FactsRow {
  tenant_id: string;
  last_request_at: Date | null;
  last_success_at: Date | null;
  provider: string | null;
  window_requests: string | number | null;
  window_errors: string | number | null;
  next_expiry: Date | null;
  held_changes: string | number | null;
}

/**
 * The activity facts of the given tenants (every tenant when `tenantIds` is undefined): one statement, index probes
 * on `(tenant_id, hour)` per tenant. `now` decides which credentials count as active.
 */
export async function tenantActivityFacts(db: Knex, tenantIds: readonly string[] | undefined, windowStart: Date, now: Date): Promise<TenantActivityFacts[]> {
  const query = db('scim_tenants as t').select(
    't.tenant_id',
    db.raw('(select max(c.last_request_at) from scim_request_counts c where c.tenant_id = t.tenant_id) as last_request_at'),
    db.raw('(select max(c.last_success_at) from scim_request_counts c where c.tenant_id = t.tenant_id) as last_success_at'),
    db.raw('(select c.provider from scim_request_counts c where c.tenant_id = t.tenant_id and c.provider is not null order by c.hour desc limit 1) as provider'),
    db.raw('(select sum(c.requests) from scim_request_counts c where c.tenant_id = t.tenant_id and c.hour >= ?) as window_requests', [windowStart]),
    db.raw('(select sum(c.errors) from scim_request_counts c where c.tenant_id = t.tenant_id and c.hour >= ?) as window_errors', [windowStart]),
    db.raw(
      '(select min(k.expires_at) from scim_credentials k where k.tenant_id = t.tenant_id and k.revoked_at is null and k.expires_at > ?) as next_expiry',
      [now],
    ),
    db.raw('(select count(*) from scim_deprovisions d where d.tenant_id = t.tenant_id and d.held) as held_changes'),
  );
  if (tenantIds) query.whereIn('t.tenant_id', [...tenantIds]);
  const rows = resultRows<FactsRow>(await query);
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    lastRequestAt: r.last_request_at ? new Date(r.last_request_at) : null,
    lastSuccessAt: r.last_success_at ? new Date(r.last_success_at) : null,
    provider: r.provider,
    windowRequests: Number(r.window_requests ?? 0),
    windowErrors: Number(r.window_errors ?? 0),
    nextCredentialExpiry: r.next_expiry ? new Date(r.next_expiry) : null,
    heldChanges: Number(r.held_changes ?? 0),
  }));
}

/** Requests and errors of one period. */
export interface CountBucket {
  /** Start of the hour or day (UTC). */
  readonly start: Date;
  readonly requests: number;
  readonly errors: number;
}

/** One tenant's counts from `since` on, grouped by hour or by UTC day, oldest first; periods without rows are absent. */
export async function requestCountHistory(db: Knex, tenantId: string, since: Date, unit: 'hour' | 'day'): Promise<CountBucket[]> {
  const period = unit === 'hour' ? 'hour' : "date_trunc('day', hour at time zone 'UTC') at time zone 'UTC'";
  const rows = resultRows<{ start: Date; requests: string | number; errors: string | number }>(
    await db.raw(
      `select ${period} as start, sum(requests) as requests, sum(errors) as errors
         from scim_request_counts where tenant_id = ? and hour >= ?
        group by 1 order by 1`,
      [tenantId, since],
    ),
  );
  return rows.map((r) => ({ start: new Date(r.start), requests: Number(r.requests), errors: Number(r.errors) }));
}
