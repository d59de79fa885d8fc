/**
 * Seeds the multi-tenant benchmark's directory. The first tenant (the server's bootstrapped one) gets its users
 * through POST /Bulk, as an identity provider's first sync would; every other tenant is created through the
 * library's TenantsService and gets a copy of those rows in SQL (same ids and documents, its own tenant_id),
 * which takes minutes instead of hours for a million users.
 */
import knexFactory, { type Knex } from 'knex';
import { TenantsService } from '../../lib/tenants/tenants-service.js';
import { createHttpClient, field, jsonBody } from '../http-client.js';
import { benchUser } from '../user-fixtures.js';

/** A seeded tenant: its SCIM base URL and token. */
export interface SeededTenant {
  readonly id: string;
  readonly scimUrl: string;
  readonly token: string;
}

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** Creates `users` users in the template tenant through Bulk, 100 operations per request. */
async function seedTemplate(template: SeededTenant, users: number, runId: string): Promise<void> {
  const client = createHttpClient(template.scimUrl, { token: template.token, maxSockets: 2 });
  try {
    for (let first = 0; first < users; first += 100) {
      const count = Math.min(100, users - first);
      const Operations = Array.from({ length: count }, (_, i) => ({ method: 'POST', path: '/Users', bulkId: `u${first + i}`, data: benchUser(runId, first + i) }));
      const response = await client.request('POST', '/Bulk', { schemas: [BULK_REQUEST], Operations });
      const failed = ((field(jsonBody(response), 'Operations') as { status?: string }[] | undefined) ?? []).filter((o) => !String(o.status).startsWith('2'));
      if (response.status !== 200 || failed.length > 0) throw new Error(`seeding the template tenant failed: ${response.status} ${response.body.slice(0, 300)}`);
    }
  } finally {
    client.close();
  }
}

/** Columns of `table` that an INSERT may set (identity and generated columns excluded), `tenant_id` first. */
async function copyableColumns(knex: Knex, table: string): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: { column_name: string }[] }>(
    `select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ? and is_identity = 'NO' and is_generated = 'NEVER'
      order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/** Copies the template tenant's users (and their email rows) to `tenantId` in one transaction. */
async function copyUsers(knex: Knex, templateId: string, tenantId: string, columns: ReadonlyMap<string, string[]>): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const table of ['scim_users', 'scim_user_emails']) {
      const rest = (columns.get(table) ?? []).filter((c) => c !== 'tenant_id');
      const list = rest.map((c) => `"${c}"`).join(', ');
      await trx.raw(`insert into ${table} (tenant_id, ${list}) select ?, ${list} from ${table} where tenant_id = ?`, [tenantId, templateId]);
    }
  });
}

/** Seeds `count` tenants of `users` users each; the first is `template`. Logs progress every 100 tenants. */
export async function seedTenants(options: {
  databaseUrl: string;
  template: SeededTenant;
  count: number;
  users: number;
  runId: string;
  log: (line: string) => void;
}): Promise<SeededTenant[]> {
  const { template, log } = options;
  await seedTemplate(template, options.users, options.runId);
  const knex = knexFactory({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 2 } });
  const tenants = new TenantsService(knex);
  try {
    const columns = new Map([
      ['scim_users', await copyableColumns(knex, 'scim_users')],
      ['scim_user_emails', await copyableColumns(knex, 'scim_user_emails')],
    ]);
    const seeded: SeededTenant[] = [template];
    const base = template.scimUrl.slice(0, template.scimUrl.lastIndexOf(`/${template.id}/v2`));
    for (let i = 1; i < options.count; i++) {
      const { tenant, credential } = await tenants.create(`Bench tenant ${i}`);
      await copyUsers(knex, template.id, tenant.id, columns);
      seeded.push({ id: tenant.id, scimUrl: `${base}/${tenant.id}/v2`, token: credential.token });
      if (i % 100 === 0) log(`  seeded ${i} tenants`);
    }
    await knex.raw('analyze');
    return seeded;
  } finally {
    await tenants.close();
    await knex.destroy();
  }
}
