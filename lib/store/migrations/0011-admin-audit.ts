/**
 * `scim_admin_audit`: the audit trail of administration — who changed a tenant, its credentials or settings, or
 * removed a user or group, when, how and from where (admin UI, admin API, CLI or the host's own calls). Its key
 * leads with `tenant_id` like every key of the schema, so it distributes by tenant with the rest. Every action
 * recorded concerns one tenant, including the installation-wide ones (a tenant's creation and deletion): they are
 * filed under the tenant concerned. There is deliberately no foreign key to `scim_tenants`: the trail of a deleted
 * tenant, its deletion included, must outlive it. The second index serves the installation-wide list, newest first.
 * Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

/** Creates the audit table. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table scim_admin_audit (
      tenant_id    text not null,
      id           bigint generated always as identity,
      at           timestamptz not null default now(),
      action       text not null,
      actor        text,
      source       text not null,
      tenant_name  text,
      target_type  text,
      target_id    text,
      target_name  text,
      details      jsonb not null default '{}'::jsonb,
      primary key (tenant_id, id)
    )`);
  await knex.raw('create index scim_admin_audit_newest on scim_admin_audit (id)');
}

/** Drops the audit table. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_admin_audit');
}
