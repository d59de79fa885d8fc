/**
 * Webhooks: a tenant's endpoints (`scim_webhook_endpoints`, the signing secret encrypted by the library before it
 * gets here), the deliveries made from the change feed (`scim_webhook_deliveries`, one row per change and endpoint,
 * doubling as the delivery log), and the feed position up to which deliveries have been made
 * (`scim_webhook_feed`, one row shared by every instance, locked by the one fanning out).
 *
 * Keys and indexes lead with `tenant_id` like every tenant-scoped key of the schema. The pending index serves the
 * rule that a delivery waits for earlier ones of the same resource and endpoint; the due index, the claim of
 * pending deliveries; the log index, an endpoint's log newest first. `next_attempt_at` doubles as the lease of a
 * claimed delivery, `retry_until` is when retries stop. The feed row starts at the feed's position at migration time: changes made before
 * webhooks existed are not sent anywhere. Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

/** Creates the webhook tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table scim_webhook_endpoints (
      tenant_id         text not null references scim_tenants (tenant_id) on delete cascade,
      endpoint_id       uuid not null,
      name              text not null,
      url               text not null,
      change_types      text[] not null,
      enabled           boolean not null default true,
      secret_encrypted  text not null,
      created_at        timestamptz not null default now(),
      updated_at        timestamptz not null default now(),
      primary key (tenant_id, endpoint_id)
    )`);
  await knex.raw(`
    create table scim_webhook_deliveries (
      tenant_id        text not null,
      delivery_id      bigint generated always as identity,
      endpoint_id      uuid not null,
      change_cursor    text not null,
      change_type      text not null,
      resource_type    text not null,
      resource_id      text not null,
      payload          jsonb not null,
      status           text not null default 'pending',
      attempts         integer not null default 0,
      next_attempt_at  timestamptz not null default now(),
      retry_until      timestamptz not null,
      last_attempt_at  timestamptz,
      last_status      integer,
      last_error       text,
      created_at       timestamptz not null default now(),
      completed_at     timestamptz,
      primary key (tenant_id, delivery_id),
      foreign key (tenant_id, endpoint_id) references scim_webhook_endpoints (tenant_id, endpoint_id) on delete cascade
    )`);
  await knex.raw(`create index scim_webhook_deliveries_pending on scim_webhook_deliveries (tenant_id, endpoint_id, resource_id, delivery_id) where status = 'pending'`);
  await knex.raw(`create index scim_webhook_deliveries_due on scim_webhook_deliveries (tenant_id, next_attempt_at) where status = 'pending'`);
  await knex.raw(`create index scim_webhook_deliveries_log on scim_webhook_deliveries (tenant_id, endpoint_id, delivery_id)`);
  await knex.raw(`
    create table scim_webhook_feed (
      name  text primary key,
      txid  xid8 not null,
      seq   bigint not null
    )`);
  await knex.raw(`insert into scim_webhook_feed (name, txid, seq) values ('deliveries', pg_snapshot_xmin(pg_current_snapshot()), 0)`);
}

/** Drops the webhook tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_webhook_deliveries');
  await knex.raw('drop table if exists scim_webhook_endpoints');
  await knex.raw('drop table if exists scim_webhook_feed');
}
