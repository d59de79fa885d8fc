/**
 * The body of a delivery, in the shape the Standard Webhooks specification recommends: `type` (the change type),
 * `timestamp` (when the change's transaction started) and `data` — the tenant, the resource, the change's feed
 * cursor and what the change says about the resource (as in the change feed, docs/embedding.md).
 */
import type { FeedChange } from '../changes/change-types.js';

/** A delivery's body. */
export interface WebhookPayload {
  readonly type: string;
  readonly timestamp: string;
  readonly data: Record<string, unknown>;
}

/** The body delivered for `change`. */
export function webhookPayload(change: FeedChange): WebhookPayload {
  return {
    type: change.type,
    timestamp: change.at.toISOString(),
    data: {
      tenantId: change.tenantId,
      resourceType: change.resourceType,
      resourceId: change.resourceId,
      cursor: change.cursor,
      ...change.data,
    },
  };
}

/** `webhook-id` of a delivery: stable across its attempts and manual redeliveries. */
export function messageIdOf(deliveryId: string): string {
  return `msg_${deliveryId}`;
}
