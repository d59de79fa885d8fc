/**
 * The change feed `scim_changes` (DESIGN.md §3): append-only, written in the same transaction as the change it
 * records, so a host that reads it after being down misses nothing and never sees a change that was rolled back.
 * The rows are written by change-rows.ts; this module holds their types and a plain reader.
 */
import type { Knex } from 'knex';
import { resultRows } from './result-rows.js';

/** What happened. */
export type ChangeType =
  | 'user.created'
  | 'user.updated'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.deleted'
  | 'user.roles.changed'
  | 'group.created'
  | 'group.updated'
  | 'group.deleted'
  | 'group.member_added'
  | 'group.member_removed';

/** A change to append. For member changes the resource is the group and `data` names the member. */
export interface NewChange {
  readonly type: ChangeType;
  readonly resourceType: 'User' | 'Group';
  readonly resourceId: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A change as stored. */
export interface Change extends NewChange {
  /** Position in the feed: increasing in commit-independent insertion order. */
  readonly seq: number;
  readonly tenantId: string;
  readonly at: Date;
}

interface ChangeRow {
  tenant_id: string;
  seq: string;
  at: Date;
  type: ChangeType;
  resource_type: 'User' | 'Group';
  resource_id: string;
  data: Record<string, unknown> | null;
}

/**
 * A tenant's changes after `afterSeq` (exclusive), oldest first, at most `limit`. For tests and tools: paging by
 * `seq` can step over a change whose transaction commits late; hosts read the feed through lib/changes/feed-reader.ts,
 * which cannot.
 */
export async function listChanges(db: Knex, tenantId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<Change[]> {
  const rows = resultRows<ChangeRow>(
    await db('scim_changes')
      .where({ tenant_id: tenantId })
      .andWhere('seq', '>', options.afterSeq ?? 0)
      .orderBy('seq', 'asc')
      .limit(options.limit ?? 1000),
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    tenantId: row.tenant_id,
    at: new Date(row.at),
    type: row.type,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    ...(row.data === null ? {} : { data: row.data }),
  }));
}
