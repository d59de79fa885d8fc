/**
 * `scim_deprovisions`: the deprovisioning guard's record per tenant and user (docs/operations.md, "Deprovisioning
 * guard"). While a tenant has the guard on, every deactivation or deletion of an active user that went through
 * leaves a row (`held` false) for as long as the sliding window counts it; one the guard held keeps its row
 * (`held` true) with the user's document before it and the change-feed rows withheld from the host, until an
 * administrator approves or discards it. One row per user: a user deactivated and then deleted is one departure.
 * The key and the window index lead with `tenant_id` like every key of the schema. No foreign key to `scim_users`:
 * a counted deletion removes the user row and the count must outlive it.
 */
import type { Knex } from 'knex';

/** Creates the table. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table scim_deprovisions (
      tenant_id   text not null references scim_tenants (tenant_id) on delete cascade,
      user_id     uuid not null,
      at          timestamptz not null default now(),
      held        boolean not null default false,
      kind        text check (kind in ('deactivate', 'delete')),
      provider    text,
      credential  text,
      previous    jsonb,
      changes     jsonb not null default '[]'::jsonb,
      primary key (tenant_id, user_id)
    )`);
  await knex.raw('create index scim_deprovisions_at on scim_deprovisions (tenant_id, at)');
}

/** Drops the table. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_deprovisions');
}
