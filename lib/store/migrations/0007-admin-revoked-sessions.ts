/**
 * `scim_admin_revoked_sessions`: the standalone server's admin sessions that were signed out before they expired.
 * A session cookie is signed and carries its own expiry, so any instance can check it without the database; what
 * it cannot tell from the cookie is that its holder signed out, which every instance sharing the database must know
 * to refuse a copy of the cookie replayed later. A row is needed only until the session would have expired anyway.
 * Like `scim_settings` the table belongs to the installation, not to a tenant. Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

/** Creates the table, keyed by the session's id (the random part of its cookie). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table scim_admin_revoked_sessions (
      session_id  text primary key,
      expires_at  timestamptz not null
    )
  `);
  await knex.raw('create index scim_admin_revoked_sessions_expiry on scim_admin_revoked_sessions (expires_at)');
}

/** Drops the table. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists scim_admin_revoked_sessions');
}
