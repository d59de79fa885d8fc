/**
 * OAuth 2.0 clients of a tenant (RFC 6749 §4.4, the client credentials grant): create with a name, list, rotate a
 * client's secret with an overlap, revoke; and issue access tokens to a client that authenticated with its secret.
 *
 * Access tokens are opaque: random strings stored as SHA-256 digests in `scim_credentials` (kind `oauth_access`), so
 * the SCIM endpoints verify them with the same lookup and cache as static tokens, and revoking the client (which
 * revokes its access tokens in the same transaction) takes effect everywhere within the verification cache's
 * window. Signed JWTs would need a signing key per installation (its storage, rotation and publication) and could
 * not be revoked before they expire without a lookup anyway; nothing but this directory ever reads the tokens.
 */
import type { Knex } from 'knex';
import { insertNamedCredential } from '../store/named-credentials-store.js';
import {
  authenticateClient,
  expireClientSecretsBy,
  findClient,
  insertClient,
  insertClientSecret,
  listClientRows,
  pruneExpiredAccessTokens,
  revokeClient,
  touchClient,
  type OAuthClientRow,
} from '../store/oauth-clients-store.js';
import { findTenantRow } from '../store/tenants-store.js';
import type { AuditActor, AuditRecord } from './admin-audit.js';
import { isTenantId, newClientId, newCredentialId, newToken, tokenDigest, tokenDisplayPrefix } from './secrets.js';
import type { TenantsService } from './tenants-service.js';

/** A client as listed: never a secret. */
export interface OAuthClientInfo {
  /** The client identifier the identity provider sends (`client_id`). */
  readonly clientId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly kind: 'oauth_client';
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  /** When a token was last issued to it or one of its access tokens was last used. */
  readonly lastUsedAt: Date | null;
  /** When its last live secret expires; null when one never does. */
  readonly expiresAt: Date | null;
  /** Not revoked and with a live secret. */
  readonly active: boolean;
}

/** A client with a new secret: the only time the secret is available. */
export interface IssuedClientSecret {
  readonly client: OAuthClientInfo;
  /** Show it once; it is stored only as a digest. */
  readonly clientSecret: string;
}

/** The outcome of a token request: an access token, or why none was issued (for the error and the event log). */
export type TokenGrant =
  | { readonly ok: true; readonly accessToken: string; readonly expiresInSeconds: number; readonly clientName: string }
  | { readonly ok: false; readonly reason: 'unknown_tenant' | 'unknown_client' | 'wrong_secret' | 'tenant_disabled' };

/** Options of the client service. */
export interface OAuthClientsOptions {
  /** Lifetime of an access token in ms. Default one hour. */
  readonly accessTokenTtlMs?: number;
}

/** Expired access tokens are deleted this long after they expired, when their client next gets a token. */
const PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;

function toClient(row: OAuthClientRow): OAuthClientInfo {
  const revokedAt = row.revoked_at ? new Date(row.revoked_at) : null;
  return {
    clientId: row.client_id,
    tenantId: row.tenant_id,
    name: row.name,
    kind: 'oauth_client',
    createdAt: new Date(row.created_at),
    revokedAt,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    active: !revokedAt && Number(row.live_secrets) > 0,
  };
}

/** An OAuth client as the target of an audit entry: its client id and name (never a secret). */
function clientTarget(clientId: string, name: string): NonNullable<AuditRecord['target']> {
  return { type: 'oauth_client', id: clientId, name };
}

/** Manages a directory's OAuth clients and issues their access tokens. */
export class OAuthClientsService {
  /** Lifetime of an access token, in ms. */
  readonly accessTokenTtlMs: number;

  constructor(
    private readonly knex: Knex,
    private readonly tenants: TenantsService,
    options: OAuthClientsOptions = {},
  ) {
    this.accessTokenTtlMs = options.accessTokenTtlMs ?? 3_600_000;
  }

  /** Creates a client with its first secret; undefined when the tenant does not exist. `by`: who, for the audit trail. */
  async create(tenantId: string, name: string, by?: AuditActor): Promise<IssuedClientSecret | undefined> {
    const trimmed = name.trim().slice(0, 100);
    if (!trimmed) throw new TypeError('An OAuth client needs a non-empty name.');
    const tenant = await this.tenants.get(tenantId);
    if (!tenant) return undefined;
    const clientId = newClientId();
    return this.knex.transaction(async (trx) => {
      await insertClient(trx, tenantId, clientId, trimmed);
      const clientSecret = await this.insertSecret(trx, tenantId, clientId);
      const [row] = await listClientRows(trx, tenantId, clientId);
      await this.tenants.audit.record(trx, by, { action: 'oauth_client.created', tenantId, tenantName: tenant.name, target: clientTarget(clientId, trimmed) });
      return { client: toClient(row!), clientSecret };
    });
  }

  /** A tenant's clients, newest first. */
  async list(tenantId: string): Promise<OAuthClientInfo[]> {
    if (!isTenantId(tenantId)) return [];
    await this.tenants.flushLastUsed();
    return (await listClientRows(this.knex, tenantId)).map(toClient);
  }

  /**
   * Issues a new secret for one client. Its earlier secrets keep working until revoked with the client or, with
   * `expireOldAfterMs`, until that much time has passed. Undefined when the tenant has no such live client.
   */
  async rotateSecret(tenantId: string, clientId: string, options: { expireOldAfterMs?: number } & AuditActor = {}): Promise<IssuedClientSecret | undefined> {
    if (!isTenantId(tenantId)) return undefined;
    const issued = await this.knex.transaction(async (trx) => {
      const client = await findClient(trx, tenantId, clientId, { forUpdate: true });
      if (!client || client.revoked_at) return undefined;
      if (options.expireOldAfterMs !== undefined) {
        await expireClientSecretsBy(trx, tenantId, clientId, new Date(Date.now() + options.expireOldAfterMs));
      }
      const clientSecret = await this.insertSecret(trx, tenantId, clientId);
      const [row] = await listClientRows(trx, tenantId, clientId);
      const tenantName = (await findTenantRow(trx, tenantId))?.name ?? null;
      const details = { expireOldAfterMs: options.expireOldAfterMs ?? null };
      await this.tenants.audit.record(trx, options, { action: 'oauth_client.rotated', tenantId, tenantName, target: clientTarget(clientId, client.name), details });
      return { client: toClient(row!), clientSecret };
    });
    return issued;
  }

  /**
   * Revokes a client with its secrets and its access tokens, in one transaction. This instance refuses them at
   * once; other instances within their verification cache's window. False when there is no such client.
   */
  async revoke(tenantId: string, clientId: string, by?: AuditActor): Promise<boolean> {
    if (!isTenantId(tenantId)) return false;
    const revoked = await this.knex.transaction(async (trx) => {
      const client = await findClient(trx, tenantId, clientId, { forUpdate: true });
      if (!client || !(await revokeClient(trx, tenantId, clientId))) return false;
      const tenantName = (await findTenantRow(trx, tenantId))?.name ?? null;
      const details = client.revoked_at ? { alreadyRevokedAt: new Date(client.revoked_at).toISOString() } : {};
      await this.tenants.audit.record(trx, by, { action: 'oauth_client.revoked', tenantId, tenantName, target: clientTarget(clientId, client.name), details });
      return true;
    });
    this.tenants.forgetVerifications();
    return revoked;
  }

  /** The client credentials grant (RFC 6749 §4.4): checks the client's secret and issues an access token. */
  async grant(tenantId: string, clientId: string, clientSecret: string): Promise<TokenGrant> {
    if (!isTenantId(tenantId)) return { ok: false, reason: 'unknown_tenant' };
    const found = await authenticateClient(this.knex, tenantId, clientId.slice(0, 200), tokenDigest(clientSecret));
    if (found.tenantEnabled === null) return { ok: false, reason: 'unknown_tenant' };
    if (found.clientName === null) return { ok: false, reason: 'unknown_client' };
    if (!found.secretMatches) return { ok: false, reason: 'wrong_secret' };
    if (!found.tenantEnabled) return { ok: false, reason: 'tenant_disabled' };
    const issued = await this.issueAccessToken(tenantId, clientId, found.clientName, true);
    return { ok: true, ...issued, clientName: found.clientName };
  }

  /**
   * Issues an access token named `name` to the client or trust `clientId` (whose authentication the caller
   * checked): stored as a digest in `scim_credentials`, kind `oauth_access`, revoked with that client or trust.
   */
  async issueAccessToken(tenantId: string, clientId: string, name: string, isClient = false): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const accessToken = newToken();
    await this.knex.transaction(async (trx) => {
      await insertNamedCredential(trx, {
        tenantId,
        credentialId: newCredentialId(),
        name,
        kind: 'oauth_access',
        clientId,
        digest: tokenDigest(accessToken),
        prefix: tokenDisplayPrefix(accessToken),
        expiresAt: new Date(Date.now() + this.accessTokenTtlMs),
      });
      if (isClient) await touchClient(trx, tenantId, clientId);
      await pruneExpiredAccessTokens(trx, tenantId, clientId, PRUNE_AFTER_MS);
    });
    return { accessToken, expiresInSeconds: Math.round(this.accessTokenTtlMs / 1000) };
  }

  private async insertSecret(trx: Knex.Transaction, tenantId: string, clientId: string): Promise<string> {
    const secret = newToken();
    await insertClientSecret(trx, { tenantId, clientId, secretId: newCredentialId(), digest: tokenDigest(secret), prefix: tokenDisplayPrefix(secret), expiresAt: null });
    return secret;
  }
}
