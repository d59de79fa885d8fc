/**
 * Admin API: `GET api/audit`, the audit trail of administration, newest first and offset-paged
 * (`startIndex`, `count`), optionally of one tenant (`tenantId`, also one deleted since).
 */
import type { Router } from 'express';
import type { AuditEntry } from '../tenants/admin-audit.js';
import type { AdminContext } from './admin-context.js';
import { readPage } from './paging.js';
import { queryString } from './request-input.js';

/** An entry as the admin API shows it. */
export function auditEntryView(entry: AuditEntry): Record<string, unknown> {
  return { ...entry, at: entry.at.toISOString() };
}

/** Adds `GET api/audit`. */
export function mountAuditRoutes(router: Router, context: AdminContext): void {
  router.get('/api/audit', async (req, res) => {
    const tenantId = queryString(req, 'tenantId', 100);
    const page = await context.tenants.audit.list(readPage(req, 50), tenantId ? { tenantId } : {});
    res.json({ ...page, items: page.items.map(auditEntryView) });
  });
}
