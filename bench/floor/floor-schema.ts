/**
 * The floor's table: shaped like `scim_users` (same key columns, jsonb document, identity sequence, the unique
 * partial index on the lower-cased userName and the same secondary indexes and tenant foreign key), so a single
 * INSERT or indexed SELECT against it is the least work any SCIM create or lookup must do in Postgres.
 */
import pg from 'pg';

/** The tenant id the floor writes under. */
export const FLOOR_TENANT = 'floor';

const STATEMENTS = [
  `create table if not exists floor_tenants (tenant_id text primary key, name text not null)`,
  `create table if not exists floor_users (
     tenant_id      text not null references floor_tenants (tenant_id) on delete cascade,
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
     primary key (tenant_id, id))`,
  `create unique index if not exists floor_users_user_name on floor_users (tenant_id, user_name_key) where deleted_at is null`,
  `create index if not exists floor_users_external_id on floor_users (tenant_id, external_id)`,
  `create index if not exists floor_users_seq on floor_users (tenant_id, seq)`,
  `create index if not exists floor_users_display_name on floor_users (tenant_id, lower(display_name), seq)`,
  `create index if not exists floor_users_family_name on floor_users (tenant_id, lower(family_name), seq)`,
  `create index if not exists floor_users_last_modified on floor_users (tenant_id, last_modified, seq)`,
  `insert into floor_tenants (tenant_id, name) values ('${FLOOR_TENANT}', 'floor') on conflict do nothing`,
];

/** Creates the floor's tables in the database at `url`. */
export async function createFloorSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of STATEMENTS) await client.query(statement);
  } finally {
    await client.end();
  }
}
