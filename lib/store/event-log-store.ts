/**
 * The event log in `scim_event_log`: batched inserts, the per-tenant trim, and the admin API's reads. Ids are one
 * identity sequence, so within a tenant a larger id is a later write; the trim and keyset paging rely on that.
 */
import type { Knex } from 'knex';
import type { EventDetail, EventRecord, EventSummary } from './event-log-records.js';
import { firstRow, resultRows } from './result-rows.js';

interface EventRow {
  id: string | number;
  at: Date;
  request_id: string;
  method: string;
  path: string;
  query: string | null;
  status: number;
  duration_ms: number;
  provider: string | null;
  user_agent: string | null;
  resource_type: string | null;
  resource_id: string | null;
  credential_name: string | null;
  credential_kind: string | null;
  request_body?: string | null;
  response_body?: string | null;
  ignored_attributes?: unknown;
}

const SUMMARY_COLUMNS = ['id', 'at', 'request_id', 'method', 'path', 'query', 'status', 'duration_ms', 'provider', 'user_agent', 'resource_type', 'resource_id', 'credential_name', 'credential_kind'] as const;

function toSummary(row: EventRow): EventSummary {
  return {
    id: String(row.id),
    at: new Date(row.at),
    requestId: row.request_id,
    method: row.method,
    path: row.path,
    query: row.query,
    status: row.status,
    durationMs: Number(row.duration_ms),
    provider: row.provider,
    userAgent: row.user_agent,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    credentialName: row.credential_name,
    credentialKind: row.credential_kind,
  };
}

/**
 * Inserts events with one statement per tenant (a single tenant's statement runs on one shard when the schema is
 * distributed by `tenant_id`, docs/scaling.md), each with the rows as a JSON array read by `json_to_recordset` into
 * typed columns, which is cheaper than extracting each field with `->>` from `jsonb` (most of all on PGlite, where
 * the database runs on the server's own thread). `json`, not `jsonb`: the text is read once, so converting it to
 * `jsonb` first only costs.
 * Absent values are left out of a row (JSON.stringify skips undefined) and read as NULL. Rows of tenants deleted
 * since the request was made are skipped (they would break the foreign key and with it the whole batch);
 * ordinality keeps ids in arrival order. Several tenants' statements run in one transaction.
 */
export async function insertEvents(db: Knex, records: readonly EventRecord[]): Promise<void> {
  if (records.length === 0) return;
  const byTenant = new Map<string, EventRecord[]>();
  for (const r of records) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r]);
  await eachTenant(db, [...byTenant], (trx, [tenantId, tenantRecords]) => insertTenantEvents(trx, tenantId, tenantRecords));
}

async function insertTenantEvents(db: Knex, tenantId: string, records: readonly EventRecord[]): Promise<void> {
  const rows = records.map((r) => ({
    at: r.at.toISOString(),
    rid: r.requestId,
    m: r.method,
    p: r.path,
    q: r.query,
    s: r.status,
    d: Math.round(r.durationMs * 1000) / 1000,
    pv: r.provider,
    ua: r.userAgent,
    rt: r.resourceType,
    ri: r.resourceId,
    rq: r.requestBody,
    rs: r.responseBody,
    cn: r.credentialName,
    ck: r.credentialKind,
    ia: r.ignoredAttributes,
  }));
  await db.raw(
    `insert into scim_event_log (tenant_id, at, request_id, method, path, query, status, duration_ms, provider, user_agent,
                                 resource_type, resource_id, request_body, response_body, credential_name, credential_kind,
                                 ignored_attributes)
     select ?::text, x.at, x.rid, x.m, x.p, x.q, x.s, x.d, x.pv, x.ua, x.rt, x.ri, x.rq, x.rs, x.cn, x.ck, x.ia
       from rows from (json_to_recordset(?::json) as (at timestamptz, rid text, m text, p text, q text, s int, d real,
                                                     pv text, ua text, rt text, ri text, rq text, rs text, cn text, ck text,
                                                     ia jsonb))
            with ordinality as x(at, rid, m, p, q, s, d, pv, ua, rt, ri, rq, rs, cn, ck, ia, n)
      where exists (select 1 from scim_tenants t where t.tenant_id = ?)
      order by x.n`,
    [tenantId, JSON.stringify(rows), tenantId],
  );
}

/** Runs `work` for each item: alone as one statement, or several in one transaction. */
async function eachTenant<T>(db: Knex, items: readonly T[], work: (db: Knex, item: T) => Promise<void>): Promise<void> {
  if (items.length === 1) return work(db, items[0] as T);
  await db.transaction(async (trx) => {
    for (const item of items) await work(trx, item);
  });
}

/**
 * Keeps the newest `keep` events of each tenant given: one statement per tenant, an index probe for the cut-off id
 * (the N-th newest), then a range delete below it on the primary key.
 */
export async function trimEvents(db: Knex, keepByTenant: ReadonlyMap<string, number>): Promise<void> {
  if (keepByTenant.size === 0) return;
  await eachTenant(db, [...keepByTenant], async (trx, [tenantId, keep]) => {
    const n = Math.max(0, Math.floor(keep));
    if (n === 0) {
      await trx.raw('delete from scim_event_log e where e.tenant_id = ?', [tenantId]);
      return;
    }
    await trx.raw(
      `delete from scim_event_log e
        where e.tenant_id = ?
          and e.id < (select l.id from scim_event_log l where l.tenant_id = ? order by l.id desc offset ? limit 1)`,
      [tenantId, tenantId, n - 1],
    );
  });
}

/** Filters of the event log list. */
export interface EventFilter {
  /** `2xx`, `4xx`, `5xx` or `error` (any status ≥ 400). */
  readonly statusClass?: '2xx' | '3xx' | '4xx' | '5xx' | 'error';
  /** `Users`, `Groups`, … (the first path segment), or `other` for everything else. */
  readonly resource?: string;
  /** Only events with this request id. */
  readonly requestId?: string;
  /** Only events about this resource id (from the path, or the `Location` of a create). */
  readonly resourceId?: string;
  /** Only this HTTP method. */
  readonly method?: string;
  /** Only events with an id below this (keyset paging: the id of the last row of the previous page). */
  readonly before?: string;
  /** Page size. */
  readonly limit: number;
}

function applyFilter(query: Knex.QueryBuilder, filter: Omit<EventFilter, 'before' | 'limit'>): void {
  const cls = filter.statusClass;
  if (cls === 'error') query.where('status', '>=', 400);
  else if (cls) {
    const base = Number(cls[0]) * 100;
    query.where('status', '>=', base).andWhere('status', '<', base + 100);
  }
  if (filter.resource === 'other') query.where((q) => q.whereNull('resource_type').orWhereNotIn('resource_type', ['Users', 'Groups']));
  else if (filter.resource) query.where('resource_type', filter.resource);
  if (filter.requestId) query.where('request_id', filter.requestId);
  if (filter.resourceId) query.where('resource_id', filter.resourceId);
  if (filter.method) query.where('method', filter.method.toUpperCase());
}

/** A page of a tenant's events, newest first, and how many match in all. */
export async function listEvents(db: Knex, tenantId: string, filter: EventFilter): Promise<{ total: number; events: EventSummary[] }> {
  const base = (): Knex.QueryBuilder => {
    const q = db('scim_event_log').where('tenant_id', tenantId);
    applyFilter(q, filter);
    return q;
  };
  // The log is bounded per tenant (eventLogSize), so counting it is cheap.
  const [counted] = resultRows<{ count: string | number }>(await base().count({ count: '*' }));
  const page = base().select([...SUMMARY_COLUMNS]);
  if (filter.before && /^\d{1,19}$/.test(filter.before)) page.where('id', '<', filter.before);
  const rows = resultRows<EventRow>(await page.orderBy('id', 'desc').limit(filter.limit));
  return { total: Number(counted?.count ?? 0), events: rows.map(toSummary) };
}

/** One event with its bodies, or undefined. */
export async function getEvent(db: Knex, tenantId: string, id: string): Promise<EventDetail | undefined> {
  if (!/^\d{1,19}$/.test(id)) return undefined;
  const row = firstRow<EventRow>(await db('scim_event_log').where({ tenant_id: tenantId, id }).first([...SUMMARY_COLUMNS, 'request_body', 'response_body', 'ignored_attributes']));
  if (!row) return undefined;
  const ignored = Array.isArray(row.ignored_attributes) ? row.ignored_attributes.filter((name): name is string => typeof name === 'string') : [];
  return { ...toSummary(row), requestBody: row.request_body ?? null, responseBody: row.response_body ?? null, ignoredAttributes: ignored };
}

/** What the tenant status panel shows about recent requests. */
export interface EventActivity {
  readonly last: EventSummary | undefined;
  readonly requestsSince: number;
  readonly errorsSince: number;
}

/** The newest event and the request and error counts since `since` (within the kept log). */
export async function eventActivity(db: Knex, tenantId: string, since: Date): Promise<EventActivity> {
  const last = firstRow<EventRow>(await db('scim_event_log').where('tenant_id', tenantId).orderBy('id', 'desc').first([...SUMMARY_COLUMNS]));
  const [counts] = resultRows<{ requests: string | number; errors: string | number }>(
    await db('scim_event_log')
      .where('tenant_id', tenantId)
      .andWhere('at', '>=', since)
      .select(db.raw('count(*) as requests'), db.raw('count(*) filter (where status >= 400) as errors')),
  );
  return { last: last ? toSummary(last) : undefined, requestsSince: Number(counts?.requests ?? 0), errorsSince: Number(counts?.errors ?? 0) };
}
