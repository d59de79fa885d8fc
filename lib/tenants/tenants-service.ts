/**
 * Tenants and credentials: create, rename, enable/disable, delete; issue, rotate, revoke and verify bearer tokens.
 * Tokens are returned once and stored only as SHA-256 digests.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from '../store/result-rows.js';
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
}

interface TenantRow {
  tenant_id: string;
  name: string;
  enabled: boolean;
  created_at: Date;
  settings: unknown;
}

interface CredentialRow {
  tenant_id: string;
  credential_id: string;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const MAX_CACHE_ENTRIES = 10_000;

function toTenant(row: TenantRow): Tenant {
  return { id: row.tenant_id, name: row.name, enabled: row.enabled, createdAt: new Date(row.created_at), settings: readTenantSettings(row.settings) };
}

function toCredential(row: CredentialRow, now = new Date()): CredentialInfo {
  const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
  const revokedAt = row.revoked_at ? new Date(row.revoked_at) : null;
  return {
    id: row.credential_id,
    tenantId: row.tenant_id,
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

  constructor(
    private readonly knex: Knex,
    options: TenantsServiceOptions = {},
  ) {
    this.cacheMs = options.verificationCacheMs ?? 500;
    this.lastUsed = new LastUsedRecorder(knex, options.lastUsedFlushMs ?? 10_000, options.onError ?? (() => undefined));
  }

  /** Creates a tenant and its first credential. The token in the result is shown once. */
  async create(name: string): Promise<{ tenant: Tenant; credential: IssuedCredential }> {
    const trimmed = name.trim();
    if (!trimmed) throw new TypeError('A tenant needs a non-empty name.');
    return this.knex.transaction(async (trx) => {
      const row = firstRow<TenantRow>(await trx('scim_tenants').insert({ tenant_id: newTenantId(), name: trimmed }).returning('*'));
      const tenant = toTenant(row as TenantRow);
      const credential = await this.insertCredential(trx, tenant.id, null);
      return { tenant, credential };
    });
  }

  /** All tenants, oldest first. */
  async list(): Promise<Tenant[]> {
    const rows = resultRows<TenantRow>(await this.knex('scim_tenants').select('*').orderBy([{ column: 'created_at' }, { column: 'tenant_id' }]));
    return rows.map(toTenant);
  }

  /** A tenant by id, or undefined. */
  async get(tenantId: string): Promise<Tenant | undefined> {
    if (!isTenantId(tenantId)) return undefined;
    const row = firstRow<TenantRow>(await this.knex('scim_tenants').where({ tenant_id: tenantId }).first());
    return row ? toTenant(row) : undefined;
  }

  /** Renames a tenant; false when it does not exist. */
  async rename(tenantId: string, name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (!trimmed) throw new TypeError('A tenant needs a non-empty name.');
    return this.updateTenant(tenantId, { name: trimmed });
  }

  /** Enables or disables a tenant: a disabled tenant's SCIM requests get 401. */
  async setEnabled(tenantId: string, enabled: boolean): Promise<boolean> {
    return this.updateTenant(tenantId, { enabled });
  }

  /** Changes settings; returns the new settings, a message naming a bad key, or undefined for an unknown tenant. */
  async updateSettings(tenantId: string, update: Record<string, unknown>): Promise<TenantSettings | string | undefined> {
    return this.knex.transaction(async (trx) => {
      const row = firstRow<TenantRow>(await trx('scim_tenants').where({ tenant_id: tenantId }).forUpdate().first());
      if (!row) return undefined;
      const merged = mergeTenantSettings(readTenantSettings(row.settings), update);
      if (typeof merged === 'string') return merged;
      await trx('scim_tenants').where({ tenant_id: tenantId }).update({ settings: JSON.stringify(merged) });
      this.invalidateCache();
      return merged;
    });
  }

  /** Deletes a tenant with all its data (credentials, users, groups, memberships, event log, changes). */
  async delete(tenantId: string): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const count = await this.knex('scim_tenants').where({ tenant_id: tenantId }).delete();
    this.invalidateCache();
    return count > 0;
  }

  /** Issues another credential for a tenant; undefined when the tenant does not exist. */
  async issue(tenantId: string, options: { expiresAt?: Date } = {}): Promise<IssuedCredential | undefined> {
    if (!(await this.get(tenantId))) return undefined;
    return this.insertCredential(this.knex, tenantId, options.expiresAt ?? null);
  }

  /**
   * Rotation: issues a new credential. The credentials active before stay valid (so the identity provider can be
   * switched without downtime) until revoked or, with `expireOldAfterMs`, until that much time has passed.
   */
  async rotate(tenantId: string, options: { expireOldAfterMs?: number } = {}): Promise<IssuedCredential | undefined> {
    if (!(await this.get(tenantId))) return undefined;
    return this.knex.transaction(async (trx) => {
      if (options.expireOldAfterMs !== undefined) {
        const expiresAt = new Date(Date.now() + options.expireOldAfterMs);
        await trx('scim_credentials')
          .where({ tenant_id: tenantId })
          .whereNull('revoked_at')
          .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', expiresAt))
          .update({ expires_at: expiresAt });
      }
      const issued = await this.insertCredential(trx, tenantId, null);
      this.invalidateCache();
      return issued;
    });
  }

  /** A tenant's credentials, newest first, without secrets. */
  async listCredentials(tenantId: string): Promise<CredentialInfo[]> {
    if (!isTenantId(tenantId)) return [];
    await this.lastUsed.flush();
    const rows = resultRows<CredentialRow>(
      await this.knex('scim_credentials')
        .where({ tenant_id: tenantId })
        .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'credential_id' }]),
    );
    const now = new Date();
    return rows.map((r) => toCredential(r, now));
  }

  /** Revokes a credential at once; false when there is no such credential. */
  async revoke(tenantId: string, credentialId: string): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const count = await this.knex('scim_credentials')
      .where({ tenant_id: tenantId, credential_id: credentialId })
      .update({ revoked_at: this.knex.raw('coalesce(revoked_at, now())') });
    this.invalidateCache();
    return count > 0;
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

  /** Forgets cached and in-flight verifications (a credential, tenant or setting changed). */
  private invalidateCache(): void {
    this.cache.clear();
    this.pendingLookups.clear();
    this.cacheGeneration++;
  }

  private async lookup(tenantId: string, digest: string): Promise<Verification> {
    const found = await this.knex('scim_tenants as t')
      .leftJoin('scim_credentials as c', (j) =>
        j
          .on('c.tenant_id', '=', 't.tenant_id')
          .andOn('c.digest', '=', this.knex.raw('?', [digest]))
          .andOnNull('c.revoked_at')
          .andOn((q) => q.onNull('c.expires_at').orOn('c.expires_at', '>', this.knex.raw('now()'))),
      )
      .where('t.tenant_id', tenantId)
      .first('t.*', 'c.credential_id');
    const row = firstRow<TenantRow & { credential_id: string | null }>(found);
    if (!row) return { tenant: undefined, credentialId: undefined };
    const tenant = toTenant(row);
    return { tenant, credentialId: tenant.enabled && row.credential_id ? row.credential_id : undefined };
  }

  private async updateTenant(tenantId: string, changes: Partial<Pick<TenantRow, 'name' | 'enabled'>>): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const count = await this.knex('scim_tenants').where({ tenant_id: tenantId }).update(changes);
    this.invalidateCache();
    return count > 0;
  }

  private async insertCredential(db: Knex | Knex.Transaction, tenantId: string, expiresAt: Date | null): Promise<IssuedCredential> {
    const token = newToken();
    const inserted = await db('scim_credentials')
      .insert({
        tenant_id: tenantId,
        credential_id: newCredentialId(),
        digest: tokenDigest(token),
        prefix: tokenDisplayPrefix(token),
        expires_at: expiresAt,
      })
      .returning(['tenant_id', 'credential_id', 'prefix', 'created_at', 'expires_at', 'revoked_at', 'last_used_at']);
    return { credential: toCredential(firstRow<CredentialRow>(inserted) as CredentialRow), token };
  }
}
