/**
 * The audit trail of administration in `scim_admin_audit` (migration 0011): one insert per recorded action, made
 * on the action's own transaction when it has one, and the admin API's newest-first, offset-paged list, of one
 * tenant or of the whole installation. Ids are one identity sequence, so a larger id is a later entry.
 */
import type { Knex } from 'knex';
import { pageOf, type Page, type PageRequest } from './offset-page.js';
import { firstRow, resultRows } from './result-rows.js';

/** An audit entry to insert. `details` holds no secret: the caller builds it from names, ids and settings. */
export interface NewAuditRow {
  readonly tenantId: string;
  readonly action: string;
  readonly actor: string | null;
  readonly source: string;
  readonly tenantName: string | null;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly targetName: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** An audit entry as stored. */
export interface AuditRow {
  readonly id: string | number;
  readonly tenant_id: string;
  readonly at: Date;
  readonly action: string;
  readonly actor: string | null;
  readonly source: string;
  readonly tenant_name: string | null;
  readonly target_type: string | null;
  readonly target_id: string | null;
  readonly target_name: string | null;
  readonly details: unknown;
}

const COLUMNS = ['id', 'tenant_id', 'at', 'action', 'actor', 'source', 'tenant_name', 'target_type', 'target_id', 'target_name', 'details'] as const;

/** Inserts one entry (on `db`, which is the action's transaction when it has one). */
export async function insertAuditRow(db: Knex | Knex.Transaction, entry: NewAuditRow): Promise<void> {
  await db('scim_admin_audit').insert({
    tenant_id: entry.tenantId,
    action: entry.action,
    actor: entry.actor,
    source: entry.source,
    tenant_name: entry.tenantName,
    target_type: entry.targetType,
    target_id: entry.targetId,
    target_name: entry.targetName,
    details: JSON.stringify(entry.details),
  });
}

/** Entries newest first, of one tenant (also one deleted since) or of every tenant; with the total. */
export async function listAuditRows(db: Knex, page: PageRequest, filter: { readonly tenantId?: string } = {}): Promise<Page<AuditRow>> {
  const scoped = (): Knex.QueryBuilder => {
    const query = db('scim_admin_audit');
    if (filter.tenantId !== undefined) query.where({ tenant_id: filter.tenantId });
    return query;
  };
  const total = Number(firstRow<{ n: string | number }>(await scoped().count({ n: '*' }).first())?.n ?? 0);
  const items = resultRows<AuditRow>(await scoped().select(COLUMNS).orderBy('id', 'desc').offset(page.startIndex - 1).limit(page.count));
  return pageOf(page, total, items);
}
