/**
 * `scim_webhook_endpoints` (migration 0014): a tenant's webhook endpoints. The secret arrives here already
 * encrypted; this module never sees it in clear text.
 */
import type { Knex } from 'knex';
import { firstRow, resultRows } from './result-rows.js';

/** An endpoint as stored. */
export interface WebhookEndpointRow {
  readonly tenant_id: string;
  readonly endpoint_id: string;
  readonly name: string;
  readonly url: string;
  readonly change_types: string[];
  readonly enabled: boolean;
  readonly secret_encrypted: string;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/** What an update may change. */
export interface WebhookEndpointChanges {
  readonly name?: string;
  readonly url?: string;
  readonly changeTypes?: readonly string[];
  readonly enabled?: boolean;
}

const COLUMNS = ['tenant_id', 'endpoint_id', 'name', 'url', 'change_types', 'enabled', 'secret_encrypted', 'created_at', 'updated_at'] as const;

/** Inserts an endpoint and returns it as stored. */
export async function insertWebhookEndpoint(
  db: Knex | Knex.Transaction,
  row: Omit<WebhookEndpointRow, 'created_at' | 'updated_at'>,
): Promise<WebhookEndpointRow> {
  const inserted = firstRow<WebhookEndpointRow>(await db('scim_webhook_endpoints').insert({ ...row, change_types: [...row.change_types] }).returning([...COLUMNS]));
  if (!inserted) throw new Error('inserting a webhook endpoint returned no row');
  return inserted;
}

/** A tenant's endpoints, oldest first. */
export async function listWebhookEndpoints(db: Knex | Knex.Transaction, tenantId: string): Promise<WebhookEndpointRow[]> {
  return resultRows<WebhookEndpointRow>(await db('scim_webhook_endpoints').where({ tenant_id: tenantId }).select([...COLUMNS]).orderBy(['created_at', 'endpoint_id']));
}

/** A tenant's enabled endpoints, for fanning changes out. */
export async function enabledWebhookEndpoints(db: Knex | Knex.Transaction, tenantId: string): Promise<WebhookEndpointRow[]> {
  return resultRows<WebhookEndpointRow>(await db('scim_webhook_endpoints').where({ tenant_id: tenantId, enabled: true }).select([...COLUMNS]));
}

/** One endpoint, optionally locked for the rest of the transaction. */
export async function findWebhookEndpoint(db: Knex | Knex.Transaction, tenantId: string, endpointId: string, options: { forUpdate?: boolean } = {}): Promise<WebhookEndpointRow | undefined> {
  const query = db('scim_webhook_endpoints').where({ tenant_id: tenantId, endpoint_id: endpointId }).select([...COLUMNS]);
  if (options.forUpdate) query.forUpdate();
  return firstRow<WebhookEndpointRow>(await query.first());
}

/** Applies changes to an endpoint; returns it as it is now, or undefined when there is none. */
export async function updateWebhookEndpoint(db: Knex | Knex.Transaction, tenantId: string, endpointId: string, changes: WebhookEndpointChanges): Promise<WebhookEndpointRow | undefined> {
  const set: Record<string, unknown> = { updated_at: db.fn.now() };
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.url !== undefined) set.url = changes.url;
  if (changes.changeTypes !== undefined) set.change_types = [...changes.changeTypes];
  if (changes.enabled !== undefined) set.enabled = changes.enabled;
  return firstRow<WebhookEndpointRow>(await db('scim_webhook_endpoints').where({ tenant_id: tenantId, endpoint_id: endpointId }).update(set).returning([...COLUMNS]));
}

/** Deletes an endpoint and, by cascade, its deliveries; false when there was none. */
export async function deleteWebhookEndpoint(db: Knex | Knex.Transaction, tenantId: string, endpointId: string): Promise<boolean> {
  return (await db('scim_webhook_endpoints').where({ tenant_id: tenantId, endpoint_id: endpointId }).delete()) > 0;
}
