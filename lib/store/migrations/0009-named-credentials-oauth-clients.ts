/**
 * Named credentials and OAuth 2.0 clients (RFC 6749 §4.4, the client credentials grant).
 *
 * Every bearer credential gets a name an administrator chose ("Entra production") and a kind: `token` for a static
 * token, `oauth_access` for a short-lived access token issued at the tenant's token endpoint. Access tokens live in
 * `scim_credentials` beside the static tokens, so the SCIM endpoints verify both with the same digest lookup; their
 * `client_id` names the client they were issued to, so revoking the client revokes them in the same statement set.
 *
 * `scim_oauth_clients` holds a tenant's clients; `scim_oauth_client_secrets` their secrets (SHA-256 digests only),
 * several at once during a rotation's overlap. Both lead with `tenant_id`. The event log records which credential
 * (name and kind) authenticated each request. Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

/** Adds the credential name, kind and client columns, the event log's credential columns and the two client tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table scim_credentials add column name text not null default 'Token'`);
  await knex.raw(`alter table scim_credentials add column kind text not null default 'token'`);
  await knex.raw('alter table scim_credentials add column client_id text');
  await knex.raw('alter table scim_event_log add column credential_name text');
  await knex.raw('alter table scim_event_log add column credential_kind text');
  await knex.raw(`
    create table scim_oauth_clients (
      tenant_id     text not null references scim_tenants (tenant_id) on delete cascade,
      client_id     text not null,
      name          text not null,
      created_at    timestamptz not null default now(),
      revoked_at    timestamptz,
      last_used_at  timestamptz,
      primary key (tenant_id, client_id)
    )
  `);
  await knex.raw(`
    create table scim_oauth_client_secrets (
      tenant_id   text not null,
      client_id   text not null,
      secret_id   text not null,
      digest      text not null,
      prefix      text not null,
      created_at  timestamptz not null default now(),
      expires_at  timestamptz,
      revoked_at  timestamptz,
      primary key (tenant_id, client_id, secret_id),
      foreign key (tenant_id, client_id) references scim_oauth_clients (tenant_id, client_id) on delete cascade
    )
  `);
  await knex.raw('create unique index scim_oauth_client_secrets_digest on scim_oauth_client_secrets (tenant_id, client_id, digest)');
  await knex.raw('create index scim_credentials_client on scim_credentials (tenant_id, client_id) where client_id is not null');
}

/** Drops the client tables and the added columns. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_oauth_client_secrets');
  await knex.raw('drop table if exists scim_oauth_clients');
  await knex.raw('drop index if exists scim_credentials_client');
  await knex.raw('alter table scim_event_log drop column if exists credential_kind');
  await knex.raw('alter table scim_event_log drop column if exists credential_name');
  await knex.raw('alter table scim_credentials drop column if exists client_id');
  await knex.raw('alter table scim_credentials drop column if exists kind');
  await knex.raw('alter table scim_credentials drop column if exists name');
}
