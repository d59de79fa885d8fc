/**
 * Server-side paging of admin lists: 1-based `startIndex` and `count`, as in SCIM (RFC 7644 §3.4.2.4), so the
 * UI and an administrator's script page the same way.
 */
import type { Request } from 'express';
import type { PageRequest } from '../store/offset-page.js';
import { queryInteger } from './request-input.js';

/** Largest admin page. */
export const MAX_ADMIN_PAGE = 200;

/** Reads `startIndex` (default 1) and `count` (default 25, at most {@link MAX_ADMIN_PAGE}). */
export function readPage(req: Request, defaultCount = 25): PageRequest {
  return {
    startIndex: queryInteger(req, 'startIndex', 1, 1, 1_000_000_000),
    count: queryInteger(req, 'count', defaultCount, 1, MAX_ADMIN_PAGE),
  };
}
