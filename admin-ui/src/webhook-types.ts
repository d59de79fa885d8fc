/**
 * The admin API's webhook shapes, as the UI reads them.
 */

/** A webhook endpoint. */
export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  changeTypes: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One delivery of a change to an endpoint. */
export interface WebhookDelivery {
  id: string;
  messageId: string;
  changeType: string;
  resourceType: string;
  resourceId: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  payload: { data?: Record<string, unknown> };
}

/** `GET api/tenants/:id/webhooks`. */
export interface WebhookList {
  endpoints: WebhookEndpoint[];
  changeTypes: string[];
  keyConfigured: boolean;
}
