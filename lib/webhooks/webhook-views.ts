/**
 * Endpoints and deliveries as the host and the admin API see them: camelCase, dates as `Date`, never the secret.
 */
import type { DeliveryRow, DeliveryStatus } from '../store/webhook-deliveries-store.js';
import type { WebhookEndpointRow } from '../store/webhook-endpoints-store.js';
import type { ChangeType } from '../changes/change-types.js';
import { messageIdOf } from './webhook-payload.js';

/** A webhook endpoint. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly url: string;
  readonly changeTypes: readonly ChangeType[];
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One delivery of a change to an endpoint, as its log shows it. */
export interface WebhookDelivery {
  readonly id: string;
  /** `webhook-id` of its messages. */
  readonly messageId: string;
  readonly endpointId: string;
  readonly changeType: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly cursor: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next attempt is due; null once it succeeded or failed. */
  readonly nextAttemptAt: Date | null;
  readonly retryUntil: Date;
  readonly lastAttemptAt: Date | null;
  /** The HTTP status of the last answer, null when there was none (timeout, network error). */
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  /** The body sent. */
  readonly payload: Record<string, unknown>;
}

/** The view of a stored endpoint. */
export function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.endpoint_id,
    tenantId: row.tenant_id,
    name: row.name,
    url: row.url,
    changeTypes: row.change_types as ChangeType[],
    enabled: row.enabled,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The view of a stored delivery. */
export function toDelivery(row: DeliveryRow): WebhookDelivery {
  const date = (value: Date | null): Date | null => (value ? new Date(value) : null);
  return {
    id: row.delivery_id,
    messageId: messageIdOf(row.delivery_id),
    endpointId: row.endpoint_id,
    changeType: row.change_type,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    cursor: row.change_cursor,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? new Date(row.next_attempt_at) : null,
    retryUntil: new Date(row.retry_until),
    lastAttemptAt: date(row.last_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    completedAt: date(row.completed_at),
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
  };
}
