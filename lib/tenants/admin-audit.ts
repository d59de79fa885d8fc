/**
 * The audit trail of administration: who did what to which tenant, credential, setting, user or group, when and
 * from where. Each action writes its entry on its own transaction, so an entry exists exactly when the change
 * committed. Entries carry names, ids and changed values, never a token, client secret or assertion.
 */
import type { Knex } from 'knex';
import { insertAuditRow, listAuditRows, type AuditRow } from '../store/admin-audit-store.js';
import type { Page, PageRequest } from '../store/offset-page.js';
import type { TenantRow } from '../store/tenants-store.js';
import type { TenantSettings } from './tenant-settings.js';
import type { CredentialInfo } from './types.js';

/** Where an action came from: the admin UI, the admin API (a script), the CLI, or the host's own calls. */
export type AuditSource = 'ui' | 'api' | 'cli' | 'host';

/**
 * Who acts, as a caller of the tenants service names them. A host passes `{ actor: 'jane@example.com' }` to
 * `scim.tenants.create(name, { actor })` and the other administrative calls; `source` defaults to `host`.
 */
export interface AuditActor {
  /** The principal, as the host or the admin router names it; at most 200 characters are kept. */
  readonly actor?: string | undefined;
  /** Where the action came from. Default `host`. */
  readonly source?: AuditSource;
}

/** The actions recorded. */
export type AuditAction =
  | 'tenant.created'
  | 'tenant.renamed'
  | 'tenant.enabled'
  | 'tenant.disabled'
  | 'tenant.deleted'
  | 'settings.changed'
  | 'credential.issued'
  | 'credential.rotated'
  | 'credential.revoked'
  | 'oauth_client.created'
  | 'oauth_client.rotated'
  | 'oauth_client.revoked'
  | 'trust.created'
  | 'trust.revoked'
  | 'user.removed'
  | 'group.removed'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'webhook.redelivered'
  | 'guard.approved'
  | 'guard.discarded'
  | 'role_mapping.added'
  | 'role_mapping.removed'
  | 'declared_value.added'
  | 'declared_value.changed'
  | 'declared_value.removed';

/** What an entry's target is: a token, an OAuth client, a federation trust, a user, a group or a webhook endpoint. */
export type AuditTargetType = 'credential' | 'oauth_client' | 'trust' | 'user' | 'group' | 'webhook';

/** What an action records about itself. */
export interface AuditRecord {
  readonly action: AuditAction;
  readonly tenantId: string;
  /** The tenant's name at the time (kept after the tenant is renamed or deleted). */
  readonly tenantName: string | null;
  /** What the action was done to, when that is not the tenant itself. */
  readonly target?: { readonly type: AuditTargetType; readonly id: string; readonly name?: string | null };
  /** Changed values (`{ key: { from, to } }`) and other facts; never a secret. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An entry of the trail as the admin API shows it. */
export interface AuditEntry {
  readonly id: string;
  readonly at: Date;
  readonly action: string;
  readonly actor: string | null;
  readonly source: string;
  readonly tenantId: string;
  readonly tenantName: string | null;
  readonly target: { readonly type: string; readonly id: string; readonly name: string | null } | null;
  readonly details: Record<string, unknown>;
}

/** Longest principal kept. */
export const MAX_ACTOR_LENGTH = 200;

/** The principal as stored: text without control characters, trimmed, at most {@link MAX_ACTOR_LENGTH}; or null. */
export function actorText(actor: unknown): string | null {
  if (typeof actor !== 'string') return null;
  const text = actor.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_ACTOR_LENGTH);
  return text || null;
}

/** The keys whose values differ between two flat objects, as `{ key: { from, to } }`. */
export function changedValues(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (before[key] !== after[key]) changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return changes;
}

function toEntry(row: AuditRow): AuditEntry {
  const details = typeof row.details === 'object' && row.details !== null ? (row.details as Record<string, unknown>) : {};
  return {
    id: String(row.id),
    at: new Date(row.at),
    action: row.action,
    actor: row.actor,
    source: row.source,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id, name: row.target_name } : null,
    details,
  };
}

/** Records and lists administrative actions. */
export class AuditTrail {
  constructor(private readonly knex: Knex) {}

  /** Records an action by `by` on `db` — the action's transaction, so the entry commits or rolls back with it. */
  async record(db: Knex | Knex.Transaction, by: AuditActor | undefined, entry: AuditRecord): Promise<void> {
    await insertAuditRow(db, {
      tenantId: entry.tenantId,
      action: entry.action,
      actor: actorText(by?.actor),
      source: by?.source ?? 'host',
      tenantName: entry.tenantName,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetName: entry.target?.name ?? null,
      details: entry.details ?? {},
    });
  }

  /** Records a rename or an enable/disable of `before` (nothing when the values did not change). */
  async recordTenantUpdate(db: Knex.Transaction, by: AuditActor | undefined, before: TenantRow, changes: { readonly name?: string; readonly enabled?: boolean }): Promise<void> {
    const changed = changedValues({ name: before.name, enabled: before.enabled }, changes);
    const base = { tenantId: before.tenant_id, tenantName: before.name };
    if (changed.name) await this.record(db, by, { ...base, action: 'tenant.renamed', details: { name: changed.name } });
    if (changed.enabled) await this.record(db, by, { ...base, action: changes.enabled ? 'tenant.enabled' : 'tenant.disabled', details: { enabled: changed.enabled } });
  }

  /** Records a settings change with each changed key's old and new value (nothing when none changed). */
  async recordSettings(db: Knex.Transaction, by: AuditActor | undefined, tenant: TenantRow, before: TenantSettings, after: TenantSettings): Promise<void> {
    const changes = changedValues({ ...before }, { ...after });
    if (Object.keys(changes).length === 0) return;
    await this.record(db, by, { action: 'settings.changed', tenantId: tenant.tenant_id, tenantName: tenant.name, details: { changes } });
  }

  /** Entries newest first, of one tenant (a deleted one too) or of all. */
  async list(page: PageRequest, filter: { readonly tenantId?: string } = {}): Promise<Page<AuditEntry>> {
    const rows = await listAuditRows(this.knex, page, filter);
    return { ...rows, items: rows.items.map(toEntry) };
  }
}

/** A credential as the target of an entry: its id and name (never the token or any part of it). */
export function credentialTarget(credential: Pick<CredentialInfo, 'id' | 'name'>): NonNullable<AuditRecord['target']> {
  return { type: 'credential', id: credential.id, name: credential.name };
}
