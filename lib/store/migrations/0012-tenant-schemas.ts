/**
 * Extension schemas an administrator defines for one tenant (and, in the event log, the extension attributes a
 * request carried that were ignored) (`scim_tenant_schemas`), and the tenant's schema
 * version: a counter on `scim_tenants` bumped by every change of them, read with the tenant on each request, so
 * every instance knows when its cached registry of the tenant is stale. The key leads with `tenant_id` like every
 * key of the schema; the URN key is the lowercased URN, as URNs compare case-insensitively.
 */
import type { Knex } from 'knex';

/** Creates the table and the version column. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table scim_tenants add column schema_version bigint not null default 0');
  // The extension attributes a request carried that the tenant's schemas do not define, ignored (a JSON array).
  await knex.raw('alter table scim_event_log add column ignored_attributes jsonb');
  await knex.raw(`
    create table scim_tenant_schemas (
      tenant_id      text not null references scim_tenants (tenant_id) on delete cascade,
      urn_key        text not null,
      resource_type  text not null check (resource_type in ('User', 'Group')),
      definition     jsonb not null,
      created_at     timestamptz not null default now(),
      updated_at     timestamptz not null default now(),
      primary key (tenant_id, urn_key)
    )`);
}

/** Drops the table and the column. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_tenant_schemas');
  await knex.raw('alter table scim_tenants drop column if exists schema_version');
  await knex.raw('alter table scim_event_log drop column if exists ignored_attributes');
}
