/**
 * Named bearer credentials in `scim_credentials`: inserting one with its name and kind (a static `token`, or an
 * `oauth_access` token issued to an OAuth client), finding one, and setting the expiry of exactly one credential,
 * which is what a rotation's overlap does (the other credentials of the tenant are never touched).
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

/** What a credential is: a static token, or an access token issued at the token endpoint. */
export type CredentialKind = 'token' | 'oauth_access';

/** A credential as stored, without its digest. */
export interface NamedCredentialRow {
  readonly tenant_id: string;
  readonly credential_id: string;
  readonly name: string;
  readonly kind: CredentialKind;
  readonly client_id: string | null;
  readonly prefix: string;
  readonly created_at: Date;
  readonly expires_at: Date | null;
  readonly revoked_at: Date | null;
  readonly last_used_at: Date | null;
}

/** What a new credential row holds. */
export interface NewNamedCredential {
  readonly tenantId: string;
  readonly credentialId: string;
  readonly name: string;
  readonly kind: CredentialKind;
  readonly clientId?: string;
  readonly digest: string;
  readonly prefix: string;
  readonly expiresAt: Date | null;
}

const COLUMNS = ['tenant_id', 'credential_id', 'name', 'kind', 'client_id', 'prefix', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'];

/** Inserts a credential and returns its row. */
export async function insertNamedCredential(db: Knex | Knex.Transaction, c: NewNamedCredential): Promise<NamedCredentialRow> {
  const inserted = await db('scim_credentials')
    .insert({
      tenant_id: c.tenantId,
      credential_id: c.credentialId,
      name: c.name,
      kind: c.kind,
      client_id: c.clientId ?? null,
      digest: c.digest,
      prefix: c.prefix,
      expires_at: c.expiresAt,
    })
    .returning(COLUMNS);
  return firstRow<NamedCredentialRow>(inserted) as NamedCredentialRow;
}

/** One credential of a tenant, or undefined; with `forUpdate` (in a transaction) the row stays locked. */
export async function findNamedCredential(
  db: Knex | Knex.Transaction,
  tenantId: string,
  credentialId: string,
  options: { forUpdate?: boolean } = {},
): Promise<NamedCredentialRow | undefined> {
  const query = db('scim_credentials').where({ tenant_id: tenantId, credential_id: credentialId }).select(COLUMNS);
  if (options.forUpdate) query.forUpdate();
  return firstRow<NamedCredentialRow>(await query.first());
}

/** A tenant's static tokens (not the access tokens of its OAuth clients), newest first. */
export async function listTokenRows(db: Knex, tenantId: string): Promise<NamedCredentialRow[]> {
  return resultRows<NamedCredentialRow>(
    await db('scim_credentials')
      .where({ tenant_id: tenantId, kind: 'token' })
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'credential_id' }])
      .select(COLUMNS),
  );
}

/** Makes one unrevoked credential expire at `expiresAt` at the latest (a rotation's overlap). */
export async function expireCredentialBy(db: Knex | Knex.Transaction, tenantId: string, credentialId: string, expiresAt: Date): Promise<void> {
  await db('scim_credentials')
    .where({ tenant_id: tenantId, credential_id: credentialId })
    .whereNull('revoked_at')
    .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', expiresAt))
    .update({ expires_at: expiresAt });
}
