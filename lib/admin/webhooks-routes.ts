/**
 * Admin API: a tenant's webhook endpoints under `api/tenants/:tenantId/webhooks` — list (with the change types one
 * may subscribe to and whether a key is configured), create (the `whsec_…` secret is in this answer only), change,
 * delete — and an endpoint's delivery log, newest first and paged, with manual redelivery.
 */
import type { Router } from 'express';
import { CHANGE_TYPES } from '../changes/change-types.js';
import type { WebhookDelivery, WebhookEndpoint } from '../webhooks/webhook-views.js';
import { WebhookKeyMissingError, type WebhooksService } from '../webhooks/webhooks-service.js';
import { AdminError, badRequest, notFound } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { readPage } from './paging.js';
import { bodyObject, param } from './request-input.js';

/** An endpoint as the admin API shows it. */
export function endpointView(e: WebhookEndpoint): Record<string, unknown> {
  return { ...e, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}

/** A delivery as the admin API shows it. */
export function deliveryView(d: WebhookDelivery): Record<string, unknown> {
  const iso = (date: Date | null): string | null => date?.toISOString() ?? null;
  return {
    ...d,
    nextAttemptAt: iso(d.nextAttemptAt),
    retryUntil: d.retryUntil.toISOString(),
    lastAttemptAt: iso(d.lastAttemptAt),
    createdAt: d.createdAt.toISOString(),
    completedAt: iso(d.completedAt),
  };
}

/** A `TypeError` of the service ("field: message") as a 400 naming the field. */
async function checked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WebhookKeyMissingError) throw new AdminError(409, 'conflict', error.message, 'key');
    if (error instanceof TypeError) {
      const [field, ...rest] = error.message.split(': ');
      throw badRequest(rest.length > 0 ? rest.join(': ') : error.message, rest.length > 0 ? field : 'body');
    }
    throw error;
  }
}

/** The fields of an endpoint in a request body; only those present. */
function endpointFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'url', 'changeTypes', 'enabled']) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

/** Adds the webhook routes. */
export function mountWebhookRoutes(router: Router, context: AdminContext, webhooks: WebhooksService): void {
  const base = '/api/tenants/:tenantId/webhooks';
  const missing = (tenantId: string, endpointId: string): AdminError => notFound(`No webhook endpoint "${endpointId}" in tenant "${tenantId}".`, 'endpointId');

  router.get(base, async (req, res) => {
    const tenant = await loadTenant(context, req);
    res.json({ endpoints: (await webhooks.list(tenant.id)).map(endpointView), changeTypes: CHANGE_TYPES, keyConfigured: webhooks.keyConfigured });
  });

  router.post(base, async (req, res) => {
    const tenant = await loadTenant(context, req);
    const body = endpointFields(bodyObject(req));
    const created = await checked(() => webhooks.create(tenant.id, body as never, context.auditActor(req)));
    if (!created) throw notFound(`No tenant "${tenant.id}".`, 'tenantId');
    context.logger.info('admin created a webhook endpoint', { tenantId: tenant.id, endpointId: created.endpoint.id });
    res.status(201).json({ endpoint: endpointView(created.endpoint), secret: created.secret });
  });

  router.get(`${base}/:endpointId`, async (req, res) => {
    const tenant = await loadTenant(context, req);
    const endpoint = await webhooks.get(tenant.id, param(req, 'endpointId'));
    if (!endpoint) throw missing(tenant.id, param(req, 'endpointId'));
    res.json({ endpoint: endpointView(endpoint) });
  });

  router.patch(`${base}/:endpointId`, async (req, res) => {
    const tenant = await loadTenant(context, req);
    const endpointId = param(req, 'endpointId');
    const updated = await checked(() => webhooks.update(tenant.id, endpointId, endpointFields(bodyObject(req)), context.auditActor(req)));
    if (!updated) throw missing(tenant.id, endpointId);
    res.json({ endpoint: endpointView(updated) });
  });

  router.delete(`${base}/:endpointId`, async (req, res) => {
    const tenant = await loadTenant(context, req);
    const endpointId = param(req, 'endpointId');
    if (!(await webhooks.delete(tenant.id, endpointId, context.auditActor(req)))) throw missing(tenant.id, endpointId);
    context.logger.info('admin deleted a webhook endpoint', { tenantId: tenant.id, endpointId });
    res.status(204).end();
  });

  router.get(`${base}/:endpointId/deliveries`, async (req, res) => {
    const tenant = await loadTenant(context, req);
    const endpointId = param(req, 'endpointId');
    const endpoint = await webhooks.get(tenant.id, endpointId);
    if (!endpoint) throw missing(tenant.id, endpointId);
    const page = await webhooks.deliveries(tenant.id, endpointId, readPage(req, 25));
    res.json({ endpoint: endpointView(endpoint), ...page, items: page.items.map(deliveryView) });
  });

  router.post(`${base}/:endpointId/deliveries/:deliveryId/redeliver`, async (req, res) => {
    const tenant = await loadTenant(context, req);
    const endpointId = param(req, 'endpointId');
    const deliveryId = param(req, 'deliveryId');
    const delivery = await webhooks.redeliver(tenant.id, endpointId, deliveryId, context.auditActor(req));
    if (!delivery) throw notFound(`No delivery "${deliveryId}" of webhook endpoint "${endpointId}".`, 'deliveryId');
    res.json({ delivery: deliveryView(delivery) });
  });
}
