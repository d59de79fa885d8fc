/**
 * `scim.webhooks`: a tenant's webhook endpoints (create with a secret shown once, list, change, delete), each
 * endpoint's delivery log with manual redelivery, and the background worker that sends deliveries. Every change
 * is one transaction with its audit entry. Secrets are encrypted before they reach the database and are never
 * logged or audited.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { ScimLogger } from '../logger.js';
import { isChangeType, type ChangeType } from '../changes/change-types.js';
import type { Page, PageRequest } from '../store/offset-page.js';
import { listDeliveryRows, resetDelivery } from '../store/webhook-deliveries-store.js';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEndpoint,
  type WebhookEndpointRow,
} from '../store/webhook-endpoints-store.js';
import { changedValues, type AuditActor, type AuditRecord } from '../tenants/admin-audit.js';
import { isTenantId } from '../tenants/secrets.js';
import type { TenantsService } from '../tenants/tenants-service.js';
import { DeliveryWorker } from './delivery-worker.js';
import { newWebhookSecret, SecretBox, secretContext } from './secret-box.js';
import type { ResolvedWebhookOptions } from './webhook-options.js';
import { webhookUrlProblem } from './webhook-url.js';
import { toDelivery, toEndpoint, type WebhookDelivery, type WebhookEndpoint } from './webhook-views.js';

/** Creating an endpoint without a key configured. */
export class WebhookKeyMissingError extends Error {
  constructor() {
    super('Webhook endpoints cannot be created: their secrets are encrypted at rest with a key the operator sets (SCIM_WEBHOOK_KEY, or the webhooks.key option), and none is set.');
    this.name = 'WebhookKeyMissingError';
  }
}

/** A new endpoint. */
export interface NewWebhookEndpoint {
  readonly name: string;
  readonly url: string;
  readonly changeTypes: readonly string[];
  /** Default true. */
  readonly enabled?: boolean;
}

/** Changes to an endpoint; absent fields stay. */
export interface WebhookEndpointUpdate {
  readonly name?: string;
  readonly url?: string;
  readonly changeTypes?: readonly string[];
  readonly enabled?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function endpointTarget(row: Pick<WebhookEndpointRow, 'endpoint_id' | 'name'>): NonNullable<AuditRecord['target']> {
  return { type: 'webhook', id: row.endpoint_id, name: row.name };
}

/** Manages webhook endpoints and their deliveries. */
export class WebhooksService {
  /** Sends deliveries in the background once started (`startWorker`); the standalone server starts it. */
  readonly worker: DeliveryWorker;
  private readonly box: SecretBox | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly tenants: TenantsService,
    private readonly options: ResolvedWebhookOptions,
    logger: ScimLogger,
  ) {
    this.box = options.key ? new SecretBox(options.key) : undefined;
    this.worker = new DeliveryWorker(knex, this.box, options, logger);
  }

  /** True when a key is configured, so endpoints can be created. */
  get keyConfigured(): boolean {
    return this.box !== undefined;
  }

  /** Starts the background worker on this instance. */
  startWorker(): void {
    this.worker.start();
  }

  /** Stops the worker; attempts in flight are aborted and retried later. */
  stopWorker(): Promise<void> {
    return this.worker.stop();
  }

  /**
   * Creates an endpoint and returns it with its secret (`whsec_…`), which is not shown again; undefined when the
   * tenant does not exist. A bad field is a `TypeError` naming it; no key is a {@link WebhookKeyMissingError}.
   */
  async create(tenantId: string, input: NewWebhookEndpoint, by?: AuditActor): Promise<{ endpoint: WebhookEndpoint; secret: string } | undefined> {
    if (!this.box) throw new WebhookKeyMissingError();
    const fields = this.checked(input);
    const tenant = await this.tenants.get(tenantId);
    if (!tenant) return undefined;
    const endpointId = randomUUID();
    const secret = newWebhookSecret();
    const row = {
      tenant_id: tenantId,
      endpoint_id: endpointId,
      name: fields.name as string,
      url: fields.url as string,
      change_types: [...(fields.changeTypes as ChangeType[])],
      enabled: input.enabled ?? true,
      secret_encrypted: this.box.seal(secret, secretContext(tenantId, endpointId)),
    };
    const created = await this.knex.transaction(async (trx) => {
      const inserted = await insertWebhookEndpoint(trx, row);
      const details = { url: inserted.url, changeTypes: inserted.change_types, enabled: inserted.enabled };
      await this.tenants.audit.record(trx, by, { action: 'webhook.created', tenantId, tenantName: tenant.name, target: endpointTarget(inserted), details });
      return inserted;
    });
    return { endpoint: toEndpoint(created), secret };
  }

  /** A tenant's endpoints, oldest first. */
  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    if (!isTenantId(tenantId)) return [];
    return (await listWebhookEndpoints(this.knex, tenantId)).map(toEndpoint);
  }

  /** One endpoint, or undefined. */
  async get(tenantId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    if (!isTenantId(tenantId) || !UUID.test(endpointId)) return undefined;
    const row = await findWebhookEndpoint(this.knex, tenantId, endpointId);
    return row ? toEndpoint(row) : undefined;
  }

  /** Changes an endpoint (name, URL, change types, enabled); undefined when there is none. */
  async update(tenantId: string, endpointId: string, changes: WebhookEndpointUpdate, by?: AuditActor): Promise<WebhookEndpoint | undefined> {
    const fields = this.checked(changes, true);
    if (!isTenantId(tenantId) || !UUID.test(endpointId)) return undefined;
    const tenant = await this.tenants.get(tenantId);
    if (!tenant) return undefined;
    const updated = await this.knex.transaction(async (trx) => {
      const before = await findWebhookEndpoint(trx, tenantId, endpointId, { forUpdate: true });
      if (!before) return undefined;
      const after = await updateWebhookEndpoint(trx, tenantId, endpointId, { ...fields, ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}) });
      if (!after) return undefined;
      const flat = (r: WebhookEndpointRow): Record<string, unknown> => ({ name: r.name, url: r.url, changeTypes: r.change_types.join(','), enabled: r.enabled });
      const changed = changedValues(flat(before), flat(after));
      if (Object.keys(changed).length > 0) {
        await this.tenants.audit.record(trx, by, { action: 'webhook.updated', tenantId, tenantName: tenant.name, target: endpointTarget(after), details: { changes: changed } });
      }
      return after;
    });
    return updated ? toEndpoint(updated) : undefined;
  }

  /** Deletes an endpoint with its delivery log; false when there is none. */
  async delete(tenantId: string, endpointId: string, by?: AuditActor): Promise<boolean> {
    if (!isTenantId(tenantId) || !UUID.test(endpointId)) return false;
    const tenant = await this.tenants.get(tenantId);
    return this.knex.transaction(async (trx) => {
      const before = await findWebhookEndpoint(trx, tenantId, endpointId, { forUpdate: true });
      if (!before || !(await deleteWebhookEndpoint(trx, tenantId, endpointId))) return false;
      await this.tenants.audit.record(trx, by, { action: 'webhook.deleted', tenantId, tenantName: tenant?.name ?? null, target: endpointTarget(before), details: { url: before.url } });
      return true;
    });
  }

  /** An endpoint's deliveries, newest first. */
  async deliveries(tenantId: string, endpointId: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    if (!isTenantId(tenantId) || !UUID.test(endpointId)) return { totalResults: 0, startIndex: page.startIndex, itemsPerPage: 0, items: [] };
    const rows = await listDeliveryRows(this.knex, tenantId, endpointId, page);
    return { ...rows, items: rows.items.map(toDelivery) };
  }

  /**
   * Sends a delivery again: it becomes pending, due now, retried for another `retryForMs` (with the same
   * `webhook-id`). Undefined when there is no such delivery.
   */
  async redeliver(tenantId: string, endpointId: string, deliveryId: string, by?: AuditActor): Promise<WebhookDelivery | undefined> {
    if (!isTenantId(tenantId) || !UUID.test(endpointId) || !/^\d{1,18}$/.test(deliveryId)) return undefined;
    const tenant = await this.tenants.get(tenantId);
    const delivery = await this.knex.transaction(async (trx) => {
      const endpoint = await findWebhookEndpoint(trx, tenantId, endpointId);
      const reset = endpoint ? await resetDelivery(trx, tenantId, endpointId, deliveryId, this.options.retryForMs) : undefined;
      if (!endpoint || !reset) return undefined;
      const details = { deliveryId, changeType: reset.change_type, resourceType: reset.resource_type, resourceId: reset.resource_id };
      await this.tenants.audit.record(trx, by, { action: 'webhook.redelivered', tenantId, tenantName: tenant?.name ?? null, target: endpointTarget(endpoint), details });
      return reset;
    });
    if (delivery) this.worker.wake();
    return delivery ? toDelivery(delivery) : undefined;
  }

  /** Checks the fields given; `partial`: absent ones are allowed. Throws a `TypeError` naming the first bad one. */
  private checked(input: WebhookEndpointUpdate, partial = false): { name?: string; url?: string; changeTypes?: ChangeType[] } {
    const out: { name?: string; url?: string; changeTypes?: ChangeType[] } = {};
    if (!partial || input.name !== undefined) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name || name.length > 100) throw new TypeError('name: an endpoint needs a name of 1 to 100 characters.');
      out.name = name;
    }
    if (!partial || input.url !== undefined) {
      const url = typeof input.url === 'string' ? input.url.trim() : '';
      const problem = webhookUrlProblem(url, this.options.httpAllowedHosts);
      if (problem) throw new TypeError(`url: the endpoint URL ${problem}.`);
      out.url = url;
    }
    if (!partial || input.changeTypes !== undefined) {
      const types = input.changeTypes;
      if (!Array.isArray(types) || types.length === 0 || !types.every((t) => isChangeType(t))) {
        throw new TypeError('changeTypes: an endpoint subscribes to one or more change types (user.created, group.member_added, …).');
      }
      out.changeTypes = [...new Set(types as ChangeType[])];
    }
    if (input.enabled !== undefined && typeof input.enabled !== 'boolean') throw new TypeError('enabled: must be true or false.');
    return out;
  }
}
