/**
 * OAuth 2.0 clients of a tenant (`scim_oauth_clients`) and their secrets (`scim_oauth_client_secrets`, SHA-256
 * digests only; several at once during a rotation's overlap), the lookup the token endpoint authenticates a client
 * with, and the revocation of a client together with the access tokens issued to it (rows of `scim_credentials`
 * of kind `oauth_access`). Every statement is restricted to one tenant.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

type Db = Knex | Knex.Transaction;

/** A client as listed: its row with the last use of the client or of any access token issued to it. */
export interface OAuthClientRow {
  readonly tenant_id: string;
  readonly client_id: string;
  readonly name: string;
  readonly created_at: Date;
  readonly revoked_at: Date | null;
  readonly last_used_at: Date | null;
  /** The latest expiry of its live secrets when every one of them expires; null when one never does. */
  readonly expires_at: Date | null;
  /** How many of its secrets are live (neither revoked nor expired). */
  readonly live_secrets: number | string;
}

/** A client secret to store. */
export interface NewClientSecret {
  readonly tenantId: string;
  readonly clientId: string;
  readonly secretId: string;
  readonly digest: string;
  readonly prefix: string;
  readonly expiresAt: Date | null;
}

/** Inserts a client. */
export async function insertClient(db: Db, tenantId: string, clientId: string, name: string): Promise<void> {
  await db('scim_oauth_clients').insert({ tenant_id: tenantId, client_id: clientId, name });
}

/** Inserts a client secret. */
export async function insertClientSecret(db: Db, s: NewClientSecret): Promise<void> {
  await db('scim_oauth_client_secrets').insert({
    tenant_id: s.tenantId,
    client_id: s.clientId,
    secret_id: s.secretId,
    digest: s.digest,
    prefix: s.prefix,
    expires_at: s.expiresAt,
  });
}

/** A tenant's clients (or the one named by `clientId`), newest first, with last use and expiry. */
export async function listClientRows(db: Db, tenantId: string, clientId?: string): Promise<OAuthClientRow[]> {
  const result = await db.raw(
    `select c.tenant_id, c.client_id, c.name, c.created_at, c.revoked_at,
            greatest(c.last_used_at, (select max(a.last_used_at) from scim_credentials a
                                       where a.tenant_id = c.tenant_id and a.client_id = c.client_id)) as last_used_at,
            (select case when count(*) > 0 and bool_and(s.expires_at is not null) then max(s.expires_at) end
               from scim_oauth_client_secrets s
              where s.tenant_id = c.tenant_id and s.client_id = c.client_id and s.revoked_at is null
                and (s.expires_at is null or s.expires_at > now())) as expires_at,
            (select count(*) from scim_oauth_client_secrets s
              where s.tenant_id = c.tenant_id and s.client_id = c.client_id and s.revoked_at is null
                and (s.expires_at is null or s.expires_at > now())) as live_secrets
       from scim_oauth_clients c
      where c.tenant_id = ? and (?::text is null or c.client_id = ?)
      order by c.created_at desc, c.client_id`,
    [tenantId, clientId ?? null, clientId ?? null],
  );
  return resultRows<OAuthClientRow>(result);
}

/** Whether the tenant has a client that is not revoked (what `authenticationSchemes` advertises). */
export async function hasLiveClient(db: Db, tenantId: string): Promise<boolean> {
  return firstRow(await db('scim_oauth_clients').where({ tenant_id: tenantId }).whereNull('revoked_at').first('client_id')) !== undefined;
}

/** A client's row (locked with `forUpdate` in a transaction), or undefined. */
export async function findClient(db: Db, tenantId: string, clientId: string, options: { forUpdate?: boolean } = {}): Promise<{ name: string; revoked_at: Date | null } | undefined> {
  const query = db('scim_oauth_clients').where({ tenant_id: tenantId, client_id: clientId }).select('name', 'revoked_at');
  if (options.forUpdate) query.forUpdate();
  return firstRow<{ name: string; revoked_at: Date | null }>(await query.first());
}

/** Makes every unrevoked secret of a client expire at `expiresAt` at the latest (a rotation's overlap). */
export async function expireClientSecretsBy(db: Db, tenantId: string, clientId: string, expiresAt: Date): Promise<void> {
  await db('scim_oauth_client_secrets')
    .where({ tenant_id: tenantId, client_id: clientId })
    .whereNull('revoked_at')
    .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', expiresAt))
    .update({ expires_at: expiresAt });
}

/** Revokes a client, its secrets and the access tokens issued to it; false when there is no such client. */
export async function revokeClient(trx: Knex.Transaction, tenantId: string, clientId: string): Promise<boolean> {
  const count = await trx('scim_oauth_clients')
    .where({ tenant_id: tenantId, client_id: clientId })
    .update({ revoked_at: trx.raw('coalesce(revoked_at, now())') });
  if (count === 0) return false;
  await trx('scim_oauth_client_secrets').where({ tenant_id: tenantId, client_id: clientId }).whereNull('revoked_at').update({ revoked_at: trx.raw('now()') });
  await trx('scim_credentials').where({ tenant_id: tenantId, client_id: clientId }).whereNull('revoked_at').update({ revoked_at: trx.raw('now()') });
  return true;
}

/** What the token endpoint learns about a client authenticating with a secret. */
export interface ClientAuthentication {
  /** Null when the tenant does not exist. */
  readonly tenantEnabled: boolean | null;
  /** The client's name when it exists and is not revoked. */
  readonly clientName: string | null;
  /** True when the secret's digest matches a live secret of that client. */
  readonly secretMatches: boolean;
}

/** Looks up a tenant, a live client of it and a live secret of that client with `digest`: one statement. */
export async function authenticateClient(db: Db, tenantId: string, clientId: string, digest: string): Promise<ClientAuthentication> {
  const result = await db.raw(
    `select t.enabled, c.name as client_name, s.secret_id
       from scim_tenants t
       left join scim_oauth_clients c on c.tenant_id = t.tenant_id and c.client_id = ? and c.revoked_at is null
       left join scim_oauth_client_secrets s on s.tenant_id = c.tenant_id and s.client_id = c.client_id and s.digest = ?
                                            and s.revoked_at is null and (s.expires_at is null or s.expires_at > now())
      where t.tenant_id = ?`,
    [clientId, digest, tenantId],
  );
  const row = firstRow<{ enabled: boolean; client_name: string | null; secret_id: string | null }>(result);
  if (!row) return { tenantEnabled: null, clientName: null, secretMatches: false };
  return { tenantEnabled: row.enabled, clientName: row.client_name, secretMatches: row.secret_id !== null };
}

/** Notes that a client was issued a token now. */
export async function touchClient(db: Db, tenantId: string, clientId: string): Promise<void> {
  await db('scim_oauth_clients').where({ tenant_id: tenantId, client_id: clientId }).update({ last_used_at: db.raw('now()') });
}

/** Deletes a client's access tokens that expired more than `olderThanMs` ago (they can never be used again). */
export async function pruneExpiredAccessTokens(db: Db, tenantId: string, clientId: string, olderThanMs: number): Promise<void> {
  await db('scim_credentials')
    .where({ tenant_id: tenantId, client_id: clientId, kind: 'oauth_access' })
    .andWhere('expires_at', '<', new Date(Date.now() - olderThanMs))
    .delete();
}

/** Revokes the access tokens issued to a client or through a trust (`clientId` is either's id). */
export async function revokeAccessTokensOf(db: Db, tenantId: string, clientId: string): Promise<void> {
  await db('scim_credentials').where({ tenant_id: tenantId, client_id: clientId }).whereNull('revoked_at').update({ revoked_at: db.raw('now()') });
}
