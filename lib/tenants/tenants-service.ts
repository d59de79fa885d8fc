/**
 * Tenants and credentials: create, rename, enable/disable, delete; issue, rotate, revoke and verify bearer tokens.
 * Tokens are returned once and stored only as SHA-256 digests.
 */
import type { Knex } from 'knex';
import { findTenantWithCredential, revokeCredential } from '../store/credentials-store.js';
import {
  expireCredentialBy,
  findNamedCredential,
  insertNamedCredential,
  listTokenRows,
  type CredentialKind,
  type NamedCredentialRow,
} from '../store/named-credentials-store.js';
import { deleteTenantRow, findTenantRow, insertTenant, listTenantRows, updateTenantRow, type TenantRow } from '../store/tenants-store.js';
import { countHeld } from '../store/deprovisions-store.js';
import { AuditTrail, credentialTarget, type AuditActor } from './admin-audit.js';
import { LastUsedRecorder } from './last-used-recorder.js';
import { isTenantId, newCredentialId, newTenantId, newToken, tokenDigest, tokenDisplayPrefix } from './secrets.js';
import { mergeTenantSettings, readTenantSettings, type TenantSettings } from './tenant-settings.js';
import type { CredentialInfo, IssuedCredential, Tenant } from './types.js';

/** Options of the tenants service. */
export interface TenantsServiceOptions {
  /**
   * How long a verification result may be reused, in ms. Revocation by another instance is seen after at most this
   * long; revocation through this instance at once. Default 500.
   */
  readonly verificationCacheMs?: number;
  /** How often last-used times are written, in ms. Default 10 000. */
  readonly lastUsedFlushMs?: number;
  /** Receives background write failures. */
  readonly onError?: (error: unknown) => void;
}

/** The outcome of checking a bearer token for a tenant. */
export interface Verification {
  /** The tenant, when it exists (enabled or not): lets the event log record refused requests of known tenants. */
  readonly tenant: Tenant | undefined;
  /** The credential that matched, when the token is valid for this enabled tenant. */
  readonly credentialId: string | undefined;
  /** The matched credential's name and kind (for the event log); set with `credentialId`. */
  readonly credential?: { readonly name: string; readonly kind: CredentialKind };
}

/** The name of a token issued without one (a tenant's first token, or one issued without `name`). */
export const DEFAULT_TOKEN_NAME = 'Token';

const MAX_CACHE_ENTRIES = 10_000;

function toTenant(row: TenantRow): Tenant {
  return { id: row.tenant_id, name: row.name, enabled: row.enabled, createdAt: new Date(row.created_at), settings: readTenantSettings(row.settings), schemaVersion: Number(row.schema_version ?? 0) };
}

function toCredential(row: NamedCredentialRow, now = new Date()): CredentialInfo {
  const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
  const revokedAt = row.revoked_at ? new Date(row.revoked_at) : null;
  return {
    id: row.credential_id,
    tenantId: row.tenant_id,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    createdAt: new Date(row.created_at),
    expiresAt,
    revokedAt,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    active: !revokedAt && (!expiresAt || expiresAt > now),
  };
}

/** Manages tenants and their credentials on the directory's database. */
export class TenantsService {
  private readonly cache = new Map<string, { at: number; result: Verification }>();
  /** Lookups in flight per cache key (see sharedLookup). */
  private readonly pendingLookups = new Map<string, Promise<Verification>>();
  /** Bumped by every change that empties the cache, so a lookup started before it neither is joined nor cached. */
  private cacheGeneration = 0;
  private readonly cacheMs: number;
  private readonly lastUsed: LastUsedRecorder;
  /** The audit trail every administrative call below writes to, in the call's own transaction. */
  readonly audit: AuditTrail;

  constructor(
    private readonly knex: Knex,
    options: TenantsServiceOptions = {},
  ) {
    this.cacheMs = options.verificationCacheMs ?? 500;
    this.lastUsed = new LastUsedRecorder(knex, options.lastUsedFlushMs ?? 10_000, options.onError ?? (() => undefined));
    this.audit = new AuditTrail(knex);
  }

  /**
   * Creates a tenant and its first credential (named `tokenName`). The token in the result is shown once. `actor`
   * and `source`: who, for the audit trail.
   */
  async create(name: string, options: { tokenName?: string } & AuditActor = {}): Promise<{ tenant: Tenant; credential: IssuedCredential }> {
    const trimmed = name.trim();
    if (!trimmed) throw new TypeError('A tenant needs a non-empty name.');
    return this.knex.transaction(async (trx) => {
      const tenant = toTenant(await insertTenant(trx, newTenantId(), trimmed));
      const credential = await this.issueCredential(trx, tenant.id, null, tokenName(options.tokenName));
      await this.audit.record(trx, options, { action: 'tenant.created', tenantId: tenant.id, tenantName: tenant.name, target: credentialTarget(credential.credential) });
      return { tenant, credential };
    });
  }

  /** All tenants, oldest first. */
  async list(): Promise<Tenant[]> {
    return (await listTenantRows(this.knex)).map(toTenant);
  }

  /** A tenant by id, or undefined. */
  async get(tenantId: string): Promise<Tenant | undefined> {
    if (!isTenantId(tenantId)) return undefined;
    const row = await findTenantRow(this.knex, tenantId);
    return row ? toTenant(row) : undefined;
  }

  /** Renames a tenant; false when it does not exist. */
  async rename(tenantId: string, name: string, by?: AuditActor): Promise<boolean> {
    const trimmed = name.trim();
    if (!trimmed) throw new TypeError('A tenant needs a non-empty name.');
    return this.updateTenant(tenantId, { name: trimmed }, by);
  }

  /** Enables or disables a tenant: a disabled tenant's SCIM requests get 401. */
  async setEnabled(tenantId: string, enabled: boolean, by?: AuditActor): Promise<boolean> {
    return this.updateTenant(tenantId, { enabled }, by);
  }

  /** Changes settings; returns the new settings, a message naming a bad key, or undefined for an unknown tenant. */
  async updateSettings(tenantId: string, update: Record<string, unknown>, by?: AuditActor): Promise<TenantSettings | string | undefined> {
    return this.knex.transaction(async (trx) => {
      const row = await findTenantRow(trx, tenantId, { forUpdate: true });
      if (!row) return undefined;
      const merged = mergeTenantSettings(readTenantSettings(row.settings), update);
      if (typeof merged === 'string') return merged;
      const held = readTenantSettings(row.settings).deprovisioningGuard && !merged.deprovisioningGuard ? await countHeld(trx, tenantId) : 0;
      // Held changes are decided while the guard is on, so that the writes that follow them still see their holds.
      if (held > 0) return `deprovisioningGuard cannot be turned off while ${held} changes are held: approve or discard them first`;
      await updateTenantRow(trx, tenantId, { settings: merged });
      await this.audit.recordSettings(trx, by, row, readTenantSettings(row.settings), merged);
      this.invalidateCache();
      return merged;
    });
  }

  /** Deletes a tenant with all its data (credentials, users, groups, memberships, event log, changes). */
  async delete(tenantId: string, by?: AuditActor): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const deleted = await this.knex.transaction(async (trx) => {
      const row = await findTenantRow(trx, tenantId, { forUpdate: true });
      if (!row || !(await deleteTenantRow(trx, tenantId))) return false;
      await this.audit.record(trx, by, { action: 'tenant.deleted', tenantId, tenantName: row.name });
      return true;
    });
    this.invalidateCache();
    return deleted;
  }

  /** Issues another credential for a tenant; undefined when the tenant does not exist. */
  async issue(tenantId: string, options: { expiresAt?: Date; name?: string } & AuditActor = {}): Promise<IssuedCredential | undefined> {
    const tenant = await this.get(tenantId);
    if (!tenant) return undefined;
    return this.knex.transaction(async (trx) => {
      const issued = await this.issueCredential(trx, tenantId, options.expiresAt ?? null, tokenName(options.name));
      const details = { expiresAt: options.expiresAt?.toISOString() ?? null };
      await this.audit.record(trx, options, { action: 'credential.issued', tenantId, tenantName: tenant.name, target: credentialTarget(issued.credential), details });
      return issued;
    });
  }

  /**
   * Rotation of one token: issues a new token with the chosen token's name. The chosen token stays valid (so the
   * identity provider can be switched without downtime) until revoked or, with `expireOldAfterMs`, until that much
   * time has passed; no other credential of the tenant changes. Undefined when the tenant has no such token.
   */
  async rotate(tenantId: string, credentialId: string, options: { expireOldAfterMs?: number } & AuditActor = {}): Promise<IssuedCredential | undefined> {
    if (!isTenantId(tenantId)) return undefined;
    return this.knex.transaction(async (trx) => {
      const old = await findNamedCredential(trx, tenantId, credentialId, { forUpdate: true });
      if (!old || old.kind !== 'token') return undefined;
      if (options.expireOldAfterMs !== undefined) {
        await expireCredentialBy(trx, tenantId, credentialId, new Date(Date.now() + options.expireOldAfterMs));
      }
      const issued = await this.issueCredential(trx, tenantId, null, old.name);
      const tenant = await findTenantRow(trx, tenantId);
      const details = { replacesCredentialId: old.credential_id, expireOldAfterMs: options.expireOldAfterMs ?? null };
      await this.audit.record(trx, options, { action: 'credential.rotated', tenantId, tenantName: tenant?.name ?? null, target: credentialTarget(issued.credential), details });
      this.invalidateCache();
      return issued;
    });
  }

  /** A tenant's credentials, newest first, without secrets. */
  async listCredentials(tenantId: string): Promise<CredentialInfo[]> {
    if (!isTenantId(tenantId)) return [];
    await this.lastUsed.flush();
    const rows = await listTokenRows(this.knex, tenantId);
    const now = new Date();
    return rows.map((r) => toCredential(r, now));
  }

  /** Revokes a credential at once; false when there is no such credential. */
  async revoke(tenantId: string, credentialId: string, by?: AuditActor): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const revoked = await this.knex.transaction(async (trx) => {
      const tenant = await findTenantRow(trx, tenantId);
      const before = tenant ? await findNamedCredential(trx, tenantId, credentialId, { forUpdate: true }) : undefined;
      if (!tenant || !before || !(await revokeCredential(trx, tenantId, credentialId))) return false;
      const details = before.revoked_at ? { alreadyRevokedAt: new Date(before.revoked_at).toISOString() } : {};
      await this.audit.record(trx, by, { action: 'credential.revoked', tenantId, tenantName: tenant.name, target: credentialTarget(toCredential(before)), details });
      return true;
    });
    this.invalidateCache();
    return revoked;
  }

  /**
   * Checks a bearer token for a tenant: one indexed lookup, reused for at most `verificationCacheMs`.
   * A token of another tenant, a revoked or expired token, or a disabled tenant give no `credentialId`.
   */
  async verify(tenantId: string, token: string): Promise<Verification> {
    if (!isTenantId(tenantId)) return { tenant: undefined, credentialId: undefined };
    const digest = tokenDigest(token);
    const key = `${tenantId}:${digest}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    let result: Verification;
    if (cached && now - cached.at < this.cacheMs) {
      result = cached.result;
    } else {
      result = await this.sharedLookup(key, tenantId, digest, now);
    }
    if (result.credentialId) this.lastUsed.record(tenantId, result.credentialId);
    return result;
  }

  /** Writes pending last-used times now (before listing them). */
  async flushLastUsed(): Promise<void> {
    await this.lastUsed.flush();
  }

  /** Forgets cached verifications: a credential changed elsewhere (an OAuth client was revoked, a secret rotated). */
  forgetVerifications(): void {
    this.invalidateCache();
  }

  /** Writes pending last-used times; call on shutdown. */
  async close(): Promise<void> {
    await this.lastUsed.flush();
  }

  /**
   * One database lookup per key at a time: when the cached answer expires under load, the requests in flight with
   * that token wait for the same query instead of each sending its own.
   */
  private sharedLookup(key: string, tenantId: string, digest: string, now: number): Promise<Verification> {
    const pending = this.pendingLookups.get(key);
    if (pending) return pending;
    const generation = this.cacheGeneration;
    const lookup = this.lookup(tenantId, digest)
      .then((result) => {
        if (generation !== this.cacheGeneration) return result;
        if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear(); // a size bound, not an invalidation
        if (this.cacheMs > 0) this.cache.set(key, { at: now, result });
        return result;
      })
      .finally(() => {
        if (this.pendingLookups.get(key) === lookup) this.pendingLookups.delete(key);
      });
    this.pendingLookups.set(key, lookup);
    return lookup;
  }

  /**
   * Forgets cached verifications, so the next request of every tenant reads its row again: called after a change
   * the tenant row carries for requests (its schema version).
   */
  tenantChanged(): void {
    this.invalidateCache();
  }

  /** Forgets cached and in-flight verifications (a credential, tenant or setting changed). */
  private invalidateCache(): void {
    this.cache.clear();
    this.pendingLookups.clear();
    this.cacheGeneration++;
  }

  private async lookup(tenantId: string, digest: string): Promise<Verification> {
    const row = await findTenantWithCredential(this.knex, tenantId, digest);
    if (!row) return { tenant: undefined, credentialId: undefined };
    const tenant = toTenant(row);
    if (!tenant.enabled || !row.credential_id) return { tenant, credentialId: undefined };
    const kind: CredentialKind = row.credential_kind === 'oauth_access' ? 'oauth_access' : 'token';
    return { tenant, credentialId: row.credential_id, credential: { name: row.credential_name ?? '', kind } };
  }

  private async updateTenant(tenantId: string, changes: Partial<Pick<TenantRow, 'name' | 'enabled'>>, by?: AuditActor): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const updated = await this.knex.transaction(async (trx) => {
      const before = await findTenantRow(trx, tenantId, { forUpdate: true });
      if (!before || !(await updateTenantRow(trx, tenantId, changes))) return false;
      await this.audit.recordTenantUpdate(trx, by, before, changes);
      return true;
    });
    this.invalidateCache();
    return updated;
  }

  private async issueCredential(db: Knex | Knex.Transaction, tenantId: string, expiresAt: Date | null, name: string): Promise<IssuedCredential> {
    const token = newToken();
    const row = await insertNamedCredential(db, {
      tenantId,
      credentialId: newCredentialId(),
      name,
      kind: 'token',
      digest: tokenDigest(token),
      prefix: tokenDisplayPrefix(token),
      expiresAt,
    });
    return { credential: toCredential(row), token };
  }
}

/** A token's name: trimmed, at most 100 characters; the default when empty. */
function tokenName(name: string | undefined): string {
  const trimmed = name?.trim().slice(0, 100) ?? '';
  return trimmed || DEFAULT_TOKEN_NAME;
}
