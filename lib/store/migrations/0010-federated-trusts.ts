/**
 * Workload identity federation (RFC 7523 client assertions): a tenant's trusts and the assertions already used.
 *
 * A trust names an issuer, the subject and audience its assertions must carry, optionally the tenant-id claim
 * (`tid`), the one signature algorithm accepted, and its keys: a JWKS URL (fetched over HTTPS from hosts the
 * operator allows) or a pasted JWKS. `scim_assertion_uses` remembers each accepted assertion (by `jti`, else by its
 * digest) until it expires, so a replayed one is refused while it is valid. Both lead with `tenant_id`.
 */
import type { Knex } from 'knex';

/** Creates the trust and assertion-use tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table scim_federated_trusts (
      tenant_id     text not null references scim_tenants (tenant_id) on delete cascade,
      trust_id      text not null,
      name          text not null,
      issuer        text not null,
      subject       text not null,
      audience      text not null,
      tenant_claim  text,
      algorithm     text not null,
      jwks_url      text,
      jwks          jsonb,
      created_at    timestamptz not null default now(),
      revoked_at    timestamptz,
      last_used_at  timestamptz,
      primary key (tenant_id, trust_id)
    )
  `);
  await knex.raw('create index scim_federated_trusts_issuer on scim_federated_trusts (tenant_id, issuer, subject)');
  await knex.raw(`
    create table scim_assertion_uses (
      tenant_id   text not null references scim_tenants (tenant_id) on delete cascade,
      trust_id    text not null,
      use_key     text not null,
      expires_at  timestamptz not null,
      primary key (tenant_id, trust_id, use_key)
    )
  `);
}

/** Drops both tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_assertion_uses');
  await knex.raw('drop table if exists scim_federated_trusts');
}
