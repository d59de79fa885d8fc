/**
 * Turns the change feed into deliveries: reads the changes after the shared fan-out position, creates one
 * delivery per change and enabled endpoint of its tenant subscribed to its type, and moves the position, all in
 * one transaction. The position's row lock (`skip locked`) lets one instance fan out at a time while the others
 * go on sending; since the position moves with the inserts, each change becomes deliveries exactly once. The feed
 * is read as store/feed-queries.ts explains, so no change is stepped over. A change older than an endpoint (its
 * transaction started before the endpoint was created) is not delivered to it.
 */
import type { Knex } from 'knex';
import type { FeedChange } from '../changes/change-types.js';
import { readFeedAfter } from '../changes/feed-reader.js';
import { enabledWebhookEndpoints } from '../store/webhook-endpoints-store.js';
import { advanceDeliveryFeed, insertDeliveries, lockDeliveryFeed, type NewDeliveryRow } from '../store/webhook-deliveries-store.js';
import { webhookPayload } from './webhook-payload.js';

/** What one fan-out step did. */
export interface FanOutResult {
  /** Changes read from the feed; 0 also when another instance is fanning out. */
  readonly changes: number;
  /** Deliveries created. */
  readonly deliveries: number;
}

function byTenant(changes: readonly FeedChange[]): Map<string, FeedChange[]> {
  const groups = new Map<string, FeedChange[]>();
  for (const change of changes) {
    const group = groups.get(change.tenantId) ?? [];
    group.push(change);
    groups.set(change.tenantId, group);
  }
  return groups;
}

/** Fans out up to `batchSize` changes; `retryForMs`: how long the new deliveries are retried. */
export async function fanOutChanges(knex: Knex, batchSize: number, retryForMs: number): Promise<FanOutResult> {
  return knex.transaction(async (trx) => {
    const position = await lockDeliveryFeed(trx);
    if (!position) return { changes: 0, deliveries: 0 };
    const changes = await readFeedAfter(trx, position, batchSize);
    const last = changes[changes.length - 1];
    if (!last) return { changes: 0, deliveries: 0 };
    let deliveries = 0;
    for (const [tenantId, tenantChanges] of byTenant(changes)) {
      const endpoints = await enabledWebhookEndpoints(trx, tenantId);
      if (endpoints.length === 0) continue;
      const rows: NewDeliveryRow[] = [];
      for (const change of tenantChanges) {
        for (const endpoint of endpoints) {
          if (!endpoint.change_types.includes(change.type) || change.at < new Date(endpoint.created_at)) continue;
          rows.push({
            tenant_id: tenantId,
            endpoint_id: endpoint.endpoint_id,
            change_cursor: change.cursor,
            change_type: change.type,
            resource_type: change.resourceType,
            resource_id: change.resourceId,
            payload: { ...webhookPayload(change) },
          });
        }
      }
      await insertDeliveries(trx, rows, retryForMs);
      deliveries += rows.length;
    }
    const [txid = '0', seq = '0'] = last.cursor.split('-');
    await advanceDeliveryFeed(trx, { txid, seq });
    return { changes: changes.length, deliveries };
  });
}
