/**
 * The `scim_credentials` table: bearer credentials stored as SHA-256 digests with a display prefix, created,
 * expiry, revocation and last-use times; and the verification lookup that joins a tenant with the credential a
 * token digest names.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';
import type { TenantRow } from './tenants-store.js';

/** A credential as stored, without its digest. */
export interface CredentialRow {
  readonly tenant_id: string;
  readonly credential_id: string;
  readonly prefix: string;
  readonly created_at: Date;
  readonly expires_at: Date | null;
  readonly revoked_at: Date | null;
  readonly last_used_at: Date | null;
}

/** What a new credential row holds. */
export interface NewCredential {
  readonly tenantId: string;
  readonly credentialId: string;
  readonly digest: string;
  readonly prefix: string;
  readonly expiresAt: Date | null;
}

const CREDENTIAL_COLUMNS = ['tenant_id', 'credential_id', 'prefix', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'];

/** Inserts a credential and returns its row. */
export async function insertCredential(db: Knex | Knex.Transaction, credential: NewCredential): Promise<CredentialRow> {
  const inserted = await db('scim_credentials')
    .insert({
      tenant_id: credential.tenantId,
      credential_id: credential.credentialId,
      digest: credential.digest,
      prefix: credential.prefix,
      expires_at: credential.expiresAt,
    })
    .returning(CREDENTIAL_COLUMNS);
  return firstRow<CredentialRow>(inserted) as CredentialRow;
}

/** Makes every unrevoked credential of a tenant expire at `expiresAt` at the latest (rotation with a grace time). */
export async function expireCredentialsBy(db: Knex | Knex.Transaction, tenantId: string, expiresAt: Date): Promise<void> {
  await db('scim_credentials')
    .where({ tenant_id: tenantId })
    .whereNull('revoked_at')
    .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', expiresAt))
    .update({ expires_at: expiresAt });
}

/** A tenant's credentials, newest first. */
export async function listCredentialRows(db: Knex, tenantId: string): Promise<CredentialRow[]> {
  return resultRows<CredentialRow>(
    await db('scim_credentials')
      .where({ tenant_id: tenantId })
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'credential_id' }])
      .select(CREDENTIAL_COLUMNS),
  );
}

/** Revokes a credential (keeping an earlier revocation time); false when there is no such credential. */
export async function revokeCredential(db: Knex, tenantId: string, credentialId: string): Promise<boolean> {
  const count = await db('scim_credentials')
    .where({ tenant_id: tenantId, credential_id: credentialId })
    .update({ revoked_at: db.raw('coalesce(revoked_at, now())') });
  return count > 0;
}

/**
 * The tenant's row and the id of its live credential with this token digest (neither revoked nor expired), or
 * undefined when the tenant does not exist; one indexed lookup.
 */
export async function findTenantWithCredential(db: Knex, tenantId: string, digest: string): Promise<(TenantRow & CredentialMatch) | undefined> {
  const found: unknown = await db('scim_tenants as t')
    .leftJoin('scim_credentials as c', (j) =>
      j
        .on('c.tenant_id', '=', 't.tenant_id')
        .andOn('c.digest', '=', db.raw('?', [digest]))
        .andOnNull('c.revoked_at')
        .andOn((q) => q.onNull('c.expires_at').orOn('c.expires_at', '>', db.raw('now()'))),
    )
    .where('t.tenant_id', tenantId)
    .first('t.*', 'c.credential_id', 'c.name as credential_name', 'c.kind as credential_kind');
  return firstRow<TenantRow & CredentialMatch>(found);
}

/** The credential a verification lookup matched: its id, name and kind (null when none matched). */
export interface CredentialMatch {
  readonly credential_id: string | null;
  readonly credential_name: string | null;
  readonly credential_kind: string | null;
}

/** A use of a credential, for {@link writeLastUsed}. */
export interface CredentialUse {
  readonly tenantId: string;
  readonly credentialId: string;
  readonly at: Date;
}

/**
 * Writes last-used times, one statement per tenant (so each runs on one shard when the schema is distributed by
 * `tenant_id`, docs/scaling.md), in one transaction when there are several; a time never moves a credential's last
 * use backwards.
 */
export async function writeLastUsed(db: Knex, uses: readonly CredentialUse[]): Promise<void> {
  const byTenant = new Map<string, { c: string; at: string }[]>();
  for (const u of uses) byTenant.set(u.tenantId, [...(byTenant.get(u.tenantId) ?? []), { c: u.credentialId, at: u.at.toISOString() }]);
  const write = async (trx: Knex, tenantId: string, rows: readonly { c: string; at: string }[]): Promise<void> => {
    await trx.raw(
      `update scim_credentials c set last_used_at = greatest(coalesce(c.last_used_at, v.at), v.at)
         from (select * from jsonb_to_recordset(?::jsonb) as x(c text, at timestamptz)) v
        where c.tenant_id = ? and c.credential_id = v.c`,
      [JSON.stringify(rows), tenantId],
    );
  };
  const batches = [...byTenant];
  if (batches.length === 0) return;
  if (batches.length === 1) {
    const [tenantId, rows] = batches[0] as [string, { c: string; at: string }[]];
    await write(db, tenantId, rows);
    return;
  }
  await db.transaction(async (trx) => {
    for (const [tenantId, rows] of batches) await write(trx, tenantId, rows);
  });
}
