/**
 * Groups mapped to the host's roles, per tenant (`scim_group_role_mappings`): a member of a mapped group, directly
 * or through nested groups, holds the role. And the roles and entitlements an administrator declares for one
 * tenant beside the host's `roles` and `entitlements` options (`scim_tenant_declared_values`). Both keys lead
 * with `tenant_id` like every key of the schema. A mapping goes with its group by foreign key when the group is
 * deleted for good; a tombstoned group's mappings are removed by the delete itself. Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

/** Creates both tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table scim_group_role_mappings (
      tenant_id   text not null references scim_tenants (tenant_id) on delete cascade,
      group_id    uuid not null,
      role        text not null,
      created_at  timestamptz not null default now(),
      primary key (tenant_id, group_id, role),
      foreign key (tenant_id, group_id) references scim_groups (tenant_id, id) on delete cascade
    )`);
  await knex.raw(`
    create table scim_tenant_declared_values (
      tenant_id   text not null references scim_tenants (tenant_id) on delete cascade,
      kind        text not null check (kind in ('roles', 'entitlements')),
      value       text not null,
      display     text,
      type        text,
      created_at  timestamptz not null default now(),
      primary key (tenant_id, kind, value)
    )`);
}

/** Drops both tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_group_role_mappings');
  await knex.raw('drop table if exists scim_tenant_declared_values');
}
