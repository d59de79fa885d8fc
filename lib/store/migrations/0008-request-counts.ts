/**
 * Per-tenant request counters by hour, `scim_request_counts`: what the health state and the admin UI's charts read.
 * The event log keeps only each tenant's last N requests, too few to tell an error rate over a day or a month, so
 * every instance adds its counts here in batches (see lib/health/request-counter.ts) and all instances read the
 * same figures. The key leads with `tenant_id` like every key of the schema; rows older than the longest chart
 * (30 days) are pruned by the writer.
 */
import type { Knex } from 'knex';

/** Creates the counters table. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table scim_request_counts (
      tenant_id        text not null references scim_tenants (tenant_id) on delete cascade,
      hour             timestamptz not null,
      requests         integer not null default 0,
      errors           integer not null default 0,
      client_errors    integer not null default 0,
      server_errors    integer not null default 0,
      last_request_at  timestamptz,
      last_success_at  timestamptz,
      provider         text,
      primary key (tenant_id, hour)
    )`);
}

/** Drops the counters table. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_request_counts');
}
