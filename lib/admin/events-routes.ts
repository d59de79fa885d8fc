/**
 * Admin API: a tenant's event log — recent SCIM requests newest first, filtered by status class, resource, method,
 * request id or resource id, keyset-paged with `before`; and one request with its (redacted) bodies. Each event
 * carries `resourceName`, the userName or displayName of the user or group it was about, when its bodies say.
 */
import type { Router } from 'express';
import { eventBodyHeads } from '../store/event-body-heads.js';
import { getEvent, listEvents } from '../store/event-log-store.js';
import { notFound } from './admin-error.js';
import { loadTenant, type AdminContext } from './admin-context.js';
import { eventSubject } from './event-subject.js';
import { param, queryChoice, queryInteger, queryString } from './request-input.js';

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'error'] as const;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Adds the event log routes under `api/tenants/:tenantId/events`. */
export function mountEventRoutes(router: Router, context: AdminContext): void {
  router.get('/api/tenants/:tenantId/events', async (req, res) => {
    const tenant = await loadTenant(context, req);
    // Events of this instance still in the buffer are written first, so the list is never behind this instance.
    await context.eventLog.flush();
    const statusClass = queryChoice(req, 'status', STATUS_CLASSES);
    const method = queryChoice(req, 'method', METHODS);
    const resource = queryString(req, 'resource', 100);
    const requestId = queryString(req, 'requestId', 128);
    const resourceId = queryString(req, 'resourceId', 256);
    const before = queryString(req, 'before', 20);
    const { total, events } = await listEvents(context.knex, tenant.id, {
      ...(statusClass ? { statusClass } : {}),
      ...(method ? { method } : {}),
      ...(resource ? { resource } : {}),
      ...(requestId ? { requestId } : {}),
      ...(resourceId ? { resourceId } : {}),
      ...(before ? { before } : {}),
      limit: queryInteger(req, 'count', 50, 1, 200),
    });
    // Each row names the user or group it was about (from the start of its bodies), not only the path.
    const heads = await eventBodyHeads(context.knex, tenant.id, events.map((e) => e.id));
    const named = events.map((e) => {
      const head = heads.get(e.id);
      return { ...e, resourceName: eventSubject({ ...e, requestBody: head?.requestHead ?? null, responseBody: head?.responseHead ?? null }) ?? null };
    });
    res.json({ totalResults: total, eventLogSize: tenant.settings.eventLogSize, events: named, stats: context.eventLog.stats() });
  });

  router.get('/api/tenants/:tenantId/events/:eventId', async (req, res) => {
    const tenant = await loadTenant(context, req);
    const id = param(req, 'eventId');
    const event = await getEvent(context.knex, tenant.id, id);
    if (!event) throw notFound(`No event "${id}" in tenant "${tenant.id}" (the log keeps the last ${tenant.settings.eventLogSize}).`, 'eventId');
    res.json({ event: { ...event, resourceName: eventSubject(event) ?? null } });
  });
}
