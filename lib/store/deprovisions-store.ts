/**
 * Reads and decisions of the deprovisioning guard's records (`scim_deprovisions`, migration 0013): where a tenant
 * stands against its threshold, the held changes an administrator reviews, and releasing held deactivations into
 * the change feed. The rows are written with the user writes they belong to (deprovision-rows.ts).
 */
import type { Knex } from 'knex';
import { insertChangesSelectedSql } from './change-rows.js';
import { firstRow, resultRows } from './result-rows.js';

/** Where a tenant stands when a user is about to be deactivated or deleted. */
export interface GuardStanding {
  /** The user has a held change already. */
  readonly userHeld: boolean;
  /** The tenant has held changes waiting for an administrator. */
  readonly anyHeld: boolean;
  /** Other users deactivated or deleted within the window. */
  readonly recent: number;
  /** Active live users now; read only when `recent + 1` reaches `minimum` (else undefined). */
  readonly active: number | undefined;
}

/**
 * One small statement: the user's and the tenant's holds and the window's count; the tenant's active users are
 * counted only when the window is near the threshold's minimum, so a quiet tenant never pays for that count.
 */
export async function guardStanding(db: Knex, tenantId: string, userId: string, windowMinutes: number, minimum: number): Promise<GuardStanding> {
  const row = firstRow<{ user_held: boolean; any_held: boolean; recent: string | number; active: string | number | null }>(
    await db.raw(
      `select w.user_held, w.any_held, w.recent,
              case when w.recent + 1 >= ? then (select count(*) from scim_users u where u.tenant_id = ? and u.active and u.deleted_at is null) end as active
         from (select coalesce(bool_or(held and user_id = ?), false) as user_held,
                      coalesce(bool_or(held), false) as any_held,
                      count(*) filter (where user_id <> ? and at > now() - make_interval(mins => ?)) as recent
                 from scim_deprovisions where tenant_id = ?) w`,
      [minimum, tenantId, userId, userId, windowMinutes, tenantId],
    ),
  );
  return {
    userHeld: row?.user_held === true,
    anyHeld: row?.any_held === true,
    recent: Number(row?.recent ?? 0),
    active: row?.active === null || row?.active === undefined ? undefined : Number(row.active),
  };
}

/** A held change as the admin API lists it. */
export interface HeldChangeRow {
  readonly user_id: string;
  readonly kind: 'deactivate' | 'delete';
  readonly at: Date;
  readonly provider: string | null;
  readonly credential: string | null;
  readonly previous: Record<string, unknown>;
  readonly changes: { readonly type: string }[];
}

/** The tenant's held changes, oldest first, up to `limit`. */
export async function listHeldChanges(db: Knex, tenantId: string, limit: number): Promise<HeldChangeRow[]> {
  return resultRows<HeldChangeRow>(
    await db('scim_deprovisions')
      .select('user_id', 'kind', 'at', 'provider', 'credential', 'previous', 'changes')
      .where({ tenant_id: tenantId, held: true })
      .orderBy([{ column: 'at' }, { column: 'user_id' }])
      .limit(limit),
  );
}

/** How many held changes a tenant has, by kind and by provider. */
export interface HeldCounts {
  readonly deactivate: number;
  readonly delete: number;
  readonly providers: { readonly provider: string | null; readonly credential: string | null; readonly count: number }[];
}

/** The tenant's held changes counted by kind and by sender. */
export async function countHeldChanges(db: Knex, tenantId: string): Promise<HeldCounts> {
  const rows = resultRows<{ kind: string; provider: string | null; credential: string | null; n: string | number }>(
    await db('scim_deprovisions')
      .select('kind', 'provider', 'credential')
      .count({ n: '*' })
      .where({ tenant_id: tenantId, held: true })
      .groupBy('kind', 'provider', 'credential'),
  );
  const providers = new Map<string, { provider: string | null; credential: string | null; count: number }>();
  let deactivate = 0;
  let deleted = 0;
  for (const row of rows) {
    const n = Number(row.n);
    if (row.kind === 'delete') deleted += n;
    else deactivate += n;
    const key = JSON.stringify([row.provider, row.credential]);
    const entry = providers.get(key) ?? { provider: row.provider, credential: row.credential, count: 0 };
    entry.count += n;
    providers.set(key, entry);
  }
  return { deactivate, delete: deleted, providers: [...providers.values()] };
}

/** How many held changes the tenant has. */
export async function countHeld(db: Knex, tenantId: string): Promise<number> {
  const row = firstRow<{ n: string | number }>(await db('scim_deprovisions').count({ n: '*' }).where({ tenant_id: tenantId, held: true }));
  return Number(row?.n ?? 0);
}

/** The held deletion of the user with this userName (its tombstone kept for the hold), if there is one. */
export async function heldDeletionOf(db: Knex, tenantId: string, userName: string): Promise<string | undefined> {
  const row = firstRow<{ user_id: string }>(
    await db.raw(
      `select d.user_id from scim_deprovisions d join scim_users u on u.tenant_id = d.tenant_id and u.id = d.user_id
        where d.tenant_id = ? and d.held and d.kind = 'delete' and u.user_name_key = ? and u.deleted_at is not null
        limit 1`,
      [tenantId, userName.toLowerCase()],
    ),
  );
  return row?.user_id;
}

/** Held changes per tenant, every tenant at once (for `/metrics` and the directory list). */
export async function heldChangesByTenant(db: Knex): Promise<Map<string, number>> {
  const rows = resultRows<{ tenant_id: string; n: string | number }>(
    await db('scim_deprovisions').select('tenant_id').count({ n: '*' }).where('held', true).groupBy('tenant_id'),
  );
  return new Map(rows.map((row) => [row.tenant_id, Number(row.n)]));
}

/** The held records of `userIds` (every held one when undefined), locked until the transaction ends. */
export async function lockHeldChanges(trx: Knex.Transaction, tenantId: string, userIds: readonly string[] | undefined): Promise<HeldChangeRow[]> {
  const query = trx('scim_deprovisions')
    .select('user_id', 'kind', 'at', 'provider', 'credential', 'previous', 'changes')
    .where({ tenant_id: tenantId, held: true })
    .orderBy([{ column: 'at' }, { column: 'user_id' }])
    .forUpdate();
  if (userIds !== undefined) query.whereIn('user_id', [...userIds]);
  return resultRows<HeldChangeRow>(await query);
}

/**
 * Ends the holds of `userIds`: their records go and, with `release`, their withheld feed rows are appended to the
 * change feed in the order they were held; one statement. Returns how many records went.
 */
export async function endHolds(db: Knex, tenantId: string, userIds: readonly string[], release: boolean): Promise<number> {
  if (userIds.length === 0) return 0;
  const feed = release
    ? `, c as (${insertChangesSelectedSql(`select d.tenant_id, x.type, x.resource_type, x.resource_id, x.data
            from d cross join lateral rows from (jsonb_to_recordset(d.changes) as (type text, resource_type text, resource_id uuid, data jsonb))
                 with ordinality as x(type, resource_type, resource_id, data, ord)
           order by d.at, d.user_id, x.ord`)})`
    : '';
  const result = await db.raw(
    `with d as (delete from scim_deprovisions where tenant_id = ? and held and user_id = any(?::uuid[]) returning tenant_id, user_id, at, changes)${feed}
     select count(*) as n from d`,
    [tenantId, [...userIds]],
  );
  return Number(firstRow<{ n: string | number }>(result)?.n ?? 0);
}
