/**
 * `scim_webhook_deliveries` (migration 0014): deliveries of changes to endpoints, and the delivery log.
 *
 * A pending delivery is due when `next_attempt_at` has passed, its endpoint is enabled, and no earlier delivery of
 * the same resource to the same endpoint is still pending (order per resource). Instances claim due deliveries
 * with `for update skip locked`, so two never claim the same row, and push `next_attempt_at` ahead by a lease in
 * the same transaction: the claimed delivery is then not due for anyone until the lease ends, which only happens
 * when the claiming instance died before recording the attempt (it is then sent again: at least once). An attempt
 * is recorded only while the row still carries the attempt number it was claimed with.
 */
import type { Knex } from 'knex';
import { pageOf, type Page, type PageRequest } from './offset-page.js';
import { firstRow, resultRows } from './result-rows.js';

/** The state of a delivery. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** A delivery to insert. */
export interface NewDeliveryRow {
  readonly tenant_id: string;
  readonly endpoint_id: string;
  readonly change_cursor: string;
  readonly change_type: string;
  readonly resource_type: string;
  readonly resource_id: string;
  readonly payload: Record<string, unknown>;
}

/** A delivery as the log shows it. */
export interface DeliveryRow extends NewDeliveryRow {
  readonly delivery_id: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly next_attempt_at: Date;
  readonly retry_until: Date;
  readonly last_attempt_at: Date | null;
  readonly last_status: number | null;
  readonly last_error: string | null;
  readonly created_at: Date;
  readonly completed_at: Date | null;
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDeliveryRow {
  readonly tenant_id: string;
  readonly delivery_id: string;
  readonly endpoint_id: string;
  readonly payload: Record<string, unknown>;
  readonly url: string;
  readonly secret_encrypted: string;
  /** The attempt number this claim made (1 for the first). */
  readonly attempts: number;
}

const COLUMNS = [
  'tenant_id', 'delivery_id', 'endpoint_id', 'change_cursor', 'change_type', 'resource_type', 'resource_id', 'payload', 'status', 'attempts',
  'next_attempt_at', 'retry_until', 'last_attempt_at', 'last_status', 'last_error', 'created_at', 'completed_at',
] as const;

const FEED_ROW = 'deliveries';

/** `now() + ms`, as a bound expression. */
function later(db: Knex | Knex.Transaction, ms: number): Knex.Raw {
  return db.raw(`now() + (? * interval '1 millisecond')`, [Math.max(0, Math.round(ms))]);
}

/**
 * The position up to which changes have been fanned out, locked for this transaction; undefined while another
 * instance holds it (that instance is fanning out now).
 */
export async function lockDeliveryFeed(trx: Knex.Transaction): Promise<{ txid: string; seq: string } | undefined> {
  const row = firstRow<{ txid: string; seq: string }>(
    await trx('scim_webhook_feed').where({ name: FEED_ROW }).select(trx.raw('txid::text as txid'), trx.raw('seq::text as seq')).forUpdate().skipLocked().first(),
  );
  return row;
}

/** Moves the fan-out position (in the transaction that holds its lock). */
export async function advanceDeliveryFeed(trx: Knex.Transaction, position: { txid: string; seq: string }): Promise<void> {
  await trx('scim_webhook_feed').where({ name: FEED_ROW }).update({ txid: trx.raw('?::xid8', [position.txid]), seq: position.seq });
}

/** Inserts the deliveries of one tenant, retried until `retryForMs` from now. */
export async function insertDeliveries(trx: Knex.Transaction, rows: readonly NewDeliveryRow[], retryForMs: number): Promise<void> {
  if (rows.length === 0) return;
  const until = later(trx, retryForMs);
  await trx('scim_webhook_deliveries').insert(rows.map((row) => ({ ...row, payload: JSON.stringify(row.payload), retry_until: until })));
}

/**
 * Tenants with due deliveries, the longest-waiting first: the one statement across tenants (a plain read of the
 * small pending part of the table); claiming then runs per tenant, so each locking statement stays on one tenant
 * (on a distributed schema, one shard).
 */
export async function tenantsWithDueDeliveries(db: Knex, limit: number): Promise<string[]> {
  const rows = resultRows<{ tenant_id: string }>(
    await db('scim_webhook_deliveries').where('status', 'pending').where('next_attempt_at', '<=', db.fn.now()).groupBy('tenant_id').orderBy(db.raw('min(next_attempt_at)') as unknown as string).limit(limit).select('tenant_id'),
  );
  return rows.map((row) => row.tenant_id);
}

/** Claims up to `limit` due deliveries of one tenant for `leaseMs`; see the module comment. */
export async function claimDueDeliveries(db: Knex, tenantId: string, limit: number, leaseMs: number): Promise<ClaimedDeliveryRow[]> {
  return db.transaction(async (trx) => {
    const due = resultRows<Omit<ClaimedDeliveryRow, 'attempts'>>(
      await trx('scim_webhook_deliveries as d')
        .join('scim_webhook_endpoints as e', (on) => on.on('e.tenant_id', '=', 'd.tenant_id').andOn('e.endpoint_id', '=', 'd.endpoint_id'))
        .where('d.tenant_id', tenantId)
        .where('e.tenant_id', tenantId)
        .where('d.status', 'pending')
        .where('e.enabled', true)
        .where('d.next_attempt_at', '<=', trx.fn.now())
        .whereNotExists((earlier) =>
          earlier
            .select(trx.raw('1'))
            .from('scim_webhook_deliveries as p')
            .where('p.tenant_id', tenantId)
            .whereRaw('p.endpoint_id = d.endpoint_id and p.resource_id = d.resource_id and p.delivery_id < d.delivery_id')
            .where('p.status', 'pending'),
        )
        .orderBy('d.next_attempt_at')
        .limit(limit)
        .select('d.tenant_id', trx.raw('d.delivery_id::text as delivery_id'), trx.raw('d.endpoint_id::text as endpoint_id'), 'd.payload', 'e.url', 'e.secret_encrypted')
        .forUpdate('d')
        .skipLocked(),
    );
    const claimed: ClaimedDeliveryRow[] = [];
    for (const row of due) {
      const updated = firstRow<{ attempts: number }>(
        await trx('scim_webhook_deliveries')
          .where({ tenant_id: tenantId, delivery_id: row.delivery_id })
          .update({ attempts: trx.raw('attempts + 1'), next_attempt_at: later(trx, leaseMs), last_attempt_at: trx.fn.now() })
          .returning(['attempts']),
      );
      if (updated) claimed.push({ ...row, attempts: updated.attempts });
    }
    return claimed;
  });
}

/** The outcome of one attempt. */
export interface AttemptOutcome {
  /** The HTTP status the endpoint answered, if it answered. */
  readonly status: number | null;
  /** Why the attempt failed; undefined for a success. */
  readonly error?: string;
  /** For a failure: the wait before the next attempt, or undefined to give up now. */
  readonly retryInMs?: number;
}

/**
 * Records attempt `attempt` of a claimed delivery. A failure is retried after `retryInMs` unless that falls past
 * `retry_until`, when the delivery is marked failed. False when the claim was lost (the row moved on).
 */
export async function recordAttempt(db: Knex, tenantId: string, deliveryId: string, attempt: number, outcome: AttemptOutcome): Promise<boolean> {
  const where = { tenant_id: tenantId, delivery_id: deliveryId, attempts: attempt, status: 'pending' };
  const base = { last_status: outcome.status, last_error: outcome.error?.slice(0, 500) ?? null };
  if (outcome.error === undefined) {
    return (await db('scim_webhook_deliveries').where(where).update({ ...base, status: 'succeeded', completed_at: db.fn.now() })) > 0;
  }
  const retryIn = outcome.retryInMs;
  const next = later(db, retryIn ?? 0);
  const status = retryIn === undefined ? 'failed' : db.raw(`case when now() + (? * interval '1 millisecond') <= retry_until then 'pending' else 'failed' end`, [Math.max(0, Math.round(retryIn))]);
  const completed = db.raw(`case when ? or now() + (? * interval '1 millisecond') > retry_until then now() else null end`, [retryIn === undefined, Math.max(0, Math.round(retryIn ?? 0))]);
  return (await db('scim_webhook_deliveries').where(where).update({ ...base, status, next_attempt_at: next, completed_at: completed })) > 0;
}

/** An endpoint's deliveries, newest first, with the total. */
export async function listDeliveryRows(db: Knex, tenantId: string, endpointId: string, page: PageRequest): Promise<Page<DeliveryRow>> {
  const scoped = (): Knex.QueryBuilder => db('scim_webhook_deliveries').where({ tenant_id: tenantId, endpoint_id: endpointId });
  const total = Number(firstRow<{ n: string | number }>(await scoped().count({ n: '*' }).first())?.n ?? 0);
  const items = resultRows<DeliveryRow>(
    await scoped()
      .select([...COLUMNS.filter((c) => c !== 'delivery_id' && c !== 'endpoint_id'), db.raw('delivery_id::text as delivery_id'), db.raw('endpoint_id::text as endpoint_id')])
      .orderBy('delivery_id', 'desc')
      .offset(page.startIndex - 1)
      .limit(page.count),
  );
  return pageOf(page, total, items);
}

/** Sets a delivery to be sent again now, retried for `retryForMs`; returns it, or undefined when there is none. */
export async function resetDelivery(trx: Knex.Transaction, tenantId: string, endpointId: string, deliveryId: string, retryForMs: number): Promise<DeliveryRow | undefined> {
  return firstRow<DeliveryRow>(
    await trx('scim_webhook_deliveries')
      .where({ tenant_id: tenantId, endpoint_id: endpointId, delivery_id: deliveryId })
      .update({ status: 'pending', next_attempt_at: trx.fn.now(), retry_until: later(trx, retryForMs), completed_at: null })
      .returning([...COLUMNS.filter((c) => c !== 'delivery_id' && c !== 'endpoint_id'), trx.raw('delivery_id::text as delivery_id'), trx.raw('endpoint_id::text as endpoint_id')]),
  );
}

/**
 * Deletes deliveries that succeeded or failed more than `olderThanMs` ago, of every tenant (the delivery log's
 * retention; pending deliveries are never deleted); returns how many.
 */
export async function pruneCompletedDeliveries(db: Knex, olderThanMs: number): Promise<number> {
  return db('scim_webhook_deliveries')
    .whereNot('status', 'pending')
    .where('completed_at', '<', db.raw(`now() - (? * interval '1 millisecond')`, [Math.max(0, Math.round(olderThanMs))]))
    .delete();
}
