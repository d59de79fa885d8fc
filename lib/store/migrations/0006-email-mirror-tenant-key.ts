/**
 * The email mirror `scim_user_emails` references its tenant instead of its user. The foreign key to
 * `scim_users (tenant_id, id)` made every email row written check its user with PostgreSQL's cached referential
 * integrity query (`tenant_id = $1 and id = $2`), planned once per connection. Planned while `scim_users` had no
 * statistics yet (a directory being filled, the first minute of an installation), that query rated every index
 * leading with `tenant_id` alike and could read the whole tenant through one of them on every create, halving the
 * rate of creates.
 *
 * The mirror rows are written only together with their user (in the same statement or under the user's row lock)
 * and removed with it (`deleteUser`), so the check guarded nothing the store does not already guarantee; deleting a
 * tenant still removes them, through the new key to `scim_tenants`, which leads with `tenant_id` like every key
 * here. Runs on PostgreSQL and PGlite.
 */
import type { Knex } from 'knex';

/** Swaps the user key of the email mirror for a tenant key. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table scim_user_emails drop constraint if exists scim_user_emails_tenant_id_user_id_fkey');
  await knex.raw(
    'alter table scim_user_emails add constraint scim_user_emails_tenant_fkey foreign key (tenant_id) references scim_tenants (tenant_id) on delete cascade',
  );
}

/** Restores the key to `scim_users` (after removing email rows whose user is gone). */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table scim_user_emails drop constraint if exists scim_user_emails_tenant_fkey');
  await knex.raw('delete from scim_user_emails e where not exists (select 1 from scim_users u where u.tenant_id = e.tenant_id and u.id = e.user_id)');
  await knex.raw(
    'alter table scim_user_emails add constraint scim_user_emails_tenant_id_user_id_fkey foreign key (tenant_id, user_id) references scim_users (tenant_id, id) on delete cascade',
  );
}
