/**
 * A tenant's workload identity federation trusts (`scim_federated_trusts`) and the assertions already accepted
 * (`scim_assertion_uses`). Every statement is restricted to one tenant.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

type Db = Knex | Knex.Transaction;

/** A trust as stored. `jwks` is the pasted key set, when keys are not fetched from `jwks_url`. */
export interface TrustRow {
  readonly tenant_id: string;
  readonly trust_id: string;
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly tenant_claim: string | null;
  readonly algorithm: string;
  readonly jwks_url: string | null;
  readonly jwks: unknown;
  readonly created_at: Date;
  readonly revoked_at: Date | null;
  readonly last_used_at: Date | null;
}

/** What a new trust holds. */
export type NewTrust = Omit<TrustRow, 'created_at' | 'revoked_at' | 'last_used_at'>;

/** Inserts a trust and returns its row. */
export async function insertTrust(db: Db, trust: NewTrust): Promise<TrustRow> {
  const inserted = await db('scim_federated_trusts')
    .insert({ ...trust, jwks: trust.jwks === null ? null : JSON.stringify(trust.jwks) })
    .returning('*');
  return firstRow<TrustRow>(inserted) as TrustRow;
}

/** A tenant's trusts, newest first. */
export async function listTrustRows(db: Db, tenantId: string): Promise<TrustRow[]> {
  return resultRows<TrustRow>(await db('scim_federated_trusts').where({ tenant_id: tenantId }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'trust_id' }]));
}

/** The live trusts of a tenant for an issuer and subject (what an assertion's `iss` and `sub` name). */
export async function findLiveTrusts(db: Db, tenantId: string, issuer: string, subject: string): Promise<TrustRow[]> {
  return resultRows<TrustRow>(await db('scim_federated_trusts').where({ tenant_id: tenantId, issuer, subject }).whereNull('revoked_at'));
}

/** One trust of a tenant, or undefined; with `forUpdate` (in a transaction) the row stays locked. */
export async function findTrust(db: Db, tenantId: string, trustId: string, options: { forUpdate?: boolean } = {}): Promise<TrustRow | undefined> {
  const query = db('scim_federated_trusts').where({ tenant_id: tenantId, trust_id: trustId });
  if (options.forUpdate) query.forUpdate();
  return firstRow<TrustRow>(await query.first());
}

/** Revokes a trust; false when there is no such trust. */
export async function revokeTrust(db: Db, tenantId: string, trustId: string): Promise<boolean> {
  const count = await db('scim_federated_trusts')
    .where({ tenant_id: tenantId, trust_id: trustId })
    .update({ revoked_at: db.raw('coalesce(revoked_at, now())') });
  return count > 0;
}

/** Notes that a trust's assertion was accepted now. */
export async function touchTrust(db: Db, tenantId: string, trustId: string): Promise<void> {
  await db('scim_federated_trusts').where({ tenant_id: tenantId, trust_id: trustId }).update({ last_used_at: db.raw('now()') });
}

/**
 * Records the use of an assertion until it expires; false when it was used before (a replay). Uses that have
 * expired are deleted first, in the same transaction.
 */
export async function recordAssertionUse(trx: Knex.Transaction, tenantId: string, trustId: string, useKey: string, expiresAt: Date): Promise<boolean> {
  await trx('scim_assertion_uses').where({ tenant_id: tenantId }).andWhere('expires_at', '<', trx.raw('now()')).delete();
  const inserted = resultRows<{ use_key: string }>(
    await trx('scim_assertion_uses')
      .insert({ tenant_id: tenantId, trust_id: trustId, use_key: useKey, expires_at: expiresAt })
      .onConflict(['tenant_id', 'trust_id', 'use_key'])
      .ignore()
      .returning('use_key'),
  );
  return inserted.length > 0;
}

/** Whether the tenant has a trust that is not revoked (what `authenticationSchemes` advertises). */
export async function hasLiveTrust(db: Db, tenantId: string): Promise<boolean> {
  return firstRow(await db('scim_federated_trusts').where({ tenant_id: tenantId }).whereNull('revoked_at').first('trust_id')) !== undefined;
}
