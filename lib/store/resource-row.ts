/**
 * The columns users and groups share: the stored SCIM document and its bookkeeping.
 */
import type { DirectGroupRow } from './direct-groups-column.js';

/** A stored resource: its document (without `id`, `meta` and computed attributes) and its versioning columns. */
export interface ResourceRow {
  readonly tenant_id: string;
  readonly id: string;
  /** Insertion order: the stable tie-breaker of every sort (RFC 7644 §3.4.2.3 asks for a consistent order). */
  readonly seq: string;
  /** The canonical document as validated: `schemas`, attributes and extension objects. */
  readonly doc: Record<string, unknown>;
  /** Starts at 1, +1 on every change: the ETag and `meta.version` (RFC 7644 §3.14). */
  readonly revision: number;
  readonly created_at: Date;
  readonly last_modified: Date;
}

/** A stored user row. */
export interface UserRow extends ResourceRow {
  readonly user_name: string;
  readonly external_id: string | null;
  readonly active: boolean;
  /** The user's direct groups, when the statement that read the row fetched them too (direct-groups-column.ts). */
  readonly direct_groups?: readonly DirectGroupRow[];
}

/** A stored group row. */
export interface GroupRow extends ResourceRow {
  readonly display_name: string;
  readonly external_id: string | null;
}

/** Columns every resource read selects (never the whole row: `seq` is a bigint and comes back as text). */
export const RESOURCE_COLUMNS = ['tenant_id', 'id', 'seq', 'doc', 'revision', 'created_at', 'last_modified'] as const;

/**
 * Row locks a read may take: `write` (`for no key update`) before changing a resource, so writes to one resource
 * serialise while adding it as a group member (`for key share`) still proceeds; `update` (`for update`) before
 * deleting it, which waits for those member additions and blocks new ones.
 */
export type RowLock = 'write' | 'update';
