/**
 * Indexes for the admin UI's "starts with" search over users and groups. The keys are lower-case text; a
 * `text_pattern_ops` index lets PostgreSQL answer `key like 'ada%'` with an index range scan under any database
 * collation, so searching a million users stays a few index probes. Every index leads with `tenant_id`.
 */
import type { Knex } from 'knex';

const INDEXES: readonly [name: string, definition: string][] = [
  ['scim_users_user_name_prefix', 'scim_users (tenant_id, user_name_key text_pattern_ops)'],
  ['scim_users_display_name_prefix', 'scim_users (tenant_id, lower(display_name) text_pattern_ops)'],
  ['scim_users_given_name_prefix', 'scim_users (tenant_id, lower(given_name) text_pattern_ops)'],
  ['scim_users_family_name_prefix', 'scim_users (tenant_id, lower(family_name) text_pattern_ops)'],
  ['scim_user_emails_value_prefix', 'scim_user_emails (tenant_id, value_key text_pattern_ops)'],
  ['scim_groups_display_name_prefix', 'scim_groups (tenant_id, display_name_key text_pattern_ops)'],
];

/** Creates the prefix-search indexes. */
export async function up(knex: Knex): Promise<void> {
  for (const [name, definition] of INDEXES) await knex.raw(`create index if not exists ${name} on ${definition}`);
}

/** Drops them. */
export async function down(knex: Knex): Promise<void> {
  for (const [name] of INDEXES) await knex.raw(`drop index if exists ${name}`);
}
