/**
 * The whole directory schema (DESIGN.md §3). Every primary key, unique index and foreign key leads with
 * `tenant_id`, so tenants stay apart structurally and a sharded Postgres can distribute every table by tenant.
 * Runs unchanged on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

/** Creates every table and index. */
export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, `
    create table scim_tenants (
      tenant_id   text primary key,
      name        text not null,
      enabled     boolean not null default true,
      settings    jsonb not null default '{}'::jsonb,
      created_at  timestamptz not null default now()
    );

    create table scim_credentials (
      tenant_id     text not null references scim_tenants (tenant_id) on delete cascade,
      credential_id text not null,
      digest        text not null,
      prefix        text not null,
      created_at    timestamptz not null default now(),
      expires_at    timestamptz,
      revoked_at    timestamptz,
      last_used_at  timestamptz,
      primary key (tenant_id, credential_id)
    );
    create unique index scim_credentials_digest on scim_credentials (tenant_id, digest);

    create table scim_users (
      tenant_id      text not null references scim_tenants (tenant_id) on delete cascade,
      id             uuid not null,
      seq            bigint generated always as identity,
      user_name      text not null,
      user_name_key  text not null,
      external_id    text,
      active         boolean not null default true,
      display_name   text,
      given_name     text,
      family_name    text,
      doc            jsonb not null,
      revision       integer not null default 1,
      created_at     timestamptz not null default now(),
      last_modified  timestamptz not null default now(),
      deleted_at     timestamptz,
      primary key (tenant_id, id)
    );
    create unique index scim_users_user_name on scim_users (tenant_id, user_name_key) where deleted_at is null;
    create index scim_users_external_id on scim_users (tenant_id, external_id);
    create index scim_users_seq on scim_users (tenant_id, seq);
    create index scim_users_display_name on scim_users (tenant_id, lower(display_name), seq);
    create index scim_users_family_name on scim_users (tenant_id, lower(family_name), seq);
    create index scim_users_last_modified on scim_users (tenant_id, last_modified, seq);

    create table scim_user_emails (
      tenant_id   text not null,
      user_id     uuid not null,
      position    integer not null,
      value_key   text not null,
      type_key    text,
      is_primary  boolean not null default false,
      primary key (tenant_id, user_id, position),
      foreign key (tenant_id, user_id) references scim_users (tenant_id, id) on delete cascade
    );
    create index scim_user_emails_value on scim_user_emails (tenant_id, value_key);

    create table scim_groups (
      tenant_id         text not null references scim_tenants (tenant_id) on delete cascade,
      id                uuid not null,
      seq               bigint generated always as identity,
      display_name      text not null,
      display_name_key  text not null,
      external_id       text,
      doc               jsonb not null,
      revision          integer not null default 1,
      created_at        timestamptz not null default now(),
      last_modified     timestamptz not null default now(),
      deleted_at        timestamptz,
      primary key (tenant_id, id)
    );
    create unique index scim_groups_display_name on scim_groups (tenant_id, display_name_key) where deleted_at is null;
    create index scim_groups_external_id on scim_groups (tenant_id, external_id);
    create index scim_groups_seq on scim_groups (tenant_id, seq);
    create index scim_groups_last_modified on scim_groups (tenant_id, last_modified, seq);

    create table scim_memberships (
      tenant_id    text not null,
      group_id     uuid not null,
      member_id    uuid not null,
      member_type  text not null check (member_type in ('User', 'Group')),
      primary key (tenant_id, group_id, member_id),
      foreign key (tenant_id, group_id) references scim_groups (tenant_id, id) on delete cascade
    );
    create index scim_memberships_member on scim_memberships (tenant_id, member_id);

    create table scim_event_log (
      tenant_id      text not null references scim_tenants (tenant_id) on delete cascade,
      id             bigint generated always as identity,
      at             timestamptz not null,
      request_id     text not null,
      method         text not null,
      path           text not null,
      query          text,
      status         integer not null,
      duration_ms    real not null,
      provider       text,
      user_agent     text,
      resource_type  text,
      resource_id    text,
      request_body   text,
      response_body  text,
      primary key (tenant_id, id)
    );
    create index scim_event_log_at on scim_event_log (tenant_id, at);

    create table scim_changes (
      tenant_id      text not null references scim_tenants (tenant_id) on delete cascade,
      seq            bigint generated always as identity,
      at             timestamptz not null default now(),
      type           text not null,
      resource_type  text not null,
      resource_id    uuid not null,
      data           jsonb,
      primary key (tenant_id, seq)
    );
    create index scim_changes_seq on scim_changes (seq);

    create table scim_settings (
      key    text primary key,
      value  jsonb not null
    );
  `);
}

/** Drops everything {@link up} created. */
export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, `
    drop table if exists scim_settings, scim_changes, scim_event_log, scim_memberships, scim_groups,
      scim_user_emails, scim_users, scim_credentials, scim_tenants cascade;
  `);
}

/** Runs a script one statement at a time: PGlite's extended protocol takes a single statement per query. */
async function runStatements(knex: Knex, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/)) {
    if (statement.trim()) await knex.raw(statement);
  }
}
